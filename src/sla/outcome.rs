//! What evaluation reports: per goal and cycle, an outcome with its timeline and
//! escalation suggestions.

use std::sync::Arc;

use chrono::{DateTime, TimeDelta, Utc};

use crate::id::LeadId;
use crate::owner::Owner;
use crate::stage::Team;

/// Where a goal's clock stands at `now`. Durations serialize as whole seconds.
///
/// The outcome only moves forward as `now` grows: a met goal stays met, a breached goal
/// stays breached, and a running clock becomes at risk, breached or met.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Outcome {
    /// The clock stopped within the target.
    Met {
        /// The working time it took.
        #[cfg_attr(feature = "serde", serde(with = "super::secs"))]
        elapsed: TimeDelta,
        /// When it stopped.
        stopped_at: DateTime<Utc>,
    },
    /// The clock runs, below the warning threshold.
    Running {
        /// When the target will be used up if the clock keeps running; `None` if the
        /// calendar never gets there.
        deadline: Option<DateTime<Utc>>,
        /// The working time left.
        #[cfg_attr(feature = "serde", serde(with = "super::secs"))]
        remaining: TimeDelta,
    },
    /// The clock runs past the warning threshold, not yet past the target.
    AtRisk {
        /// When the target will be used up if the clock keeps running.
        deadline: Option<DateTime<Utc>>,
        /// The working time left.
        #[cfg_attr(feature = "serde", serde(with = "super::secs"))]
        remaining: TimeDelta,
    },
    /// More working time than the target passed before the clock stopped (or it still
    /// runs).
    Breached {
        /// The deadline that was missed: when the target was used up.
        deadline: Option<DateTime<Utc>>,
        /// By how much working time the target was exceeded (so far, if still running).
        #[cfg_attr(feature = "serde", serde(with = "super::secs"))]
        by: TimeDelta,
        /// When the clock stopped, late; `None` while it still runs.
        stopped_at: Option<DateTime<Utc>>,
    },
    /// The clock is paused (a pause condition holds), within the target.
    Paused {
        /// Since when.
        since: DateTime<Utc>,
        /// The working time left once it resumes.
        #[cfg_attr(feature = "serde", serde(with = "super::secs"))]
        remaining: TimeDelta,
    },
}

impl Outcome {
    /// The outcome's kind, without its data.
    #[must_use]
    pub const fn kind(&self) -> OutcomeKind {
        match self {
            Outcome::Met { .. } => OutcomeKind::Met,
            Outcome::Running { .. } => OutcomeKind::Running,
            Outcome::AtRisk { .. } => OutcomeKind::AtRisk,
            Outcome::Breached { .. } => OutcomeKind::Breached,
            Outcome::Paused { .. } => OutcomeKind::Paused,
        }
    }

    /// Whether the clock has stopped (met, or breached and stopped): nothing can change it.
    #[must_use]
    pub const fn is_final(&self) -> bool {
        matches!(
            self,
            Outcome::Met { .. }
                | Outcome::Breached {
                    stopped_at: Some(_),
                    ..
                }
        )
    }
}

/// The kind of an [`Outcome`]: what summaries count.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum OutcomeKind {
    /// [`Outcome::Met`].
    Met,
    /// [`Outcome::Running`].
    Running,
    /// [`Outcome::AtRisk`].
    AtRisk,
    /// [`Outcome::Breached`].
    Breached,
    /// [`Outcome::Paused`].
    Paused,
}

/// One pause of a clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PauseSpan {
    /// When the clock paused.
    pub paused_at: DateTime<Utc>,
    /// When it resumed; `None` while still paused (or if it stopped while paused).
    pub resumed_at: Option<DateTime<Utc>>,
}

/// Why a clock stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum StopCause {
    /// One of the goal's stop triggers fired.
    Trigger,
    /// The lead re-entered the funnel (a new cycle began) before any stop trigger fired.
    CycleEnded,
}

/// When a clock stopped, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Stop {
    /// When.
    pub at: DateTime<Utc>,
    /// Why.
    pub cause: StopCause,
}

/// How a clock ran: started, each pause and resume, stopped, and its deadline.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Timeline {
    /// When the clock started.
    pub started: DateTime<Utc>,
    /// Each pause, in order.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub pauses: Vec<PauseSpan>,
    /// When and why it stopped; `None` while it runs or is paused.
    pub stopped: Option<Stop>,
    /// When the target is (or was) used up; `None` while paused before reaching it, or
    /// when the calendar never gets there.
    pub deadline: Option<DateTime<Utc>>,
}

/// What the host might do about an at-risk or breached clock. The crate only suggests:
/// it never notifies anyone.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Escalation {
    /// Remind the owner (at risk, or breached and still running).
    NotifyOwner,
    /// Tell the owner's manager (breached and still running).
    EscalateToManager,
    /// Give the lead to someone else (still running after twice the target).
    Reassign,
}

/// One goal's outcome in one cycle of one lead.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct GoalReport {
    /// The goal's name.
    pub goal: Arc<str>,
    /// The goal's metric.
    pub metric: Arc<str>,
    /// The team responsible.
    pub team: Team,
    /// Who held the lead while the clock ran: the owner just before the event that stopped
    /// it (a handed-off lead's queue, not the rep whose acceptance stopped the clock; nobody
    /// for the MQL wait that the handoff stopped), or the owner at `now` while it runs.
    pub owner: Option<Owner>,
    /// The target.
    #[cfg_attr(feature = "serde", serde(with = "super::secs"))]
    pub target: TimeDelta,
    /// The working time used so far (up to the stop, or `now`).
    #[cfg_attr(feature = "serde", serde(with = "super::secs"))]
    pub elapsed: TimeDelta,
    /// The outcome.
    pub outcome: Outcome,
    /// How the clock ran.
    pub timeline: Timeline,
    /// Suggested actions, empty unless at risk or breached and still running.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub escalations: Vec<Escalation>,
}

/// One cycle of a lead: from capture or re-entry into the funnel until the next re-entry.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct CycleReport {
    /// The cycle's number, from 1.
    pub cycle: u32,
    /// When it began: the capture, or the event that brought the lead back.
    pub started_at: DateTime<Utc>,
    /// When the next cycle began; `None` for the current cycle.
    pub ended_at: Option<DateTime<Utc>>,
    /// The policy version it runs under; `None` if no version was in force yet.
    pub policy_version: Option<u32>,
    /// The goals whose clock started in the cycle, in policy order.
    pub goals: Vec<GoalReport>,
}

/// The SLA report of one lead at one `now`: every cycle, every goal.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct LeadSla {
    /// The lead; `None` for an empty history.
    pub lead_id: Option<LeadId>,
    /// When it was evaluated.
    pub now: Option<DateTime<Utc>>,
    /// Its cycles, oldest first.
    pub cycles: Vec<CycleReport>,
}

impl LeadSla {
    /// Every goal report with its cycle number, oldest cycle first.
    pub fn goals(&self) -> impl Iterator<Item = (u32, &GoalReport)> {
        self.cycles
            .iter()
            .flat_map(|c| c.goals.iter().map(move |g| (c.cycle, g)))
    }

    /// The current (latest) cycle.
    #[must_use]
    pub fn current(&self) -> Option<&CycleReport> {
        self.cycles.last()
    }

    /// The report of `goal` in the current cycle.
    #[must_use]
    pub fn current_goal(&self, goal: &str) -> Option<&GoalReport> {
        self.current()?.goals.iter().find(|g| &*g.goal == goal)
    }
}
