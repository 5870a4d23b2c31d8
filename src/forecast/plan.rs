//! The plan: a revenue target per territory for a period, held against the forecast.

use std::collections::BTreeMap;

use crate::money::{Currency, Money};
use crate::period::Period;

use super::error::ForecastError;
use super::figures::Figures;
use super::report::ForecastReport;
use super::view::{PPM, bps_text, ceil_div, money_text, table};

/// The host's revenue targets per territory for one period, in one currency.
///
/// ```
/// use leadflow::{Currency, Money, Period, Zone};
/// use leadflow::forecast::Plan;
/// let eur = Currency::new("EUR")?;
/// let plan = Plan::new(Period::quarter(2026, 2, Zone::utc())?, eur)
///     .target("emea", 100_000_00)
///     .target("amer", 150_000_00);
/// assert_eq!(plan.target_of("emea"), Money::new(100_000_00, eur));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Plan {
    /// The period the targets are for.
    pub period: Period,
    /// The currency of the targets.
    pub currency: Currency,
    /// Target per territory, in minor units.
    pub targets: BTreeMap<String, i64>,
}

impl Plan {
    /// A plan with no targets yet.
    #[must_use]
    pub fn new(period: Period, currency: Currency) -> Self {
        Self {
            period,
            currency,
            targets: BTreeMap::new(),
        }
    }

    /// The same plan with `territory`'s target set to `minor` units.
    #[must_use]
    pub fn target(mut self, territory: impl Into<String>, minor: i64) -> Self {
        self.targets.insert(territory.into(), minor);
        self
    }

    /// The target of `territory` (zero when it has none).
    #[must_use]
    pub fn target_of(&self, territory: &str) -> Money {
        Money::new(
            self.targets.get(territory).copied().unwrap_or(0),
            self.currency,
        )
    }
}

/// One territory against its plan.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PlanRow {
    /// The territory.
    pub territory: String,
    /// Its target.
    pub target: i128,
    /// Its forecast figures.
    pub figures: Figures,
    /// Target minus forecast: positive when the forecast falls short.
    pub gap: i128,
    /// What is still to win: target minus closed won, never below zero.
    pub remaining: i128,
    /// Open pipeline over remaining plan, in basis points (30 000 is 3× coverage); `None`
    /// when nothing remains.
    pub coverage_bps: Option<u64>,
    /// What linear pacing expects to be won by `now`: target × elapsed fraction (rounded up).
    pub pace_target: i128,
    /// Whether closed won is at or above the pace target.
    pub on_pace: bool,
}

/// The forecast held against the plan: per territory, the gap, coverage and pace.
///
/// ```
/// # use leadflow::{Currency, Period, Zone};
/// # use leadflow::forecast::{ForecastReport, ForecastSpec, Plan, PlanReport, WinProbability,
/// #     CategoryProbabilities};
/// # let eur = Currency::new("EUR")?;
/// # let q2 = Period::quarter(2026, 2, Zone::utc())?;
/// let spec = ForecastSpec::new(q2, Zone::utc(), eur);
/// let model = WinProbability::Fixed(CategoryProbabilities::new(100_000, 400_000, 800_000)?);
/// let report = ForecastReport::build(&spec, &model, std::iter::empty(), q2.start());
/// let plan = Plan::new(q2, eur).target("emea", 100_000_00);
/// let against = PlanReport::new(&report, &plan)?;
/// assert_eq!(against.rows[0].gap, 100_000_00);
/// assert_eq!(against.rows[0].coverage_bps, Some(0));
/// assert!(against.rows[0].on_pace); // nothing is due at the very start
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct PlanReport {
    /// The period.
    pub period: Period,
    /// The fraction of the period elapsed at the forecast's `now`, in ppm.
    pub elapsed_ppm: u32,
    /// The currency.
    pub currency: Currency,
    /// One row per territory in the plan or the forecast, by name.
    pub rows: Vec<PlanRow>,
}

impl PlanReport {
    /// Holds `report` against `plan`.
    ///
    /// # Errors
    /// [`ForecastError::IncompatibleReports`] when the periods differ;
    /// [`ForecastError::CurrencyMismatch`] when the currencies do.
    pub fn new(report: &ForecastReport, plan: &Plan) -> Result<Self, ForecastError> {
        if report.period != plan.period {
            return Err(ForecastError::IncompatibleReports { what: "periods" });
        }
        if report.currency != plan.currency {
            return Err(ForecastError::CurrencyMismatch {
                expected: report.currency,
                found: plan.currency,
            });
        }
        let fraction = report.period.elapsed_fraction(report.now);
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)] // in 0..=1e6
        let elapsed_ppm = ((fraction * f64::from(PPM)).round() as u32).min(PPM);
        let mut names: Vec<&String> = plan.targets.keys().collect();
        names.extend(report.territories.keys());
        names.sort();
        names.dedup();
        let rows = names
            .into_iter()
            .map(|territory| {
                let target = i128::from(plan.targets.get(territory).copied().unwrap_or(0));
                let figures = report.territory(territory);
                let remaining = target.saturating_sub(figures.won).max(0);
                let coverage_bps = (remaining > 0).then(|| {
                    let open = u128::try_from(figures.open.max(0)).unwrap_or(0);
                    let remaining = u128::try_from(remaining).unwrap_or(1);
                    u64::try_from(open.saturating_mul(10_000) / remaining).unwrap_or(u64::MAX)
                });
                let pace_target = i128::try_from(ceil_div(
                    u128::try_from(target.max(0))
                        .unwrap_or(0)
                        .saturating_mul(u128::from(elapsed_ppm)),
                    u128::from(PPM),
                ))
                .unwrap_or(i128::MAX);
                PlanRow {
                    territory: territory.clone(),
                    target,
                    figures,
                    gap: target.saturating_sub(figures.forecast()),
                    remaining,
                    coverage_bps,
                    pace_target,
                    on_pace: figures.won >= pace_target,
                }
            })
            .collect();
        Ok(Self {
            period: report.period,
            elapsed_ppm,
            currency: report.currency,
            rows,
        })
    }

    /// The row of `territory`, if it is in the plan or the forecast.
    #[must_use]
    pub fn row(&self, territory: &str) -> Option<&PlanRow> {
        self.rows.iter().find(|r| r.territory == territory)
    }

    /// A plain-text table, one line per territory.
    #[must_use]
    pub fn render_table(&self) -> String {
        let rows: Vec<Vec<String>> = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    r.territory.clone(),
                    money_text(r.target),
                    money_text(r.figures.won),
                    money_text(r.figures.forecast()),
                    money_text(r.gap),
                    money_text(r.remaining),
                    r.coverage_bps.map_or_else(
                        || "-".to_owned(),
                        |c| format!("{}.{:02}x", c / 10_000, (c % 10_000) / 100),
                    ),
                    money_text(r.pace_target),
                    if r.on_pace { "yes" } else { "no" }.to_owned(),
                ]
            })
            .collect();
        table(
            &format!(
                "Plan {} ({}, {} of the period elapsed)",
                self.period,
                self.currency,
                bps_text(u64::from(self.elapsed_ppm / 100))
            ),
            &[
                "territory",
                "target",
                "won",
                "forecast",
                "gap",
                "remaining",
                "coverage",
                "pace",
                "on pace",
            ],
            &rows,
        )
    }
}
