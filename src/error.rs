//! Errors and refusals, one enum per concern.

use chrono::{DateTime, Utc};

use crate::actor::Role;
use crate::command::ActionKind;
use crate::guard::UnmetCriterion;
use crate::id::{LeadId, UserId};
use crate::money::Currency;
use crate::policy::DenyReason;
use crate::stage::Stage;

/// An invalid value: a number that is not finite, a malformed currency, money that does not
/// add up.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ValueError {
    /// A number was NaN or infinite. Pass a finite number.
    #[error("number is not finite")]
    NotFinite,
    /// A currency code was not three ASCII upper-case letters. Use the ISO 4217 code.
    #[error("invalid currency code {code:?}: expected three upper-case letters")]
    InvalidCurrency {
        /// The code given.
        code: String,
    },
    /// Two amounts of different currencies were combined. Keep currencies apart.
    #[error("currency mismatch: {left} and {right}")]
    CurrencyMismatch {
        /// The first currency.
        left: Currency,
        /// The second currency.
        right: Currency,
    },
    /// An amount overflowed `i64` minor units.
    #[error("amount overflows")]
    Overflow,
}

/// Why `decide` refused a command. A refused command changes nothing and emits nothing.
///
/// Each variant names the rule that refused; show it to the actor or log it.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Refusal {
    /// The action is not possible from the current stage. Reload the lead: someone may have
    /// moved it; otherwise the action does not apply.
    #[error("{action} is not allowed from stage {from}")]
    TransitionNotAllowed {
        /// The lead's stage.
        from: Stage,
        /// The action refused.
        action: ActionKind,
    },
    /// The transition exists but the pipeline configuration disabled it.
    #[error("transition {from} -> {to} is disabled by the pipeline configuration")]
    TransitionDisabled {
        /// The lead's stage.
        from: Stage,
        /// The stage the action leads to.
        to: Stage,
    },
    /// The policy denied the actor this action on this lead.
    #[error("{actor} as {role} may not {action}: {reason}")]
    NotAuthorized {
        /// Who asked.
        actor: UserId,
        /// In which role.
        role: Role,
        /// The action.
        action: ActionKind,
        /// Which rule denied it.
        reason: DenyReason,
    },
    /// The qualification guard is not met; each unmet criterion is listed.
    #[error("qualification criteria unmet: {}", unmet.iter().map(ToString::to_string).collect::<Vec<_>>().join("; "))]
    GuardUnmet {
        /// Every unmet criterion.
        unmet: Vec<UnmetCriterion>,
    },
    /// The actor saw an older (or newer) version of the lead. Reload and retry.
    #[error("version conflict: expected {expected}, actual {actual}")]
    Conflict {
        /// The version the command expected.
        expected: u64,
        /// The lead's version.
        actual: u64,
    },
    /// A reject, recycle, disqualify or lose needs a non-blank reason code.
    #[error("{action} requires a reason")]
    ReasonRequired {
        /// The action.
        action: ActionKind,
    },
    /// An update that changes nothing. Give at least one field.
    #[error("{action} names nothing to update")]
    NothingToUpdate {
        /// The action.
        action: ActionKind,
    },
    /// A capture for a lead that already exists.
    #[error("lead {lead_id} already exists")]
    LeadAlreadyExists {
        /// The lead.
        lead_id: LeadId,
    },
    /// A command for a lead that was never captured. Capture it first.
    #[error("lead {lead_id} does not exist")]
    LeadNotFound {
        /// The lead.
        lead_id: LeadId,
    },
    /// The command names another lead than the state it was decided against. A host bug.
    #[error("command is for lead {command}, state is lead {state}")]
    LeadMismatch {
        /// The command's lead.
        command: LeadId,
        /// The state's lead.
        state: LeadId,
    },
    /// An amount was zero, negative, or in another currency than the opportunity.
    #[error("invalid amount: {reason}")]
    InvalidAmount {
        /// What is wrong with it.
        reason: String,
    },
    /// An attribute value is invalid (a non-finite number).
    #[error("invalid attribute {name:?}")]
    InvalidAttribute {
        /// The attribute.
        name: String,
    },
    /// A sub-status the lead's current stage does not allow (the pipeline configuration lists
    /// each stage's sub-statuses; see [`Machine::with_sub_statuses`](crate::Machine::with_sub_statuses)).
    /// Use one of the stage's sub-statuses, or clear it.
    #[error("sub-status {sub_status:?} is not allowed in stage {stage}")]
    UnknownSubStatus {
        /// The lead's stage.
        stage: Stage,
        /// The sub-status asked for.
        sub_status: String,
    },
    /// The command is dated before the lead's latest event; histories move forward in time.
    #[error("command at {at} is earlier than the lead's latest event at {last_event_at}")]
    TimeWentBackwards {
        /// The command's time.
        at: DateTime<Utc>,
        /// The latest event's time.
        last_event_at: DateTime<Utc>,
    },
}

/// Why a stored history could not be replayed. The history is corrupt or mixed up: the host
/// should not write to the lead until it is repaired.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum ReplayError {
    /// An event belongs to another lead than the first one.
    #[error("event {seq} belongs to lead {found}, expected {expected}")]
    WrongLead {
        /// The lead of the first event.
        expected: LeadId,
        /// The lead of the offending event.
        found: LeadId,
        /// Its sequence number.
        seq: u64,
    },
    /// Sequence numbers are not 1, 2, 3, …
    #[error("expected sequence number {expected}, found {found}")]
    Gap {
        /// The number expected.
        expected: u64,
        /// The number found.
        found: u64,
    },
    /// The first event is not a capture.
    #[error("history does not start with a capture (found {found})")]
    NotStartedByCapture {
        /// The first event's name.
        found: &'static str,
    },
    /// A capture appears after the first event.
    #[error("second capture at sequence {seq}")]
    SecondCapture {
        /// Its sequence number.
        seq: u64,
    },
}
