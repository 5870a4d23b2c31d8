//! The `Scorer` trait and what it reads: a lead's profile (attributes and activities).

use chrono::{DateTime, Utc};

use crate::activity::Activity;
use crate::attribute::Attributes;
use crate::lead::Lead;
use crate::stage::Stage;

use super::card::{ScoreCard, ScoreSummary};

/// What a scorer reads of a lead: its attributes and its activities, borrowed.
///
/// Build it from a [`Lead`] with [`Profile::of`], or directly with [`Profile::new`] to score
/// a lead the host keeps elsewhere (a CRM row, a data-warehouse record).
///
/// ```
/// use leadflow::{Attributes, scoring::Profile};
/// let attributes = Attributes::new();
/// let profile = Profile::new(&attributes, &[]);
/// assert!(profile.activities.is_empty());
/// ```
#[derive(Debug, Clone, Copy)]
pub struct Profile<'a> {
    /// The lead's attributes.
    pub attributes: &'a Attributes,
    /// The lead's activities, in any order.
    pub activities: &'a [Activity],
}

impl<'a> Profile<'a> {
    /// A profile of these attributes and activities.
    #[must_use]
    pub fn new(attributes: &'a Attributes, activities: &'a [Activity]) -> Self {
        Self {
            attributes,
            activities,
        }
    }

    /// The profile of a lead.
    #[must_use]
    pub fn of(lead: &'a Lead) -> Self {
        Self::new(lead.attributes(), lead.activities())
    }
}

/// Scores a lead's profile at `now`.
///
/// Object safe, `Send + Sync`, and implemented for closures, so a host can plug in its own
/// model:
///
/// ```
/// use chrono::{DateTime, Utc};
/// use leadflow::scoring::{
///     BandThresholds, Contribution, GradeThresholds, Part, Profile, ScoreCard, Scorer,
/// };
/// let per_activity = |profile: &Profile<'_>, _now: DateTime<Utc>| {
///     let n = i64::try_from(profile.activities.len()).unwrap_or(i64::MAX);
///     ScoreCard::new(
///         vec![Contribution::new("touches", Part::Engagement, n.saturating_mul(5), "5 per touch")],
///         &GradeThresholds::default(),
///         &BandThresholds::default(),
///     )
/// };
/// let scorer: &dyn Scorer = &per_activity;
/// let attributes = leadflow::Attributes::new();
/// let now = DateTime::<Utc>::UNIX_EPOCH;
/// assert_eq!(scorer.score(&Profile::new(&attributes, &[]), now).total(), 0);
/// ```
pub trait Scorer: Send + Sync {
    /// The explained score of `profile` at `now`.
    fn score(&self, profile: &Profile<'_>, now: DateTime<Utc>) -> ScoreCard;

    /// The score without explanations. The default takes it from [`Scorer::score`];
    /// implementations override it with a cheaper path (the [`RuleScorer`](super::RuleScorer)
    /// allocates nothing here).
    fn summary(&self, profile: &Profile<'_>, now: DateTime<Utc>) -> ScoreSummary {
        self.score(profile, now).summary()
    }

    /// The total alone; the same as `summary(..).total`.
    fn total(&self, profile: &Profile<'_>, now: DateTime<Utc>) -> i64 {
        self.summary(profile, now).total
    }
}

impl<F> Scorer for F
where
    F: Fn(&Profile<'_>, DateTime<Utc>) -> ScoreCard + Send + Sync,
{
    fn score(&self, profile: &Profile<'_>, now: DateTime<Utc>) -> ScoreCard {
        self(profile, now)
    }
}

/// How a closed lead ended: the label that naive Bayes learns and calibration checks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum Outcome {
    /// Became a customer.
    Won,
    /// The opportunity was lost.
    Lost,
}

impl Outcome {
    /// The outcome of a closed lead: won at [`Stage::Customer`] or [`Stage::Advocate`], lost
    /// at [`Stage::Lost`]; `None` for a lead still open (or disqualified, or in nurture).
    #[must_use]
    pub fn of(lead: &Lead) -> Option<Outcome> {
        match lead.stage() {
            Stage::Customer | Stage::Advocate => Some(Outcome::Won),
            Stage::Lost => Some(Outcome::Lost),
            _ => None,
        }
    }

    /// Whether this is [`Outcome::Won`].
    #[must_use]
    pub fn is_won(self) -> bool {
        self == Outcome::Won
    }
}
