//! The funnel engine: adds leads into cells while reading, with group keys cached by their
//! borrowed dimension values, and yields a [`FunnelReport`] at the end.

use std::collections::BTreeMap;

use crate::business_time::WorkingTime;

use super::cell::{FunnelCell, LeadFunnel};
use super::dimension::{Dimension, GroupKey, NONE, Part, group_keys, parts};
use super::facts::LeadFacts;
use super::funnel::{FunnelReport, FunnelSpec};
use super::intern::Interner;
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
    /// ([`packed`]): the common case, looked up without comparing enums.
    packed: BTreeMap<u128, Vec<usize>>,
    /// The cells of each other combination of dimension values seen (segments, many
    /// dimensions).
    cache: BTreeMap<Vec<Part>, Vec<usize>>,
    parts: Vec<Part>,
    interner: Interner<'a>,
    lead: LeadFunnel<'a>,
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
            packed: BTreeMap::new(),
            cache: BTreeMap::new(),
            parts: Vec::new(),
            interner: Interner::new(),
            lead: LeadFunnel::default(),
            total_from_groups: !spec.dimensions.is_empty()
                && !spec.dimensions.contains(&Dimension::Segment),
        }
    }

    /// Adds one lead.
    pub(crate) fn add(&mut self, facts: &LeadFacts<'a>, working_time: &dyn WorkingTime) {
        let spec = &self.report.spec;
        let lead = &mut self.lead;
        lead.compute(facts, &spec.period, &spec.transitions, working_time);
        if !self.total_from_groups {
            self.report.total.absorb(lead);
        }
        if lead.won + lead.lost > 0 {
            let source = facts.source.map_or(NONE, |s| s.as_str());
            let closed = WinLoss {
                won: lead.won,
                lost: lead.lost,
            };
            match self.report.by_source.get_mut(source) {
                Some(slot) => slot.merge(&closed),
                None => {
                    self.report.by_source.insert(source.to_owned(), closed);
                }
            }
        }
        if spec.dimensions.is_empty() {
            return;
        }
        parts(
            &spec.dimensions,
            &spec.segments,
            facts,
            &mut self.interner,
            &mut self.parts,
        );
        // One lookup for a combination seen before (the common case).
        let key = packed(&self.parts);
        let seen = match key {
            Some(key) => self.packed.get(&key),
            None => self.cache.get(self.parts.as_slice()),
        };
        if let Some(indices) = seen {
            for index in indices {
                if let Some((_, cell)) = self.cells.get_mut(*index) {
                    cell.absorb(&self.lead);
                }
            }
            return;
        }
        let mut cells = Vec::new();
        for key in group_keys(&spec.segments, &self.interner, &self.parts) {
            let index = if let Some(index) = self.index.get(&key) {
                *index
            } else {
                let index = self.cells.len();
                self.index.insert(key.clone(), index);
                self.cells.push((key, FunnelCell::new(&spec.transitions)));
                index
            };
            cells.push(index);
        }
        for index in &cells {
            if let Some((_, cell)) = self.cells.get_mut(*index) {
                cell.absorb(&self.lead);
            }
        }
        match key {
            Some(key) => self.packed.insert(key, cells),
            None => self.cache.insert(self.parts.clone(), cells),
        };
    }

    /// Sorts the samples and hands over the report.
    pub(crate) fn finish(self) -> FunnelReport {
        let mut report = self.report;
        if self.total_from_groups {
            for (_, cell) in &self.cells {
                report.total.absorb_cell(cell);
            }
        }
        report.total.finish();
        for (key, mut cell) in self.cells {
            cell.finish();
            report.groups.insert(key, cell);
        }
        report
    }
}

/// Dimension values packed in 128 bits, 32 bits each (a 2-bit kind and a 30-bit interned
/// number), when there are at most four and none is a set of segments. The number of
/// values is the spec's, the same for every lead, so it needs no bits of its own.
fn packed(parts: &[Part]) -> Option<u128> {
    if parts.len() > 4 {
        return None;
    }
    let mut key = 0u128;
    for (i, part) in parts.iter().enumerate() {
        let (kind, n) = match part {
            Part::None => (0, 0),
            Part::Text(n) => (1, *n),
            Part::User(n) => (2, *n),
            Part::Queue(n) => (3, *n),
            Part::Segments(_) => return None,
        };
        let n = u32::try_from(n).ok().filter(|n| *n < 1 << 30)?;
        key |= u128::from(kind << 30 | n) << (32 * i);
    }
    Some(key)
}

#[cfg(test)]
mod tests {
    use super::{Part, packed};

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
