//! Qualification criteria: the agreed definition of a good lead, as the machine's guard on
//! Inquiry→MQL and Nurture→MQL.

use chrono::{DateTime, Utc};

use crate::guard::{QualificationGuard, UnmetCriterion};
use crate::lead::Lead;

use super::config::Condition;
use super::grade::Grade;
use super::scorer::{Profile, Scorer};

/// A lead is excluded when `attribute` meets `condition`: competitors, students, free-mail
/// addresses, …
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Exclusion {
    /// What the exclusion is called (`competitor`, `student`, `free_mail`).
    pub name: String,
    /// The attribute it reads.
    pub attribute: String,
    /// The condition that excludes the lead; an absent attribute excludes only with
    /// [`Condition::Missing`].
    pub condition: Condition,
}

impl Exclusion {
    /// Excludes leads whose `attribute` meets `condition`.
    #[must_use]
    pub fn new(
        name: impl Into<String>,
        attribute: impl Into<String>,
        condition: Condition,
    ) -> Self {
        Self {
            name: name.into(),
            attribute: attribute.into(),
            condition,
        }
    }

    /// Excludes free-mail addresses in `attribute` (named `free_mail`).
    #[must_use]
    pub fn free_mail(attribute: impl Into<String>) -> Self {
        Self::new("free_mail", attribute, Condition::FreeMail)
    }

    /// Excludes addresses in `attribute` at a competitor's domain (named `competitor`).
    #[must_use]
    pub fn competitor<I, D>(attribute: impl Into<String>, domains: I) -> Self
    where
        I: IntoIterator<Item = D>,
        D: Into<String>,
    {
        let domains = domains.into_iter().map(Into::into).collect();
        Self::new("competitor", attribute, Condition::DomainIn { domains })
    }

    /// Whether `profile` is excluded.
    #[must_use]
    pub fn excludes(&self, profile: &Profile<'_>) -> bool {
        self.condition
            .matches(profile.attributes.get(&self.attribute))
    }
}

/// The agreed definition of a good lead: a minimum score, a minimum grid cell, required
/// attributes and exclusions, judged with a [`Scorer`].
///
/// It is a [`QualificationGuard`]: plug it into
/// [`Machine::with_guard`](crate::Machine::with_guard) and a `QualifyMql` that fails it is
/// refused with [`Refusal::GuardUnmet`](crate::Refusal::GuardUnmet), listing every unmet
/// criterion (`min_score`, `min_grade`, `required_attribute`, `exclusion`).
///
/// ```
/// use chrono::{DateTime, Utc};
/// use leadflow::{Attributes, QualificationGuard};
/// use leadflow::scoring::{
///     BandThresholds, Exclusion, Grade, GradeThresholds, Profile, QualificationCriteria,
///     ScoreCard,
/// };
/// let flat = |_: &Profile<'_>, _: DateTime<Utc>| {
///     ScoreCard::new(vec![], &GradeThresholds::default(), &BandThresholds::default())
/// };
/// let criteria = QualificationCriteria::new(flat)
///     .min_score(50)
///     .min_grade("B2".parse::<Grade>()?)
///     .require("company")
///     .exclude(Exclusion::free_mail("email"));
/// let mut attributes = Attributes::new();
/// attributes.insert("email".into(), "someone@gmail.com".into());
/// let unmet = criteria.unmet_for(&Profile::new(&attributes, &[]), DateTime::<Utc>::UNIX_EPOCH);
/// let names: Vec<_> = unmet.iter().map(|u| u.criterion.as_str()).collect();
/// assert_eq!(names, ["min_score", "min_grade", "required_attribute", "exclusion"]);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone)]
pub struct QualificationCriteria<S> {
    scorer: S,
    definition: Definition,
}

/// The data of [`QualificationCriteria`], without the scorer: what marketing and sales agree
/// on, stored and reviewed as configuration.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use leadflow::scoring::Definition;
/// let definition: Definition = serde_json::from_str(r#"{
///     "min_score": 50, "min_grade": "B2", "required_attributes": ["company"],
///     "exclusions": [{ "name": "free_mail", "attribute": "email",
///                      "condition": { "type": "free_mail" } }]
/// }"#).unwrap();
/// assert_eq!(definition.min_grade.unwrap().to_string(), "B2");
/// # }
/// ```
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Definition {
    /// The lowest total that qualifies.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub min_score: Option<i64>,
    /// The lowest grid cell that qualifies ([`Grade::is_at_least`]).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub min_grade: Option<Grade>,
    /// Attributes that must be present.
    #[cfg_attr(feature = "serde", serde(default))]
    pub required_attributes: Vec<String>,
    /// Conditions that rule a lead out.
    #[cfg_attr(feature = "serde", serde(default))]
    pub exclusions: Vec<Exclusion>,
}

impl<S: Scorer> QualificationCriteria<S> {
    /// No criteria yet, judged with `scorer`.
    #[must_use]
    pub fn new(scorer: S) -> Self {
        Self::with_definition(scorer, Definition::default())
    }

    /// The criteria of `definition`, judged with `scorer`.
    #[must_use]
    pub fn with_definition(scorer: S, definition: Definition) -> Self {
        Self { scorer, definition }
    }

    /// The definition: thresholds, required attributes and exclusions.
    #[must_use]
    pub fn definition(&self) -> &Definition {
        &self.definition
    }

    /// Requires a total of at least `score`.
    #[must_use]
    pub fn min_score(mut self, score: i64) -> Self {
        self.definition.min_score = Some(score);
        self
    }

    /// Requires the grid cell to be at least `grade` in both fit and engagement
    /// ([`Grade::is_at_least`]).
    #[must_use]
    pub fn min_grade(mut self, grade: Grade) -> Self {
        self.definition.min_grade = Some(grade);
        self
    }

    /// Requires the attribute `name` to be present.
    #[must_use]
    pub fn require(mut self, name: impl Into<String>) -> Self {
        self.definition.required_attributes.push(name.into());
        self
    }

    /// Refuses leads that meet `exclusion`.
    #[must_use]
    pub fn exclude(mut self, exclusion: Exclusion) -> Self {
        self.definition.exclusions.push(exclusion);
        self
    }

    /// The scorer.
    #[must_use]
    pub fn scorer(&self) -> &S {
        &self.scorer
    }

    /// Every criterion `profile` fails at `now`, in this order: `min_score`, `min_grade`,
    /// each `required_attribute` in the order added, each `exclusion` in the order added.
    /// Empty when the lead qualifies. The lead's attribute values are never quoted (they are
    /// personal data): only names, scores and grades.
    #[must_use]
    pub fn unmet_for(&self, profile: &Profile<'_>, now: DateTime<Utc>) -> Vec<UnmetCriterion> {
        let definition = &self.definition;
        let mut unmet = Vec::new();
        if definition.min_score.is_some() || definition.min_grade.is_some() {
            let summary = self.scorer.summary(profile, now);
            if let Some(min) = definition.min_score {
                if summary.total < min {
                    unmet.push(UnmetCriterion::new(
                        "min_score",
                        format!("score >= {min}"),
                        summary.total.to_string(),
                    ));
                }
            }
            if let Some(min) = definition.min_grade {
                if !summary.grade.is_at_least(min) {
                    unmet.push(UnmetCriterion::new(
                        "min_grade",
                        format!("grade {min} or better"),
                        summary.grade.to_string(),
                    ));
                }
            }
        }
        for name in &definition.required_attributes {
            if !profile.attributes.contains_key(name) {
                unmet.push(UnmetCriterion::new(
                    "required_attribute",
                    name.clone(),
                    "missing",
                ));
            }
        }
        for exclusion in &definition.exclusions {
            if exclusion.excludes(profile) {
                unmet.push(UnmetCriterion::new(
                    "exclusion",
                    format!("not {}", exclusion.name),
                    exclusion.condition.describe(&exclusion.attribute),
                ));
            }
        }
        unmet
    }
}

impl<S: Scorer> QualificationGuard for QualificationCriteria<S> {
    fn unmet(&self, lead: &Lead, now: DateTime<Utc>) -> Vec<UnmetCriterion> {
        self.unmet_for(&Profile::of(lead), now)
    }
}
