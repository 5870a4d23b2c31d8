//! Authorization: who may do what to which lead. Checked inside `decide`, default deny.

use std::fmt;

use crate::actor::{Actor, Role};
use crate::command::{Action, ActionKind, Entry};
use crate::lead::Lead;
use crate::owner::Owner;
use crate::stage::Team;

/// Which authorization rule denied an action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum DenyReason {
    /// The role may never take this action.
    RoleNotPermitted,
    /// The lead sits in a stage the other team owns.
    StageOwnedByOtherTeam,
    /// The lead is not owned by the actor (nor by a queue the actor works from).
    NotOwner,
    /// The lead, or the new owner, is outside the actor's team.
    OutsideTeam,
    /// The policy's configuration does not allow the system actor this action.
    NotAllowedForSystem,
}

impl fmt::Display for DenyReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            DenyReason::RoleNotPermitted => "role not permitted",
            DenyReason::StageOwnedByOtherTeam => "stage owned by the other team",
            DenyReason::NotOwner => "not the lead's owner",
            DenyReason::OutsideTeam => "outside the actor's team",
            DenyReason::NotAllowedForSystem => "not allowed for the system actor",
        })
    }
}

/// Decides whether `actor` may take `action` on `lead` (`None` for a lead not captured yet).
///
/// Implement it to bring your own rules; [`DefaultPolicy`] follows the agreement between the
/// teams described in the crate docs. Closures work too.
pub trait Policy: Send + Sync {
    /// `Ok` to allow; `Err` names the rule that denies.
    ///
    /// # Errors
    /// The [`DenyReason`] of the rule that denies the action.
    fn authorize(
        &self,
        actor: &Actor,
        action: &Action,
        lead: Option<&Lead>,
    ) -> Result<(), DenyReason>;
}

impl<F> Policy for F
where
    F: Fn(&Actor, &Action, Option<&Lead>) -> Result<(), DenyReason> + Send + Sync,
{
    fn authorize(
        &self,
        actor: &Actor,
        action: &Action,
        lead: Option<&Lead>,
    ) -> Result<(), DenyReason> {
        self(actor, action, lead)
    }
}

/// A set of action kinds, as a bit set.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct ActionSet(u32);

impl ActionSet {
    /// No action.
    #[must_use]
    pub const fn empty() -> Self {
        Self(0)
    }

    /// The set of the given kinds.
    #[must_use]
    pub fn of(kinds: &[ActionKind]) -> Self {
        kinds.iter().fold(Self::empty(), |set, k| set.with(*k))
    }

    /// The set with `kind` added.
    #[must_use]
    pub const fn with(self, kind: ActionKind) -> Self {
        Self(self.0 | (1 << kind as u32))
    }

    /// The set with `kind` removed.
    #[must_use]
    pub const fn without(self, kind: ActionKind) -> Self {
        Self(self.0 & !(1 << kind as u32))
    }

    /// Whether `kind` is in the set.
    #[must_use]
    pub const fn contains(self, kind: ActionKind) -> bool {
        self.0 & (1 << kind as u32) != 0
    }
}

/// The default authorization policy.
///
/// - **Admin** may do anything (nobody can rewrite history: there is no such action).
/// - **System** may do what [`DefaultPolicy::system_actions`] lists: by default capture,
///   update attributes, record activity, qualify to MQL, hand off, disqualify, recycle,
///   reassign and set sub-status (the automations of a marketing platform and a router).
/// - **Anyone** may record an activity: touches are facts.
/// - **Marketer**: capture into Inquiry, update attributes, qualify, hand off, disqualify and
///   set the sub-status while the lead sits in a marketing-owned stage. A **marketing
///   manager** may also reassign such leads.
/// - **Sales rep**: capture a sales-sourced lead owned by themselves; accept or reject a lead
///   handed to them or to a queue they work from; and, on a lead in a sales stage that they
///   own, qualify to SQL, convert, win, lose, recycle, promote, update attributes and set
///   the sub-status.
/// - **Sales manager**: what a rep may do, for every lead owned within their team; and
///   reassign a sales-stage lead owned within their team to an owner within their team.
///
/// ```
/// use leadflow::{Action, Actor, DefaultPolicy, DenyReason, Policy, Role};
/// let policy = DefaultPolicy::default();
/// let rep = Actor::new("ana", Role::SalesRep);
/// assert_eq!(policy.authorize(&rep, &Action::QualifyMql, None), Err(DenyReason::RoleNotPermitted));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct DefaultPolicy {
    /// What the system actor may do.
    pub system_actions: ActionSet,
}

impl Default for DefaultPolicy {
    fn default() -> Self {
        Self {
            system_actions: ActionSet::of(&[
                ActionKind::Capture,
                ActionKind::UpdateAttributes,
                ActionKind::RecordActivity,
                ActionKind::QualifyMql,
                ActionKind::HandOff,
                ActionKind::Disqualify,
                ActionKind::Recycle,
                ActionKind::Reassign,
                ActionKind::SetSubStatus,
            ]),
        }
    }
}

/// Whether `owner` is the actor or a queue the actor works from.
#[inline]
fn owned_by_actor(owner: Option<&Owner>, actor: &Actor) -> bool {
    match owner {
        Some(Owner::User { id, .. }) => *id == actor.id,
        Some(Owner::Queue { id, .. }) => actor.is_member_of(id),
        None => false,
    }
}

/// Whether `owner` belongs to the actor's team.
#[inline]
fn within_team(owner: Option<&Owner>, actor: &Actor) -> bool {
    match (owner.and_then(Owner::team), actor.team.as_ref()) {
        (Some(owner_team), Some(actor_team)) => owner_team == actor_team,
        _ => false,
    }
}

impl DefaultPolicy {
    fn marketing(actor: &Actor, action: &Action, lead: Option<&Lead>) -> Result<(), DenyReason> {
        let kind = action.kind();
        match kind {
            ActionKind::Capture => match action {
                Action::Capture {
                    entry: Entry::Inquiry,
                    ..
                } => Ok(()),
                _ => Err(DenyReason::RoleNotPermitted),
            },
            ActionKind::UpdateAttributes
            | ActionKind::QualifyMql
            | ActionKind::HandOff
            | ActionKind::Disqualify
            | ActionKind::SetSubStatus => Self::in_marketing_stage(lead),
            ActionKind::Reassign if actor.role == Role::MarketingManager => {
                Self::in_marketing_stage(lead)
            }
            _ => Err(DenyReason::RoleNotPermitted),
        }
    }

    fn in_marketing_stage(lead: Option<&Lead>) -> Result<(), DenyReason> {
        match lead {
            Some(lead) if lead.stage().team() == Team::Sales => {
                Err(DenyReason::StageOwnedByOtherTeam)
            }
            _ => Ok(()),
        }
    }

    #[inline]
    fn sales(actor: &Actor, action: &Action, lead: Option<&Lead>) -> Result<(), DenyReason> {
        let manager = actor.role == Role::SalesManager;
        // A rep acts on what they own; a manager on what their team owns.
        let may_act_on = |owner: Option<&Owner>| {
            if owned_by_actor(owner, actor) || (manager && within_team(owner, actor)) {
                Ok(())
            } else if manager {
                Err(DenyReason::OutsideTeam)
            } else {
                Err(DenyReason::NotOwner)
            }
        };
        match action {
            Action::Capture {
                entry: Entry::SalesSourced { owner },
                ..
            } => may_act_on(Some(owner)),
            Action::Capture { .. }
            | Action::QualifyMql
            | Action::HandOff { .. }
            | Action::Disqualify { .. } => Err(DenyReason::RoleNotPermitted),
            Action::Reassign { to } => {
                if !manager {
                    return Err(DenyReason::RoleNotPermitted);
                }
                let lead_owner = lead.and_then(Lead::owner);
                Self::in_sales_stage(lead)?;
                if within_team(lead_owner, actor) && within_team(Some(to), actor) {
                    Ok(())
                } else {
                    Err(DenyReason::OutsideTeam)
                }
            }
            _ => {
                Self::in_sales_stage(lead)?;
                may_act_on(lead.and_then(Lead::owner))
            }
        }
    }

    #[inline]
    fn in_sales_stage(lead: Option<&Lead>) -> Result<(), DenyReason> {
        match lead {
            Some(lead) if lead.stage().team() == Team::Marketing => {
                Err(DenyReason::StageOwnedByOtherTeam)
            }
            _ => Ok(()),
        }
    }
}

impl Policy for DefaultPolicy {
    #[inline]
    fn authorize(
        &self,
        actor: &Actor,
        action: &Action,
        lead: Option<&Lead>,
    ) -> Result<(), DenyReason> {
        let kind = action.kind();
        match actor.role {
            Role::Admin => Ok(()),
            Role::System => {
                if self.system_actions.contains(kind) {
                    Ok(())
                } else {
                    Err(DenyReason::NotAllowedForSystem)
                }
            }
            _ if kind == ActionKind::RecordActivity => Ok(()),
            Role::Marketer | Role::MarketingManager => Self::marketing(actor, action, lead),
            Role::SalesRep | Role::SalesManager => Self::sales(actor, action, lead),
        }
    }
}
