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
//! - [`MetricsReport`]: all three from a single pass (the effectiveness figures optional).
//!
//! Leads must not be split across shards: merging two reports that both saw a lead counts
//! it twice.
//!
//! ```
//! use std::collections::BTreeMap;
//! use chrono::{TimeDelta, TimeZone, Utc};
//! use leadflow::metrics::{AttributionSpec, EffectivenessSpec, FunnelSpec, MetricsReport,
//!                         MetricsSpec, Model, Review};
//! use leadflow::{Action, Actor, CalendarTime, CampaignId, Command, CommandId, Currency, Entry,
//!                LeadId, Machine, Money, Owner, Period, Role, Source, Stage, Zone, replay};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! // One lead, sourced by the "webinar" campaign, walked to a win through the machine.
//! let eur = Currency::new("EUR")?;
//! let machine = Machine::new();
//! let (marketer, rep) = (Actor::new("mia", Role::Marketer), Actor::new("ana", Role::SalesRep));
//! let steps = [
//!     (&marketer, Action::Capture { entry: Entry::Inquiry, source: Some(Source::new("web")),
//!         campaign: Some(CampaignId::new("webinar")), attributes: Default::default() }),
//!     (&marketer, Action::QualifyMql),
//!     (&marketer, Action::HandOff { to: Owner::user("ana") }),
//!     (&rep, Action::Accept),
//!     (&rep, Action::QualifySql),
//!     (&rep, Action::ConvertToOpportunity { amount: Money::new(500_00, eur), expected_close: None }),
//!     (&rep, Action::Win { amount: None }),
//! ];
//! let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
//! let mut history = Vec::new();
//! for (n, (actor, action)) in steps.into_iter().enumerate() {
//!     let lead = replay(&history)?;
//!     let version = lead.as_ref().map_or(0, |l| l.version());
//!     let at = t0 + TimeDelta::days(n as i64);
//!     let command = Command::new(LeadId::from_u128(1), CommandId::from_u128(n as u128),
//!                                actor.clone(), at, version, action);
//!     history.extend(machine.decide(lead.as_ref(), &command)?.into_events());
//! }
//!
//! let march = Period::month(2026, 3, Zone::utc())?;
//! let spec = MetricsSpec {
//!     funnel: FunnelSpec::new(march),
//!     attribution: AttributionSpec::new(march, eur),
//!     effectiveness: Some(EffectivenessSpec { period: march, currency: eur }),
//! };
//! let score = |_: LeadId| Some(72);
//! let report = MetricsReport::build(&spec, &CalendarTime, [history.as_slice()], &score)?;
//! assert_eq!(report.funnel.total.entered(Stage::Customer), 1);
//! // Six days from capture to win: the velocity of the whole funnel.
//! let days = report.funnel.total.velocity(Stage::Inquiry, Stage::Customer).unwrap().median();
//! assert_eq!(days, Some(6 * 86_400));
//! // The only touch is the sourcing campaign: it gets the whole 500.00 under every model.
//! assert_eq!(report.attribution.revenue(Model::WShaped, &CampaignId::new("webinar")).minor(), 500_00);
//! // With 200.00 spent on it, the webinar returned 150%.
//! let spend = BTreeMap::from([(CampaignId::new("webinar"), Money::new(200_00, eur))]);
//! let effectiveness = report.effectiveness.as_ref().ok_or("the spec asks for it")?;
//! let review = Review::new(effectiveness, &spend, None)?;
//! assert_eq!(review.campaigns[0].roi_bps, Some(15_000));
//! assert!(review.render_table().contains("webinar"));
//! # Ok(())
//! # }
//! ```

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
mod keyhash;
#[cfg(feature = "serde")]
mod pairs;
mod pattern;
mod prefetch;
mod review;
mod roi;
mod sales;
mod sample;
mod segment;
#[cfg(feature = "serde")]
mod stage_map;
mod step;
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
