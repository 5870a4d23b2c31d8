//! Lead routing and assignment: which owner or queue a lead goes to, decided purely from the
//! lead and a roster snapshot the host supplies, with the reason.
//!
//! - [`Roster`]: plain data the host keeps: [`Rep`]s (team, queues, active flag,
//!   out-of-office ranges, capacity and load in the period, weight, territories and segments
//!   covered), [`Queue`]s and account owners.
//! - [`RoutingConfig`]: the attribute names to read, the [`Territory`] definitions, the
//!   ordered [`Rule`]s (territory, segment, account owner, named queue; the first match
//!   wins), the [`Strategy`] (weighted round robin by turn, or lowest load) and the
//!   [`Fallback`] (a queue, a manager, or unassigned with the reason) when nobody qualifies.
//! - [`Router`]: the configuration validated against the roster (a typed [`ConfigError`]
//!   for bad input) with the indexes that keep a decision O(rules + matched pool).
//! - [`RoutingDecision`]: the owner (or nobody), why ([`Because`]), the rules tried
//!   ([`RuleTrace`]), each candidate skipped and why ([`SkipReason`]), and the new
//!   [`RoundRobinState`] of the pool for the host to persist. [`RoutingDecision::hand_off`]
//!   builds the [`Action::HandOff`](crate::Action::HandOff) command for the chosen owner.
//!
//! Reps who are inactive, out of office at `now` or at capacity are never chosen, not even
//! as an account's owner; reps with weight 0 are never picked from a pool.
//!
//! ```
//! use chrono::{TimeZone, Utc};
//! use leadflow::routing::*;
//! use leadflow::{AttributeValue, Attributes, Owner};
//!
//! let config = RoutingConfig::new()
//!     .with_territory(Territory::new("dach").with_countries(["DE", "AT", "CH"]))
//!     .with_rule(Rule::account_owner("keep the account owner"))
//!     .with_rule(Rule::territory("dach", ["dach"]))
//!     .with_fallback(Fallback::Queue { queue: "inbound".into() });
//! let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
//! let roster = Roster::new()
//!     .with_queue(Queue::new("inbound"))
//!     .with_rep(Rep::new("ana").covering("dach").away(now, now + chrono::TimeDelta::days(7)))
//!     .with_rep(Rep::new("ben").covering("dach"))
//!     .with_account_owner("acme", "ana");
//! let router = Router::new(config, &roster)?;
//!
//! let mut lead = Attributes::new();
//! lead.insert("country".into(), AttributeValue::text("DE"));
//! lead.insert("account".into(), AttributeValue::text("acme"));
//! let decision = router.route_attributes(&lead, &roster, &RoundRobinState::new(), now)?;
//! // Ana owns acme but is away: the decision says so, and the territory rule picks Ben.
//! assert_eq!(decision.owner, Some(Owner::user("ben")));
//! assert!(matches!(decision.rules[0].outcome,
//!     RuleOutcome::OwnerUnavailable { reason: SkipReason::OutOfOffice { .. }, .. }));
//! assert_eq!(decision.skipped[0].rep.as_str(), "ana");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod config;
mod cursor;
mod decision;
mod error;
mod limits;
mod roster;
mod route;
mod router;
mod select;
mod territory;

pub use config::{
    AttributeNames, Fallback, QueueDelivery, RoutingConfig, Rule, RuleKind, Strategy,
};
pub use cursor::{CursorUpdate, PoolCursor, PoolKey, RoundRobinState};
pub use decision::{
    Because, FallbackCause, NoMatch, RoutingDecision, RuleOutcome, RuleTrace, SkipReason, Skipped,
};
pub use error::{ConfigError, RoutingError};
pub use limits::{MAX_QUEUES, MAX_REPS, MAX_ROUTING_RULES, MAX_TERRITORIES};
pub use roster::{Absence, Queue, Rep, Roster};
pub use router::Router;
pub use territory::{Territory, TerritoryId};
