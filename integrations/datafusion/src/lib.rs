//! leadflow's reports as [Apache DataFusion](https://datafusion.apache.org) aggregate
//! functions: compute the funnel, attribution and SLA-compliance reports of hundreds of
//! millions of leads where the events are, with results equal to what
//! [`leadflow`] computes in one pass over the same events, whatever the partitioning.
//!
//! ```
//! use std::sync::Arc;
//! use datafusion::prelude::SessionContext;
//! use leadflow::metrics::FunnelSpec;
//! use leadflow::{CalendarTime, Period, Zone};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let ctx = SessionContext::new();
//! let march = Period::month(2026, 3, Zone::utc())?;
//! ctx.register_udaf(leadflow_datafusion::history_udaf());
//! ctx.register_udaf(leadflow_datafusion::funnel_udaf(FunnelSpec::new(march), Arc::new(CalendarTime))?);
//! // Then, over a table `events` (one row per event envelope):
//! let sql = "WITH leads AS (
//!                SELECT lead_id, campaign,
//!                       leadflow_history(lead_id, seq, at, actor, command_id, payload) AS history
//!                FROM events GROUP BY lead_id, campaign)
//!            SELECT campaign, leadflow_funnel(history) AS funnel FROM leads GROUP BY campaign";
//! # let _ = sql;
//! # Ok(())
//! # }
//! ```
//!
//! ## The functions
//!
//! - [`history_udaf`] — `leadflow_history(lead_id, seq, at, actor, command_id, payload [,
//!   schema_version])`: grouped by lead id, one lead's history, ordered by `seq`, as a JSON
//!   list of [`EventEnvelope`](leadflow::EventEnvelope)s.
//! - [`funnel_udaf`] — `leadflow_funnel(history)`: the
//!   [`FunnelReport`](leadflow::metrics::FunnelReport) of the histories, as JSON.
//! - [`metrics_udaf`] — `leadflow_metrics(history)`: the
//!   [`MetricsReport`](leadflow::metrics::MetricsReport) (funnel, attribution by six models,
//!   effectiveness), as JSON.
//! - [`sla_udaf`] — `leadflow_sla(history)`: the [`SlaSummary`](leadflow::sla::SlaSummary)
//!   at a given `now` (outcome counts per goal, responsible team and owner), as JSON.
//!
//! The report functions are configured when built (the funnel spec and the calendar that
//! times velocities; the SLA policy versions, calendars and `now`), so a query carries no
//! configuration and a given function always computes the same thing.
//!
//! ## The events table
//!
//! One row per event envelope: `lead_id` (UUID text), `seq` (integer from 1), `at` (a
//! timestamp), `actor` (the [`Actor`](leadflow::Actor) as JSON), `command_id` (UUID text),
//! `payload` (the [`Event`](leadflow::Event) as JSON), plus whatever the host denormalizes
//! to group by (a `campaign`, a `team`). Parquet, CSV or any table provider will do.
//!
//! ## Why two aggregation steps
//!
//! A report folded from part of a lead's history is wrong (a lead seen at `Sal` without its
//! capture is not a lead of the funnel at all), and DataFusion's partial aggregation sees
//! whatever rows each partition holds: a file scan is split by file and by byte range, so
//! one lead's events are routinely read by several partitions. Folding events straight into
//! a report would therefore depend on the partitioning. Instead:
//!
//! 1. `leadflow_history` grouped by lead id gathers each lead's rows. Its partial state is
//!    the list of rows seen (merging concatenates), and only the final value, once every
//!    partition has been merged, orders them by `seq` into the whole history. Gathering is
//!    exact under any split because concatenation and sorting do not care about order.
//! 2. The report functions, grouped by campaign or team (or not at all), fold whole
//!    histories. Each partial state is a leadflow report of a disjoint set of leads, and
//!    leadflow's reports merge exactly: `merge(report(a), report(b)) == report(a ++ b)`.
//!
//! The result is the report the core computes in one pass, for any number of partitions
//! (the tests check 1, 2 and 8 on files where every lead is spread across files).
//!
//! ## Distributed: Ballista
//!
//! Nothing here is tied to one process: every partial state is a plain Arrow value (`LargeBinary`
//! for histories, Utf8 JSON for reports), so Ballista ships it between stages like any
//! other column, and the same functions run unchanged on its executors. Register them on the
//! client's session and on each executor's session (see the README for the steps).

mod history;
mod report;
mod reports;
#[cfg(test)]
mod tests;

pub use history::{HISTORY, history_udaf};
pub use reports::{FUNNEL, METRICS, SLA, funnel_udaf, metrics_udaf, sla_udaf};
