//! The funnel engine: adds leads into cells while reading, with group keys cached by their
//! borrowed dimension values, and yields a [`FunnelReport`] at the end.

use std::collections::BTreeMap;

use crate::business_time::WorkingTime;

use super::cell::{FunnelCell, LeadFunnel};
use super::dimension::{Dimension, GroupKey, NONE, Part, group_keys, parts, scalar_part};
use super::facts::LeadFacts;
use super::funnel::{FunnelReport, FunnelSpec};
use super::intern::Interner;
use super::keyhash::KeyMap;
use super::pattern::{Patterns, StagePattern, pattern_key};
use super::sales::WinLoss;

/// Builds a [`FunnelReport`] lead by lead.
#[derive(Debug)]
pub(crate) struct FunnelBuilder<'a> {
    report: FunnelReport,
    /// The cells of the groups, in order of first appearance.
    cells: Vec<(GroupKey, FunnelCell)>,
    /// The cell of each group key.
    index: BTreeMap<GroupKey, usize>,
    /// The cells of each combination of dimension values seen, when it packs in 128 bits
    /// ([`pack`]): the common case, looked up without comparing enums.
    packed: KeyMap<u128, Vec<usize>>,
    /// The cells of each other combination of dimension values seen (segments, many
    /// dimensions).
    cache: BTreeMap<Vec<Part>, Vec<usize>>,
    parts: Vec<Part>,
    interner: Interner<'a>,
    lead: LeadFunnel<'a>,
    /// Per interned source, its closes (`None` until a lead of it closed in the period):
    /// put into the report's `by_source` at the end, so that a lead costs no string
    /// comparisons.
    closed_by_source: Vec<Option<WinLoss>>,
    /// The stage patterns of the leads seen.
    patterns: Patterns,
    /// Per cell (as `cells`), how many leads of each stage pattern it absorbed.
    counts: Vec<Vec<u64>>,
    /// The same for the total, when it is not added up from the groups.
    total_counts: Vec<u64>,
    /// Whether leads are counted by stage pattern (always, but for the tests of the plain
    /// method).
    cache_patterns: bool,
    /// Whether every lead falls in exactly one group (dimensions without segments): the
    /// total is then added up from the groups at the end rather than lead by lead.
    total_from_groups: bool,
}

impl<'a> FunnelBuilder<'a> {
    pub(crate) fn new(spec: &FunnelSpec) -> Self {
        Self {
            report: FunnelReport::empty(spec),
            cells: Vec::new(),
            index: BTreeMap::new(),
            packed: KeyMap::default(),
            cache: BTreeMap::new(),
            parts: Vec::new(),
            interner: Interner::new(),
            lead: LeadFunnel::default(),
            closed_by_source: Vec::new(),
            patterns: Patterns::new(),
            counts: Vec::new(),
            total_counts: Vec::new(),
            cache_patterns: true,
            total_from_groups: !spec.dimensions.is_empty()
                && !spec.dimensions.contains(&Dimension::Segment),
        }
    }

    /// Adds one lead.
    pub(crate) fn add(&mut self, facts: &LeadFacts<'a>, working_time: &dyn WorkingTime) {
        let spec = &self.report.spec;
        // Leads of a stage pattern seen before add its counts: only their dated values are
        // computed lead by lead.
        let key = if self.cache_patterns {
            pattern_key(&facts.entries, &spec.period)
        } else {
            None
        };
        let pattern = key.and_then(|key| {
            self.patterns
                .find_or_insert(key, &facts.entries, &spec.period, &spec.transitions)
        });
        let stages = if let Some(stages) = pattern.and_then(|id| self.patterns.get(id)) {
            self.lead.values(facts, stages, &spec.period, working_time);
            stages
        } else {
            let lead = &mut self.lead;
            lead.compute(facts, &spec.period, &spec.transitions, working_time);
            &lead.stages
        };
        let (won, lost, entered) = (stages.won, stages.lost, stages.entered);
        // A lead with nothing in the period adds nothing, but still opens its groups.
        if won + lost > 0 {
            let source = facts.source.map_or(NONE, |s| s.as_str());
            let (id, _) = self.interner.id(source);
            if self.closed_by_source.len() <= id {
                self.closed_by_source.resize(id + 1, None);
            }
            if let Some(slot) = self.closed_by_source.get_mut(id) {
                slot.get_or_insert_default().merge(&WinLoss { won, lost });
            }
        }
        if !self.total_from_groups && entered != 0 {
            let counts = Some(&mut self.total_counts);
            absorb_into(&mut self.report.total, counts, pattern, &self.lead);
        }
        if spec.dimensions.is_empty() {
            return;
        }
        // One lookup for a combination seen before (the common case), by the packed values
        // when they pack, read without building the parts.
        let read_parts = |interner: &mut Interner<'a>, values: &mut Vec<Part>| {
            parts(&spec.dimensions, &spec.segments, facts, interner, values);
        };
        let key = packed_values(&spec.dimensions, facts, &mut self.interner);
        if key.is_none() {
            read_parts(&mut self.interner, &mut self.parts);
        }
        let seen = match key {
            Some(key) => self.packed.get(&key),
            None => self.cache.get(self.parts.as_slice()),
        };
        if let Some(indices) = seen {
            for index in indices {
                if let Some((_, cell)) = self.cells.get_mut(*index) {
                    let counts = self.counts.get_mut(*index);
                    absorb_into(cell, counts, pattern, &self.lead);
                }
            }
            return;
        }
        if key.is_some() {
            // A new combination: its group keys are made from the parts.
            read_parts(&mut self.interner, &mut self.parts);
        }
        let mut cells = Vec::new();
        for key in group_keys(&spec.segments, &self.interner, &self.parts) {
            let index = if let Some(index) = self.index.get(&key) {
                *index
            } else {
                let index = self.cells.len();
                self.index.insert(key.clone(), index);
                self.cells.push((key, FunnelCell::new(&spec.transitions)));
                self.counts.push(Vec::new());
                index
            };
            cells.push(index);
        }
        for index in &cells {
            if let Some((_, cell)) = self.cells.get_mut(*index) {
                let counts = self.counts.get_mut(*index);
                absorb_into(cell, counts, pattern, &self.lead);
            }
        }
        match key {
            Some(key) => self.packed.insert(key, cells),
            None => self.cache.insert(self.parts.clone(), cells),
        };
    }

    /// Sorts the samples and hands over the report.
    pub(crate) fn finish(mut self) -> FunnelReport {
        let mut report = self.report;
        for (id, closed) in self.closed_by_source.iter().enumerate() {
            if let (Some(source), Some(closed)) = (self.interner.name(id), closed) {
                report.by_source.insert(source.to_owned(), *closed);
            }
        }
        let patterns = self.patterns.all();
        add_patterns(&mut report.total, &self.total_counts, patterns);
        for ((_, cell), counts) in self.cells.iter_mut().zip(&self.counts) {
            add_patterns(cell, counts, patterns);
        }
        if self.total_from_groups {
            let mut groups: Vec<&mut FunnelCell> =
                self.cells.iter_mut().map(|(_, cell)| cell).collect();
            report.total.finish_from_groups(&mut groups);
        } else {
            report.total.finish();
            for (_, cell) in &mut self.cells {
                cell.finish();
            }
        }
        for (key, cell) in self.cells {
            report.groups.insert(key, cell);
        }
        report
    }
}

/// Absorbs the lead into `cell`: by its stage pattern `pattern` (counted in `counts`, added
/// at the end by [`add_patterns`]) and its dated values, or wholly when it has no pattern.
fn absorb_into(
    cell: &mut FunnelCell,
    counts: Option<&mut Vec<u64>>,
    pattern: Option<usize>,
    lead: &LeadFunnel<'_>,
) {
    match (pattern, counts) {
        (Some(id), Some(counts)) => {
            if counts.len() <= id {
                counts.resize(id + 1, 0);
            }
            if let Some(n) = counts.get_mut(id) {
                *n += 1;
            }
            cell.absorb_values(lead);
        }
        _ => cell.absorb(lead),
    }
}

/// Adds to `cell` the leads counted per stage pattern.
fn add_patterns(cell: &mut FunnelCell, counts: &[u64], patterns: &[StagePattern]) {
    for (count, stages) in counts.iter().zip(patterns) {
        cell.absorb_stages(stages, *count);
    }
}

/// The lead's dimension values packed as [`pack`] packs its [`parts`], read one by one
/// without building the parts; `None` with segments among the dimensions.
fn packed_values<'a>(
    dimensions: &[Dimension],
    facts: &LeadFacts<'a>,
    interner: &mut Interner<'a>,
) -> Option<u128> {
    if dimensions.contains(&Dimension::Segment) {
        return None;
    }
    let parts = dimensions
        .iter()
        .map(|dimension| scalar_part(*dimension, facts, interner));
    pack(parts, dimensions.len())
}

/// Dimension values packed in 128 bits, 32 bits each (a 2-bit kind and a 30-bit interned
/// number), when there are at most four (`count`) and none is a set of segments (or `None`).
/// The number of values is the spec's, the same for every lead, so it needs no bits of its
/// own.
fn pack(parts: impl Iterator<Item = Option<Part>>, count: usize) -> Option<u128> {
    if count > 4 {
        return None;
    }
    let mut key = 0u128;
    for (i, part) in parts.enumerate() {
        let (kind, n) = match part? {
            Part::None => (0, 0),
            Part::Text(n) => (1, n),
            Part::User(n) => (2, n),
            Part::Queue(n) => (3, n),
            Part::Segments(_) => return None,
        };
        let n = u32::try_from(n).ok().filter(|n| *n < 1 << 30)?;
        key |= u128::from(kind << 30 | n) << (32 * i);
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::{DateTime, TimeDelta, TimeZone, Utc};
    use proptest::collection::vec;

    use super::{FunnelBuilder, Part, pack, packed_values};
    use crate::metrics::dimension::parts;
    use crate::metrics::facts::{Entry, LeadFacts};
    use crate::metrics::intern::Interner;
    use crate::metrics::{Dimension, FunnelSpec};
    use crate::{CalendarTime, CampaignId, Owner, Period, Source, Stage, Zone};

    fn t(hour: i64) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 2, 20, 0, 0, 0).unwrap() + TimeDelta::hours(hour)
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Leads counted by stage pattern give the report of leads absorbed one by one, by
        /// groups and without (the total counted directly), with patterns too long to pack.
        #[test]
        fn stage_patterns_equal_the_plain_method(
            leads in vec(
                (0usize..4, vec((0usize..Stage::COUNT, 0i64..45 * 24), 0..15)),
                1..40,
            ),
            by_source in proptest::prelude::any::<bool>(),
        ) {
            let march = Period::month(2026, 3, Zone::utc()).unwrap();
            let spec = if by_source {
                FunnelSpec::new(march).by([Dimension::Source])
            } else {
                FunnelSpec::new(march)
            };
            let sources: Vec<Source> = ["web", "ads", "event"].map(Source::new).to_vec();
            let mut cached = FunnelBuilder::new(&spec);
            let mut plain = FunnelBuilder::new(&spec);
            plain.cache_patterns = false;
            for (source, entries) in &leads {
                let mut facts = LeadFacts::new();
                facts.source = sources.get(*source);
                facts.entries.extend(entries.iter().map(|(stage, hour)| Entry {
                    stage: Stage::from_index(*stage).unwrap(),
                    at: t(*hour),
                }));
                cached.add(&facts, &CalendarTime);
                plain.add(&facts, &CalendarTime);
            }
            proptest::prop_assert_eq!(cached.finish(), plain.finish());
        }
    }

    fn packed(parts: &[Part]) -> Option<u128> {
        pack(parts.iter().cloned().map(Some), parts.len())
    }

    proptest::proptest! {
        /// The values packed as they are read equal the parts packed.
        #[test]
        fn packed_values_are_the_parts_packed(
            dimensions in vec(0usize..5, 0..6),
            source in proptest::option::of(0usize..3),
            campaign in proptest::option::of(0usize..3),
            owner in proptest::option::of((0usize..3, proptest::bool::ANY, proptest::bool::ANY)),
        ) {
            let all = [Dimension::Source, Dimension::Campaign, Dimension::Owner, Dimension::Team, Dimension::Segment];
            let dimensions: Vec<Dimension> = dimensions.iter().map(|d| all[*d]).collect();
            let sources: Vec<Source> = (0..3).map(|n| Source::from(format!("s{n}").as_str())).collect();
            let campaigns: Vec<CampaignId> = (0..3).map(|n| CampaignId::new(format!("c{n}"))).collect();
            let owners: Vec<Owner> = (0..3)
                .flat_map(|n| {
                    [Owner::user(format!("u{n}")), Owner::user(format!("u{n}")).in_team("emea"), Owner::queue(format!("q{n}"))]
                })
                .collect();
            let mut facts = LeadFacts::new();
            facts.source = source.map(|n| &sources[n]);
            facts.campaign = campaign.map(|n| &campaigns[n]);
            facts.owner = owner.map(|(n, team, queue)| &owners[3 * n + usize::from(team) + 2 * usize::from(queue && !team)]);
            let (mut read, mut built) = (Interner::new(), Interner::new());
            let mut values = Vec::new();
            parts(&dimensions, &[], &facts, &mut built, &mut values);
            let expected = packed(&values);
            proptest::prop_assert_eq!(packed_values(&dimensions, &facts, &mut read), expected);
        }
    }

    #[test]
    fn packed_keys_tell_combinations_apart() {
        let keys = [
            packed(&[Part::None]),
            packed(&[Part::Text(0)]),
            packed(&[Part::User(0)]),
            packed(&[Part::Queue(0)]),
            packed(&[Part::Text(1)]),
        ];
        for (i, a) in keys.iter().enumerate().skip(1) {
            assert!(a.is_some());
            for b in keys.iter().skip(i + 1) {
                assert_ne!(a, b);
            }
        }
        // Two values: by position.
        assert_ne!(
            packed(&[Part::Text(1), Part::None]),
            packed(&[Part::None, Part::Text(1)])
        );
        assert!(packed(&vec![Part::Queue((1 << 30) - 1); 4]).is_some());
        assert_eq!(packed(&[Part::Text(1 << 30)]), None);
        assert_eq!(packed(&vec![Part::None; 5]), None);
        assert_eq!(packed(&[Part::Segments(vec![0])]), None);
    }
}
