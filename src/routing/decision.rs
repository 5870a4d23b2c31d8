//! A routing decision and its explanation: the rules tried, the candidates skipped and why,
//! the owner chosen and why.

use std::fmt;

use chrono::{DateTime, Utc};

use crate::actor::Actor;
use crate::command::{Action, Command};
use crate::id::{CommandId, LeadId, QueueId, UserId};
use crate::owner::Owner;
use crate::routing::cursor::{CursorUpdate, PoolKey};
use crate::routing::territory::TerritoryId;

/// Why a rep could not take the lead.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum SkipReason {
    /// The rep is inactive.
    Inactive,
    /// The rep is out of office at `now`.
    OutOfOffice {
        /// When the rep is back.
        until: DateTime<Utc>,
    },
    /// The rep has reached their capacity for the period.
    AtCapacity {
        /// Leads in the period.
        load: u32,
        /// The capacity.
        capacity: u32,
    },
    /// The rep has weight 0: they take no routed leads.
    ZeroWeight,
    /// The account owner is not a rep in the roster, so their availability is unknown.
    NotInRoster,
}

impl fmt::Display for SkipReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            SkipReason::Inactive => f.write_str("inactive"),
            SkipReason::OutOfOffice { until } => write!(f, "out of office until {until}"),
            SkipReason::AtCapacity { load, capacity } => {
                write!(f, "at capacity ({load} of {capacity})")
            }
            SkipReason::ZeroWeight => f.write_str("weight 0"),
            SkipReason::NotInRoster => f.write_str("not in the roster"),
        }
    }
}

/// A candidate passed over, and why.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Skipped {
    /// The rep.
    pub rep: UserId,
    /// Why.
    pub reason: SkipReason,
}

/// Why a rule did not match the lead.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum NoMatch {
    /// The lead has no text value for the attribute the rule reads.
    MissingAttribute {
        /// The attribute.
        attribute: String,
    },
    /// The lead's country and region are in no territory.
    NoTerritory,
    /// The lead's territory is not one the rule routes.
    TerritoryNotListed {
        /// The lead's territory.
        territory: TerritoryId,
    },
    /// The lead's segment is not one the rule routes.
    SegmentNotListed {
        /// The lead's segment.
        segment: String,
    },
    /// The lead's account has no owner in the roster.
    NoAccountOwner {
        /// The account.
        account: String,
    },
}

impl fmt::Display for NoMatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            NoMatch::MissingAttribute { attribute } => write!(f, "no text attribute {attribute:?}"),
            NoMatch::NoTerritory => f.write_str("country and region are in no territory"),
            NoMatch::TerritoryNotListed { territory } => {
                write!(f, "territory {territory} is not routed by this rule")
            }
            NoMatch::SegmentNotListed { segment } => {
                write!(f, "segment {segment:?} is not routed by this rule")
            }
            NoMatch::NoAccountOwner { account } => write!(f, "account {account:?} has no owner"),
        }
    }
}

/// What one rule made of the lead.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum RuleOutcome {
    /// The rule did not match; the next one was tried.
    NotMatched {
        /// Why.
        why: NoMatch,
    },
    /// An account-owner rule found the owner, who is unavailable; the next rule was tried.
    OwnerUnavailable {
        /// The account owner.
        owner: UserId,
        /// Why they cannot take it.
        reason: SkipReason,
    },
    /// The rule matched and decided.
    Matched {
        /// The pool it routed to, if it picked from a pool.
        #[cfg_attr(
            feature = "serde",
            serde(default, skip_serializing_if = "Option::is_none")
        )]
        pool: Option<PoolKey>,
    },
}

/// One rule's line in a decision's trace.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RuleTrace {
    /// The rule's index in the configuration.
    pub index: usize,
    /// The rule's name.
    pub name: String,
    /// What it made of the lead.
    pub outcome: RuleOutcome,
}

/// Why the router fell back.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum FallbackCause {
    /// No rule matched the lead.
    NoRuleMatched,
    /// The matched rule's pool has no reps at all.
    EmptyPool {
        /// The rule's index.
        rule: usize,
    },
    /// Every rep in the matched rule's pool was skipped (see the decision's `skipped`).
    NobodyAvailable {
        /// The rule's index.
        rule: usize,
    },
}

impl fmt::Display for FallbackCause {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FallbackCause::NoRuleMatched => f.write_str("no rule matched"),
            FallbackCause::EmptyPool { rule } => write!(f, "rule {rule}'s pool has no reps"),
            FallbackCause::NobodyAvailable { rule } => {
                write!(f, "nobody in rule {rule}'s pool is available")
            }
        }
    }
}

/// Why the chosen owner (or nobody) was chosen.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(tag = "type", rename_all = "snake_case"))]
#[non_exhaustive]
pub enum Because {
    /// The lead's account is owned by this rep, who is available.
    AccountOwner {
        /// The account.
        account: String,
    },
    /// It was this rep's turn among the available reps of the pool.
    RoundRobin {
        /// Reps in the pool.
        pool_size: usize,
        /// Reps available.
        available: usize,
    },
    /// This rep had the lowest load among the available reps of the pool.
    LowestLoad {
        /// The rep's load.
        load: u32,
        /// Reps in the pool.
        pool_size: usize,
        /// Reps available.
        available: usize,
    },
    /// The rule hands leads to its queue.
    Queue {
        /// The queue.
        queue: QueueId,
    },
    /// The fallback applied.
    Fallback {
        /// Why.
        cause: FallbackCause,
    },
}

impl fmt::Display for Because {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Because::AccountOwner { account } => write!(f, "owns account {account:?}"),
            Because::RoundRobin {
                pool_size,
                available,
            } => write!(
                f,
                "round-robin turn among {available} available of {pool_size}"
            ),
            Because::LowestLoad {
                load,
                pool_size,
                available,
            } => write!(
                f,
                "lowest load ({load}) among {available} available of {pool_size}"
            ),
            Because::Queue { queue } => write!(f, "the rule hands leads to queue {queue}"),
            Because::Fallback { cause } => write!(f, "fallback: {cause}"),
        }
    }
}

/// A routing decision: who gets the lead (or nobody), and the whole explanation.
///
/// Build the hand-off command with [`RoutingDecision::hand_off`]; persist
/// [`RoutingDecision::cursor`] into the host's [`RoundRobinState`](crate::routing::RoundRobinState).
/// `Display` prints the explanation, one line per step.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RoutingDecision {
    /// The owner chosen, or `None` when the lead stays unassigned.
    pub owner: Option<Owner>,
    /// Why that owner (or nobody).
    pub because: Because,
    /// The rules tried, in order, up to the one that matched.
    pub rules: Vec<RuleTrace>,
    /// The candidates of the matched pool that were skipped, in rep id order.
    pub skipped: Vec<Skipped>,
    /// The pool's new round-robin state, when a turn was taken.
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Option::is_none")
    )]
    pub cursor: Option<CursorUpdate>,
}

impl RoutingDecision {
    /// The rule that matched, as (index, name), or `None` if none did.
    #[must_use]
    pub fn matched_rule(&self) -> Option<(usize, &str)> {
        self.rules
            .iter()
            .find(|trace| matches!(trace.outcome, RuleOutcome::Matched { .. }))
            .map(|trace| (trace.index, trace.name.as_str()))
    }

    /// Whether the fallback decided.
    #[must_use]
    pub fn is_fallback(&self) -> bool {
        matches!(self.because, Because::Fallback { .. })
    }

    /// The hand-off command for the chosen owner, or `None` when the lead stays unassigned.
    /// The host supplies the lead, the command id, the actor, the time and the version it
    /// saw, as for any [`Command`].
    #[must_use]
    pub fn hand_off(
        &self,
        lead_id: LeadId,
        command_id: CommandId,
        actor: Actor,
        at: DateTime<Utc>,
        expected_version: u64,
    ) -> Option<Command> {
        self.owner.as_ref().map(|owner| {
            Command::new(
                lead_id,
                command_id,
                actor,
                at,
                expected_version,
                Action::HandOff { to: owner.clone() },
            )
        })
    }
}

impl fmt::Display for RoutingDecision {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.owner {
            Some(owner) => writeln!(f, "-> {owner}: {}", self.because)?,
            None => writeln!(f, "-> unassigned: {}", self.because)?,
        }
        for trace in &self.rules {
            write!(f, "   rule {} ({}): ", trace.index, trace.name)?;
            match &trace.outcome {
                RuleOutcome::NotMatched { why } => writeln!(f, "no match, {why}")?,
                RuleOutcome::OwnerUnavailable { owner, reason } => {
                    writeln!(f, "account owner {owner} unavailable, {reason}")?;
                }
                RuleOutcome::Matched { pool: Some(pool) } => writeln!(f, "matched, pool {pool}")?,
                RuleOutcome::Matched { pool: None } => writeln!(f, "matched")?,
            }
        }
        for skipped in &self.skipped {
            writeln!(f, "   skipped {}: {}", skipped.rep, skipped.reason)?;
        }
        Ok(())
    }
}
