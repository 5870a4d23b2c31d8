//! One line of a worklist: which lead, which goal, how urgent, and what to do next.

use std::sync::Arc;

use chrono::{DateTime, Utc};

use crate::id::{LeadId, QueueId, TeamId, UserId};
use crate::owner::Owner;
use crate::scoring::Grade;
use crate::sla::Escalation;
use crate::stage::Stage;

use super::key::{Urgency, WorklistKey};

/// Whose worklist: one rep, one queue, one team, or everyone.
///
/// ```
/// use leadflow::Owner;
/// use leadflow::worklist::Scope;
/// let ana = Owner::user("ana").in_team("emea");
/// assert!(Scope::user("ana").matches(Some(&ana)));
/// assert!(Scope::team("emea").matches(Some(&ana)));
/// assert!(!Scope::queue("inbound").matches(Some(&ana)));
/// assert!(Scope::All.matches(None));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Scope {
    /// Every open lead, owned or not.
    All,
    /// The leads a user owns.
    User {
        /// The rep.
        id: UserId,
    },
    /// The leads waiting in a queue.
    Queue {
        /// The queue.
        id: QueueId,
    },
    /// The leads whose owner (user or queue) is in a team.
    Team {
        /// The team.
        id: TeamId,
    },
}

impl Scope {
    /// One rep's leads.
    #[must_use]
    pub fn user(id: impl Into<UserId>) -> Self {
        Scope::User { id: id.into() }
    }

    /// One queue's leads.
    #[must_use]
    pub fn queue(id: impl Into<QueueId>) -> Self {
        Scope::Queue { id: id.into() }
    }

    /// One team's leads.
    #[must_use]
    pub fn team(id: impl Into<TeamId>) -> Self {
        Scope::Team { id: id.into() }
    }

    /// Whether a lead with this current owner belongs to the scope.
    #[must_use]
    pub fn matches(&self, owner: Option<&Owner>) -> bool {
        match self {
            Scope::All => true,
            Scope::User { id } => owner.and_then(Owner::user_id) == Some(id),
            Scope::Queue { id } => owner.and_then(Owner::queue_id) == Some(id),
            Scope::Team { id } => owner.and_then(Owner::team) == Some(id),
        }
    }
}

/// What the owner is expected to do next, derived from the goal's stop triggers and the
/// lead's activities.
///
/// ```
/// use leadflow::worklist::NextAction;
/// assert_eq!(NextAction::FollowUp { number: 2, of: 3 }.to_string(), "follow-up 2 of 3");
/// assert_eq!(NextAction::AcceptOrReject.to_string(), "accept or reject");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum NextAction {
    /// Accept or reject the handed-off lead (the goal stops when it leaves `HandedOff`).
    AcceptOrReject,
    /// Touch the lead for the first time (the goal stops at the owner's first activity).
    FirstTouch,
    /// The `number`-th of `of` owner activities the goal asks for.
    FollowUp {
        /// Which activity is due: the owner's activities since the clock started, plus one.
        number: u32,
        /// How many the goal asks for.
        of: u32,
    },
    /// Move the lead on from `from` (qualify it, convert it, or close it).
    MoveOn {
        /// The stage the goal waits for the lead to leave.
        from: Stage,
    },
    /// Work the lead until the goal's stop condition (a host-defined goal).
    Work,
}

/// One open lead in a worklist: where it stands and why, and what comes next.
///
/// `goal` is the lead's most urgent open sales goal of its current cycle (ties between goals
/// go to the first in policy order).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct WorklistEntry {
    /// The lead.
    pub lead_id: LeadId,
    /// Its owner at `now`.
    pub owner: Option<Owner>,
    /// Its stage at `now`.
    pub stage: Stage,
    /// The cycle the goal belongs to (the current one).
    pub cycle: u32,
    /// The goal's name.
    pub goal: Arc<str>,
    /// The goal's metric.
    pub metric: Arc<str>,
    /// How urgent the goal is.
    pub urgency: Urgency,
    /// When the target is (or was) used up; `None` when the calendar never gets there.
    pub deadline: Option<DateTime<Utc>>,
    /// The lead's score at `now`.
    pub score: i64,
    /// The lead's grade at `now`.
    pub grade: Grade,
    /// What the owner should do next.
    pub next_action: NextAction,
    /// The SLA engine's suggestions (notify, escalate, reassign).
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub escalations: Vec<Escalation>,
}

impl WorklistEntry {
    /// The entry's place in the order.
    #[must_use]
    pub fn key(&self) -> WorklistKey {
        WorklistKey::new(self.urgency, self.score, self.lead_id)
    }
}
