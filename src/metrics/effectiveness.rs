//! The lead-effectiveness figures per campaign and per source, for the periodic review.

use std::collections::BTreeMap;

use crate::event::EventEnvelope;
use crate::id::LeadId;
use crate::money::Currency;
use crate::period::Period;
use crate::stage::Stage;

use super::dimension::NONE;
use super::error::{MetricsError, add_i64};
use super::facts::{LeadFacts, for_each_lead};
use super::intern::Interner;
use super::sample::Sample;

/// What an effectiveness report measures: the cohort of leads captured in `period`, with
/// revenue in `currency`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EffectivenessSpec {
    /// Leads captured in this period form the cohort.
    pub period: Period,
    /// The currency of the revenue; a win in another currency is an error.
    pub currency: Currency,
}

/// The figures of one campaign or source: of the leads it brought in the period, how many
/// became MQLs, were accepted by sales, won, for how much, and their scores.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EffectivenessRow {
    /// Leads captured in the period.
    pub volume: u64,
    /// Of those, leads that reached MQL.
    pub mqls: u64,
    /// Of the MQLs, leads that reached SAL after MQL (the MQL→SAL acceptance).
    pub accepted: u64,
    /// Leads that reached SAL by any path (sales-sourced leads included).
    pub sals: u64,
    /// Of the SALs, leads won afterwards.
    pub wins: u64,
    /// The amounts won, in minor units of the report's currency.
    pub revenue: i64,
    /// The leads' scores, as supplied by the host (leads without a score are left out).
    pub scores: Sample,
}

impl EffectivenessRow {
    fn add(&mut self, lead: &LeadRow) -> Result<(), MetricsError> {
        self.volume = self.volume.saturating_add(1);
        self.mqls = self.mqls.saturating_add(u64::from(lead.mql));
        self.accepted = self.accepted.saturating_add(u64::from(lead.accepted));
        self.sals = self.sals.saturating_add(u64::from(lead.sal));
        self.wins = self.wins.saturating_add(u64::from(lead.won));
        self.revenue = add_i64(self.revenue, lead.revenue, "revenue")?;
        if let Some(score) = lead.score {
            self.scores.push(score);
        }
        Ok(())
    }

    fn merge(&mut self, other: &EffectivenessRow) -> Result<(), MetricsError> {
        self.volume = self.volume.saturating_add(other.volume);
        self.mqls = self.mqls.saturating_add(other.mqls);
        self.accepted = self.accepted.saturating_add(other.accepted);
        self.sals = self.sals.saturating_add(other.sals);
        self.wins = self.wins.saturating_add(other.wins);
        self.revenue = add_i64(self.revenue, other.revenue, "revenue")?;
        self.scores.merge(&other.scores);
        Ok(())
    }
}

/// Whether a lead whose stage entries are `stages` (in history order) reached MQL, SAL
/// after its first MQL, SAL, and Customer after its first SAL: one read, without branching
/// on the stages.
#[allow(clippy::needless_bitwise_bool)] // `&` on purpose: no branch on the stages
fn reached(stages: impl Iterator<Item = Stage>) -> [bool; 4] {
    let (mut mql, mut accepted, mut sal, mut won) = (false, false, false, false);
    for stage in stages {
        // An entry after the first MQL (SAL) is after some MQL (SAL) entry.
        accepted |= mql & (stage == Stage::Sal);
        won |= sal & (stage == Stage::Customer);
        mql |= stage == Stage::Mql;
        sal |= stage == Stage::Sal;
    }
    [mql, accepted, sal, won]
}

#[allow(clippy::struct_excessive_bools)] // four independent facts about one lead
struct LeadRow {
    mql: bool,
    accepted: bool,
    sal: bool,
    won: bool,
    revenue: i64,
    score: Option<i64>,
}

/// The lead-effectiveness figures of a period, per sourcing campaign and per source (leads
/// without one are under [`NONE`]). Merge reports of disjoint leads with
/// [`merge`](Self::merge); rank and compare them with a [`Review`](super::Review).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct EffectivenessReport {
    /// What was measured.
    pub spec: EffectivenessSpec,
    /// Per sourcing campaign.
    pub by_campaign: BTreeMap<String, EffectivenessRow>,
    /// Per source.
    pub by_source: BTreeMap<String, EffectivenessRow>,
}

impl EffectivenessReport {
    /// An empty report for `spec`.
    #[must_use]
    pub fn empty(spec: &EffectivenessSpec) -> Self {
        Self {
            spec: *spec,
            by_campaign: BTreeMap::new(),
            by_source: BTreeMap::new(),
        }
    }

    /// Measures the leads of `histories` captured in the period; `score` gives the host's
    /// score of a lead (scoring is the host's or the scoring module's business), e.g.
    /// `|id| scores.get(&id).copied()` over a `BTreeMap<LeadId, i64>`.
    ///
    /// # Errors
    /// [`MetricsError::CurrencyMismatch`] for a win in another currency than the spec's;
    /// [`MetricsError::Overflow`] when revenue overflows.
    ///
    /// `histories` is read up to 15 leads ahead of the lead being added, so on an error
    /// it may have been advanced past the lead that raised it.
    pub fn build<'a, I>(
        spec: &EffectivenessSpec,
        histories: I,
        score: &dyn Fn(LeadId) -> Option<i64>,
    ) -> Result<Self, MetricsError>
    where
        I: IntoIterator<Item = &'a [EventEnvelope]>,
    {
        let mut builder = EffectivenessBuilder::new(spec);
        for_each_lead(histories, |facts| builder.add(facts, score))?;
        Ok(builder.finish())
    }

    /// The figures of one lead, or `None` when it was not captured in the period.
    fn lead_row(
        &self,
        facts: &LeadFacts<'_>,
        score: &dyn Fn(LeadId) -> Option<i64>,
    ) -> Result<Option<LeadRow>, MetricsError> {
        if !self.spec.period.contains(facts.captured_at) {
            return Ok(None);
        }
        let [mql, accepted, sal, won] = reached(facts.entries.iter().map(|e| e.stage));
        let mut revenue = 0i64;
        for (_, amount) in &facts.wins {
            if amount.currency() != self.spec.currency {
                return Err(MetricsError::CurrencyMismatch {
                    expected: self.spec.currency,
                    found: amount.currency(),
                    lead: Some(facts.lead_id),
                });
            }
            revenue = add_i64(revenue, amount.minor(), "revenue")?;
        }
        let lead = LeadRow {
            mql,
            accepted,
            sal,
            won,
            revenue,
            score: score(facts.lead_id),
        };
        Ok(Some(lead))
    }

    /// Adds the figures of `other`, a report of other leads built with the same spec.
    ///
    /// # Errors
    /// [`MetricsError::IncompatibleReports`] when the specs differ;
    /// [`MetricsError::Overflow`] when revenue would overflow. Either way `self` is
    /// unchanged.
    pub fn merge(&mut self, other: &EffectivenessReport) -> Result<(), MetricsError> {
        self.check_merge(other)?;
        for (key, theirs) in &other.by_campaign {
            with_row(&mut self.by_campaign, key, |r| r.merge(theirs))?;
        }
        for (key, theirs) in &other.by_source {
            with_row(&mut self.by_source, key, |r| r.merge(theirs))?;
        }
        Ok(())
    }
}

impl EffectivenessReport {
    /// Whether [`merge`](Self::merge) would succeed, changing nothing: the same spec, and
    /// no revenue sum overflows (the counts saturate).
    pub(crate) fn check_merge(&self, other: &EffectivenessReport) -> Result<(), MetricsError> {
        if self.spec != other.spec {
            return Err(MetricsError::IncompatibleReports {
                what: "effectiveness specs",
            });
        }
        let rows = [
            (&self.by_campaign, &other.by_campaign),
            (&self.by_source, &other.by_source),
        ];
        for (mine, theirs) in rows {
            for (key, row) in theirs {
                let revenue = mine.get(key).map_or(0, |r| r.revenue);
                add_i64(revenue, row.revenue, "revenue")?;
            }
        }
        Ok(())
    }
}

/// Applies `f` to the row of `key`, created if missing (allocating the key only then).
fn with_row<R>(
    map: &mut BTreeMap<String, EffectivenessRow>,
    key: &str,
    f: impl FnOnce(&mut EffectivenessRow) -> R,
) -> R {
    match map.get_mut(key) {
        Some(row) => f(row),
        None => f(map.entry(key.to_owned()).or_default()),
    }
}

/// Builds an [`EffectivenessReport`] lead by lead, with campaigns and sources interned.
#[derive(Debug)]
pub(crate) struct EffectivenessBuilder<'a> {
    report: EffectivenessReport,
    campaigns: Interner<'a>,
    campaign_rows: Vec<EffectivenessRow>,
    sources: Interner<'a>,
    source_rows: Vec<EffectivenessRow>,
}

impl<'a> EffectivenessBuilder<'a> {
    pub(crate) fn new(spec: &EffectivenessSpec) -> Self {
        Self {
            report: EffectivenessReport::empty(spec),
            campaigns: Interner::new(),
            campaign_rows: Vec::new(),
            sources: Interner::new(),
            source_rows: Vec::new(),
        }
    }

    /// Adds one lead, if it was captured in the period.
    pub(crate) fn add(
        &mut self,
        facts: &LeadFacts<'a>,
        score: &dyn Fn(LeadId) -> Option<i64>,
    ) -> Result<(), MetricsError> {
        let Some(lead) = self.report.lead_row(facts, score)? else {
            return Ok(());
        };
        let campaign = facts.campaign.map_or(NONE, |c| c.as_str());
        let (id, _) = self.campaigns.id(campaign);
        if self.campaign_rows.len() <= id {
            self.campaign_rows
                .resize_with(id + 1, EffectivenessRow::default);
        }
        if let Some(row) = self.campaign_rows.get_mut(id) {
            row.add(&lead)?;
        }
        let source = facts.source.map_or(NONE, |s| s.as_str());
        let (id, _) = self.sources.id(source);
        if self.source_rows.len() <= id {
            self.source_rows
                .resize_with(id + 1, EffectivenessRow::default);
        }
        if let Some(row) = self.source_rows.get_mut(id) {
            row.add(&lead)?;
        }
        Ok(())
    }

    /// Sorts the samples and hands over the report.
    pub(crate) fn finish(self) -> EffectivenessReport {
        let mut report = self.report;
        let rows = |interner: &Interner<'a>, rows: Vec<EffectivenessRow>| {
            rows.into_iter()
                .enumerate()
                .filter_map(|(id, mut row)| {
                    row.scores.sort();
                    Some((interner.name(id)?.to_owned(), row))
                })
                .collect::<BTreeMap<_, _>>()
        };
        report.by_campaign = rows(&self.campaigns, self.campaign_rows);
        report.by_source = rows(&self.sources, self.source_rows);
        report
    }
}

#[cfg(test)]
mod tests {
    use super::reached;
    use crate::Stage;

    proptest::proptest! {
        /// The one-read flags equal the scans from the first MQL and the first SAL.
        #[test]
        fn reached_equals_the_scans(stages in proptest::collection::vec(0usize..Stage::COUNT, 0..12)) {
            let stages: Vec<Stage> = stages.into_iter().filter_map(Stage::from_index).collect();
            let first = |stage: Stage| stages.iter().position(|s| *s == stage);
            let after = |from: Option<usize>, stage: Stage| {
                from.is_some_and(|i| stages.iter().skip(i).any(|s| *s == stage))
            };
            let (mql, sal) = (first(Stage::Mql), first(Stage::Sal));
            let scans = [
                mql.is_some(),
                after(mql, Stage::Sal),
                sal.is_some(),
                after(sal, Stage::Customer),
            ];
            proptest::prop_assert_eq!(reached(stages.iter().copied()), scans);
        }
    }
}
