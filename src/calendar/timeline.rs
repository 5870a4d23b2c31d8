//! The UTC timeline of a calendar: `G(u)`, the open seconds from a fixed origin up to the
//! Unix second `u`, and its inverse.
//!
//! Between two offset transitions the local time is `u + offset`, so
//! `G(u) = F(u + offset) - P`, where `F` counts open seconds along local time (see
//! `local.rs`) and `P` corrects for the transitions up to `u`: at each transition the local
//! clock jumps from `T + before` to `T + after`, skipping (spring forward) or repeating (fall
//! back) the `F(T + after) - F(T + before)` open seconds between. Those corrections are
//! prefix-summed once per calendar, so `G` and its inverse cost two binary searches whatever
//! the span.

use std::sync::Arc;

use super::local::LocalIndex;
use super::transitions::{Transition, transitions};
use crate::zone::Zone;

/// The indexes of a calendar, shared between its clones.
#[derive(Debug)]
pub(crate) struct Timeline {
    pub(crate) local: LocalIndex,
    /// The offset before the first transition (the only one in a fixed zone).
    first_offset: i64,
    transitions: Arc<[Transition]>,
    /// `prefix[i]`: sum of the corrections of transitions `0..=i`.
    prefix: Vec<i64>,
    /// `at_transition[i]`: `G` at transition `i`.
    at_transition: Vec<i64>,
}

impl Timeline {
    pub(crate) fn new(local: LocalIndex, zone: Zone) -> Self {
        let (first_offset, transitions) = transitions(zone);
        let mut prefix = Vec::with_capacity(transitions.len());
        let mut at_transition = Vec::with_capacity(transitions.len());
        let mut sum = 0;
        for t in transitions.iter() {
            let before = local.cumulative(t.at + t.before);
            let after = local.cumulative(t.at + t.after);
            sum += after - before;
            prefix.push(sum);
            at_transition.push(after - sum);
        }
        Self {
            local,
            first_offset,
            transitions,
            prefix,
            at_transition,
        }
    }

    /// The offset in force in the segment after `i` transitions, and the correction there.
    fn segment(&self, i: usize) -> (i64, i64) {
        match i.checked_sub(1) {
            None => (self.first_offset, 0),
            Some(k) => (
                self.transitions
                    .get(k)
                    .map_or(self.first_offset, |t| t.after),
                self.prefix.get(k).copied().unwrap_or(0),
            ),
        }
    }

    /// The offset in force at Unix second `u`.
    pub(crate) fn offset(&self, u: i64) -> i64 {
        self.segment(self.transitions.partition_point(|t| t.at <= u))
            .0
    }

    /// `G(u)`: open seconds from the origin up to Unix second `u`.
    pub(crate) fn cumulative(&self, u: i64) -> i64 {
        let (offset, correction) = self.segment(self.transitions.partition_point(|t| t.at <= u));
        self.local.cumulative(u + offset) - correction
    }

    /// The smallest Unix second `u` with `G(u) >= v`; `None` beyond the range of `i64`.
    pub(crate) fn inverse(&self, v: i64) -> Option<i64> {
        // The first transition at which G reaches v: the answer lies in the segment before.
        let k = self.at_transition.partition_point(|&g| g < v);
        let (offset, correction) = self.segment(k);
        let u = self
            .local
            .inverse(v.checked_add(correction)?)?
            .checked_sub(offset)?;
        Some(match self.transitions.get(k) {
            Some(t) => u.min(t.at),
            None => u,
        })
    }
}
