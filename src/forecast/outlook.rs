//! The quarter outlook in a few calls: which quarter, the forecast against plan, and the
//! reverse waterfall of each territory that is short.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use chrono::{DateTime, Datelike, Utc};

use crate::money::Money;
use crate::period::{Period, PeriodError};
use crate::zone::Zone;

use super::error::ForecastError;
use super::plan::{Plan, PlanReport};
use super::report::ForecastReport;
use super::waterfall::{FunnelRates, MqlCommitment, Waterfall};

/// The quarter in `zone` that contains `t`.
///
/// # Errors
/// [`PeriodError::Invalid`] at the edges of the representable range.
pub fn quarter_containing(t: DateTime<Utc>, zone: Zone) -> Result<Period, PeriodError> {
    let local = zone.local(t);
    Period::quarter(local.year(), (local.month() - 1) / 3 + 1, zone)
}

/// The quarter in `zone` after the one that contains `t`.
///
/// ```
/// use chrono::{TimeZone, Utc};
/// use leadflow::{Period, Zone};
/// use leadflow::forecast::next_quarter;
/// let t = Utc.with_ymd_and_hms(2026, 11, 26, 8, 0, 0).unwrap();
/// assert_eq!(next_quarter(t, Zone::utc())?, Period::quarter(2027, 1, Zone::utc())?);
/// # Ok::<(), leadflow::PeriodError>(())
/// ```
///
/// # Errors
/// [`PeriodError::Invalid`] at the edges of the representable range.
pub fn next_quarter(t: DateTime<Utc>, zone: Zone) -> Result<Period, PeriodError> {
    let local = zone.local(t);
    let quarter = (local.month() - 1) / 3 + 1;
    if quarter == 4 {
        Period::quarter(local.year().saturating_add(1), 1, zone)
    } else {
        Period::quarter(local.year(), quarter + 1, zone)
    }
}

/// The quarter previous to `period`'s start in `zone`: the window to measure rates over.
///
/// # Errors
/// [`PeriodError::Invalid`] at the edges of the representable range.
pub fn previous_quarter(period: &Period, zone: Zone) -> Result<Period, PeriodError> {
    let before = period.start() - chrono::TimeDelta::nanoseconds(1);
    quarter_containing(before, zone)
}

/// The forecast held against the plan, with the reverse waterfall of each territory that
/// still has plan to close (those whose waterfall could not be computed are listed with
/// the reason).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Outlook {
    /// The forecast.
    pub forecast: ForecastReport,
    /// The forecast against the plan.
    pub plan: PlanReport,
    /// Per territory with remaining plan, its waterfall.
    pub waterfalls: BTreeMap<String, Waterfall>,
    /// Per territory whose waterfall failed (no conversion, no deal size), why.
    pub unplannable: BTreeMap<String, String>,
}

impl Outlook {
    /// Holds `forecast` against `plan` and runs the waterfall on `rates` (measured over
    /// earlier periods) for each territory's remaining plan.
    ///
    /// # Errors
    /// [`PlanReport::new`]'s errors (period or currency mismatch).
    pub fn new(
        forecast: ForecastReport,
        plan: &Plan,
        rates: &FunnelRates,
    ) -> Result<Self, ForecastError> {
        let against = PlanReport::new(&forecast, plan)?;
        let mut waterfalls = BTreeMap::new();
        let mut unplannable = BTreeMap::new();
        for row in against.rows.iter().filter(|r| r.remaining > 0) {
            let remaining = Money::new(
                i64::try_from(row.remaining).unwrap_or(i64::MAX),
                forecast.currency,
            );
            match Waterfall::plan(remaining, forecast.period, rates) {
                Ok(waterfall) => {
                    waterfalls.insert(row.territory.clone(), waterfall);
                }
                Err(error) => {
                    unplannable.insert(row.territory.clone(), error.to_string());
                }
            }
        }
        Ok(Self {
            forecast,
            plan: against,
            waterfalls,
            unplannable,
        })
    }

    /// The MQLs needed per territory: the volume commitments for marketing.
    #[must_use]
    pub fn mql_commitments(&self) -> BTreeMap<String, MqlCommitment> {
        self.waterfalls
            .iter()
            .map(|(territory, w)| (territory.clone(), w.mql_commitment()))
            .collect()
    }

    /// The forecast, plan and waterfall tables as one text.
    #[must_use]
    pub fn render_text(&self) -> String {
        let mut out = self.forecast.render_table();
        out.push('\n');
        out.push_str(&self.plan.render_table());
        for (territory, waterfall) in &self.waterfalls {
            out.push('\n');
            let _ = write!(out, "[{territory}] ");
            out.push_str(&waterfall.render_table());
        }
        for (territory, why) in &self.unplannable {
            let _ = write!(out, "\n[{territory}] no waterfall: {why}\n");
        }
        out
    }
}
