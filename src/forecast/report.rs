//! The forecast report: by territory, team and owner, for one period, evaluated at `now`.

use std::borrow::Cow;
use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

use crate::event::EventEnvelope;
use crate::lead::{ForecastCategory, Lead};
use crate::metrics::NONE;
use crate::money::Currency;
use crate::owner::Owner;
use crate::period::Period;
use crate::stage::Stage;
use crate::zone::Zone;

use super::error::ForecastError;
use super::figures::{Figures, weigh};
use super::probability::WinModel;
use super::territory::TerritoryOf;
use super::view::{bps_text, lead_at, marketing_sourced, money_text, table};

/// What a forecast covers: the period (a month or quarter in `zone`), the currency, and
/// where each lead's territory comes from.
#[derive(Debug, Clone)]
pub struct ForecastSpec {
    /// The period forecast.
    pub period: Period,
    /// The zone whose local dates the expected close dates are in.
    pub zone: Zone,
    /// The report's currency; opportunities in other currencies are counted in
    /// [`ForecastReport::other_currency`] and left out.
    pub currency: Currency,
    /// Where a lead's territory comes from.
    pub territory: TerritoryOf,
}

impl ForecastSpec {
    /// A spec for `period` in `zone` and `currency`, with the territory from the attribute
    /// `region`.
    #[must_use]
    pub fn new(period: Period, zone: Zone, currency: Currency) -> Self {
        Self {
            period,
            zone,
            currency,
            territory: TerritoryOf::attribute("region"),
        }
    }

    /// The same spec with the territory taken from `territory`.
    #[must_use]
    pub fn with_territory(mut self, territory: TerritoryOf) -> Self {
        self.territory = territory;
        self
    }

    /// The first and last local dates of the period.
    fn dates(&self) -> (NaiveDate, NaiveDate) {
        let first = self.zone.local(self.period.start()).date();
        let last = self
            .zone
            .local(self.period.end() - TimeDelta::nanoseconds(1))
            .date();
        (first, last)
    }
}

/// One territory's figures, and the same broken down by team and by owner.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct TerritoryRow {
    /// The whole territory.
    pub total: Figures,
    /// By the owner's team ([`NONE`] for owners without one).
    pub teams: BTreeMap<String, Figures>,
    /// By owner: the user id, `queue:<id>` for a queue, [`NONE`] without an owner.
    pub owners: BTreeMap<String, Figures>,
}

impl TerritoryRow {
    fn add(&mut self, team: &str, owner: &str, figures: &Figures) {
        self.total.add(figures);
        self.teams.entry(team.to_owned()).or_default().add(figures);
        self.owners
            .entry(owner.to_owned())
            .or_default()
            .add(figures);
    }

    fn merge(&mut self, other: &TerritoryRow) {
        self.total.add(&other.total);
        for (team, figures) in &other.teams {
            self.teams.entry(team.clone()).or_default().add(figures);
        }
        for (owner, figures) in &other.owners {
            self.owners.entry(owner.clone()).or_default().add(figures);
        }
    }
}

/// A forecast for one period at `now`: per territory (and team and owner), closed won in
/// the period, the open opportunities expected to close in it weighted by their win
/// probability, commit and best-case totals, and the marketing-sourced share.
///
/// Only events at or before `now` count, so the same histories give the forecast as it stood
/// at any earlier instant (see [`AccuracyReport`](super::AccuracyReport)). Reports of
/// disjoint sets of leads merge exactly: `merge(report(a), report(b)) == report(a ++ b)`.
/// See the [module docs](super) for an example.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ForecastReport {
    /// The period forecast.
    pub period: Period,
    /// The instant the forecast was evaluated at.
    pub now: DateTime<Utc>,
    /// The currency of every amount.
    pub currency: Currency,
    /// All territories together.
    pub total: Figures,
    /// By territory.
    pub territories: BTreeMap<String, TerritoryRow>,
    /// Leads left out because their opportunity was in another currency.
    pub other_currency: u64,
}

impl ForecastReport {
    /// An empty report.
    #[must_use]
    pub fn empty(spec: &ForecastSpec, now: DateTime<Utc>) -> Self {
        Self {
            period: spec.period,
            now,
            currency: spec.currency,
            total: Figures::default(),
            territories: BTreeMap::new(),
            other_currency: 0,
        }
    }

    /// The forecast of `histories` (one slice of envelopes per lead) at `now`.
    pub fn build<'a, I>(
        spec: &ForecastSpec,
        model: &dyn WinModel,
        histories: I,
        now: DateTime<Utc>,
    ) -> Self
    where
        I: IntoIterator<Item = &'a [EventEnvelope]>,
    {
        let mut report = Self::empty(spec, now);
        let dates = spec.dates();
        for history in histories {
            if let Some(lead) = lead_at(history, now) {
                report.add_lead_in(spec, dates, model, &lead);
            }
        }
        report
    }

    /// The forecast of leads whose state is already as of `now` (the host replayed them, or
    /// keeps them current): the same figures as [`build`](Self::build) without replaying.
    pub fn from_leads<'a, I>(
        spec: &ForecastSpec,
        model: &dyn WinModel,
        leads: I,
        now: DateTime<Utc>,
    ) -> Self
    where
        I: IntoIterator<Item = &'a Lead>,
    {
        let mut report = Self::empty(spec, now);
        let dates = spec.dates();
        for lead in leads {
            report.add_lead_in(spec, dates, model, lead);
        }
        report
    }

    /// Adds one lead, whose state must be as of the report's `now`.
    pub fn add_lead(&mut self, spec: &ForecastSpec, model: &dyn WinModel, lead: &Lead) {
        self.add_lead_in(spec, spec.dates(), model, lead);
    }

    fn add_lead_in(
        &mut self,
        spec: &ForecastSpec,
        (first, last): (NaiveDate, NaiveDate),
        model: &dyn WinModel,
        lead: &Lead,
    ) {
        let mut figures = Figures::default();
        let marketing = marketing_sourced(lead);
        if let Some(amount) = lead.won_amount() {
            let won_at = lead.entered_at(Stage::Customer);
            if won_at.is_some_and(|t| self.period.contains(t) && t <= self.now) {
                if amount.currency() != self.currency {
                    self.other_currency = self.other_currency.saturating_add(1);
                    return;
                }
                figures.won = i128::from(amount.minor());
                figures.won_count = 1;
                if marketing {
                    figures.marketing_won = figures.won;
                }
            }
        }
        if let Some(opportunity) = lead.opportunity() {
            let open = lead.stage() == Stage::Opportunity;
            let category = opportunity.forecast_category;
            let in_period = opportunity
                .expected_close
                .is_some_and(|d| first <= d && d <= last);
            if open && in_period && category != ForecastCategory::Omitted {
                let amount = opportunity.amount;
                if amount.currency() != self.currency {
                    self.other_currency = self.other_currency.saturating_add(1);
                    return;
                }
                let minor = i128::from(amount.minor());
                figures.open = minor;
                figures.open_count = 1;
                figures.weighted = weigh(amount.minor(), model.win_ppm(lead, opportunity));
                match category {
                    ForecastCategory::Commit => figures.commit = minor,
                    ForecastCategory::BestCase => figures.best_case = minor,
                    _ => {}
                }
                if marketing {
                    figures.marketing_weighted = figures.weighted;
                }
            }
        }
        if figures == Figures::default() {
            return;
        }
        let territory = spec.territory.key(lead);
        let (team, owner) = owner_keys(lead.owner());
        self.total.add(&figures);
        if let Some(row) = self.territories.get_mut(territory.as_ref()) {
            row.add(&team, &owner, &figures);
        } else {
            let mut row = TerritoryRow::default();
            row.add(&team, &owner, &figures);
            self.territories.insert(territory.into_owned(), row);
        }
    }

    /// Adds another shard's report, built with the same spec and `now`.
    ///
    /// # Errors
    /// [`ForecastError::IncompatibleReports`] when the period, `now` or currency differ.
    pub fn merge(&mut self, other: &ForecastReport) -> Result<(), ForecastError> {
        if self.period != other.period {
            return Err(ForecastError::IncompatibleReports { what: "periods" });
        }
        if self.now != other.now {
            return Err(ForecastError::IncompatibleReports { what: "nows" });
        }
        if self.currency != other.currency {
            return Err(ForecastError::IncompatibleReports { what: "currencies" });
        }
        self.total.add(&other.total);
        for (territory, row) in &other.territories {
            self.territories
                .entry(territory.clone())
                .or_default()
                .merge(row);
        }
        self.other_currency = self.other_currency.saturating_add(other.other_currency);
        Ok(())
    }

    /// The figures of `territory` (zero when it has none).
    #[must_use]
    pub fn territory(&self, territory: &str) -> Figures {
        self.territories
            .get(territory)
            .map(|row| row.total)
            .unwrap_or_default()
    }

    /// A plain-text table: one line per territory and per owner within it, then the total.
    #[must_use]
    pub fn render_table(&self) -> String {
        let mut rows = Vec::new();
        let line = |name: String, f: &Figures| {
            vec![
                name,
                money_text(f.won),
                money_text(f.weighted),
                money_text(f.forecast()),
                money_text(f.commit_total()),
                money_text(f.best_case_total()),
                money_text(f.open),
                f.marketing_share_bps()
                    .map_or_else(|| "-".to_owned(), bps_text),
            ]
        };
        for (territory, row) in &self.territories {
            rows.push(line(territory.clone(), &row.total));
            for (owner, figures) in &row.owners {
                rows.push(line(format!("  {owner}"), figures));
            }
        }
        rows.push(line("total".to_owned(), &self.total));
        table(
            &format!(
                "Forecast {} at {} ({})",
                self.period,
                self.now.to_rfc3339(),
                self.currency
            ),
            &[
                "territory / owner",
                "won",
                "weighted",
                "forecast",
                "commit",
                "best case",
                "open",
                "marketing",
            ],
            &rows,
        )
    }
}

fn owner_keys(owner: Option<&Owner>) -> (Cow<'_, str>, Cow<'_, str>) {
    match owner {
        None => (Cow::Borrowed(NONE), Cow::Borrowed(NONE)),
        Some(owner) => {
            let team = owner.team().map_or(NONE, |t| t.as_str());
            let name = match owner {
                Owner::User { id, .. } => Cow::Borrowed(id.as_str()),
                Owner::Queue { id, .. } => Cow::Owned(format!("queue:{}", id.as_str())),
            };
            (Cow::Borrowed(team), name)
        }
    }
}
