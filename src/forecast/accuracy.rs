//! Forecast accuracy: the forecast as it stood at past `now`s against what then closed.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::event::EventEnvelope;
use crate::money::Currency;
use crate::period::Period;

use super::error::ForecastError;
use super::probability::WinModel;
use super::report::{ForecastReport, ForecastSpec};
use super::view::{bps_text, lead_at, money_text, table};

/// A model that weighs nothing: the actuals need only closed won.
struct Unweighted;

impl WinModel for Unweighted {
    fn win_ppm(&self, _: &crate::lead::Lead, _: &crate::lead::Opportunity) -> u32 {
        0
    }
}

/// The forecast of one territory at one past `now`, and what was actually won.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AccuracyPoint {
    /// When the forecast was evaluated.
    pub now: DateTime<Utc>,
    /// The forecast then (won so far plus weighted open), minor units.
    pub forecast: i128,
    /// Closed won in the period as of the report's `as_of`, minor units.
    pub actual: i128,
}

impl AccuracyPoint {
    /// The absolute percentage error in basis points (rounded down); `None` when nothing
    /// was won (the error is undefined).
    #[must_use]
    pub fn ape_bps(&self) -> Option<u64> {
        if self.actual <= 0 {
            return None;
        }
        let error = self.forecast.saturating_sub(self.actual).unsigned_abs();
        let actual = self.actual.unsigned_abs();
        u64::try_from(error.saturating_mul(10_000) / actual).ok()
    }
}

/// A backtest: for each territory, the forecast at each of several past `now`s against
/// what closed in the period, and the mean absolute percentage error. It needs nothing but
/// the recorded histories. Mergeable across shards.
///
/// ```
/// # use leadflow::{Currency, Period, Zone};
/// # use leadflow::forecast::{AccuracyReport, ForecastSpec, WinProbability, CategoryProbabilities};
/// # let eur = Currency::new("EUR")?;
/// # let q1 = Period::quarter(2026, 1, Zone::utc())?;
/// let spec = ForecastSpec::new(q1, Zone::utc(), eur);
/// let model = WinProbability::Fixed(CategoryProbabilities::new(100_000, 400_000, 800_000)?);
/// let nows = [q1.start(), q1.start() + chrono::TimeDelta::days(30)];
/// let report = AccuracyReport::build(&spec, |_| model.clone(), std::iter::empty(), &nows, q1.end());
/// assert_eq!(report.mape_bps("emea"), None); // nothing recorded
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct AccuracyReport {
    /// The period forecast.
    pub period: Period,
    /// The currency.
    pub currency: Currency,
    /// When the actuals were taken (usually the period end or later).
    pub as_of: DateTime<Utc>,
    /// Per territory, one point per `now`, in the order of `now`.
    pub territories: BTreeMap<String, Vec<AccuracyPoint>>,
}

impl AccuracyReport {
    /// Evaluates the forecast of `histories` at each of `nows` (sorted and deduplicated),
    /// with the win model `model_at(now)` gives (so an empirical model can be measured with
    /// what was known then), against closed won in the period as of `as_of`.
    pub fn build<'a, I, W, F>(
        spec: &ForecastSpec,
        model_at: F,
        histories: I,
        nows: &[DateTime<Utc>],
        as_of: DateTime<Utc>,
    ) -> Self
    where
        I: IntoIterator<Item = &'a [EventEnvelope]>,
        W: WinModel,
        F: Fn(DateTime<Utc>) -> W,
    {
        let mut nows = nows.to_vec();
        nows.sort_unstable();
        nows.dedup();
        let models: Vec<W> = nows.iter().map(|now| model_at(*now)).collect();
        let mut forecasts: Vec<ForecastReport> = nows
            .iter()
            .map(|now| ForecastReport::empty(spec, *now))
            .collect();
        let mut actual = ForecastReport::empty(spec, as_of);
        for history in histories {
            for (report, model) in forecasts.iter_mut().zip(&models) {
                if let Some(lead) = lead_at(history, report.now) {
                    report.add_lead(spec, model, &lead);
                }
            }
            if let Some(lead) = lead_at(history, as_of) {
                actual.add_lead(spec, &Unweighted, &lead);
            }
        }
        let mut names: Vec<&String> = actual.territories.keys().collect();
        for report in &forecasts {
            names.extend(report.territories.keys());
        }
        names.sort();
        names.dedup();
        let territories = names
            .into_iter()
            .map(|name| {
                let won = actual.territory(name).won;
                let points = forecasts
                    .iter()
                    .map(|report| AccuracyPoint {
                        now: report.now,
                        forecast: report.territory(name).forecast(),
                        actual: won,
                    })
                    .collect();
                (name.clone(), points)
            })
            .collect();
        Self {
            period: spec.period,
            currency: spec.currency,
            as_of,
            territories,
        }
    }

    /// Adds another shard's backtest over the same period, currency, `as_of` and `now`s.
    ///
    /// # Errors
    /// [`ForecastError::IncompatibleReports`] when the parameters differ.
    pub fn merge(&mut self, other: &AccuracyReport) -> Result<(), ForecastError> {
        if (self.period, self.currency, self.as_of) != (other.period, other.currency, other.as_of) {
            return Err(ForecastError::IncompatibleReports {
                what: "periods, currencies or as-of instants",
            });
        }
        // Checked for every territory before any is changed, so a refused merge changes
        // nothing.
        let same_nows = other.territories.iter().all(|(name, points)| {
            self.territories.get(name).is_none_or(|mine| {
                mine.is_empty()
                    || (mine.len() == points.len()
                        && mine.iter().zip(points).all(|(a, b)| a.now == b.now))
            })
        });
        if !same_nows {
            return Err(ForecastError::IncompatibleReports { what: "nows" });
        }
        for (name, points) in &other.territories {
            let mine = self.territories.entry(name.clone()).or_default();
            if mine.is_empty() {
                mine.clone_from(points);
                continue;
            }
            for (a, b) in mine.iter_mut().zip(points) {
                a.forecast = a.forecast.saturating_add(b.forecast);
                a.actual = a.actual.saturating_add(b.actual);
            }
        }
        Ok(())
    }

    /// The mean absolute percentage error of `territory` over the `now`s, in basis points
    /// (rounded down); `None` when the territory won nothing or is unknown.
    #[must_use]
    pub fn mape_bps(&self, territory: &str) -> Option<u64> {
        let points = self.territories.get(territory)?;
        let errors: Vec<u64> = points.iter().filter_map(AccuracyPoint::ape_bps).collect();
        let n = u64::try_from(errors.len()).ok().filter(|n| *n > 0)?;
        Some(errors.iter().fold(0u64, |a, b| a.saturating_add(*b)) / n)
    }

    /// A plain-text table: per territory, the forecast at each `now`, the actual and MAPE.
    #[must_use]
    pub fn render_table(&self) -> String {
        let mut rows = Vec::new();
        for (name, points) in &self.territories {
            for point in points {
                rows.push(vec![
                    name.clone(),
                    point.now.format("%Y-%m-%d").to_string(),
                    money_text(point.forecast),
                    money_text(point.actual),
                    point.ape_bps().map_or_else(|| "-".to_owned(), bps_text),
                ]);
            }
            rows.push(vec![
                format!("{name} MAPE"),
                String::new(),
                String::new(),
                String::new(),
                self.mape_bps(name).map_or_else(|| "-".to_owned(), bps_text),
            ]);
        }
        table(
            &format!(
                "Forecast accuracy {} as of {}",
                self.period,
                self.as_of.to_rfc3339()
            ),
            &["territory", "now", "forecast", "actual", "error"],
            &rows,
        )
    }
}
