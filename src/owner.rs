//! Who owns a lead: a user or a queue, each optionally in a team.

use std::fmt;

use crate::id::{QueueId, TeamId, UserId};

/// The owner of a lead: the user or the queue responsible for acting on it.
///
/// ```
/// use leadflow::Owner;
/// let owner = Owner::user("ana").in_team("emea");
/// assert_eq!(owner.team().map(|t| t.as_str()), Some("emea"));
/// ```
///
/// `Deserialize` is written by hand (it reads the `type` tag first when it comes first, as
/// written, instead of buffering the object) and accepts exactly what the derived one did.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
pub enum Owner {
    /// A named user.
    User {
        /// The user.
        id: UserId,
        /// The user's team.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        team: Option<TeamId>,
    },
    /// A shared queue; the first member to accept the lead becomes its owner.
    Queue {
        /// The queue.
        id: QueueId,
        /// The team the queue belongs to.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        team: Option<TeamId>,
    },
}

impl Owner {
    /// A user owner with no team.
    #[must_use]
    pub fn user(id: impl Into<UserId>) -> Self {
        Owner::User {
            id: id.into(),
            team: None,
        }
    }

    /// A queue owner with no team.
    #[must_use]
    pub fn queue(id: impl Into<QueueId>) -> Self {
        Owner::Queue {
            id: id.into(),
            team: None,
        }
    }

    /// The same owner, in `team`.
    #[must_use]
    pub fn in_team(self, team: impl Into<TeamId>) -> Self {
        let team = Some(team.into());
        match self {
            Owner::User { id, .. } => Owner::User { id, team },
            Owner::Queue { id, .. } => Owner::Queue { id, team },
        }
    }

    /// The owner's team, if known.
    #[must_use]
    pub fn team(&self) -> Option<&TeamId> {
        match self {
            Owner::User { team, .. } | Owner::Queue { team, .. } => team.as_ref(),
        }
    }

    /// The user, if the owner is a user.
    #[must_use]
    pub fn user_id(&self) -> Option<&UserId> {
        match self {
            Owner::User { id, .. } => Some(id),
            Owner::Queue { .. } => None,
        }
    }

    /// The queue, if the owner is a queue.
    #[must_use]
    pub fn queue_id(&self) -> Option<&QueueId> {
        match self {
            Owner::Queue { id, .. } => Some(id),
            Owner::User { .. } => None,
        }
    }
}

impl fmt::Display for Owner {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Owner::User { id, .. } => write!(f, "user {id}"),
            Owner::Queue { id, .. } => write!(f, "queue {id}"),
        }
    }
}
