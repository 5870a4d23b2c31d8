//! Funnel metrics, attribution, ROI and the lead-effectiveness review: projections over the
//! event histories the host passes in.
//!
//! Every report is built in one pass over the histories (one slice of
//! [`EventEnvelope`](crate::EventEnvelope)s per lead), is deterministic (ordered maps and
//! sorted samples only), holds O(leads) values rather than O(events), and is a value with a
//! `merge`: a host may shard its leads by id, build a report per shard (on threads, a
//! consumer group, a Spark job) and merge them, and `merge(report(a), report(b))` equals
//! `report(a ++ b)` exactly. Percentiles are exact: a [`Sample`] keeps every value (one per
//! lead) sorted and merges by a linear merge of sorted lists.
//!
//! - [`FunnelReport`]: entries per stage, conversion by cohort and by period, velocity
//!   (median, p75, p90, in business or calendar time through [`WorkingTime`](crate::WorkingTime)),
//!   rates of advance, recycle and disqualification, and [`SalesFigures`] (handoffs worked
//!   and how soon, acceptance and rejection by reason, close rate), optionally by
//!   [`Dimension`]s (source, campaign, owner, team, [`Segment`]), plus the win rate by source.
//! - [`AttributionReport`]: revenue, wins, MQLs and SALs credited to campaigns by six
//!   [`Model`]s, exact to the minor unit; with [`Spend`], [`RoiRow`]s (ROI, cost per MQL,
//!   SAL and win).
//! - [`EffectivenessReport`] and its ranked [`Review`] against the previous period.
//! - [`MetricsReport`]: all three from a single pass.
//!
//! Leads must not be split across shards: merging two reports that both saw a lead counts
//! it twice.

mod allocate;
mod attribution;
mod attributor;
mod builder;
mod cell;
mod combined;
mod dimension;
mod effectiveness;
mod error;
mod facts;
mod funnel;
mod intern;
#[cfg(feature = "serde")]
mod pairs;
mod review;
mod roi;
mod sales;
mod sample;
mod segment;
#[cfg(feature = "serde")]
mod stage_map;
mod table;
mod weights;

pub use attribution::MICROS;
pub use attribution::{AttributionReport, AttributionSpec, Credit, Model, ModelCredits};
pub use cell::{Flows, FunnelCell, Transition, Velocity};
pub use combined::{MetricsReport, MetricsSpec};
pub use dimension::{Dimension, GroupKey, NONE};
pub use effectiveness::{EffectivenessReport, EffectivenessRow, EffectivenessSpec};
pub use error::MetricsError;
pub use funnel::{DEFAULT_TRANSITIONS, FunnelReport, FunnelSpec};
pub use review::{Review, ReviewChange, ReviewRow};
pub use roi::{RoiRow, RoiTable, Spend};
pub use sales::{SalesFigures, WinLoss};
pub use sample::Sample;
pub use segment::{Condition, Segment};
