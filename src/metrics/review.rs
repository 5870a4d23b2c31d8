//! The lead-effectiveness review: campaigns and sources ranked, with the change against the
//! previous period.

use std::collections::BTreeMap;
use std::fmt;

use crate::id::CampaignId;
use crate::money::{Currency, Money};
use crate::period::Period;

use super::dimension::Dimension;
use super::effectiveness::{EffectivenessReport, EffectivenessRow};
use super::error::MetricsError;
use super::roi::{Spend, check_spend, roi_bps};
use super::table::{Table, bps};

/// How a row changed against the previous period: current minus previous (for the rank,
/// previous minus current, so that climbing is positive). A figure is `None` when it is
/// undefined in either period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ReviewChange {
    /// Places climbed (negative: fell).
    pub rank: i64,
    /// Change in volume.
    pub volume: i64,
    /// Change in MQL→SAL acceptance, in basis points.
    pub acceptance_bps: Option<i64>,
    /// Change in SAL→won, in basis points.
    pub sal_to_won_bps: Option<i64>,
    /// Change in revenue, in minor units.
    pub revenue: i64,
    /// Change in ROI, in basis points.
    pub roi_bps: Option<i64>,
    /// Change in median score.
    pub median_score: Option<i64>,
}

/// One campaign or source in the review. Rates are in basis points (10,000 = 100%),
/// truncated; spend and ROI exist for campaigns with a spend.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct ReviewRow {
    /// [`Dimension::Campaign`] or [`Dimension::Source`].
    pub dimension: Dimension,
    /// The campaign or source.
    pub key: String,
    /// The rank within its dimension, from 1.
    pub rank: u32,
    /// Leads captured in the period.
    pub volume: u64,
    /// MQL→SAL acceptance.
    pub acceptance_bps: Option<i64>,
    /// SAL→won.
    pub sal_to_won_bps: Option<i64>,
    /// Revenue won from these leads.
    pub revenue: Money,
    /// Spend, for a campaign the host supplied one for.
    pub spend: Option<Money>,
    /// Return on the spend.
    pub roi_bps: Option<i64>,
    /// The median of the leads' scores.
    pub median_score: Option<i64>,
    /// The change against the previous period, when the row existed then.
    pub change: Option<ReviewChange>,
}

/// The lead-effectiveness review of a period: every campaign and every source, ranked by
/// revenue, then ROI, then volume, then name, with the change against the previous period.
///
/// A review is a view computed from (merged) [`EffectivenessReport`]s; it is not merged
/// itself: merge the reports, then review.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Review {
    /// The period reviewed.
    pub period: Period,
    /// The period compared against.
    pub previous: Option<Period>,
    /// The currency of every amount.
    pub currency: Currency,
    /// Campaigns, ranked.
    pub campaigns: Vec<ReviewRow>,
    /// Sources, ranked.
    pub sources: Vec<ReviewRow>,
}

fn rate_bps(part: u64, whole: u64) -> Option<i64> {
    if whole == 0 {
        return None;
    }
    i64::try_from(u128::from(part) * 10_000 / u128::from(whole)).ok()
}

fn diff(a: Option<i64>, b: Option<i64>) -> Option<i64> {
    a.zip(b).map(|(a, b)| a.saturating_sub(b))
}

fn rows(
    dimension: Dimension,
    map: &BTreeMap<String, EffectivenessRow>,
    currency: Currency,
    spend: &Spend,
) -> Vec<ReviewRow> {
    let mut rows: Vec<ReviewRow> = map
        .iter()
        .map(|(key, row)| {
            let spend = match dimension {
                Dimension::Campaign => spend.get(&CampaignId::new(key)).copied(),
                _ => None,
            };
            ReviewRow {
                dimension,
                key: key.clone(),
                rank: 0,
                volume: row.volume,
                acceptance_bps: rate_bps(row.accepted, row.mqls),
                sal_to_won_bps: rate_bps(row.wins, row.sals),
                revenue: Money::new(row.revenue, currency),
                spend,
                roi_bps: spend.and_then(|s| roi_bps(row.revenue, s.minor())),
                median_score: row.scores.median(),
                change: None,
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        b.revenue
            .minor()
            .cmp(&a.revenue.minor())
            .then_with(|| match (a.roi_bps, b.roi_bps) {
                (Some(x), Some(y)) => y.cmp(&x),
                (Some(_), None) => std::cmp::Ordering::Less,
                (None, Some(_)) => std::cmp::Ordering::Greater,
                (None, None) => std::cmp::Ordering::Equal,
            })
            .then(b.volume.cmp(&a.volume))
            .then_with(|| a.key.cmp(&b.key))
    });
    for (i, row) in rows.iter_mut().enumerate() {
        row.rank = u32::try_from(i + 1).unwrap_or(u32::MAX);
    }
    rows
}

fn compare(current: &mut [ReviewRow], previous: &[ReviewRow]) {
    for row in current {
        let Some(before) = previous.iter().find(|p| p.key == row.key) else {
            continue;
        };
        let volume = i128::from(row.volume) - i128::from(before.volume);
        row.change = Some(ReviewChange {
            rank: i64::from(before.rank) - i64::from(row.rank),
            volume: i64::try_from(volume).unwrap_or(i64::MAX),
            acceptance_bps: diff(row.acceptance_bps, before.acceptance_bps),
            sal_to_won_bps: diff(row.sal_to_won_bps, before.sal_to_won_bps),
            revenue: row.revenue.minor().saturating_sub(before.revenue.minor()),
            roi_bps: diff(row.roi_bps, before.roi_bps),
            median_score: diff(row.median_score, before.median_score),
        });
    }
}

impl Review {
    /// Ranks `current` and compares it with `previous` (the report of the previous period,
    /// with that period's spend), pricing campaigns with `spend`.
    ///
    /// # Errors
    /// [`MetricsError::CurrencyMismatch`] when a spend or the previous report is in another
    /// currency than `current`.
    pub fn new(
        current: &EffectivenessReport,
        spend: &Spend,
        previous: Option<(&EffectivenessReport, &Spend)>,
    ) -> Result<Self, MetricsError> {
        let currency = current.spec.currency;
        check_spend(spend, currency)?;
        let mut campaigns = rows(Dimension::Campaign, &current.by_campaign, currency, spend);
        let mut sources = rows(Dimension::Source, &current.by_source, currency, spend);
        if let Some((before, before_spend)) = previous {
            if before.spec.currency != currency {
                return Err(MetricsError::CurrencyMismatch {
                    expected: currency,
                    found: before.spec.currency,
                    lead: None,
                });
            }
            check_spend(before_spend, currency)?;
            let old = rows(
                Dimension::Campaign,
                &before.by_campaign,
                currency,
                before_spend,
            );
            compare(&mut campaigns, &old);
            let old = rows(Dimension::Source, &before.by_source, currency, before_spend);
            compare(&mut sources, &old);
        }
        Ok(Self {
            period: current.spec.period,
            previous: previous.map(|(p, _)| p.spec.period),
            currency,
            campaigns,
            sources,
        })
    }

    /// The review as plain-text tables (the same as its `Display`).
    #[must_use]
    pub fn render_table(&self) -> String {
        self.to_string()
    }
}

fn signed(value: Option<i64>) -> String {
    value.map_or_else(|| "-".to_owned(), |v| format!("{v:+}"))
}

impl fmt::Display for Review {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "lead-effectiveness review, period {}", self.period)?;
        if let Some(previous) = self.previous {
            writeln!(f, "compared with {previous}")?;
        }
        for (title, rows) in [
            ("by campaign", &self.campaigns),
            ("by source", &self.sources),
        ] {
            let mut table = Table::new(
                title,
                &[
                    "rank",
                    "key",
                    "volume",
                    "mql->sal",
                    "sal->won",
                    "revenue",
                    "roi",
                    "score",
                    "Δrank",
                    "Δvolume",
                    "Δrevenue",
                    "Δroi",
                ],
            );
            for row in rows {
                let change = row.change;
                table.row(vec![
                    row.rank.to_string(),
                    row.key.clone(),
                    row.volume.to_string(),
                    bps(row.acceptance_bps),
                    bps(row.sal_to_won_bps),
                    row.revenue.to_string(),
                    bps(row.roi_bps),
                    row.median_score
                        .map_or_else(|| "-".to_owned(), |s| s.to_string()),
                    signed(change.map(|c| c.rank)),
                    signed(change.map(|c| c.volume)),
                    change.map_or_else(
                        || "-".to_owned(),
                        |c| Money::new(c.revenue, self.currency).to_string(),
                    ),
                    bps(change.and_then(|c| c.roi_bps)),
                ]);
            }
            writeln!(f, "{table}")?;
        }
        Ok(())
    }
}
