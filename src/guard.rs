//! The qualification guard on Inquiry→MQL and Nurture→MQL: the agreed definition of a good
//! lead. The scoring module provides criteria that implement it.

use std::fmt;

use chrono::{DateTime, Utc};

use crate::lead::Lead;

/// One criterion a lead failed, with what was expected and what was found.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct UnmetCriterion {
    /// The criterion's name (for example `min_score`, `required_attribute`).
    pub criterion: String,
    /// What it asks for.
    pub expected: String,
    /// What the lead has.
    pub actual: String,
}

impl UnmetCriterion {
    /// A criterion failed.
    #[must_use]
    pub fn new(
        criterion: impl Into<String>,
        expected: impl Into<String>,
        actual: impl Into<String>,
    ) -> Self {
        Self {
            criterion: criterion.into(),
            expected: expected.into(),
            actual: actual.into(),
        }
    }
}

impl fmt::Display for UnmetCriterion {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: expected {}, got {}",
            self.criterion, self.expected, self.actual
        )
    }
}

/// Decides whether a lead meets the definition of a good lead when it is qualified to MQL.
///
/// Return every unmet criterion, not just the first; an empty list lets the lead pass.
/// Closures work:
///
/// ```
/// use leadflow::{Lead, UnmetCriterion, QualificationGuard};
/// let needs_company = |lead: &Lead, _now| {
///     if lead.attributes().contains_key("company") { vec![] }
///     else { vec![UnmetCriterion::new("required_attribute", "company", "missing")] }
/// };
/// fn takes(_: &dyn QualificationGuard) {}
/// takes(&needs_company);
/// ```
pub trait QualificationGuard: Send + Sync {
    /// The criteria `lead` fails at `now`; empty when it qualifies.
    fn unmet(&self, lead: &Lead, now: DateTime<Utc>) -> Vec<UnmetCriterion>;
}

impl<F> QualificationGuard for F
where
    F: Fn(&Lead, DateTime<Utc>) -> Vec<UnmetCriterion> + Send + Sync,
{
    fn unmet(&self, lead: &Lead, now: DateTime<Utc>) -> Vec<UnmetCriterion> {
        self(lead, now)
    }
}

/// The default guard: every lead qualifies.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct AlwaysQualified;

impl QualificationGuard for AlwaysQualified {
    fn unmet(&self, _lead: &Lead, _now: DateTime<Utc>) -> Vec<UnmetCriterion> {
        Vec::new()
    }
}
