//! Who acts: a user in a role, with the team and queues the host vouches for.

use std::fmt;

use crate::id::{QueueId, TeamId, UserId};

/// The role an actor acts in; the default [`Policy`](crate::Policy) grants by role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Role {
    /// Captures, nurtures, qualifies and hands off leads.
    Marketer,
    /// A marketer who may also reassign marketing-owned leads.
    MarketingManager,
    /// Accepts or rejects what is handed to them or their queue, and works their own leads.
    SalesRep,
    /// Does what a rep does for the whole team, and reassigns within the team.
    SalesManager,
    /// May do anything except rewrite history (which nobody can).
    Admin,
    /// Automation; may do what the policy's configuration allows.
    System,
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(match self {
            Role::Marketer => "marketer",
            Role::MarketingManager => "marketing_manager",
            Role::SalesRep => "sales_rep",
            Role::SalesManager => "sales_manager",
            Role::Admin => "admin",
            Role::System => "system",
        })
    }
}

/// The user behind a command, as recorded in every event it causes.
///
/// The host authenticates the user and vouches for the role, the team and the queue
/// memberships; the crate only checks them against the [`Policy`](crate::Policy).
///
/// ```
/// use leadflow::{Actor, Role};
/// let rep = Actor::new("ana", Role::SalesRep).in_team("emea").in_queue("inbound-emea");
/// assert!(rep.is_member_of(&"inbound-emea".into()));
/// ```
#[derive(Debug, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Actor {
    /// The user.
    pub id: UserId,
    /// The role the user acts in.
    pub role: Role,
    /// The user's team, if any.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub team: Option<TeamId>,
    /// The queues the user works from.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    pub queues: Vec<QueueId>,
}

impl Actor {
    /// A user in a role, with no team and no queues.
    #[must_use]
    pub fn new(id: impl Into<UserId>, role: Role) -> Self {
        Self {
            id: id.into(),
            role,
            team: None,
            queues: Vec::new(),
        }
    }

    /// The same actor, member of `team`.
    #[must_use]
    pub fn in_team(mut self, team: impl Into<TeamId>) -> Self {
        self.team = Some(team.into());
        self
    }

    /// The same actor, also working from `queue`.
    #[must_use]
    pub fn in_queue(mut self, queue: impl Into<QueueId>) -> Self {
        self.queues.push(queue.into());
        self
    }

    /// Whether the actor works from `queue`.
    #[must_use]
    pub fn is_member_of(&self, queue: &QueueId) -> bool {
        self.queues.contains(queue)
    }
}

// By hand, not derived: every envelope `decide` builds clones its actor, whose queue list is
// almost always empty; an empty list is made without going through `Vec::clone`.
impl Clone for Actor {
    #[inline]
    fn clone(&self) -> Self {
        Self {
            id: self.id.clone(),
            role: self.role,
            team: self.team.clone(),
            queues: if self.queues.is_empty() {
                Vec::new()
            } else {
                self.queues.clone()
            },
        }
    }
}
