//! The funnel engine: adds leads into cells while reading, with group keys cached by their
//! borrowed dimension values, and yields a [`FunnelReport`] at the end.

use std::collections::BTreeMap;

use crate::business_time::WorkingTime;

use super::cell::{FunnelCell, LeadFunnel};
use super::dimension::{GroupKey, NONE, Part, group_keys, parts};
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
    /// The cells of each combination of dimension values seen.
    cache: BTreeMap<Vec<Part>, Vec<usize>>,
    parts: Vec<Part>,
    interner: Interner<'a>,
    lead: LeadFunnel<'a>,
}

impl<'a> FunnelBuilder<'a> {
    pub(crate) fn new(spec: &FunnelSpec) -> Self {
        Self {
            report: FunnelReport::empty(spec),
            cells: Vec::new(),
            index: BTreeMap::new(),
            cache: BTreeMap::new(),
            parts: Vec::new(),
            interner: Interner::new(),
            lead: LeadFunnel::default(),
        }
    }

    /// Adds one lead.
    pub(crate) fn add(&mut self, facts: &LeadFacts<'a>, working_time: &dyn WorkingTime) {
        let spec = &self.report.spec;
        let lead = &mut self.lead;
        lead.compute(facts, &spec.period, &spec.transitions, working_time);
        self.report.total.absorb(lead);
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
        if let Some(indices) = self.cache.get(self.parts.as_slice()) {
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
        self.cache.insert(self.parts.clone(), cells);
    }

    /// Sorts the samples and hands over the report.
    pub(crate) fn finish(self) -> FunnelReport {
        let mut report = self.report;
        report.total.finish();
        for (key, mut cell) in self.cells {
            cell.finish();
            report.groups.insert(key, cell);
        }
        report
    }
}
