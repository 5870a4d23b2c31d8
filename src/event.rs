//! Events: the facts `decide` emits and the host appends to the lead's history, each in an
//! [`EventEnvelope`] that records who, when, which command and which schema version.

use chrono::{DateTime, NaiveDate, Utc};

use crate::activity::Activity;
use crate::actor::Actor;
use crate::attribute::Attributes;
use crate::command::RejectTo;
use crate::id::{CampaignId, CommandId, LeadId, Source};
use crate::lead::ForecastCategory;
use crate::money::Money;
use crate::owner::Owner;
use crate::reason::Reason;
use crate::stage::Stage;

/// The schema version this crate writes into new envelopes. Older versions stay readable.
pub const SCHEMA_VERSION: u16 = 1;

/// Something that happened to a lead.
///
/// `Deserialize` is written by hand (it reads the `type` tag first when it comes first, as
/// written, instead of buffering the object) and accepts exactly what the derived one did.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Event {
    /// The lead was created.
    Captured {
        /// The stage it entered: Inquiry, or SAL for a sales-sourced lead.
        stage: Stage,
        /// Its owner, for a sales-sourced lead.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        owner: Option<Owner>,
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
    /// Attributes were set or removed.
    AttributesUpdated {
        /// Set (replacing earlier values).
        #[cfg_attr(feature = "serde", serde(default))]
        set: Attributes,
        /// Removed.
        #[cfg_attr(feature = "serde", serde(default))]
        remove: Vec<String>,
    },
    /// A touch was recorded.
    ActivityRecorded {
        /// The touch.
        activity: Activity,
    },
    /// The lead became an MQL.
    QualifiedMql,
    /// The lead was handed to sales.
    HandedOff {
        /// The sales owner or queue.
        to: Owner,
    },
    /// Sales accepted the lead.
    Accepted {
        /// The owner from now on (the accepting rep when it was handed to a queue).
        owner: Owner,
    },
    /// Sales rejected the lead.
    Rejected {
        /// Why.
        reason: Reason,
        /// Where it went.
        to: RejectTo,
    },
    /// Sales qualified the lead.
    QualifiedSql,
    /// An opportunity was opened.
    ConvertedToOpportunity {
        /// Its value.
        amount: Money,
        /// When it is expected to close.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        expected_close: Option<NaiveDate>,
    },
    /// The opportunity was updated; fields left out did not change.
    OpportunityUpdated {
        /// The new expected value.
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
    /// The opportunity was won.
    Won {
        /// The amount won.
        amount: Money,
    },
    /// The opportunity was lost.
    Lost {
        /// Why.
        reason: Reason,
    },
    /// The lead went back to marketing to nurture.
    Recycled {
        /// Why.
        reason: Reason,
    },
    /// Marketing ruled the lead out.
    Disqualified {
        /// Why.
        reason: Reason,
    },
    /// The customer became an advocate.
    PromotedToAdvocate,
    /// The owner changed.
    Reassigned {
        /// The previous owner.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        from: Option<Owner>,
        /// The new owner.
        to: Owner,
    },
    /// The sub-status changed.
    SubStatusSet {
        /// The new sub-status, or `None` when cleared.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        sub_status: Option<String>,
    },
}

impl Event {
    /// The stage this event moves the lead into, if it moves it.
    #[must_use]
    pub const fn target_stage(&self) -> Option<Stage> {
        match self {
            Event::Captured { stage, .. } => Some(*stage),
            Event::QualifiedMql => Some(Stage::Mql),
            Event::HandedOff { .. } => Some(Stage::HandedOff),
            Event::Accepted { .. } => Some(Stage::Sal),
            Event::Rejected { to, .. } => Some(to.stage()),
            Event::QualifiedSql => Some(Stage::Sql),
            Event::ConvertedToOpportunity { .. } => Some(Stage::Opportunity),
            Event::Won { .. } => Some(Stage::Customer),
            Event::Lost { .. } => Some(Stage::Lost),
            Event::Recycled { .. } => Some(Stage::Nurture),
            Event::Disqualified { .. } => Some(Stage::Disqualified),
            Event::PromotedToAdvocate => Some(Stage::Advocate),
            Event::AttributesUpdated { .. }
            | Event::ActivityRecorded { .. }
            | Event::Reassigned { .. }
            | Event::OpportunityUpdated { .. }
            | Event::SubStatusSet { .. } => None,
        }
    }

    /// The event's name in snake case, as serialized in the `type` tag.
    #[must_use]
    pub const fn name(&self) -> &'static str {
        match self {
            Event::Captured { .. } => "captured",
            Event::AttributesUpdated { .. } => "attributes_updated",
            Event::ActivityRecorded { .. } => "activity_recorded",
            Event::QualifiedMql => "qualified_mql",
            Event::HandedOff { .. } => "handed_off",
            Event::Accepted { .. } => "accepted",
            Event::Rejected { .. } => "rejected",
            Event::QualifiedSql => "qualified_sql",
            Event::ConvertedToOpportunity { .. } => "converted_to_opportunity",
            Event::OpportunityUpdated { .. } => "opportunity_updated",
            Event::Won { .. } => "won",
            Event::Lost { .. } => "lost",
            Event::Recycled { .. } => "recycled",
            Event::Disqualified { .. } => "disqualified",
            Event::PromotedToAdvocate => "promoted_to_advocate",
            Event::Reassigned { .. } => "reassigned",
            Event::SubStatusSet { .. } => "sub_status_set",
        }
    }
}

/// An event as stored: the payload with its lead, position, time, actor, command and schema
/// version. Histories are append-only; sequence numbers start at 1 and are contiguous.
#[derive(Debug, Clone, PartialEq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EventEnvelope {
    /// The lead.
    pub lead_id: LeadId,
    /// The position in the lead's history, from 1; equals the lead's version after it.
    pub seq: u64,
    /// When it happened (the command's `at`).
    #[cfg_attr(
        feature = "serde",
        serde(
            serialize_with = "crate::serde_time::serialize_utc",
            deserialize_with = "crate::serde_time::deserialize_utc"
        )
    )]
    pub occurred_at: DateTime<Utc>,
    /// Who caused it.
    pub actor: Actor,
    /// The command that caused it.
    pub command_id: CommandId,
    /// The schema version it was written with.
    pub schema_version: u16,
    /// What happened.
    pub event: Event,
}
