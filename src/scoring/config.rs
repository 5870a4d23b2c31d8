//! The rule scorer's configuration, as data: declared attributes, fit rules, engagement rules
//! and the grid thresholds. [`RuleScorer::new`](super::RuleScorer::new) validates it.

use std::collections::BTreeMap;
use std::fmt;

use crate::activity::ActivityKind;
use crate::attribute::AttributeValue;

use super::grade::{BandThresholds, GradeThresholds};

/// The largest magnitude of a rule's points (per match for fit rules, per occurrence for
/// engagement rules): `-MAX_POINTS ..= MAX_POINTS`.
pub const MAX_POINTS: i64 = 10_000;

/// The largest cap of an engagement rule: `1 ..= MAX_CAP`.
pub const MAX_CAP: i64 = 1_000_000;

/// The longest decay period (half-life, linear span, window), in days: `(0, MAX_DECAY_DAYS]`.
pub const MAX_DECAY_DAYS: f64 = 36_500.0;

/// The most rules in each section (fit, engagement).
pub const MAX_RULES: usize = 1_000;

/// The largest magnitude of a grade or band threshold: `-MAX_THRESHOLD ..= MAX_THRESHOLD`.
pub const MAX_THRESHOLD: i64 = 1_000_000_000;

/// The type an attribute is declared with; rules are checked against it at load time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum AttributeType {
    /// [`AttributeValue::Text`].
    Text,
    /// [`AttributeValue::Number`].
    Number,
    /// [`AttributeValue::Bool`].
    Bool,
    /// [`AttributeValue::Date`].
    Date,
    /// [`AttributeValue::List`].
    List,
}

impl AttributeType {
    /// The type of a value.
    #[must_use]
    pub fn of(value: &AttributeValue) -> AttributeType {
        match value {
            AttributeValue::Text(_) => AttributeType::Text,
            AttributeValue::Number(_) => AttributeType::Number,
            AttributeValue::Bool(_) => AttributeType::Bool,
            AttributeValue::Date(_) => AttributeType::Date,
            AttributeValue::List(_) => AttributeType::List,
        }
    }
}

impl fmt::Display for AttributeType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            AttributeType::Text => "text",
            AttributeType::Number => "number",
            AttributeType::Bool => "bool",
            AttributeType::Date => "date",
            AttributeType::List => "list",
        })
    }
}

/// A test on one attribute. A missing attribute, or one whose value has another type than
/// declared, matches nothing but [`Condition::Missing`].
///
/// Text comparisons are exact (normalize case on the host side), except e-mail domains,
/// which compare ASCII case-insensitively as domains do.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Condition {
    /// The value equals `value` (same type as declared; numbers finite).
    Equals {
        /// The value to compare with.
        value: AttributeValue,
    },
    /// A text value is one of `values`, or a list holds at least one of them.
    OneOf {
        /// The accepted values (at least one).
        values: Vec<String>,
    },
    /// A number is in `[min, max)`; a missing bound is open. Bounds finite, `min < max`.
    Range {
        /// Inclusive lower bound.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        min: Option<f64>,
        /// Exclusive upper bound.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        max: Option<f64>,
    },
    /// The attribute is present (any type).
    Exists,
    /// The attribute is absent.
    Missing,
    /// A text value contains `value` as a substring, or a list holds `value`.
    Contains {
        /// The text to look for (not empty).
        value: String,
    },
    /// A text value (an e-mail address or a bare domain) is at a free-mail provider
    /// ([`is_free_mail_domain`](super::is_free_mail_domain)).
    FreeMail,
    /// A text value (an e-mail address or a bare domain) is at one of `domains` or a
    /// subdomain of one.
    DomainIn {
        /// The domains (at least one).
        domains: Vec<String>,
    },
}

impl Condition {
    /// The condition's name, as in the configuration.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Condition::Equals { .. } => "equals",
            Condition::OneOf { .. } => "one_of",
            Condition::Range { .. } => "range",
            Condition::Exists => "exists",
            Condition::Missing => "missing",
            Condition::Contains { .. } => "contains",
            Condition::FreeMail => "free_mail",
            Condition::DomainIn { .. } => "domain_in",
        }
    }

    /// Whether the condition can apply to an attribute of type `ty`.
    #[must_use]
    pub fn applies_to(&self, ty: AttributeType) -> bool {
        match self {
            Condition::Equals { value } => AttributeType::of(value) == ty,
            Condition::OneOf { .. } | Condition::Contains { .. } => {
                matches!(ty, AttributeType::Text | AttributeType::List)
            }
            Condition::Range { .. } => ty == AttributeType::Number,
            Condition::Exists | Condition::Missing => true,
            Condition::FreeMail | Condition::DomainIn { .. } => ty == AttributeType::Text,
        }
    }
}

/// A fit rule: `points` when `attribute` meets `condition`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct FitRule {
    /// The rule's name, unique in the configuration; it names the contribution.
    pub name: String,
    /// The declared attribute it reads.
    pub attribute: String,
    /// The test.
    pub condition: Condition,
    /// Points when it matches, within `±MAX_POINTS`.
    pub points: i64,
}

/// How an activity's points fade with its age (`now - at`). Periods are in days, finite,
/// in `(0, MAX_DECAY_DAYS]`. Activities after `now` are not counted at all: a score at `now`
/// sees only what happened by then.
#[derive(Debug, Clone, Copy, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Decay {
    /// Full points forever.
    None,
    /// Weight `1 - age / days`, reaching zero after `days`.
    Linear {
        /// Days until the points are gone.
        days: f64,
    },
    /// Weight `0.5^(age / days)`: half the points every `days`.
    HalfLife {
        /// The half-life in days.
        days: f64,
    },
    /// Full points for activities younger than `days`, none after: a rolling window.
    Window {
        /// The window's length in days.
        days: f64,
    },
}

impl Decay {
    /// The decay period in days, if any.
    #[must_use]
    pub fn days(&self) -> Option<f64> {
        match *self {
            Decay::None => None,
            Decay::Linear { days } | Decay::HalfLife { days } | Decay::Window { days } => {
                Some(days)
            }
        }
    }
}

/// An engagement rule: `points` for each activity of `kind`, faded by `decay`, the rule's sum
/// clamped to `±cap`, then rounded to whole points (half away from zero).
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct EngagementRule {
    /// The rule's name, unique in the configuration; it names the contribution.
    pub name: String,
    /// The kind of activity it counts.
    pub kind: ActivityKind,
    /// Points per occurrence, within `±MAX_POINTS`.
    pub points: i64,
    /// The most (in magnitude) the rule contributes, in `1 ..= MAX_CAP`; none if absent.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub cap: Option<i64>,
    /// How points fade with age.
    #[cfg_attr(feature = "serde", serde(default = "no_decay"))]
    pub decay: Decay,
}

#[cfg(feature = "serde")]
fn no_decay() -> Decay {
    Decay::None
}

/// The rule scorer's configuration.
///
/// Every attribute a rule reads must be declared with its type: a rule on an undeclared
/// attribute is an error at load time, not a silent zero. For the same reason, with serde,
/// unknown fields (a misspelt `cap`, say) are refused rather than ignored.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct ScoringConfig {
    /// The attributes rules may read, with their types.
    pub attributes: BTreeMap<String, AttributeType>,
    /// Rules on attributes (the fit part).
    #[cfg_attr(feature = "serde", serde(default))]
    pub fit_rules: Vec<FitRule>,
    /// Rules on activities (the engagement part).
    #[cfg_attr(feature = "serde", serde(default))]
    pub engagement_rules: Vec<EngagementRule>,
    /// Fit-point thresholds of the grades A–C.
    #[cfg_attr(feature = "serde", serde(default))]
    pub grades: GradeThresholds,
    /// Engagement-point thresholds of the bands 1–3.
    #[cfg_attr(feature = "serde", serde(default))]
    pub bands: BandThresholds,
}
