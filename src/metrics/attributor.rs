//! The attribution engine: credits each lead's conversions while reading, with campaigns
//! interned and scratch buffers reused, and yields an [`AttributionReport`] at the end.

use chrono::{DateTime, Utc};

use crate::id::CampaignId;
use crate::stage::Stage;

use super::allocate::largest_remainder;
use super::attribution::{AttributionReport, AttributionSpec, Credit, MICROS, Model};
use super::error::MetricsError;
use super::facts::LeadFacts;
use super::intern::Interner;
use super::keyhash::KeyMap;
use super::weights::{Milestones, key_touches, weights};

const MODELS: usize = Model::ALL.len();
// The models that credited a campaign are a bit set in a `u8`.
const _: () = assert!(MODELS <= 8);
/// The structural models' weights depend only on the touch pattern (which distinct campaign
/// each touch is, and which touches are the W-shaped keys), not on the touches' dates: they
/// are the first `STRUCTURAL`, and their splits are stored by pattern. Time decay, the one
/// that is not, comes last; its split is the lead's own.
const DECAY: usize = MODELS - 1;
const STRUCTURAL: usize = DECAY;
const _: () = assert!(matches!(Model::ALL[DECAY], Model::TimeDecay));

/// Up to this many touches before a conversion and this many distinct campaigns, the split
/// under the structural models is cached by the conversion's touch pattern.
const PATTERN_TOUCHES: usize = 12;
const PATTERN_CAMPAIGNS: usize = 15;
/// At most this many patterns are cached; beyond, splits are computed every time (the same).
const PATTERNS: usize = 4096;

/// The pattern of a conversion, packed in 64 bits: the number of touches before it, the
/// number of the lead's distinct campaigns, the positions of the W-shaped model's middle and
/// last key touches, and for each touch its campaign's position among the distinct ones
/// (4 bits each). `None` when it does not fit.
fn pattern_key(slots: &[usize], campaigns: usize, keys: [usize; 3]) -> Option<u64> {
    if slots.len() > PATTERN_TOUCHES || campaigns > PATTERN_CAMPAIGNS {
        return None;
    }
    let nibble = |v: usize| u64::try_from(v).ok().filter(|v| *v < 16);
    let mut key = nibble(slots.len())?
        | nibble(campaigns)? << 4
        | nibble(keys[1])? << 8
        | nibble(keys[2])? << 12;
    for (i, slot) in slots.iter().enumerate() {
        key |= nibble(*slot)? << (16 + 4 * i);
    }
    Some(key)
}

/// The first 16 bytes of an id, big-endian, zero-padded: ids whose keys differ are in the
/// order of their keys, so most comparisons of ids need no string comparison.
fn prefix_key(id: &str) -> u128 {
    let mut bytes = [0u8; 16];
    for (slot, byte) in bytes.iter_mut().zip(id.as_bytes()) {
        *slot = *byte;
    }
    u128::from_be_bytes(bytes)
}

/// The latest of `times` (in history order) at or before `at`: the plain method's
/// `LeadFacts::last_entry_before`, over the entries of one stage only.
fn last_at_or_before(times: &[DateTime<Utc>], at: DateTime<Utc>) -> Option<DateTime<Utc>> {
    times.iter().rev().find(|t| **t <= at).copied()
}

/// The order of two ids given with their [`prefix_key`]s: the keys', or the strings' when
/// the keys are equal (a longer common prefix, or a zero byte against the padding).
fn id_order(a: (u128, &str), b: (u128, &str)) -> std::cmp::Ordering {
    a.0.cmp(&b.0).then_with(|| a.1.cmp(b.1))
}

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
    interner: Interner<'a>,
    /// Per interned campaign, its credits under every model.
    campaigns: Vec<(&'a CampaignId, CampaignCredits)>,
    unattributed: [Credit; MODELS],
    totals: Credit,
    /// The lead's distinct campaigns sorted by id, with their interned number.
    distinct: Vec<(&'a CampaignId, usize)>,
    /// Per interned campaign, the mark of the last lead that touched it and its position
    /// in that lead's `distinct`.
    marks: Vec<(u64, usize)>,
    /// The mark of the current lead.
    lead_mark: u64,
    /// Per interned campaign, its [`prefix_key`].
    prefixes: Vec<u128>,
    /// For each touch of the lead, its position in `distinct`.
    slot: Vec<usize>,
    /// The times of the lead's entries into MQL and into opportunity, in history order:
    /// each conversion's milestones are searched here, not among all the lead's entries
    /// (that backward search mispredicted about 0.4 branches an event of the B7 bench).
    milestone_entries: [Vec<DateTime<Utc>>; 2],
    weights: Vec<u64>,
    /// The (touch count, MQL, opportunity) the current split was computed for.
    split_key: Option<SplitKey>,
    /// Where the current split's structural columns are read, in place rather than copied
    /// per conversion.
    current: SplitAt,
    /// Per structural model, whether a single campaign weighs anything (it takes every
    /// conversion); time decay's is in `decay`.
    single: [bool; STRUCTURAL],
    /// The current lead's time-decay split (its column of the current split).
    decay: SavedDecay,
    /// One model's split of one conversion, before it is written into its column.
    counts: Vec<i64>,
    money: Vec<i64>,
    /// MQL and SAL conversions under the current split not yet added to the campaigns:
    /// they all split alike, so they are added at once when the split changes or the lead
    /// ends.
    pending: (i64, i64),
    /// The structural columns of a split computed afresh whose pattern is not stored.
    fresh: Splits,
    /// Per distinct campaign, its part of the current win's revenue under each model.
    revenue_parts: Vec<[i64; MODELS]>,
    order: Vec<(u128, usize)>,
    /// Whether splits are cached by pattern (always, but for the tests of the plain method).
    cache_patterns: bool,
    /// Per touch pattern ([`pattern_key`]), where its split is stored in `stored` (the
    /// offsets of its shares and of its campaign-major columns) and its `single` flags.
    patterns: KeyMap<u64, (usize, usize, [bool; STRUCTURAL])>,
    stored: Splits,
}

/// The structural columns of splits, one after another.
#[derive(Debug, Default)]
struct Splits {
    /// Per structural model (model-major, one block per model), the weight of each of the
    /// lead's distinct campaigns.
    shares: Vec<u64>,
    /// Per distinct campaign of the lead, the split turned campaign-major: its count under
    /// each model and the models under which it weighs anything (time decay's slot and
    /// bit left zero: its column is the lead's own, in `Attributor::decay`).
    by_campaign: Vec<([i64; MODELS], u8)>,
}

/// Where a split's structural columns stand: in `Attributor::stored` (its pattern is stored)
/// or in `Attributor::fresh`, at these offsets.
#[derive(Debug, Clone, Copy, Default)]
struct SplitAt {
    stored: bool,
    shares: usize,
    by_campaign: usize,
}

impl SplitAt {
    /// The split's shares (one block of `campaigns` per structural model) and its
    /// campaign-major columns.
    fn columns<'s>(
        self,
        stored: &'s Splits,
        fresh: &'s Splits,
        campaigns: usize,
    ) -> (&'s [u64], &'s [([i64; MODELS], u8)]) {
        let splits = if self.stored { stored } else { fresh };
        let shares = splits
            .shares
            .get(self.shares..self.shares + STRUCTURAL * campaigns);
        let by_campaign = splits
            .by_campaign
            .get(self.by_campaign..self.by_campaign + campaigns);
        (shares.unwrap_or_default(), by_campaign.unwrap_or_default())
    }
}

/// The credits of one campaign under every model, field by field (so that one conversion
/// adds to all models at once), and as a bit set (bit `m` for model `m`) the models that
/// credited it: a campaign never credited by a model has no entry under it, even at zero.
#[derive(Debug, Clone, Copy, Default)]
struct CampaignCredits {
    revenue: [i64; MODELS],
    wins: [i64; MODELS],
    mqls: [i64; MODELS],
    sals: [i64; MODELS],
    credited: u8,
}

impl CampaignCredits {
    /// The credit under model `m`, if that model credited the campaign.
    fn credit(&self, m: usize) -> Option<Credit> {
        if self.credited & (1 << m) == 0 {
            return None;
        }
        let at = |values: &[i64; MODELS]| values.get(m).copied().unwrap_or(0);
        Some(Credit {
            revenue: at(&self.revenue),
            wins: at(&self.wins),
            mqls: at(&self.mqls),
            sals: at(&self.sals),
        })
    }
}

/// A lead's time-decay split, kept for its later conversions preceded by the same touches
/// (decay weighs each touch by its age from the newest one, so they split alike).
#[derive(Debug, Clone, Default)]
struct SavedDecay {
    /// The number of the lead's first touches the split is for; `None` before one is
    /// computed for the current lead.
    touches: Option<usize>,
    /// The weight of each of the lead's distinct campaigns.
    shares: Vec<u64>,
    /// The split of one conversion ([`MICROS`]) among them.
    counts: Vec<i64>,
    /// Whether a single campaign weighs anything (it takes every conversion).
    single: bool,
}

/// Writes model `m`'s counts and crediting bits into the campaign-major split.
fn set_column(by_campaign: &mut [([i64; MODELS], u8)], m: usize, shares: &[u64], counts: &[i64]) {
    for ((by_model, credited), (share, count)) in
        by_campaign.iter_mut().zip(shares.iter().zip(counts))
    {
        if let Some(slot) = by_model.get_mut(m) {
            *slot = *count;
        }
        *credited = (*credited & !(1 << m)) | u8::from(*share != 0) << m;
    }
}

/// A campaign's column of the current split (its structural counts and crediting bits)
/// with time decay's count and bit, from the lead's own decay split, put in.
fn with_decay(
    (mut counts, credited): ([i64; MODELS], u8),
    decay: &SavedDecay,
    j: usize,
) -> ([i64; MODELS], u8) {
    let share = decay.shares.get(j).copied().unwrap_or(0);
    if let Some(slot) = counts.get_mut(DECAY) {
        *slot = decay.counts.get(j).copied().unwrap_or(0);
    }
    (counts, credited | u8::from(share != 0) << DECAY)
}

/// A conversion to split: the touches before it, its milestones, and each touch's
/// position among the lead's distinct campaigns.
struct Conversion<'s, 'a> {
    touches: &'s [super::facts::Touch<'a>],
    milestones: &'s Milestones,
    half_life_secs: i64,
    slots: &'s [usize],
}

impl Conversion<'_, '_> {
    /// Writes `model`'s weight of each of the lead's distinct campaigns into `shares` (one
    /// slot per campaign) and the split of one conversion ([`MICROS`]) into `counts`;
    /// whether a single campaign weighs anything.
    fn split(
        &self,
        model: Model,
        weights_of_touches: &mut Vec<u64>,
        shares: &mut [u64],
        counts: &mut Vec<i64>,
        order: &mut Vec<(u128, usize)>,
    ) -> bool {
        weights(
            model,
            self.touches,
            self.milestones,
            self.half_life_secs,
            weights_of_touches,
        );
        shares.fill(0);
        for (slot, w) in self.slots.iter().zip(weights_of_touches.iter()) {
            if let Some(sum) = shares.get_mut(*slot) {
                *sum = sum.saturating_add(*w);
            }
        }
        let single = shares.iter().filter(|w| **w > 0).count() == 1;
        if single {
            // One campaign takes the whole conversion: no split to compute.
            counts.clear();
            counts.extend(shares.iter().map(|w| if *w > 0 { MICROS } else { 0 }));
        } else {
            largest_remainder(MICROS, shares, counts, order);
        }
        single
    }
}

type SplitKey = (usize, Option<DateTime<Utc>>, Option<DateTime<Utc>>);

impl<'a> Attributor<'a> {
    pub(crate) fn new(spec: &AttributionSpec) -> Result<Self, MetricsError> {
        if spec.half_life_secs <= 0 {
            return Err(MetricsError::InvalidParameter {
                what: format!("half-life of {} seconds", spec.half_life_secs),
            });
        }
        Ok(Self {
            spec: *spec,
            interner: Interner::new(),
            campaigns: Vec::new(),
            unattributed: [Credit::default(); MODELS],
            totals: Credit::default(),
            distinct: Vec::new(),
            marks: Vec::new(),
            lead_mark: 0,
            prefixes: Vec::new(),
            slot: Vec::new(),
            milestone_entries: [Vec::new(), Vec::new()],
            weights: Vec::new(),
            split_key: None,
            current: SplitAt::default(),
            single: [false; STRUCTURAL],
            decay: SavedDecay::default(),
            counts: Vec::new(),
            money: Vec::new(),
            fresh: Splits::default(),
            revenue_parts: Vec::new(),
            pending: (0, 0),
            order: Vec::new(),
            cache_patterns: true,
            patterns: KeyMap::default(),
            stored: Splits::default(),
        })
    }

    /// The same attributor computing every split afresh: the plain method, for the tests.
    #[cfg(test)]
    fn uncached(mut self) -> Self {
        self.cache_patterns = false;
        self
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
        // The stage first: most entries are neither, and need no period test.
        for entry in &facts.entries {
            let kind = match entry.stage {
                Stage::Mql => Kind::Mql,
                Stage::Sal => Kind::Sal,
                _ => continue,
            };
            if period.contains(entry.at) {
                self.credit(facts, entry.at, kind, 0)?;
            }
        }
        self.flush();
        Ok(())
    }

    /// Interns the lead's campaigns and maps each touch to its distinct campaign.
    fn intern(&mut self, facts: &LeadFacts<'a>) {
        self.split_key = None;
        self.pending = (0, 0);
        self.decay.touches = None;
        // A new mark for this lead: a campaign is among its distinct ones once its mark is.
        self.lead_mark += 1;
        // The interned number of each touch's campaign, and the lead's distinct campaigns
        // in order of first touch.
        self.slot.clear();
        self.distinct.clear();
        let [mqls, opportunities] = &mut self.milestone_entries;
        mqls.clear();
        opportunities.clear();
        for entry in &facts.entries {
            match entry.stage {
                Stage::Mql => mqls.push(entry.at),
                Stage::Opportunity => opportunities.push(entry.at),
                _ => {}
            }
        }
        for touch in &facts.touches {
            let (id, new) = self.interner.id(touch.campaign.as_str());
            if new {
                self.campaigns
                    .push((touch.campaign, CampaignCredits::default()));
                self.marks.push((0, 0));
                self.prefixes.push(prefix_key(touch.campaign.as_str()));
            }
            if let Some(mark) = self.marks.get_mut(id) {
                if mark.0 != self.lead_mark {
                    *mark = (self.lead_mark, 0);
                    self.distinct.push((touch.campaign, id));
                }
            }
            self.slot.push(id);
        }
        // Ordered by campaign id (ties in rounding go to the lower id), and each touch's
        // slot turned into its campaign's position there.
        let prefixes = &self.prefixes;
        let key =
            |d: &(&'a CampaignId, usize)| (prefixes.get(d.1).copied().unwrap_or(0), d.0.as_str());
        let order =
            |a: &(&'a CampaignId, usize), b: &(&'a CampaignId, usize)| id_order(key(a), key(b));
        // Two or three campaigns (the common case) by compare-and-swap, inline: measured
        // against `sort_unstable_by` alone (its small-slice insertion sort, behind the
        // entry checks), this saves about 5 instructions and 0.45 mispredicted branches an
        // event of the B7 bench (callgrind, 3 Dec 2026).
        let swap_if_greater = |a: &mut (&'a CampaignId, usize), b: &mut (&'a CampaignId, usize)| {
            if order(a, b) == std::cmp::Ordering::Greater {
                std::mem::swap(a, b);
            }
        };
        match self.distinct.as_mut_slice() {
            [] | [_] => {}
            [a, b] => swap_if_greater(a, b),
            [a, b, c] => {
                swap_if_greater(a, b);
                swap_if_greater(b, c);
                swap_if_greater(a, b);
            }
            more => more.sort_unstable_by(order),
        }
        for (position, (_, id)) in self.distinct.iter().enumerate() {
            if let Some(mark) = self.marks.get_mut(*id) {
                mark.1 = position;
            }
        }
        for slot in &mut self.slot {
            *slot = self.marks.get(*slot).map_or(0, |mark| mark.1);
        }
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
        let [mqls, opportunities] = &self.milestone_entries;
        let milestones = Milestones {
            at,
            mql: last_at_or_before(mqls, at),
            opportunity: last_at_or_before(opportunities, at),
        };
        // The split of a conversion depends only on the touches before it and, for the
        // W-shaped model, on the milestones: an SAL right after an MQL splits alike.
        let key = (n, milestones.mql, milestones.opportunity);
        if self.split_key != Some(key) {
            self.flush();
            self.split(touches, &milestones);
            self.split_key = Some(key);
        }
        match kind {
            Kind::Mql => {
                self.pending.0 += 1;
                return Ok(());
            }
            Kind::Sal => {
                self.pending.1 += 1;
                return Ok(());
            }
            Kind::Win => {}
        }
        let d = self.distinct.len();
        let (shares, by_campaign) = self.current.columns(&self.stored, &self.fresh, d);
        let decay = &self.decay;
        if revenue != 0 {
            // The revenue split under each model, campaign by campaign.
            self.revenue_parts.clear();
            self.revenue_parts.resize(d, [0; MODELS]);
            for m in 0..MODELS {
                let (shares, single) = if m == DECAY {
                    (decay.shares.as_slice(), decay.single)
                } else {
                    let shares = shares.get(m * d..(m + 1) * d).unwrap_or_default();
                    (shares, self.single.get(m).copied().unwrap_or(false))
                };
                if single {
                    // With a single campaign credited, it takes the whole revenue.
                    for (parts, w) in self.revenue_parts.iter_mut().zip(shares) {
                        if let Some(part) = parts.get_mut(m) {
                            *part = if *w > 0 { revenue } else { 0 };
                        }
                    }
                } else {
                    largest_remainder(revenue, shares, &mut self.money, &mut self.order);
                    for (parts, money) in self.revenue_parts.iter_mut().zip(&self.money) {
                        if let Some(part) = parts.get_mut(m) {
                            *part = *money;
                        }
                    }
                }
            }
        }
        // Campaign by campaign, all models at once, without a branch on the data: a
        // campaign whose touches weigh nothing under a model has zero parts (largest
        // remainder gives no unit to a zero weight), so adding them changes nothing, and
        // only its bit in the set of crediting models tells it apart. The order of the
        // additions cannot change the outcome: a campaign's count under a model is at most
        // the report's total, which was checked above, so only revenue can overflow, and
        // any overflow of it is the same error.
        let mut overflow = false;
        for (j, ((_, index), column)) in self.distinct.iter().zip(by_campaign).enumerate() {
            let Some((_, credits)) = self.campaigns.get_mut(*index) else {
                continue;
            };
            let (counts, credited) = with_decay(*column, decay, j);
            credits.credited |= credited;
            for (wins, count) in credits.wins.iter_mut().zip(counts) {
                *wins = wins.wrapping_add(count);
            }
            if revenue != 0 {
                let parts = self.revenue_parts.get(j).copied().unwrap_or_default();
                for (sum, part) in credits.revenue.iter_mut().zip(parts) {
                    let (total, over) = sum.overflowing_add(part);
                    *sum = total;
                    overflow |= over;
                }
            }
        }
        if overflow {
            return Err(MetricsError::Overflow { what: "revenue" });
        }
        Ok(())
    }

    /// Adds the pending MQL and SAL conversions, which all split as the current split, to
    /// the campaigns: `k` conversions add `k` times the count, without a branch on the
    /// data (as in [`credit`](Self::credit)). The sums cannot overflow: a campaign's count
    /// under a model is at most the report's total, checked per conversion.
    fn flush(&mut self) {
        let (mqls, sals) = std::mem::take(&mut self.pending);
        if mqls == 0 && sals == 0 {
            return;
        }
        let d = self.distinct.len();
        let (_, by_campaign) = self.current.columns(&self.stored, &self.fresh, d);
        for (j, ((_, index), column)) in self.distinct.iter().zip(by_campaign).enumerate() {
            let Some((_, credits)) = self.campaigns.get_mut(*index) else {
                continue;
            };
            let (counts, credited) = with_decay(*column, &self.decay, j);
            credits.credited |= credited;
            // Counts are at most a million micro-units and `k` at most the lead's
            // conversions: the products are far from overflowing.
            for (sum, count) in credits.mqls.iter_mut().zip(&counts) {
                *sum = sum.wrapping_add(count.wrapping_mul(mqls));
            }
            for (sum, count) in credits.sals.iter_mut().zip(&counts) {
                *sum = sum.wrapping_add(count.wrapping_mul(sals));
            }
        }
    }

    /// Computes, for every model, the weight of each of the lead's campaigns in a
    /// conversion preceded by `touches`, and the split of one conversion ([`MICROS`]).
    ///
    /// Under the structural models the split depends only on the touch pattern, which
    /// repeats from lead to lead (a few touches among a few campaigns): it is computed once
    /// per pattern and then read in place from the store, not copied per conversion. Time
    /// decay depends on the dates, so it is computed for each lead.
    fn split(&mut self, touches: &[super::facts::Touch<'a>], milestones: &Milestones) {
        let campaigns = self.distinct.len();
        let pattern = if self.cache_patterns {
            let keys = key_touches(touches, milestones);
            self.slot
                .get(..touches.len())
                .and_then(|slots| pattern_key(slots, campaigns, keys))
        } else {
            None
        };
        let conversion = Conversion {
            touches,
            milestones,
            half_life_secs: self.spec.half_life_secs,
            slots: &self.slot,
        };
        // Time decay weighs the touches by their age from the newest one, so a later
        // conversion of the lead preceded by the same touches (a win after the MQL) splits
        // as the earlier one did.
        if self.decay.touches != Some(touches.len()) {
            let decay = &mut self.decay;
            decay.shares.clear();
            decay.shares.resize(campaigns, 0);
            decay.single = conversion.split(
                Model::TimeDecay,
                &mut self.weights,
                &mut decay.shares,
                &mut decay.counts,
                &mut self.order,
            );
            decay.touches = Some(touches.len());
        }
        if let Some((shares_at, by_at, single)) = pattern.and_then(|p| self.patterns.get(&p)) {
            self.current = SplitAt {
                stored: true,
                shares: *shares_at,
                by_campaign: *by_at,
            };
            self.single = *single;
            return;
        }
        let fresh = &mut self.fresh;
        fresh.shares.clear();
        fresh.shares.resize(STRUCTURAL * campaigns, 0);
        fresh.by_campaign.clear();
        fresh.by_campaign.resize(campaigns, ([0; MODELS], 0));
        for (m, model) in Model::ALL.iter().enumerate().take(STRUCTURAL) {
            let block = m * campaigns..(m + 1) * campaigns;
            let (Some(shares), Some(single)) =
                (fresh.shares.get_mut(block), self.single.get_mut(m))
            else {
                continue;
            };
            *single = conversion.split(
                *model,
                &mut self.weights,
                shares,
                &mut self.counts,
                &mut self.order,
            );
            set_column(&mut fresh.by_campaign, m, shares, &self.counts);
        }
        self.current = SplitAt::default();
        if let Some(pattern) = pattern {
            if self.patterns.len() < PATTERNS {
                let at = self.stored.shares.len();
                let by_at = self.stored.by_campaign.len();
                self.patterns.insert(pattern, (at, by_at, self.single));
                self.stored.shares.extend_from_slice(&self.fresh.shares);
                self.stored
                    .by_campaign
                    .extend_from_slice(&self.fresh.by_campaign);
                self.current = SplitAt {
                    stored: true,
                    shares: at,
                    by_campaign: by_at,
                };
            }
        }
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
                if let Some(credit) = per_model.credit(m) {
                    credits.campaigns.insert((*campaign).clone(), credit);
                }
            }
        }
        report
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::{DateTime, TimeDelta, TimeZone, Utc};
    use proptest::collection::vec;
    use proptest::prelude::{Strategy, any, prop_oneof};

    use super::{Attributor, Kind, id_order, pattern_key, prefix_key};
    use crate::metrics::allocate::largest_remainder;
    use crate::metrics::attribution::{AttributionReport, AttributionSpec, MICROS, Model};
    use crate::metrics::facts::{Entry, LeadFacts, Touch};
    use crate::metrics::weights::{Milestones, weights};
    use crate::{CampaignId, Currency, Money, Period, Stage, Zone};

    /// One lead: touches (campaign, hour), stage entries (stage, hour), wins (hour, amount).
    type Lead = (Vec<(usize, i64)>, Vec<(Stage, i64)>, Vec<(i64, i64)>);

    fn lead() -> impl Strategy<Value = Lead> {
        let hour = 0i64..40 * 24;
        let campaign = prop_oneof![0usize..3, 0usize..20];
        let stage = prop_oneof![
            proptest::strategy::Just(Stage::Mql),
            proptest::strategy::Just(Stage::Sal),
            proptest::strategy::Just(Stage::Opportunity),
            proptest::strategy::Just(Stage::Nurture),
        ];
        (
            vec((campaign, hour.clone()), 0..16),
            vec((stage, hour.clone()), 0..5),
            vec(
                (
                    hour,
                    prop_oneof![
                        1i64..1_000,
                        proptest::strategy::Just(0),
                        any::<i32>().prop_map(i64::from)
                    ],
                ),
                0..3,
            ),
        )
    }

    fn t(hour: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 2, 20, 0, 0, 0).unwrap() + TimeDelta::hours(hour)
    }

    /// The plain method: every conversion of every lead, every model, weights and splits
    /// computed afresh, credits added model by model.
    fn reference(spec: &AttributionSpec, facts: &LeadFacts<'_>, report: &mut AttributionReport) {
        let period = spec.period;
        let mut conversions = Vec::new();
        for (at, amount) in facts.wins.iter().filter(|(at, _)| period.contains(*at)) {
            conversions.push((*at, Kind::Win, amount.minor()));
        }
        for entry in facts.entries.iter().filter(|e| period.contains(e.at)) {
            match entry.stage {
                Stage::Mql => conversions.push((entry.at, Kind::Mql, 0)),
                Stage::Sal => conversions.push((entry.at, Kind::Sal, 0)),
                _ => {}
            }
        }
        let mut distinct: Vec<_> = facts.touches.iter().map(|t| t.campaign).collect();
        distinct.sort();
        distinct.dedup();
        for (at, kind, revenue) in conversions {
            report.totals.merge(&kind.credit(MICROS, revenue)).unwrap();
            let touches: Vec<_> = facts
                .touches
                .iter()
                .filter(|t| t.at <= at)
                .copied()
                .collect();
            let milestones = Milestones {
                at,
                mql: facts.last_entry_before(Stage::Mql, at),
                opportunity: facts.last_entry_before(Stage::Opportunity, at),
            };
            for model in Model::ALL {
                let credits = report.models.get_mut(&model).unwrap();
                if touches.is_empty() {
                    credits
                        .unattributed
                        .merge(&kind.credit(MICROS, revenue))
                        .unwrap();
                    continue;
                }
                let mut w = Vec::new();
                weights(model, &touches, &milestones, spec.half_life_secs, &mut w);
                let mut shares = vec![0u64; distinct.len()];
                for (touch, w) in touches.iter().zip(&w) {
                    let j = distinct.iter().position(|c| *c == touch.campaign).unwrap();
                    shares[j] += w;
                }
                let (mut counts, mut money) = (Vec::new(), Vec::new());
                largest_remainder(MICROS, &shares, &mut counts, &mut Vec::new());
                largest_remainder(revenue, &shares, &mut money, &mut Vec::new());
                for (j, campaign) in distinct.iter().enumerate() {
                    if shares[j] > 0 {
                        let credit = credits.campaigns.entry((*campaign).clone()).or_default();
                        credit.merge(&kind.credit(counts[j], money[j])).unwrap();
                    }
                }
            }
        }
    }

    proptest::proptest! {
        /// Ids compared by prefix key, then by string, are in string order.
        #[test]
        fn id_order_is_string_order(
            a in "[a\\x00-]{0,20}",
            b in "[a\\x00-]{0,20}",
            common in "(campaign-2026-spring-)?",
        ) {
            let (a, b) = (format!("{common}{a}"), format!("{common}{b}"));
            proptest::prop_assert_eq!(
                id_order((prefix_key(&a), &a), (prefix_key(&b), &b)),
                a.cmp(&b)
            );
        }
    }

    #[test]
    fn pattern_keys_tell_patterns_apart() {
        assert_eq!(pattern_key(&[0, 1, 0], 2, [0, 1, 2]), Some(0x0_1_0_2_1_2_3));
        assert_ne!(
            pattern_key(&[0, 1], 2, [0, 1, 1]),
            pattern_key(&[1, 0], 2, [0, 1, 1])
        );
        assert_ne!(
            pattern_key(&[0, 1], 2, [0, 1, 1]),
            pattern_key(&[0, 1], 3, [0, 1, 1])
        );
        assert_eq!(pattern_key(&[0; 13], 1, [0, 0, 0]), None);
        assert_eq!(pattern_key(&[0], 16, [0, 0, 0]), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Splits read back by touch pattern equal splits computed afresh for every
        /// conversion, and the credits equal the plain method's.
        #[test]
        fn cached_splits_equal_the_plain_method(leads in vec(lead(), 1..40)) {
            let eur = Currency::new("EUR").unwrap();
            let spec = AttributionSpec::new(Period::month(2026, 3, Zone::utc()).unwrap(), eur);
            let pool: Vec<CampaignId> =
                (0..20).map(|n| CampaignId::new(format!("c{:02}", 19 - n))).collect();
            let mut cached = Attributor::new(&spec).unwrap();
            let mut plain = Attributor::new(&spec).unwrap().uncached();
            let mut by_hand = AttributionReport::empty(&spec);
            let mut facts = LeadFacts::new();
            for (touches, entries, wins) in &leads {
                facts.touches.clear();
                facts.touches.extend(
                    touches.iter().map(|(c, h)| Touch { at: t(*h), campaign: &pool[*c] }),
                );
                facts.touches.sort_by_key(|touch| touch.at);
                facts.entries.clear();
                facts.entries.extend(entries.iter().map(|(stage, h)| Entry { stage: *stage, at: t(*h) }));
                facts.entries.sort_by_key(|e| e.at);
                facts.wins.clear();
                facts.wins.extend(wins.iter().map(|(h, a)| (t(*h), Money::new(*a, eur))));
                cached.add(&facts).unwrap();
                plain.add(&facts).unwrap();
                reference(&spec, &facts, &mut by_hand);
            }
            let cached = cached.finish();
            proptest::prop_assert_eq!(&cached, &plain.finish());
            proptest::prop_assert_eq!(&cached, &by_hand);
        }
    }
}
