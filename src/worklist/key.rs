//! The urgency of an entry and the total order of a worklist.

use std::cmp::Ordering;

use chrono::TimeDelta;

use crate::id::LeadId;

/// How urgent an entry's goal is at `now`. Durations are working time (business time for a
/// business target) and serialize as whole seconds.
///
/// Ordered most urgent first: every breached goal before every at-risk goal before every
/// running goal; among breached goals the longest overdue first; among at-risk or running
/// goals the least remaining time first.
///
/// ```
/// use chrono::TimeDelta;
/// use leadflow::worklist::Urgency;
/// let late = Urgency::Breached { overdue: TimeDelta::hours(3) };
/// let later = Urgency::Breached { overdue: TimeDelta::hours(5) };
/// let close = Urgency::AtRisk { remaining: TimeDelta::minutes(30) };
/// let calm = Urgency::Running { remaining: TimeDelta::minutes(10) };
/// let mut all = vec![calm, close, late, later];
/// all.sort();
/// assert_eq!(all, vec![later, late, close, calm]);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Urgency {
    /// The target is used up and the clock still runs.
    Breached {
        /// By how much working time the target is exceeded.
        #[cfg_attr(feature = "serde", serde(with = "crate::sla::secs"))]
        overdue: TimeDelta,
    },
    /// Past the warning threshold, within the target.
    AtRisk {
        /// The working time left.
        #[cfg_attr(feature = "serde", serde(with = "crate::sla::secs"))]
        remaining: TimeDelta,
    },
    /// Running, below the warning threshold.
    Running {
        /// The working time left.
        #[cfg_attr(feature = "serde", serde(with = "crate::sla::secs"))]
        remaining: TimeDelta,
    },
}

impl Urgency {
    /// 0 for breached, 1 for at risk, 2 for running.
    const fn rank(self) -> u8 {
        match self {
            Urgency::Breached { .. } => 0,
            Urgency::AtRisk { .. } => 1,
            Urgency::Running { .. } => 2,
        }
    }

    /// Whether the goal is breached.
    #[must_use]
    pub const fn is_breached(self) -> bool {
        matches!(self, Urgency::Breached { .. })
    }

    /// Whether the goal is at risk.
    #[must_use]
    pub const fn is_at_risk(self) -> bool {
        matches!(self, Urgency::AtRisk { .. })
    }

    /// Whether the goal is running below the warning threshold.
    #[must_use]
    pub const fn is_running(self) -> bool {
        matches!(self, Urgency::Running { .. })
    }
}

impl Ord for Urgency {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Urgency::Breached { overdue: a }, Urgency::Breached { overdue: b }) => b.cmp(a),
            (Urgency::AtRisk { remaining: a }, Urgency::AtRisk { remaining: b })
            | (Urgency::Running { remaining: a }, Urgency::Running { remaining: b }) => a.cmp(b),
            _ => self.rank().cmp(&other.rank()),
        }
    }
}

impl PartialOrd for Urgency {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// The sort key of a worklist entry; a worklist is sorted ascending by it.
///
/// The order is total and deterministic:
/// 1. [`Urgency`]: breached (longest overdue first), then at risk, then running (least
///    remaining working time first);
/// 2. the score, higher first;
/// 3. the lead id, ascending.
///
/// A worklist holds at most one entry per lead, so no two entries share a key.
///
/// ```
/// use chrono::TimeDelta;
/// use leadflow::LeadId;
/// use leadflow::worklist::{Urgency, WorklistKey};
/// let running = Urgency::Running { remaining: TimeDelta::hours(2) };
/// let hot = WorklistKey::new(running, 80, LeadId::from_u128(9));
/// let cold = WorklistKey::new(running, 20, LeadId::from_u128(1));
/// let twin = WorklistKey::new(running, 20, LeadId::from_u128(2));
/// assert!(hot < cold && cold < twin);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct WorklistKey {
    /// How urgent the goal is.
    pub urgency: Urgency,
    /// The lead's score.
    pub score: i64,
    /// The lead.
    pub lead_id: LeadId,
}

impl WorklistKey {
    /// The key of these parts.
    #[must_use]
    pub const fn new(urgency: Urgency, score: i64, lead_id: LeadId) -> Self {
        Self {
            urgency,
            score,
            lead_id,
        }
    }
}

impl Ord for WorklistKey {
    fn cmp(&self, other: &Self) -> Ordering {
        self.urgency
            .cmp(&other.urgency)
            .then_with(|| other.score.cmp(&self.score))
            .then_with(|| self.lead_id.cmp(&other.lead_id))
    }
}

impl PartialOrd for WorklistKey {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
