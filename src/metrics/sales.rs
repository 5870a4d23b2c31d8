//! Sales-side figures: handoffs worked and how soon, acceptance and rejection with reasons,
//! close rate.

use std::collections::BTreeMap;

use super::sample::Sample;

/// Won and lost opportunities: the close rate is `won / (won + lost)`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WinLoss {
    /// Opportunities won.
    pub won: u64,
    /// Opportunities lost.
    pub lost: u64,
}

impl WinLoss {
    /// `won / (won + lost)`, or `None` when nothing closed.
    #[must_use]
    pub fn close_rate(&self) -> Option<f64> {
        ratio(self.won, self.won.saturating_add(self.lost))
    }

    pub(crate) fn merge(&mut self, other: &WinLoss) {
        self.won = self.won.saturating_add(other.won);
        self.lost = self.lost.saturating_add(other.lost);
    }
}

/// `part / whole`, or `None` when `whole` is zero.
#[must_use]
#[allow(clippy::cast_precision_loss)] // counts far below 2^52
pub(crate) fn ratio(part: u64, whole: u64) -> Option<f64> {
    (whole > 0).then(|| part as f64 / whole as f64)
}

/// The sales side of a funnel group for the period.
///
/// Handoffs are counted when the handoff happened in the period; what followed them
/// (acceptance, rejection, the first touch) is counted whenever it happened in the history
/// given. A handoff is *worked* when an activity by the owner's user (`Activity::by` equal to
/// the user id of the owner at the time the activity was recorded: the rep it was handed to,
/// or the rep who accepted it from a queue) is dated at or after the handoff; *how soon* is
/// the working time from the handoff to the earliest such touch.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct SalesFigures {
    /// Handoffs to sales in the period.
    pub handed_off: u64,
    /// Of those, handoffs worked by their owner.
    pub worked: u64,
    /// Working seconds from handoff to first touch by the owner, one value per worked
    /// handoff.
    pub time_to_work: Sample,
    /// Of the handoffs, accepted by sales.
    pub accepted: u64,
    /// Of the handoffs, rejected by sales.
    pub rejected: u64,
    /// Rejections by reason code (the feedback loop to marketing).
    pub rejection_reasons: BTreeMap<String, u64>,
    /// Opportunities won and lost in the period.
    pub closed: WinLoss,
}

impl SalesFigures {
    /// Worked handoffs over handoffs.
    #[must_use]
    pub fn worked_rate(&self) -> Option<f64> {
        ratio(self.worked, self.handed_off)
    }

    /// Accepted handoffs over handoffs.
    #[must_use]
    pub fn acceptance_rate(&self) -> Option<f64> {
        ratio(self.accepted, self.handed_off)
    }

    /// Rejected handoffs over handoffs.
    #[must_use]
    pub fn rejection_rate(&self) -> Option<f64> {
        ratio(self.rejected, self.handed_off)
    }

    /// Won over won plus lost.
    #[must_use]
    pub fn close_rate(&self) -> Option<f64> {
        self.closed.close_rate()
    }

    pub(crate) fn add_reason(&mut self, code: &str) {
        match self.rejection_reasons.get_mut(code) {
            Some(n) => *n = n.saturating_add(1),
            None => {
                self.rejection_reasons.insert(code.to_owned(), 1);
            }
        }
    }

    /// Adds the figures of `other`; its (sorted) samples merged in order when
    /// `with_samples`, else left to the caller.
    pub(crate) fn add(&mut self, other: &SalesFigures, with_samples: bool) {
        self.handed_off = self.handed_off.saturating_add(other.handed_off);
        self.worked = self.worked.saturating_add(other.worked);
        if with_samples {
            self.time_to_work.merge(&other.time_to_work);
        }
        self.accepted = self.accepted.saturating_add(other.accepted);
        self.rejected = self.rejected.saturating_add(other.rejected);
        for (code, n) in &other.rejection_reasons {
            let slot = self.rejection_reasons.entry(code.clone()).or_insert(0);
            *slot = slot.saturating_add(*n);
        }
        self.closed.merge(&other.closed);
    }
}
