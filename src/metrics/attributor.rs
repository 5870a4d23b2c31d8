//! The attribution engine: credits each lead's conversions while reading, with campaigns
//! interned and scratch buffers reused, and yields an [`AttributionReport`] at the end.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use crate::id::CampaignId;
use crate::stage::Stage;

use super::allocate::largest_remainder;
use super::attribution::{AttributionReport, AttributionSpec, Credit, MICROS, Model};
use super::error::MetricsError;
use super::facts::LeadFacts;
use super::weights::{Milestones, weights};

const MODELS: usize = Model::ALL.len();

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Win,
    Mql,
    Sal,
}

impl Kind {
    /// A whole conversion of this kind, `count` micro-units of it, with `revenue`.
    fn credit(self, count: i64, revenue: i64) -> Credit {
        match self {
            Kind::Win => Credit {
                revenue,
                wins: count,
                ..Credit::default()
            },
            Kind::Mql => Credit {
                mqls: count,
                ..Credit::default()
            },
            Kind::Sal => Credit {
                sals: count,
                ..Credit::default()
            },
        }
    }
}

/// Credits conversions lead by lead; see [`AttributionReport`] for the rules.
#[derive(Debug)]
pub(crate) struct Attributor<'a> {
    spec: AttributionSpec,
    index: BTreeMap<&'a CampaignId, usize>,
    /// Per interned campaign, its credit under each model (`None`: never credited by it).
    campaigns: Vec<(&'a CampaignId, [Option<Credit>; MODELS])>,
    unattributed: [Credit; MODELS],
    totals: Credit,
    /// The lead's distinct campaigns sorted by id, with their interned index.
    distinct: Vec<(&'a CampaignId, usize)>,
    /// For each touch of the lead, its position in `distinct`.
    slot: Vec<usize>,
    weights: Vec<u64>,
    by_campaign: Vec<u64>,
    counts: Vec<i64>,
    money: Vec<i64>,
    order: Vec<(u128, usize)>,
}

impl<'a> Attributor<'a> {
    pub(crate) fn new(spec: &AttributionSpec) -> Result<Self, MetricsError> {
        if spec.half_life_secs <= 0 {
            return Err(MetricsError::InvalidParameter {
                what: format!("half-life of {} seconds", spec.half_life_secs),
            });
        }
        Ok(Self {
            spec: *spec,
            index: BTreeMap::new(),
            campaigns: Vec::new(),
            unattributed: [Credit::default(); MODELS],
            totals: Credit::default(),
            distinct: Vec::new(),
            slot: Vec::new(),
            weights: Vec::new(),
            by_campaign: Vec::new(),
            counts: Vec::new(),
            money: Vec::new(),
            order: Vec::new(),
        })
    }

    pub(crate) fn add(&mut self, facts: &LeadFacts<'a>) -> Result<(), MetricsError> {
        let period = self.spec.period;
        let converts = facts.wins.iter().any(|(at, _)| period.contains(*at))
            || facts
                .entries
                .iter()
                .any(|e| matches!(e.stage, Stage::Mql | Stage::Sal) && period.contains(e.at));
        if !converts {
            return Ok(());
        }
        self.intern(facts);
        for (at, amount) in &facts.wins {
            if !period.contains(*at) {
                continue;
            }
            if amount.currency() != self.spec.currency {
                return Err(MetricsError::CurrencyMismatch {
                    expected: self.spec.currency,
                    found: amount.currency(),
                    lead: Some(facts.lead_id),
                });
            }
            self.credit(facts, *at, Kind::Win, amount.minor())?;
        }
        for entry in &facts.entries {
            if !period.contains(entry.at) {
                continue;
            }
            match entry.stage {
                Stage::Mql => self.credit(facts, entry.at, Kind::Mql, 0)?,
                Stage::Sal => self.credit(facts, entry.at, Kind::Sal, 0)?,
                _ => {}
            }
        }
        Ok(())
    }

    /// Interns the lead's campaigns and maps each touch to its distinct campaign.
    fn intern(&mut self, facts: &LeadFacts<'a>) {
        self.distinct.clear();
        self.distinct
            .extend(facts.touches.iter().map(|t| (t.campaign, 0)));
        self.distinct.sort_unstable_by(|a, b| a.0.cmp(b.0));
        self.distinct.dedup_by(|a, b| a.0 == b.0);
        for (campaign, index) in &mut self.distinct {
            *index = if let Some(index) = self.index.get(campaign) {
                *index
            } else {
                let index = self.campaigns.len();
                self.index.insert(campaign, index);
                self.campaigns.push((campaign, [None; MODELS]));
                index
            };
        }
        self.slot.clear();
        let distinct = &self.distinct;
        self.slot.extend(facts.touches.iter().map(|t| {
            distinct
                .binary_search_by(|d| d.0.cmp(t.campaign))
                .unwrap_or(0)
        }));
    }

    fn credit(
        &mut self,
        facts: &LeadFacts<'a>,
        at: DateTime<Utc>,
        kind: Kind,
        revenue: i64,
    ) -> Result<(), MetricsError> {
        let whole = kind.credit(MICROS, revenue);
        self.totals.merge(&whole)?;
        let n = facts.touches.partition_point(|t| t.at <= at);
        let touches = facts.touches.get(..n).unwrap_or_default();
        if touches.is_empty() {
            for credit in &mut self.unattributed {
                credit.merge(&whole)?;
            }
            return Ok(());
        }
        let milestones = Milestones {
            at,
            mql: facts.last_entry_before(Stage::Mql, at),
            opportunity: facts.last_entry_before(Stage::Opportunity, at),
        };
        for (m, model) in Model::ALL.iter().enumerate() {
            weights(
                *model,
                touches,
                &milestones,
                self.spec.half_life_secs,
                &mut self.weights,
            );
            self.by_campaign.clear();
            self.by_campaign.resize(self.distinct.len(), 0);
            for (slot, w) in self.slot.iter().zip(&self.weights) {
                if let Some(sum) = self.by_campaign.get_mut(*slot) {
                    *sum = sum.saturating_add(*w);
                }
            }
            let credited = self.by_campaign.iter().filter(|w| **w > 0).count();
            if credited == 1 {
                // One campaign takes the whole conversion: no split to compute.
                let whole = |parts: &mut Vec<i64>, total: i64, weights: &[u64]| {
                    parts.clear();
                    parts.extend(weights.iter().map(|w| if *w > 0 { total } else { 0 }));
                };
                whole(&mut self.counts, MICROS, &self.by_campaign);
                whole(&mut self.money, revenue, &self.by_campaign);
            } else {
                largest_remainder(MICROS, &self.by_campaign, &mut self.counts, &mut self.order);
                if revenue != 0 {
                    largest_remainder(revenue, &self.by_campaign, &mut self.money, &mut self.order);
                }
            }
            for (j, (_, index)) in self.distinct.iter().enumerate() {
                // A campaign whose touches weigh nothing under this model gets no entry.
                if self.by_campaign.get(j).is_none_or(|w| *w == 0) {
                    continue;
                }
                let count = self.counts.get(j).copied().unwrap_or(0);
                let money = if revenue == 0 {
                    0
                } else {
                    self.money.get(j).copied().unwrap_or(0)
                };
                if let Some(slot) = self
                    .campaigns
                    .get_mut(*index)
                    .and_then(|(_, credits)| credits.get_mut(m))
                {
                    slot.get_or_insert_default()
                        .merge(&kind.credit(count, money))?;
                }
            }
        }
        Ok(())
    }

    pub(crate) fn finish(self) -> AttributionReport {
        let mut report = AttributionReport::empty(&self.spec);
        report.totals = self.totals;
        for (m, model) in Model::ALL.iter().enumerate() {
            let Some(credits) = report.models.get_mut(model) else {
                continue;
            };
            credits.unattributed = self.unattributed.get(m).copied().unwrap_or_default();
            for (campaign, per_model) in &self.campaigns {
                if let Some(Some(credit)) = per_model.get(m) {
                    credits.campaigns.insert((*campaign).clone(), *credit);
                }
            }
        }
        report
    }
}
