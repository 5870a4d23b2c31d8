//! Period commitments: the SMART goals of the SLA, judged over many leads for a month or a
//! quarter, with pacing.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::event::{Event, EventEnvelope};
use crate::period::Period;

use super::condition::LeadView;
use super::error::SlaError;
use super::outcome::LeadSla;
use super::summary::{Counts, bump};

/// A commitment for a period.
///
/// ```
/// use leadflow::sla::Commitment;
/// assert!(Commitment::WithinSla { metric: "time_to_accept".into(), min_fraction: 0.95 }
///     .validate().is_ok());
/// assert!(Commitment::MqlsWorked { min_fraction: 1.5 }.validate().is_err());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub enum Commitment {
    /// Marketing delivers at least `min` MQLs (qualifications in the period).
    MqlVolume {
        /// The least number of MQLs.
        min: u64,
    },
    /// Of the clocks of `metric` started in the period, at least `min_fraction` are met
    /// (for example sales accepts or rejects 95 % of handed-off leads within the SLA).
    WithinSla {
        /// The goals' metric, such as `time_to_accept`.
        metric: String,
        /// The least fraction met, in [0, 1].
        min_fraction: f64,
    },
    /// At least `min_fraction` of the period's MQLs were worked: touched by their owning
    /// user after qualification, within the same cycle.
    MqlsWorked {
        /// The least fraction worked, in [0, 1].
        min_fraction: f64,
    },
}

impl Commitment {
    /// Checks the fraction.
    ///
    /// # Errors
    /// [`SlaError::InvalidFraction`] for a fraction outside [0, 1] or not finite.
    pub fn validate(&self) -> Result<(), SlaError> {
        match self {
            Commitment::WithinSla { min_fraction, .. }
            | Commitment::MqlsWorked { min_fraction }
                if !(min_fraction.is_finite() && (0.0..=1.0).contains(min_fraction)) =>
            {
                Err(SlaError::InvalidFraction {
                    fraction: *min_fraction,
                })
            }
            _ => Ok(()),
        }
    }
}

/// How a commitment stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum CommitmentStatus {
    /// Achieved, whatever happens next.
    Met,
    /// Not yet achieved; at this pace it will be.
    OnPace,
    /// Not yet achieved; at this pace it will not be.
    BehindPace,
    /// The period is over (or the outcome is settled) and it was not achieved.
    Missed,
}

/// A commitment judged at `now`.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CommitmentReport {
    /// The commitment.
    pub commitment: Commitment,
    /// The period.
    pub period: Period,
    /// How it stands.
    pub status: CommitmentStatus,
    /// MQLs delivered, clocks met, or MQLs worked.
    pub achieved: u64,
    /// What `achieved` is out of: MQLs delivered, clocks decided (met or breached), MQLs.
    pub considered: u64,
    /// The figure so far: the MQL count, or the fraction met or worked (`None` when nothing
    /// counts yet).
    pub actual: Option<f64>,
    /// The figure expected at the period's end: the MQL count paced linearly over the
    /// period ([`Period::elapsed_fraction`]); for fractions, the fraction so far.
    pub projection: Option<f64>,
    /// The committed figure: the MQL count or the fraction.
    pub target: f64,
}

/// What period commitments are judged on, gathered from many leads in one pass; mergeable
/// across shards of leads (for the same period).
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use leadflow::{Period, Zone};
/// use leadflow::sla::{Commitment, CommitmentStatus, CommitmentTally};
/// # fn main() -> Result<(), Box<dyn std::error::Error>> {
/// let march = Period::month(2026, 3, Zone::parse("+01:00")?)?;
/// let mut tally = CommitmentTally::new(march);
/// // … tally.add(&history, &evaluator.evaluate(&history, now), now) for every lead …
/// tally.mqls = 40; // as if 40 leads had been qualified by mid-month
/// let mid_march = Utc.with_ymd_and_hms(2026, 3, 16, 11, 0, 0).unwrap();
/// let report = tally.report(&Commitment::MqlVolume { min: 100 }, mid_march);
/// // Exactly half the month (372 of 744 hours) gone, 40 of 100 delivered: behind a linear
/// // pace, heading for 80.
/// assert_eq!(report.status, CommitmentStatus::BehindPace);
/// assert_eq!(report.projection, Some(80.0));
/// # Ok(())
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CommitmentTally {
    /// The period.
    pub period: Period,
    /// Qualifications as MQL in the period.
    pub mqls: u64,
    /// Of those, the ones worked by their owner afterwards.
    pub mqls_worked: u64,
    /// Outcomes of clocks started in the period, per metric.
    pub per_metric: BTreeMap<String, Counts>,
}

impl CommitmentTally {
    /// An empty tally for `period`.
    #[must_use]
    pub fn new(period: Period) -> Self {
        Self {
            period,
            mqls: 0,
            mqls_worked: 0,
            per_metric: BTreeMap::new(),
        }
    }

    /// Adds one lead: its history and its SLA report, both at `now`.
    pub fn add(&mut self, history: &[EventEnvelope], report: &LeadSla, now: DateTime<Utc>) {
        let mut view = LeadView::default();
        let mut unworked = false;
        for envelope in history {
            if envelope.occurred_at > now {
                continue;
            }
            if matches!(envelope.event, Event::QualifiedMql) {
                unworked = self.period.contains(envelope.occurred_at);
                if unworked {
                    self.mqls = self.mqls.saturating_add(1);
                }
            } else if unworked && view.is_owner_activity(envelope) {
                unworked = false;
                self.mqls_worked = self.mqls_worked.saturating_add(1);
            }
            view.apply(envelope);
        }
        for (_, goal) in report.goals() {
            if self.period.contains(goal.timeline.started) {
                bump(&mut self.per_metric, &*goal.metric, goal.outcome.kind());
            }
        }
    }

    /// Adds a tally of other leads for the same period.
    pub fn merge(&mut self, other: &CommitmentTally) {
        self.mqls = self.mqls.saturating_add(other.mqls);
        self.mqls_worked = self.mqls_worked.saturating_add(other.mqls_worked);
        for (metric, counts) in &other.per_metric {
            self.per_metric
                .entry(metric.clone())
                .or_default()
                .merge(counts);
        }
    }

    /// Judges `commitment` at `now`.
    #[must_use]
    #[allow(clippy::cast_precision_loss)]
    pub fn report(&self, commitment: &Commitment, now: DateTime<Utc>) -> CommitmentReport {
        let over = now >= self.period.end();
        let fraction = self.period.elapsed_fraction(now);
        let ratio = |a: u64, b: u64| (b > 0).then(|| a as f64 / b as f64);
        let (status, achieved, considered, actual, projection, target) = match commitment {
            Commitment::MqlVolume { min } => {
                let count = self.mqls as f64;
                let goal = *min as f64;
                let status = if self.mqls >= *min {
                    CommitmentStatus::Met
                } else if over {
                    CommitmentStatus::Missed
                } else if count >= goal * fraction {
                    CommitmentStatus::OnPace
                } else {
                    CommitmentStatus::BehindPace
                };
                let projection = if fraction > 0.0 {
                    count / fraction
                } else {
                    count
                };
                (
                    status,
                    self.mqls,
                    self.mqls,
                    Some(count),
                    Some(projection),
                    goal,
                )
            }
            Commitment::WithinSla {
                metric,
                min_fraction,
            } => {
                let counts = self.per_metric.get(metric).copied().unwrap_or_default();
                let decided = counts.met.saturating_add(counts.breached);
                let actual = counts.compliance();
                let total = counts.total();
                let worst = ratio(counts.met, total).unwrap_or(1.0);
                let best = ratio(counts.met.saturating_add(counts.open()), total).unwrap_or(1.0);
                let status = if over && worst >= *min_fraction {
                    CommitmentStatus::Met
                } else if over && best < *min_fraction {
                    CommitmentStatus::Missed
                } else if actual.is_none_or(|a| a >= *min_fraction) {
                    CommitmentStatus::OnPace
                } else {
                    CommitmentStatus::BehindPace
                };
                (status, counts.met, decided, actual, actual, *min_fraction)
            }
            Commitment::MqlsWorked { min_fraction } => {
                let actual = ratio(self.mqls_worked, self.mqls);
                let reached = actual.is_none_or(|a| a >= *min_fraction);
                let status = match (over, reached) {
                    (true, true) => CommitmentStatus::Met,
                    (true, false) => CommitmentStatus::Missed,
                    (false, true) => CommitmentStatus::OnPace,
                    (false, false) => CommitmentStatus::BehindPace,
                };
                (
                    status,
                    self.mqls_worked,
                    self.mqls,
                    actual,
                    actual,
                    *min_fraction,
                )
            }
        };
        CommitmentReport {
            commitment: commitment.clone(),
            period: self.period,
            status,
            achieved,
            considered,
            actual,
            projection,
            target,
        }
    }
}
