//! Territory forecast, plan coverage and the reverse waterfall.
//!
//! - [`ForecastReport`]: for a period (a month or quarter in a zone) evaluated at `now`, per
//!   territory, team and owner: closed won in the period, the open opportunities expected
//!   to close in it weighted by a win probability, the commit and best-case totals, and the
//!   marketing-sourced share (leads that came through Mql or hand-off before Sal). Only
//!   events at or before `now` count, so backtests need nothing but the histories.
//! - The win probability is the host's choice ([`WinProbability`], or any [`WinModel`]):
//!   fixed per forecast category ([`CategoryProbabilities`]), the naive-Bayes model, or the
//!   empirical category-to-win conversion measured from closed history ([`EmpiricalRates`]).
//!   Probabilities are integers in parts per million, each weighted amount is rounded to the
//!   minor unit, and sums are exact, so a territory's figures are the sums of its owners'.
//! - [`Plan`] and [`PlanReport`]: per territory, the gap to plan, pipeline coverage (open
//!   pipeline over remaining plan) and whether closed won is on pace (linear pacing).
//! - [`Waterfall`]: from the remaining plan, the measured conversion rates and average deal
//!   size ([`MeasuredFunnel`], or a metrics [`FunnelCell`](crate::metrics::FunnelCell)),
//!   the wins, opportunities, SQLs, SALs and MQLs needed (rounded up), and by when (period
//!   end minus the median stage velocities). [`Waterfall::mql_commitment`] gives the MQL
//!   figure as a plain volume for the period, for an SLA commitment.
//! - [`Outlook`]: the forecast against plan with each short territory's waterfall, and
//!   [`next_quarter`] / [`previous_quarter`] to pick the periods: what a quarterly review
//!   needs in a few calls.
//! - [`AccuracyReport`]: the forecast at past `now`s against what then closed, with the mean
//!   absolute percentage error by territory.
//!
//! Money is in minor units of one currency per report; amounts in another currency are
//! counted and left out, never converted. Every report is deterministic (ordered maps), has
//! serde derives, a plain-text `render_table`, and a `merge` with
//! `merge(report(a), report(b)) == report(a ++ b)` for disjoint sets of leads.
//!
//! ```
//! use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
//! use leadflow::forecast::{CategoryProbabilities, ForecastReport, ForecastSpec, Plan,
//!                          PlanReport, WinProbability};
//! use leadflow::{Action, Actor, Attributes, Command, CommandId, Currency, Entry, ForecastCategory,
//!                LeadId, Machine, Money, Owner, Period, Role, Zone, replay};
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let eur = Currency::new("EUR")?;
//! let machine = Machine::new();
//! let (mia, ana) = (Actor::new("mia", Role::Marketer), Actor::new("ana", Role::SalesRep));
//! let steps = [
//!     (&mia, Action::Capture { entry: Entry::Inquiry, source: None, campaign: None,
//!         attributes: Attributes::from([("region".to_owned(), "emea".into())]) }),
//!     (&mia, Action::QualifyMql),
//!     (&mia, Action::HandOff { to: Owner::user("ana").in_team("emea") }),
//!     (&ana, Action::Accept),
//!     (&ana, Action::QualifySql),
//!     (&ana, Action::ConvertToOpportunity { amount: Money::new(10_000_00, eur),
//!         expected_close: NaiveDate::from_ymd_opt(2026, 5, 20) }),
//!     (&ana, Action::UpdateOpportunity { amount: None, expected_close: None,
//!         forecast_category: Some(ForecastCategory::Commit) }),
//! ];
//! let t0 = Utc.with_ymd_and_hms(2026, 4, 1, 9, 0, 0).unwrap();
//! let mut history = Vec::new();
//! for (n, (actor, action)) in steps.into_iter().enumerate() {
//!     let lead = replay(&history)?;
//!     let version = lead.as_ref().map_or(0, |l| l.version());
//!     let command = Command::new(LeadId::from_u128(1), CommandId::from_u128(n as u128),
//!         actor.clone(), t0 + TimeDelta::days(n as i64), version, action);
//!     history.extend(machine.decide(lead.as_ref(), &command)?.into_events());
//! }
//!
//! let q2 = Period::quarter(2026, 2, Zone::utc())?;
//! let spec = ForecastSpec::new(q2, Zone::utc(), eur); // territory from the "region" attribute
//! let model = WinProbability::Fixed(CategoryProbabilities::new(100_000, 400_000, 800_000)?);
//! let now = t0 + TimeDelta::days(10);
//! let report = ForecastReport::build(&spec, &model, [history.as_slice()], now);
//! let emea = report.territory("emea");
//! assert_eq!(emea.weighted, 8_000_00); // 80% of 10,000.00 in commit
//! assert_eq!(emea.commit_total(), 10_000_00);
//! assert_eq!(emea.marketing_share_bps(), Some(10_000)); // it came through marketing
//!
//! let plan = Plan::new(q2, eur).target("emea", 20_000_00);
//! let against = PlanReport::new(&report, &plan)?;
//! let row = against.row("emea").unwrap();
//! assert_eq!(row.gap, 12_000_00);
//! assert_eq!(row.coverage_bps, Some(5_000)); // 10,000 open over 20,000 remaining: 0.5×
//! assert!(!row.on_pace); // nothing won ten days into the quarter
//! # Ok(())
//! # }
//! ```

mod accuracy;
mod error;
mod figures;
mod outlook;
mod plan;
mod probability;
mod report;
mod territory;
mod view;
mod waterfall;

pub use accuracy::{AccuracyPoint, AccuracyReport};
pub use error::ForecastError;
pub use figures::{Figures, weigh};
pub use outlook::{Outlook, next_quarter, previous_quarter, quarter_containing};
pub use plan::{Plan, PlanReport, PlanRow};
pub use probability::{CategoryProbabilities, EmpiricalRates, WinModel, WinProbability};
pub use report::{ForecastReport, ForecastSpec, TerritoryRow};
pub use territory::TerritoryOf;
pub use view::{PPM, lead_at};
pub use waterfall::{FunnelRates, MeasuredFunnel, MqlCommitment, STEPS, StepRate, Waterfall};
