//! Return on marketing spend: ROI and cost per MQL, per SAL and per win, per campaign.

use std::collections::BTreeMap;
use std::fmt;

use crate::id::CampaignId;
use crate::money::{Currency, Money};

use super::attribution::{AttributionReport, Credit, MICROS, Model};
use super::error::MetricsError;
use super::table::{Table, bps, micros};

/// Spend per campaign, supplied by the host, all in the report's currency.
pub type Spend = BTreeMap<CampaignId, Money>;

/// A campaign's return under one attribution model.
///
/// `roi_bps` is `(revenue - spend) / spend` in basis points (10,000 = 100%), truncated
/// toward zero; costs per conversion are `spend / credited conversions`, truncated to the
/// minor unit. Each is `None` when its divisor is zero.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RoiRow {
    /// The campaign.
    pub campaign: CampaignId,
    /// What it cost (zero when the host supplied no spend for it).
    pub spend: Money,
    /// The credit it earned.
    pub credit: Credit,
    /// Return on investment, in basis points.
    pub roi_bps: Option<i64>,
    /// Spend per credited MQL.
    pub cost_per_mql: Option<Money>,
    /// Spend per credited SAL.
    pub cost_per_sal: Option<Money>,
    /// Spend per credited win.
    pub cost_per_win: Option<Money>,
}

/// The return of every campaign (credited or with spend) under one model, by campaign id.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct RoiTable {
    /// The attribution model.
    pub model: Model,
    /// The currency of every amount.
    pub currency: Currency,
    /// One row per campaign.
    pub rows: Vec<RoiRow>,
}

/// `spend * MICROS / credit` in minor units, or `None` without credit.
fn cost_per(spend: i64, credit: i64, currency: Currency) -> Option<Money> {
    if credit <= 0 {
        return None;
    }
    let cost = i128::from(spend) * i128::from(MICROS) / i128::from(credit);
    i64::try_from(cost).ok().map(|c| Money::new(c, currency))
}

/// `(revenue - spend) * 10_000 / spend`, or `None` without spend.
pub(crate) fn roi_bps(revenue: i64, spend: i64) -> Option<i64> {
    if spend == 0 {
        return None;
    }
    let gain = i128::from(revenue) - i128::from(spend);
    i64::try_from(gain * 10_000 / i128::from(spend)).ok()
}

/// Checks that every amount of `spend` is in `currency`.
pub(crate) fn check_spend(spend: &Spend, currency: Currency) -> Result<(), MetricsError> {
    match spend.values().find(|m| m.currency() != currency) {
        Some(other) => Err(MetricsError::CurrencyMismatch {
            expected: currency,
            found: other.currency(),
            lead: None,
        }),
        None => Ok(()),
    }
}

impl AttributionReport {
    /// The return of each campaign under `model`, given the host's `spend`.
    ///
    /// # Errors
    /// [`MetricsError::CurrencyMismatch`] when a spend is in another currency than the
    /// report's.
    pub fn roi(&self, model: Model, spend: &Spend) -> Result<RoiTable, MetricsError> {
        let currency = self.spec.currency;
        check_spend(spend, currency)?;
        let empty = BTreeMap::new();
        let credits = self.models.get(&model).map_or(&empty, |m| &m.campaigns);
        let mut campaigns: Vec<&CampaignId> = credits.keys().chain(spend.keys()).collect();
        campaigns.sort();
        campaigns.dedup();
        let rows = campaigns
            .into_iter()
            .map(|campaign| {
                let credit = credits.get(campaign).copied().unwrap_or_default();
                let cost = spend.get(campaign).map_or(0, Money::minor);
                RoiRow {
                    campaign: campaign.clone(),
                    spend: Money::new(cost, currency),
                    credit,
                    roi_bps: roi_bps(credit.revenue, cost),
                    cost_per_mql: cost_per(cost, credit.mqls, currency),
                    cost_per_sal: cost_per(cost, credit.sals, currency),
                    cost_per_win: cost_per(cost, credit.wins, currency),
                }
            })
            .collect();
        Ok(RoiTable {
            model,
            currency,
            rows,
        })
    }
}

impl fmt::Display for RoiTable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let money = |m: Option<Money>| m.map_or_else(|| "-".to_owned(), |m| m.to_string());
        let mut table = Table::new(
            format!("roi by campaign ({})", self.model),
            &[
                "campaign", "spend", "revenue", "roi", "mqls", "per mql", "sals", "per sal",
                "wins", "per win",
            ],
        );
        for row in &self.rows {
            table.row(vec![
                row.campaign.to_string(),
                row.spend.to_string(),
                Money::new(row.credit.revenue, self.currency).to_string(),
                bps(row.roi_bps),
                micros(row.credit.mqls),
                money(row.cost_per_mql),
                micros(row.credit.sals),
                money(row.cost_per_sal),
                micros(row.credit.wins),
                money(row.cost_per_win),
            ]);
        }
        write!(f, "{table}")
    }
}
