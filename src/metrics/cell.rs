//! One group of a funnel report: stage entries, cohort conversion, velocity, flows and the
//! sales side, and how one lead contributes to it.

use crate::business_time::WorkingTime;
use crate::period::Period;
use crate::stage::Stage;

use super::facts::{LeadFacts, Outcome};
use super::pattern::StagePattern;
use super::sales::{SalesFigures, ratio};
use super::sample::Sample;

/// A pair of stages whose velocity a funnel report measures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Transition {
    /// The earlier stage.
    pub from: Stage,
    /// The later stage.
    pub to: Stage,
}

impl Transition {
    /// The transition from `from` to `to`.
    #[must_use]
    pub const fn new(from: Stage, to: Stage) -> Self {
        Self { from, to }
    }
}

/// The time between two stages, one value (in working seconds) per lead whose entry into
/// `to` fell in the period and was preceded by an entry into `from` (the latest such entry).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Velocity {
    /// The pair of stages.
    pub transition: Transition,
    /// The working seconds, exact and sorted.
    pub seconds: Sample,
}

/// Stage changes in the period, by kind: the rates of advance, recycle and disqualification
/// are each count over `moves`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct Flows {
    /// Every stage change (not the capture).
    pub moves: u64,
    /// Into a later stage of the progression (or from Nurture back to MQL).
    pub advanced: u64,
    /// Into Nurture (recycled by sales, or rejected to nurture).
    pub recycled: u64,
    /// Into Disqualified (by marketing, or rejected by sales).
    pub disqualified: u64,
    /// Into Lost.
    pub lost: u64,
}

impl Flows {
    /// Advances over moves.
    #[must_use]
    pub fn advance_rate(&self) -> Option<f64> {
        ratio(self.advanced, self.moves)
    }

    /// Recycles over moves.
    #[must_use]
    pub fn recycle_rate(&self) -> Option<f64> {
        ratio(self.recycled, self.moves)
    }

    /// Disqualifications over moves.
    #[must_use]
    pub fn disqualification_rate(&self) -> Option<f64> {
        ratio(self.disqualified, self.moves)
    }

    fn merge(&mut self, other: &Flows) {
        self.moves = self.moves.saturating_add(other.moves);
        self.advanced = self.advanced.saturating_add(other.advanced);
        self.recycled = self.recycled.saturating_add(other.recycled);
        self.disqualified = self.disqualified.saturating_add(other.disqualified);
        self.lost = self.lost.saturating_add(other.lost);
    }
}

/// The funnel figures of one group.
///
/// `entered[s]` counts the leads that entered stage `s` (by [`Stage::index`]) in the period.
/// `cohort[x][y]` counts, of the leads that entered `x` in the period, those that entered `y`
/// at any time after their first entry into `x` in the period (the diagonal `cohort[x][x]`
/// is the cohort's size, equal to `entered[x]`). Conversion *by cohort* is
/// `cohort[x][y] / cohort[x][x]`; conversion *by period* is `entered[y] / entered[x]`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
pub struct FunnelCell {
    /// Leads with at least one stage entry in the period.
    pub leads: u64,
    /// Leads entering each stage in the period, indexed by [`Stage::index`] (serialized as
    /// an object keyed by stage).
    #[cfg_attr(feature = "serde", serde(with = "super::stage_map::counts"))]
    pub entered: [u64; Stage::COUNT],
    /// Cohort conversion counts, `cohort[from][to]`, indexed by [`Stage::index`] (serialized
    /// as nested objects keyed by stage, zeros left out).
    #[cfg_attr(feature = "serde", serde(with = "super::stage_map::matrix"))]
    pub cohort: [[u64; Stage::COUNT]; Stage::COUNT],
    /// Velocity per measured transition, in the order of the spec's transitions.
    pub velocity: Vec<Velocity>,
    /// Stage changes in the period.
    pub flows: Flows,
    /// The sales side.
    pub sales: SalesFigures,
}

impl FunnelCell {
    pub(crate) fn new(transitions: &[Transition]) -> Self {
        Self {
            leads: 0,
            entered: [0; Stage::COUNT],
            cohort: [[0; Stage::COUNT]; Stage::COUNT],
            velocity: transitions
                .iter()
                .map(|t| Velocity {
                    transition: *t,
                    seconds: Sample::default(),
                })
                .collect(),
            flows: Flows::default(),
            sales: SalesFigures::default(),
        }
    }

    /// Leads entering `stage` in the period.
    #[must_use]
    pub fn entered(&self, stage: Stage) -> u64 {
        self.entered.get(stage.index()).copied().unwrap_or(0)
    }

    /// Of the leads that entered `from` in the period, how many reached `to` afterwards.
    #[must_use]
    pub fn reached(&self, from: Stage, to: Stage) -> u64 {
        self.cohort
            .get(from.index())
            .and_then(|row| row.get(to.index()))
            .copied()
            .unwrap_or(0)
    }

    /// Cohort conversion: of the leads that entered `from` in the period, the share that
    /// reached `to` afterwards.
    #[must_use]
    pub fn cohort_conversion(&self, from: Stage, to: Stage) -> Option<f64> {
        ratio(self.reached(from, to), self.entered(from))
    }

    /// Period conversion: entries into `to` in the period over entries into `from`.
    #[must_use]
    pub fn period_conversion(&self, from: Stage, to: Stage) -> Option<f64> {
        ratio(self.entered(to), self.entered(from))
    }

    /// The velocity sample of a measured transition.
    #[must_use]
    pub fn velocity(&self, from: Stage, to: Stage) -> Option<&Sample> {
        self.velocity
            .iter()
            .find(|v| v.transition == Transition::new(from, to))
            .map(|v| &v.seconds)
    }

    /// Adds one lead's contribution (samples unsorted until [`finish`](Self::finish)).
    pub(crate) fn absorb(&mut self, lead: &LeadFunnel<'_>) {
        if lead.stages.entered == 0 {
            return;
        }
        self.absorb_stages(&lead.stages, 1);
        self.absorb_values(lead);
    }

    /// Adds what `count` leads of the stage pattern `stages` add, but for their dates: the
    /// lead count, the stages entered, the cohorts, the flows and the closes (`count` times
    /// one lead's, saturating as `count` additions would).
    pub(crate) fn absorb_stages(&mut self, stages: &StagePattern, count: u64) {
        if stages.entered == 0 || count == 0 {
            return;
        }
        self.leads = self.leads.saturating_add(count);
        for x in bits(stages.entered) {
            if let Some(n) = self.entered.get_mut(x) {
                *n = n.saturating_add(count);
            }
            let reached = stages.cohort.get(x).copied().unwrap_or(0);
            if let Some(row) = self.cohort.get_mut(x) {
                for y in bits(reached) {
                    if let Some(n) = row.get_mut(y) {
                        *n = n.saturating_add(count);
                    }
                }
            }
        }
        let f = &stages.flows;
        let flows = &mut self.flows;
        flows.moves = flows.moves.saturating_add(f.moves.saturating_mul(count));
        flows.advanced = flows
            .advanced
            .saturating_add(f.advanced.saturating_mul(count));
        flows.recycled = flows
            .recycled
            .saturating_add(f.recycled.saturating_mul(count));
        let disqualified = f.disqualified.saturating_mul(count);
        flows.disqualified = flows.disqualified.saturating_add(disqualified);
        flows.lost = flows.lost.saturating_add(f.lost.saturating_mul(count));
        let closed = &mut self.sales.closed;
        closed.won = closed.won.saturating_add(stages.won.saturating_mul(count));
        closed.lost = closed
            .lost
            .saturating_add(stages.lost.saturating_mul(count));
    }

    /// Adds the dated part of one lead's contribution (whose stage pattern has entries in
    /// the period): its velocity values and its handoffs.
    pub(crate) fn absorb_values(&mut self, lead: &LeadFunnel<'_>) {
        for (index, seconds) in &lead.velocity {
            if let Some(v) = self.velocity.get_mut(*index) {
                v.seconds.push(*seconds);
            }
        }
        let sales = &mut self.sales;
        sales.handed_off = sales.handed_off.saturating_add(lead.handed_off);
        sales.worked = sales.worked.saturating_add(lead.worked);
        for seconds in &lead.time_to_work {
            sales.time_to_work.push(*seconds);
        }
        sales.accepted = sales.accepted.saturating_add(lead.accepted);
        sales.rejected = sales.rejected.saturating_add(lead.rejected);
        for code in &lead.reasons {
            sales.add_reason(code);
        }
    }

    /// Sorts the samples after [`absorb`](Self::absorb)s.
    pub(crate) fn finish(&mut self) {
        for v in &mut self.velocity {
            v.seconds.sort();
        }
        self.sales.time_to_work.sort();
    }

    /// Adds a finished cell of the same spec.
    pub(crate) fn merge(&mut self, other: &FunnelCell) {
        self.add(other, true);
    }

    /// Adds the figures of `groups` (cells of the same spec, before [`finish`](Self::finish))
    /// and finishes them all: the groups' samples are sorted and this cell's samples become
    /// theirs together, with every value sorted once ([`Sample::sort_parts_into`]).
    pub(crate) fn finish_from_groups(&mut self, groups: &mut [&mut FunnelCell]) {
        for group in groups.iter() {
            self.add(group, false);
        }
        for (t, velocity) in self.velocity.iter_mut().enumerate() {
            let mut parts: Vec<&mut Sample> = groups
                .iter_mut()
                .filter_map(|group| group.velocity.get_mut(t).map(|v| &mut v.seconds))
                .collect();
            Sample::sort_parts_into(&mut velocity.seconds, &mut parts);
        }
        let mut parts: Vec<&mut Sample> = groups
            .iter_mut()
            .map(|group| &mut group.sales.time_to_work)
            .collect();
        Sample::sort_parts_into(&mut self.sales.time_to_work, &mut parts);
    }

    /// Adds the figures of `other`; its (sorted) samples merged in order when
    /// `with_samples`, else left to the caller.
    fn add(&mut self, other: &FunnelCell, with_samples: bool) {
        self.leads = self.leads.saturating_add(other.leads);
        for (mine, theirs) in self.entered.iter_mut().zip(other.entered) {
            *mine = mine.saturating_add(theirs);
        }
        for (mine, theirs) in self.cohort.iter_mut().zip(&other.cohort) {
            for (m, t) in mine.iter_mut().zip(theirs) {
                *m = m.saturating_add(*t);
            }
        }
        if with_samples {
            for (mine, theirs) in self.velocity.iter_mut().zip(&other.velocity) {
                mine.seconds.merge(&theirs.seconds);
            }
        }
        self.flows.merge(&other.flows);
        self.sales.add(&other.sales, with_samples);
    }
}

/// The positions of the set bits of `set`, lowest first.
fn bits(mut set: u16) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        if set == 0 {
            return None;
        }
        let bit = set.trailing_zeros() as usize;
        set &= set - 1;
        Some(bit)
    })
}

/// One lead's contribution to a cell, computed once and absorbed into each of its groups.
#[derive(Debug, Default)]
pub(crate) struct LeadFunnel<'a> {
    /// The lead's stage pattern, when computed for this lead alone ([`compute`]).
    ///
    /// [`compute`]: Self::compute
    pub(crate) stages: StagePattern,
    velocity: Vec<(usize, i64)>,
    handed_off: u64,
    worked: u64,
    time_to_work: Vec<i64>,
    accepted: u64,
    rejected: u64,
    reasons: Vec<&'a str>,
}

impl<'a> LeadFunnel<'a> {
    /// Computes the contribution of the lead of `facts` into this buffer, reusing its
    /// allocations.
    pub(crate) fn compute(
        &mut self,
        facts: &LeadFacts<'a>,
        period: &Period,
        transitions: &[Transition],
        working_time: &dyn WorkingTime,
    ) {
        let mut stages = std::mem::take(&mut self.stages);
        stages.compute(&facts.entries, period, transitions);
        self.values(facts, &stages, period, working_time);
        self.stages = stages;
    }

    /// Computes the dated part of the contribution of the lead of `facts`, whose stage
    /// pattern is `stages`: velocity values and handoffs (none when it entered no stage in
    /// the period).
    pub(crate) fn values(
        &mut self,
        facts: &LeadFacts<'a>,
        stages: &StagePattern,
        period: &Period,
        working_time: &dyn WorkingTime,
    ) {
        let lead = self;
        lead.velocity.clear();
        lead.handed_off = 0;
        lead.worked = 0;
        lead.time_to_work.clear();
        lead.accepted = 0;
        lead.rejected = 0;
        lead.reasons.clear();
        if stages.entered == 0 {
            return;
        }
        let entries = &facts.entries;
        for (index, from, to) in &stages.spans {
            if let (Some(from), Some(to)) = (entries.get(*from), entries.get(*to)) {
                let seconds = working_time.elapsed_seconds(from.at, to.at);
                lead.velocity.push((*index, seconds));
            }
        }
        for handoff in facts.handoffs.iter().filter(|h| period.contains(h.at)) {
            lead.handed_off += 1;
            if let Some(touch) = handoff.first_touch {
                lead.worked += 1;
                let seconds = working_time.elapsed_seconds(handoff.at, touch);
                lead.time_to_work.push(seconds);
            }
            match handoff.outcome {
                Outcome::Pending => {}
                Outcome::Accepted => lead.accepted += 1,
                Outcome::Rejected { code } => {
                    lead.rejected += 1;
                    lead.reasons.push(code);
                }
            }
        }
    }
}
