//! Stage patterns: what a lead's stage entries add to a funnel cell, keyed by the sequence
//! of stages entered (each in or out of the period), so that leads of one pattern are
//! counted once per cell and pattern rather than one by one.

use crate::period::Period;
use crate::stage::Stage;

use super::cell::{Flows, Transition};
use super::facts::Entry;

/// Up to this many stage entries, a lead's pattern packs in 64 bits ([`pattern_key`]).
const PATTERN_ENTRIES: usize = 12;
/// At most this many patterns are kept; the leads of further patterns are absorbed one by
/// one (the same counts).
const MAX_PATTERNS: usize = 4096;
/// Slots of the pattern table: a power of two, twice [`MAX_PATTERNS`].
const SLOT_BITS: u32 = 13;
const EMPTY: u32 = u32::MAX;

/// What the stage entries of a lead add to a cell: everything but the dates (the velocity
/// values are read from the entries named in `spans`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct StagePattern {
    /// Bit set of stages entered in the period (0 when the lead did nothing in the period).
    pub(crate) entered: u16,
    /// For each stage `x` entered in the period, the bit set of `x` and the stages reached
    /// after the first entry into `x` in the period.
    pub(crate) cohort: [u16; Stage::COUNT],
    pub(crate) flows: Flows,
    /// Entries into Customer in the period.
    pub(crate) won: u64,
    /// Entries into Lost in the period.
    pub(crate) lost: u64,
    /// Per measured transition with a value: (its index in the spec, the entry it is
    /// measured from, the entry it is measured to).
    pub(crate) spans: Vec<(usize, usize, usize)>,
}

impl StagePattern {
    /// Computes the pattern of `entries` into this buffer, reusing its allocation.
    pub(crate) fn compute(
        &mut self,
        entries: &[Entry],
        period: &Period,
        transitions: &[Transition],
    ) {
        self.entered = 0;
        self.cohort = [0; Stage::COUNT];
        self.flows = Flows::default();
        self.won = 0;
        self.spans.clear();
        // The index of the first entry into each stage in the period.
        let mut first = [usize::MAX; Stage::COUNT];
        for (i, entry) in entries.iter().enumerate() {
            if !period.contains(entry.at) {
                continue;
            }
            let x = entry.stage.index();
            if let Some(slot) = first.get_mut(x).filter(|slot| **slot == usize::MAX) {
                *slot = i;
                self.entered |= 1 << x;
            }
            if i > 0 {
                let previous = entries.get(i - 1).map(|e| e.stage);
                self.flows.moves += 1;
                match entry.stage {
                    Stage::Nurture => self.flows.recycled += 1,
                    Stage::Disqualified => self.flows.disqualified += 1,
                    Stage::Lost => self.flows.lost += 1,
                    Stage::Customer => self.won += 1,
                    _ => {}
                }
                let rank = entry.stage.progression_rank();
                let before = previous.and_then(Stage::progression_rank);
                if rank.is_some() && (before.is_none() || rank > before) {
                    self.flows.advanced += 1;
                }
            }
        }
        self.lost = self.flows.lost;
        if self.entered == 0 {
            return;
        }
        // Walking back, `after` holds the stages entered after the current entry.
        let mut after = 0u16;
        for (i, entry) in entries.iter().enumerate().rev() {
            let x = entry.stage.index();
            if first.get(x) == Some(&i) {
                if let Some(slot) = self.cohort.get_mut(x) {
                    *slot = after | (1 << x);
                }
            }
            after |= 1 << x;
        }
        for (index, t) in transitions.iter().enumerate() {
            let j = first.get(t.to.index()).copied().unwrap_or(usize::MAX);
            if j >= entries.len() {
                continue;
            }
            let from = entries
                .get(..j)
                .unwrap_or_default()
                .iter()
                .rposition(|e| e.stage == t.from);
            if let Some(from) = from {
                self.spans.push((index, from, j));
            }
        }
    }
}

/// The pattern of a lead's stage entries, packed in 64 bits: five bits an entry (the
/// stage's index plus one, and whether the entry is in the period), so that the number of
/// entries is implied. `None` beyond [`PATTERN_ENTRIES`] entries.
pub(crate) fn pattern_key(entries: &[Entry], period: &Period) -> Option<u64> {
    if entries.len() > PATTERN_ENTRIES {
        return None;
    }
    let mut key = 0u64;
    for (i, entry) in entries.iter().enumerate() {
        let stage = u64::try_from(entry.stage.index())
            .ok()
            .filter(|s| *s < 15)?
            + 1;
        let inside = u64::from(period.contains(entry.at));
        key |= (stage | inside << 4) << (5 * i);
    }
    Some(key)
}

/// The patterns seen in a pass, numbered in order of first appearance, found by their key
/// in an open-addressing table (deterministic: the numbers, not the table, reach outputs).
#[derive(Debug)]
pub(crate) struct Patterns {
    slots: Vec<u32>,
    keys: Vec<u64>,
    list: Vec<StagePattern>,
}

impl Patterns {
    pub(crate) fn new() -> Self {
        Self {
            slots: Vec::new(),
            keys: Vec::new(),
            list: Vec::new(),
        }
    }

    /// The number of the pattern `key` of `entries`, computed and kept when new; `None`
    /// when it is new and the table is full.
    pub(crate) fn find_or_insert(
        &mut self,
        key: u64,
        entries: &[Entry],
        period: &Period,
        transitions: &[Transition],
    ) -> Option<usize> {
        if self.slots.is_empty() {
            self.slots = vec![EMPTY; 1 << SLOT_BITS];
        }
        let mask = (1usize << SLOT_BITS) - 1;
        let hash = key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (u64::BITS - SLOT_BITS);
        let mut slot = usize::try_from(hash).unwrap_or(0) & mask;
        loop {
            let id = *self.slots.get(slot)?;
            if id == EMPTY {
                break;
            }
            let id = usize::try_from(id).ok()?;
            if self.keys.get(id) == Some(&key) {
                return Some(id);
            }
            slot = (slot + 1) & mask;
        }
        if self.list.len() >= MAX_PATTERNS {
            return None;
        }
        let id = self.list.len();
        let mut pattern = StagePattern::default();
        pattern.compute(entries, period, transitions);
        self.list.push(pattern);
        self.keys.push(key);
        if let Some(s) = self.slots.get_mut(slot) {
            *s = u32::try_from(id).unwrap_or(EMPTY);
        }
        Some(id)
    }

    /// The pattern numbered `id`.
    pub(crate) fn get(&self, id: usize) -> Option<&StagePattern> {
        self.list.get(id)
    }

    /// Every pattern, by number.
    pub(crate) fn all(&self) -> &[StagePattern] {
        &self.list
    }
}
