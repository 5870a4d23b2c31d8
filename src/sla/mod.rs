//! SLA policies between marketing and sales: goals with start, stop and pause conditions,
//! targets in calendar or business time, evaluated over a lead's history at a given `now`.
//!
//! - [`SlaPolicy`]: a version of the agreement, with ordered [`SlaGoal`]s (ready-made:
//!   [`SlaGoal::time_to_accept`], [`SlaGoal::time_to_first_touch`],
//!   [`SlaGoal::follow_up_cadence`], [`SlaGoal::mql_handoff_wait`]).
//! - [`SlaEvaluator`]: policy versions checked against the host's [`Calendars`], then
//!   applied to histories: a [`LeadSla`] per lead (cycles, goals, [`Outcome`]s with their
//!   [`Timeline`] and [`Escalation`] suggestions), an [`SlaSummary`] over many leads.
//! - [`CommitmentTally`] and [`Commitment`]: period commitments with pacing.
//! - [`compare`]: the same histories under two policies ([`WhatIf`]).
//!
//! The module does no I/O and never reads the clock: `now` is a parameter, and evaluating at
//! a past `now` gives exactly what it gave then.
//!
//! ## How a clock runs
//!
//! - It starts at the first event of a cycle that fires one of the goal's start triggers,
//!   if the goal's [`LeadFilter`] matches the lead right after that event (otherwise the
//!   next goal of the same metric is tried).
//! - It stops at the first later event that fires a stop trigger (the starting event itself
//!   is not checked against the stop triggers), or when the lead re-enters the funnel and a
//!   new cycle begins.
//! - It is paused while any pause condition holds, judged after each event.
//! - Working time is measured through the goal's clock: [`CalendarTime`](crate::CalendarTime)
//!   for calendar targets, the named calendar for business targets.
//! - Met means it stopped having used at most the target: acting exactly at the deadline
//!   meets it. Breached means more working time than the target has passed, so with
//!   business time a clock whose target ran out at closing time is at risk (nothing left)
//!   overnight and breached once the calendar opens again and time passes.
//! - At risk means it runs and has used at least the warning fraction of the target
//!   (rounded up to the second).
//!
//! ```
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use leadflow::Calendar;
//! use leadflow::sla::{Calendars, SlaEvaluator, SlaGoal, SlaPolicy, Target};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let from = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
//! // Any `WorkingTime` serves: the crate's business calendar, or the host's own.
//! let emea = Calendar::builder("+01:00").weekdays("09:00", "17:00").build()?;
//! let calendars = Calendars::new().with("emea", emea);
//! let policy = SlaPolicy::new(1, from)
//!     .goal(SlaGoal::time_to_accept(Target::business(TimeDelta::hours(4), "emea")))
//!     .goal(SlaGoal::time_to_first_touch(Target::business(TimeDelta::hours(8), "emea")))
//!     .goal(SlaGoal::follow_up_cadence(3, Target::business_days(5, 8, "emea")))
//!     .goal(SlaGoal::mql_handoff_wait(Target::calendar(TimeDelta::hours(24))));
//! let evaluator = SlaEvaluator::new(&[policy], &calendars)?;
//! let report = evaluator.evaluate(&[], from);
//! assert!(report.cycles.is_empty());
//! # Ok(())
//! # }
//! ```

mod clock;
mod commitment;
mod condition;
mod error;
mod evaluate;
mod goal;
mod outcome;
mod policy;
#[cfg(feature = "serde")]
pub(crate) mod secs;
mod summary;
mod whatif;

pub use commitment::{Commitment, CommitmentReport, CommitmentStatus, CommitmentTally};
pub use condition::{AttributeMatch, EVENT_NAMES, LeadFilter, PauseCondition, Trigger};
pub use error::SlaError;
pub use evaluate::SlaEvaluator;
pub use goal::{DEFAULT_WARNING, SlaGoal, Target};
pub use outcome::{
    CycleReport, Escalation, GoalReport, LeadSla, Outcome, OutcomeKind, PauseSpan, Stop, StopCause,
    Timeline,
};
pub use policy::{Calendars, DEFAULT_GRADE_ATTRIBUTE, MAX_GOALS, MAX_POLICIES, SlaPolicy};
pub use summary::{Counts, SlaSummary};
pub use whatif::{MetricComparison, WhatIf, compare};
