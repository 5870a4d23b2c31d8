//! The reverse waterfall: from the remaining plan back to the MQLs needed, and by when.

use chrono::{DateTime, TimeDelta, Utc};

use crate::event::{Event, EventEnvelope};
use crate::metrics::{FunnelCell, Sample};
use crate::money::{Currency, Money};
use crate::period::Period;
use crate::stage::Stage;

use super::error::ForecastError;
use super::view::{PPM, ceil_div, lead_at, money_text, table};

/// The four steps of the waterfall, from MQL to won, in order.
pub const STEPS: [(Stage, Stage); 4] = [
    (Stage::Mql, Stage::Sal),
    (Stage::Sal, Stage::Sql),
    (Stage::Sql, Stage::Opportunity),
    (Stage::Opportunity, Stage::Customer),
];

/// One measured step of the funnel: its conversion and median time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct StepRate {
    /// The earlier stage.
    pub from: Stage,
    /// The later stage.
    pub to: Stage,
    /// Of `cohort` leads that entered `from`, how many went on to `to`: the conversion is
    /// `converted / cohort`, kept as a fraction so the counts needed are exact.
    pub converted: u64,
    /// The leads that entered `from`.
    pub cohort: u64,
    /// The median time from `from` to `to`, in seconds, when measured.
    pub median_seconds: Option<i64>,
}

impl StepRate {
    /// A step converting `converted` of every `cohort` leads, with a median time.
    #[must_use]
    pub const fn new(
        from: Stage,
        to: Stage,
        converted: u64,
        cohort: u64,
        median_seconds: Option<i64>,
    ) -> Self {
        Self {
            from,
            to,
            converted,
            cohort,
            median_seconds,
        }
    }

    /// The conversion in ppm (rounded down), 0 for an empty cohort.
    #[must_use]
    pub fn rate_ppm(&self) -> u32 {
        rate_ppm(self.converted, self.cohort)
    }
}

/// The conversion rates, median stage velocities and average deal size the reverse
/// waterfall runs on: measured over earlier periods ([`MeasuredFunnel`], or
/// [`FunnelRates::from_funnel`] with a [`FunnelCell`] of a metrics report), or supplied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FunnelRates {
    /// MQL→SAL, SAL→SQL, SQL→opportunity, opportunity→won, in that order ([`STEPS`]).
    pub steps: [StepRate; 4],
    /// The average won deal.
    pub average_deal: Money,
}

fn rate_ppm(reached: u64, cohort: u64) -> u32 {
    if cohort == 0 {
        return 0;
    }
    let ppm = u128::from(reached) * u128::from(PPM) / u128::from(cohort);
    u32::try_from(ppm).unwrap_or(PPM).min(PPM)
}

impl FunnelRates {
    /// The rates of a metrics funnel cell (cohort conversion and median velocity of each
    /// step; the cell must measure the transitions in [`STEPS`], as the default funnel spec
    /// does) with the average deal size supplied.
    #[must_use]
    pub fn from_funnel(cell: &FunnelCell, average_deal: Money) -> Self {
        let steps = STEPS.map(|(from, to)| StepRate {
            from,
            to,
            converted: cell.reached(from, to),
            cohort: cell.reached(from, from),
            median_seconds: cell.velocity(from, to).and_then(Sample::median),
        });
        Self {
            steps,
            average_deal,
        }
    }
}

/// Funnel conversion, velocity and won amounts measured from histories over a window of
/// earlier periods; mergeable across shards.
///
/// A lead is in a step's cohort when it first entered `from` within the window (at or before
/// `now`); it converted when it entered `to` after that, at or before `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MeasuredFunnel {
    /// The window measured.
    pub window: Period,
    /// The instant measured at.
    pub now: DateTime<Utc>,
    /// The currency of the won amounts.
    pub currency: Currency,
    /// Per step ([`STEPS`]): leads in the cohort.
    pub cohort: [u64; 4],
    /// Per step: of those, converted.
    pub reached: [u64; 4],
    /// Per step: seconds from `from` to `to` of each converted lead.
    pub seconds: [Sample; 4],
    /// Wins in the window, in the currency.
    pub wins: u64,
    /// Their total amount.
    pub won: i128,
}

impl MeasuredFunnel {
    /// Measures `histories` (one slice of envelopes per lead) over `window`, at `now`.
    pub fn measure<'a, I>(
        window: Period,
        currency: Currency,
        histories: I,
        now: DateTime<Utc>,
    ) -> Self
    where
        I: IntoIterator<Item = &'a [EventEnvelope]>,
    {
        let mut seconds: [Vec<i64>; 4] = Default::default();
        let mut measured = Self {
            window,
            now,
            currency,
            cohort: [0; 4],
            reached: [0; 4],
            seconds: Default::default(),
            wins: 0,
            won: 0,
        };
        let end = now.min(window.end());
        for history in histories {
            let Some(lead) = lead_at(history, now) else {
                continue;
            };
            let visits = lead.visits();
            for (i, (from, to)) in STEPS.iter().enumerate() {
                let start = visits.iter().position(|v| {
                    v.stage == *from && window.contains(v.entered_at) && v.entered_at <= end
                });
                let Some(start) = start else { continue };
                let entered = visits.get(start).map(|v| v.entered_at);
                if let Some(c) = measured.cohort.get_mut(i) {
                    *c = c.saturating_add(1);
                }
                let reached = visits
                    .iter()
                    .skip(start.saturating_add(1))
                    .find(|v| v.stage == *to)
                    .map(|v| v.entered_at);
                if let (Some(entered), Some(reached)) = (entered, reached) {
                    if let Some(r) = measured.reached.get_mut(i) {
                        *r = r.saturating_add(1);
                    }
                    if let Some(s) = seconds.get_mut(i) {
                        s.push((reached - entered).num_seconds());
                    }
                }
            }
            for envelope in history.iter().filter(|e| e.occurred_at <= end) {
                if let Event::Won { amount } = &envelope.event {
                    if window.contains(envelope.occurred_at) && amount.currency() == currency {
                        measured.wins = measured.wins.saturating_add(1);
                        measured.won = measured.won.saturating_add(i128::from(amount.minor()));
                    }
                }
            }
        }
        measured.seconds = seconds.map(Sample::from_values);
        measured
    }

    /// Adds another shard's measurement over the same window, `now` and currency.
    ///
    /// # Errors
    /// [`ForecastError::IncompatibleReports`] when the window, `now` or currency differ.
    pub fn merge(&mut self, other: &MeasuredFunnel) -> Result<(), ForecastError> {
        if (self.window, self.now, self.currency) != (other.window, other.now, other.currency) {
            return Err(ForecastError::IncompatibleReports {
                what: "windows, nows or currencies",
            });
        }
        for i in 0..4 {
            if let (Some(a), Some(b)) = (self.cohort.get_mut(i), other.cohort.get(i)) {
                *a = a.saturating_add(*b);
            }
            if let (Some(a), Some(b)) = (self.reached.get_mut(i), other.reached.get(i)) {
                *a = a.saturating_add(*b);
            }
            if let (Some(a), Some(b)) = (self.seconds.get_mut(i), other.seconds.get(i)) {
                a.merge(b);
            }
        }
        self.wins = self.wins.saturating_add(other.wins);
        self.won = self.won.saturating_add(other.won);
        Ok(())
    }

    /// The measured rates; the average deal is the mean won amount (rounded down), zero
    /// without wins.
    #[must_use]
    pub fn rates(&self) -> FunnelRates {
        let mut steps = STEPS.map(|(from, to)| StepRate::new(from, to, 0, 0, None));
        for (i, step) in steps.iter_mut().enumerate() {
            step.converted = self.reached.get(i).copied().unwrap_or(0);
            step.cohort = self.cohort.get(i).copied().unwrap_or(0);
            step.median_seconds = self.seconds.get(i).and_then(Sample::median);
        }
        let average = if self.wins == 0 {
            0
        } else {
            self.won / i128::from(self.wins)
        };
        FunnelRates {
            steps,
            average_deal: Money::new(i64::try_from(average).unwrap_or(i64::MAX), self.currency),
        }
    }
}

/// What marketing must deliver for the plan: a plain MQL volume for a period, ready to feed
/// a period commitment in an SLA policy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct MqlCommitment {
    /// The period the revenue plan is for.
    pub period: Period,
    /// MQLs needed.
    pub mqls: u64,
    /// When they are needed by, if every stage velocity was measured.
    pub by: Option<DateTime<Utc>>,
}

/// The reverse waterfall: wins, opportunities, SQLs, SALs and MQLs needed to close the
/// remaining plan (each rounded up), and by when (the period end minus the median
/// velocities of the later steps).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Waterfall {
    /// The period the plan is for.
    pub period: Period,
    /// The remaining plan, in minor units.
    pub remaining: i128,
    /// The rates used.
    pub rates: FunnelRates,
    /// Wins needed.
    pub wins: u64,
    /// Opportunities, SQLs, SALs and MQLs needed: the `from` stage of each of [`STEPS`],
    /// in reverse (opportunities first).
    pub needed: [u64; 4],
    /// By when each of `needed` must have entered its stage, if measured.
    pub by: [Option<DateTime<Utc>>; 4],
}

impl Waterfall {
    /// The waterfall for `remaining` plan in `period`, on `rates`.
    ///
    /// # Errors
    /// [`ForecastError::CurrencyMismatch`] when the remaining plan and the average deal are
    /// in different currencies; [`ForecastError::NoDealSize`] when the average deal is not
    /// positive; [`ForecastError::NoConversion`] for a zero rate; overflow for absurd figures.
    pub fn plan(
        remaining: Money,
        period: Period,
        rates: &FunnelRates,
    ) -> Result<Self, ForecastError> {
        if remaining.currency() != rates.average_deal.currency() {
            return Err(ForecastError::CurrencyMismatch {
                expected: remaining.currency(),
                found: rates.average_deal.currency(),
            });
        }
        let overflow = || ForecastError::Overflow { what: "waterfall" };
        let amount = u128::try_from(remaining.minor().max(0)).unwrap_or(0);
        let deal = rates.average_deal.minor();
        if amount > 0 && deal <= 0 {
            return Err(ForecastError::NoDealSize);
        }
        let wins = ceil_div(amount, u128::try_from(deal.max(1)).unwrap_or(1));
        let mut needed = [0u64; 4];
        let mut count = wins;
        let mut deadline = Some(period.end());
        let mut by = [None; 4];
        for (k, step) in rates.steps.iter().rev().enumerate() {
            if count > 0 && (step.converted == 0 || step.cohort == 0) {
                return Err(ForecastError::NoConversion {
                    from: step.from,
                    to: step.to,
                });
            }
            count = ceil_div(
                count
                    .checked_mul(u128::from(step.cohort))
                    .ok_or_else(overflow)?,
                u128::from(step.converted.max(1)),
            );
            deadline = deadline.and_then(|d| {
                step.median_seconds
                    .and_then(|s| d.checked_sub_signed(TimeDelta::seconds(s)))
            });
            if let (Some(n), Some(b)) = (needed.get_mut(k), by.get_mut(k)) {
                *n = u64::try_from(count).map_err(|_| overflow())?;
                *b = deadline;
            }
        }
        Ok(Self {
            period,
            remaining: i128::from(remaining.minor().max(0)),
            rates: *rates,
            wins: u64::try_from(wins).map_err(|_| overflow())?,
            needed,
            by,
        })
    }

    /// Opportunities needed.
    #[must_use]
    pub fn opportunities(&self) -> u64 {
        self.needed[0]
    }

    /// SQLs needed.
    #[must_use]
    pub fn sqls(&self) -> u64 {
        self.needed[1]
    }

    /// SALs needed.
    #[must_use]
    pub fn sals(&self) -> u64 {
        self.needed[2]
    }

    /// MQLs needed.
    #[must_use]
    pub fn mqls(&self) -> u64 {
        self.needed[3]
    }

    /// The MQL figure as a volume commitment for the period.
    #[must_use]
    pub fn mql_commitment(&self) -> MqlCommitment {
        MqlCommitment {
            period: self.period,
            mqls: self.mqls(),
            by: self.by[3],
        }
    }

    /// A plain-text table, from wins back to MQLs.
    #[must_use]
    pub fn render_table(&self) -> String {
        let when = |t: Option<DateTime<Utc>>| {
            t.map_or_else(
                || "-".to_owned(),
                |t| t.format("%Y-%m-%d %H:%M").to_string(),
            )
        };
        let mut rows = vec![vec![
            "won".to_owned(),
            self.wins.to_string(),
            "-".to_owned(),
            when(Some(self.period.end())),
        ]];
        for (k, step) in self.rates.steps.iter().rev().enumerate() {
            rows.push(vec![
                step.from.to_string(),
                self.needed.get(k).copied().unwrap_or(0).to_string(),
                format!("{}/{}", step.converted, step.cohort),
                when(self.by.get(k).copied().flatten()),
            ]);
        }
        table(
            &format!(
                "Reverse waterfall for {} remaining (average deal {})",
                money_text(self.remaining),
                self.rates.average_deal
            ),
            &["stage", "needed", "converts", "by"],
            &rows,
        )
    }
}
