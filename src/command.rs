//! Commands: what an actor asks to happen to a lead. [`Machine::decide`](crate::Machine::decide)
//! turns a command into events or a refusal.

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};

use crate::activity::Activity;
use crate::actor::Actor;
use crate::attribute::Attributes;
use crate::id::{CampaignId, CommandId, LeadId, Source};
use crate::lead::ForecastCategory;
use crate::money::Money;
use crate::owner::Owner;
use crate::reason::Reason;

/// A request to change a lead, with everything `decide` needs to judge it.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Command {
    /// The lead the command is about.
    pub lead_id: LeadId,
    /// The command's own id: a repeated id is a duplicate and emits nothing new.
    pub command_id: CommandId,
    /// Who asks.
    pub actor: Actor,
    /// When the command happens; the crate never reads the clock.
    pub at: DateTime<Utc>,
    /// The lead version the actor saw (0 for a lead not yet captured); a different current
    /// version is a [`Refusal::Conflict`](crate::Refusal::Conflict).
    pub expected_version: u64,
    /// What to do.
    pub action: Action,
}

/// Where a captured lead enters the funnel.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
pub enum Entry {
    /// Marketing captured it: it enters at [`Stage::Inquiry`](crate::Stage::Inquiry).
    Inquiry,
    /// Sales sourced it: it enters at [`Stage::Sal`](crate::Stage::Sal), owned by `owner`.
    SalesSourced {
        /// The sales owner.
        owner: Owner,
    },
}

/// Where a rejected lead goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum RejectTo {
    /// Back to marketing to nurture: not ready now.
    Nurture,
    /// Out: not a fit.
    Disqualified,
}

impl RejectTo {
    /// The stage a rejection sends the lead to.
    pub(crate) const fn stage(self) -> crate::stage::Stage {
        match self {
            RejectTo::Nurture => crate::stage::Stage::Nurture,
            RejectTo::Disqualified => crate::stage::Stage::Disqualified,
        }
    }
}

/// What a command asks for.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Action {
    /// Create the lead.
    Capture {
        /// Where it enters.
        entry: Entry,
        /// Where it came from.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        source: Option<Source>,
        /// The campaign that sourced it.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        campaign: Option<CampaignId>,
        /// Its first attributes.
        #[cfg_attr(feature = "serde", serde(default))]
        attributes: Attributes,
    },
    /// Set some attributes and remove others.
    UpdateAttributes {
        /// Attributes to set (replacing earlier values).
        #[cfg_attr(feature = "serde", serde(default))]
        set: Attributes,
        /// Attribute names to remove.
        #[cfg_attr(feature = "serde", serde(default))]
        remove: Vec<String>,
    },
    /// Record a touch.
    RecordActivity {
        /// The touch.
        activity: Activity,
    },
    /// Qualify the lead as an MQL (from Inquiry or Nurture); the qualification guard applies.
    QualifyMql,
    /// Hand an MQL to a sales owner or queue.
    HandOff {
        /// The sales owner or queue.
        to: Owner,
    },
    /// Sales accepts a handed-off lead.
    Accept,
    /// Sales rejects a handed-off lead, with a reason (the feedback loop).
    Reject {
        /// Why.
        reason: Reason,
        /// Back to nurture, or out.
        to: RejectTo,
    },
    /// Sales qualifies an accepted lead as a real buying prospect.
    QualifySql,
    /// Open an opportunity with a value.
    ConvertToOpportunity {
        /// The expected value; must be positive.
        amount: Money,
        /// When the deal is expected to close.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        expected_close: Option<NaiveDate>,
    },
    /// The owner updates an open opportunity: amount, expected close date or forecast
    /// category. At least one must be given.
    UpdateOpportunity {
        /// The new expected value; positive, in the opportunity's currency.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        amount: Option<Money>,
        /// The new expected close date.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        expected_close: Option<NaiveDate>,
        /// The new forecast category.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        forecast_category: Option<ForecastCategory>,
    },
    /// The opportunity is won.
    Win {
        /// The final amount, if it differs from the opportunity's; same currency, positive.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        amount: Option<Money>,
    },
    /// The opportunity is lost.
    Lose {
        /// Why.
        reason: Reason,
    },
    /// Send the lead back to marketing to nurture (from SAL, SQL or Lost).
    Recycle {
        /// Why.
        reason: Reason,
    },
    /// Marketing rules the lead out (from Inquiry, MQL or Nurture).
    Disqualify {
        /// Why.
        reason: Reason,
    },
    /// A customer becomes an advocate.
    PromoteToAdvocate,
    /// Give the lead to another owner.
    Reassign {
        /// The new owner.
        to: Owner,
    },
    /// Set or clear the host-defined sub-status of the current stage.
    SetSubStatus {
        /// The sub-status, or `None` to clear it.
        sub_status: Option<String>,
    },
}

/// The kind of an [`Action`], without its data: what policies and refusals name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
#[non_exhaustive]
pub enum ActionKind {
    /// [`Action::Capture`].
    Capture,
    /// [`Action::UpdateAttributes`].
    UpdateAttributes,
    /// [`Action::RecordActivity`].
    RecordActivity,
    /// [`Action::QualifyMql`].
    QualifyMql,
    /// [`Action::HandOff`].
    HandOff,
    /// [`Action::Accept`].
    Accept,
    /// [`Action::Reject`].
    Reject,
    /// [`Action::QualifySql`].
    QualifySql,
    /// [`Action::ConvertToOpportunity`].
    ConvertToOpportunity,
    /// [`Action::UpdateOpportunity`].
    UpdateOpportunity,
    /// [`Action::Win`].
    Win,
    /// [`Action::Lose`].
    Lose,
    /// [`Action::Recycle`].
    Recycle,
    /// [`Action::Disqualify`].
    Disqualify,
    /// [`Action::PromoteToAdvocate`].
    PromoteToAdvocate,
    /// [`Action::Reassign`].
    Reassign,
    /// [`Action::SetSubStatus`].
    SetSubStatus,
}

impl ActionKind {
    /// Every action kind, in declaration order.
    pub const ALL: [ActionKind; 17] = [
        ActionKind::Capture,
        ActionKind::UpdateAttributes,
        ActionKind::RecordActivity,
        ActionKind::QualifyMql,
        ActionKind::HandOff,
        ActionKind::Accept,
        ActionKind::Reject,
        ActionKind::QualifySql,
        ActionKind::ConvertToOpportunity,
        ActionKind::UpdateOpportunity,
        ActionKind::Win,
        ActionKind::Lose,
        ActionKind::Recycle,
        ActionKind::Disqualify,
        ActionKind::PromoteToAdvocate,
        ActionKind::Reassign,
        ActionKind::SetSubStatus,
    ];

    /// The kind's name in snake case, as serialized.
    #[must_use]
    pub const fn as_str(self) -> &'static str {
        match self {
            ActionKind::Capture => "capture",
            ActionKind::UpdateAttributes => "update_attributes",
            ActionKind::RecordActivity => "record_activity",
            ActionKind::QualifyMql => "qualify_mql",
            ActionKind::HandOff => "hand_off",
            ActionKind::Accept => "accept",
            ActionKind::Reject => "reject",
            ActionKind::QualifySql => "qualify_sql",
            ActionKind::ConvertToOpportunity => "convert_to_opportunity",
            ActionKind::UpdateOpportunity => "update_opportunity",
            ActionKind::Win => "win",
            ActionKind::Lose => "lose",
            ActionKind::Recycle => "recycle",
            ActionKind::Disqualify => "disqualify",
            ActionKind::PromoteToAdvocate => "promote_to_advocate",
            ActionKind::Reassign => "reassign",
            ActionKind::SetSubStatus => "set_sub_status",
        }
    }
}

impl fmt::Display for ActionKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.pad(self.as_str())
    }
}

impl Action {
    /// The action's kind.
    #[must_use]
    pub const fn kind(&self) -> ActionKind {
        match self {
            Action::Capture { .. } => ActionKind::Capture,
            Action::UpdateAttributes { .. } => ActionKind::UpdateAttributes,
            Action::RecordActivity { .. } => ActionKind::RecordActivity,
            Action::QualifyMql => ActionKind::QualifyMql,
            Action::HandOff { .. } => ActionKind::HandOff,
            Action::Accept => ActionKind::Accept,
            Action::Reject { .. } => ActionKind::Reject,
            Action::QualifySql => ActionKind::QualifySql,
            Action::ConvertToOpportunity { .. } => ActionKind::ConvertToOpportunity,
            Action::UpdateOpportunity { .. } => ActionKind::UpdateOpportunity,
            Action::Win { .. } => ActionKind::Win,
            Action::Lose { .. } => ActionKind::Lose,
            Action::Recycle { .. } => ActionKind::Recycle,
            Action::Disqualify { .. } => ActionKind::Disqualify,
            Action::PromoteToAdvocate => ActionKind::PromoteToAdvocate,
            Action::Reassign { .. } => ActionKind::Reassign,
            Action::SetSubStatus { .. } => ActionKind::SetSubStatus,
        }
    }

    /// A marketing capture into Inquiry with no source, campaign or attributes.
    #[must_use]
    pub fn capture() -> Self {
        Action::Capture {
            entry: Entry::Inquiry,
            source: None,
            campaign: None,
            attributes: Attributes::new(),
        }
    }
}

impl Command {
    /// A command; `expected_version` is the version the actor last saw (0 before capture).
    #[must_use]
    pub fn new(
        lead_id: LeadId,
        command_id: CommandId,
        actor: Actor,
        at: DateTime<Utc>,
        expected_version: u64,
        action: Action,
    ) -> Self {
        Self {
            lead_id,
            command_id,
            actor,
            at,
            expected_version,
            action,
        }
    }
}
