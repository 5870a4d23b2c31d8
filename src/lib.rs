//! # leadflow
//!
//! The B2B lead lifecycle between marketing and sales, as a library: agreed, typed funnel
//! stages; a state machine for the handoff with typed refusals; an append-only history of
//! who did what, when and why. It does no I/O: the host passes in `now`, stores the events
//! and loads the configuration, so everything is deterministic.
//!
//! ## Quick start
//!
//! ```
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use leadflow::{Action, Actor, Command, CommandId, LeadId, Machine, Owner, Reason, Refusal,
//!                RejectTo, Role, Stage, replay};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let machine = Machine::new();
//! let lead_id = LeadId::from_u128(42);
//! let mut history = Vec::new(); // the host's event store
//! let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
//! let marketer = Actor::new("mia", Role::Marketer);
//! let rep = Actor::new("ana", Role::SalesRep).in_team("emea");
//!
//! let steps = [
//!     (marketer.clone(), Action::capture()),
//!     (marketer.clone(), Action::QualifyMql),
//!     (marketer.clone(), Action::HandOff { to: Owner::user("ana").in_team("emea") }),
//!     (rep.clone(), Action::Accept),
//! ];
//! for (n, (actor, action)) in steps.into_iter().enumerate() {
//!     let lead = replay(&history)?;
//!     let version = lead.as_ref().map_or(0, |l| l.version());
//!     let at = t0 + TimeDelta::minutes(n as i64 * 30);
//!     let command = Command::new(lead_id, CommandId::from_u128(n as u128), actor, at, version, action);
//!     history.extend(machine.decide(lead.as_ref(), &command)?.into_events());
//! }
//! let lead = replay(&history)?.expect("captured");
//! assert_eq!(lead.stage(), Stage::Sal);
//!
//! // Rejecting without a reason is refused, and nothing changes.
//! let reject = Command::new(lead_id, CommandId::from_u128(9), rep, t0 + TimeDelta::hours(3),
//!     lead.version(), Action::Reject { reason: Reason::new(""), to: RejectTo::Nurture });
//! assert!(matches!(machine.decide(Some(&lead), &reject),
//!                  Err(Refusal::TransitionNotAllowed { from: Stage::Sal, .. })));
//! # Ok(())
//! # }
//! ```
//!
//! ## Layout
//!
//! - Core: [`Stage`], [`Command`] and [`Action`], [`Event`] in an [`EventEnvelope`],
//!   [`Lead`] state, the [`Machine`] with its [`Policy`] and [`QualificationGuard`],
//!   [`replay`] and [`evolve`].
//! - Values: ids ([`LeadId`], [`UserId`], …), [`Money`], [`Reason`], [`Attributes`],
//!   [`Activity`].
//! - Time: [`Zone`] (IANA or fixed offset), [`Period`] (a month or quarter in a zone),
//!   [`WorkingTime`] (calendar time, or business time through a calendar).
//! - [`routing`]: lead routing and assignment. A [`routing::Router`] (a validated
//!   [`routing::RoutingConfig`] of ordered territory, segment, account-owner and queue rules)
//!   routes a lead over a [`routing::Roster`] snapshot by weighted round robin or lowest load,
//!   skipping reps who are inactive, away or at capacity, with an explicit fallback; the
//!   [`routing::RoutingDecision`] explains itself and yields the hand-off command.
//! - Business calendars ([`calendar`]): a [`Calendar`] is a weekly schedule of local opening
//!   hours in a zone, with holidays and dated exceptions; `is_open`, `next_open`, `add` and
//!   `elapsed` are exact across DST and cost the same for an hour as for ten years.
//! - [`scoring`]: the [`Scorer`] trait and its [`ScoreCard`]; the rule scorer configured as
//!   data, with decay and the A1..D4 grid; qualification criteria as the MQL guard; naive
//!   Bayes on closed outcomes; calibration (conversion by band and cell, ROC AUC, the MQL
//!   threshold that best meets an objective).
//! - Metrics ([`metrics`]): funnel reports (stage entries, cohort and period conversion,
//!   velocity, sales-side figures) by dimension and segment, campaign attribution by six
//!   models with ROI, and the lead-effectiveness review; one pass, exact, mergeable.
//! - [`config`] (feature `config`): the whole pipeline as data. A `config::Pipeline` (allowed
//!   transitions, sub-statuses, calendars, scoring, qualification, queues and routing) loads
//!   from JSON or TOML, is versioned, validates everything at load with errors that name the
//!   offending field's path, and builds the configured [`Machine`].
//! - [`sla`]: SLA policies (versioned goals with start, stop and pause conditions, targets in
//!   calendar or business time), evaluated per lead and cycle at a given `now` with their
//!   timeline, summarized over many leads (mergeable), period commitments with pacing, and
//!   what-if comparisons of two policies.
//! - [`forecast`]: the territory forecast for a month or quarter at any `now` (closed won
//!   plus open amounts weighted by a win probability the host chooses: fixed per category,
//!   naive Bayes, or measured from closed history), held against the plan (gap, coverage,
//!   pace), the reverse waterfall from remaining plan to the MQLs needed and by when, and
//!   a backtest of forecast accuracy; exact, mergeable.
//! - [`worklist`]: the rep's [`Worklist`] at a given `now`: open leads ordered by SLA urgency
//!   (breached, at risk, running by remaining business time), then score, then lead id, each
//!   [`WorklistEntry`] with its goal, deadline, score, grade and next expected action; a
//!   manager's view by rep with capacity flags; shards merge by a k-way merge.
//!
//! ## Features
//!
//! - `serde` (default): serialize and deserialize every public data type. Enums are tagged
//!   `type`, snake case. The event format is versioned ([`SCHEMA_VERSION`]).
//! - `tz` (default): IANA time zones for business calendars, via chrono-tz.
//! - `json`: the [`json`] module, a JSON-in / JSON-out facade for hosts in other languages.
//! - `config`: the [`config`] module, the pipeline configuration from JSON or TOML (adds
//!   `serde_json`, `toml` and `serde_path_to_error`).
//! - `schema`: `config::json_schema`, the JSON Schema of the pipeline configuration (adds
//!   schemars).
//! - `proptest`: the [`strategies`] module, proptest strategies for commands, histories and
//!   leads, for dependents to test their integration.
//!
//! ## Purity
//!
//! The crate never reads the clock, a file or the network, and never mints ids: chrono and
//! uuid are built without their clock and random features, so `Utc::now()` and
//! `Uuid::new_v4()` do not even compile inside it. The same inputs give the same outputs.
//!
//! ## Personal data
//!
//! Attribute values (contact fields: names, e-mail addresses, phone numbers, whatever the
//! host stores on a lead) and the free-text note of a [`Reason`] are personal data. Their
//! `Debug` output is redacted, so a logged command, event, lead or refusal does not leak
//! them; read them explicitly through [`AttributeValue`]'s variants and accessors and
//! [`Reason::note`]. Ids, stages, attribute names, reason codes and sub-statuses are labels
//! from the host's own vocabulary and are shown: keep personal data out of them.
// The crate docs above link the feature-gated modules `config`, `json` and `strategies`;
// without those features the links cannot resolve. CI checks the links with every feature
// on (as docs.rs builds), so a build without them only skips that check.
#![cfg_attr(
    not(all(feature = "config", feature = "json", feature = "proptest")),
    allow(rustdoc::broken_intra_doc_links)
)]
#![forbid(unsafe_code)]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod activity;
mod actor;
mod attribute;
mod business_time;
pub mod calendar;
mod command;
#[cfg(feature = "config")]
pub mod config;
mod decision;
mod error;
mod event;
#[cfg(feature = "serde")]
mod event_de;
pub mod forecast;
mod graph;
mod guard;
mod id;
mod lead;
mod machine;
pub mod metrics;
mod money;
mod owner;
#[cfg(feature = "serde")]
mod owner_de;
mod period;
mod policy;
mod reason;
#[cfg(feature = "serde")]
mod serde_time;
mod stage;
mod zone;

#[cfg(feature = "json")]
pub mod json;
pub mod scoring;

#[cfg(feature = "proptest")]
pub mod strategies;

pub mod routing;
pub use routing::{Roster, Router, RoutingConfig, RoutingDecision};

pub mod sla;
pub use sla::{LeadSla, SlaEvaluator, SlaGoal, SlaPolicy, SlaSummary};

pub mod worklist;
pub use worklist::{Worklist, WorklistEntry};

pub use activity::{Activity, ActivityKind};
pub use actor::{Actor, Role};
pub use attribute::{AttributeValue, Attributes};
pub use business_time::{CalendarTime, WorkingTime};
pub use calendar::{Calendar, CalendarError};
pub use command::{Action, ActionKind, Command, Entry, RejectTo};
pub use decision::{Decision, Events, EventsIntoIter};
pub use error::{Refusal, ReplayError, ValueError};
pub use event::{Event, EventEnvelope, SCHEMA_VERSION};
pub use graph::TransitionGraph;
pub use guard::{AlwaysQualified, QualificationGuard, UnmetCriterion};
pub use id::{CampaignId, CommandId, LeadId, QueueId, Source, TeamId, UserId};
pub use lead::{ForecastCategory, Lead, Opportunity, StageVisit};
pub use machine::{Machine, SubStatuses, evolve, replay};
pub use money::{Currency, Money};
pub use owner::Owner;
pub use period::{Period, PeriodError};
pub use policy::{ActionSet, DefaultPolicy, DenyReason, Policy};
pub use reason::Reason;
pub use scoring::{ScoreCard, Scorer};
pub use stage::{Stage, Team};
pub use zone::{Zone, ZoneError};
