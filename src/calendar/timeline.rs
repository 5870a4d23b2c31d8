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
use super::search::gallop;
use super::transitions::{ZoneTable, transitions};
use crate::zone::Zone;

/// The offset and the correction in force in one segment between transitions.
#[derive(Debug, Clone, Copy)]
struct Segment {
    offset: i64,
    correction: i64,
}

/// The indexes of a calendar, shared between its clones.
#[derive(Debug)]
pub(crate) struct Timeline {
    pub(crate) local: LocalIndex,
    /// The zone's transitions, shared by all calendars in the zone.
    zone: Arc<ZoneTable>,
    /// `segments[i]`: after `i` transitions (one more than there are transitions).
    segments: Vec<Segment>,
    /// `at_transition[i]`: `G` at transition `i`.
    at_transition: Vec<i64>,
}

impl Timeline {
    pub(crate) fn new(local: LocalIndex, zone: Zone) -> Self {
        let zone = transitions(zone);
        let transitions = &zone.transitions;
        let mut segments = Vec::with_capacity(transitions.len() + 1);
        segments.push(Segment {
            offset: zone.first_offset,
            correction: 0,
        });
        let mut at_transition = Vec::with_capacity(transitions.len());
        let mut sum = 0;
        for t in transitions {
            let before = local.cumulative(t.at + t.before);
            let after = local.cumulative(t.at + t.after);
            sum += after - before;
            segments.push(Segment {
                offset: t.after,
                correction: sum,
            });
            at_transition.push(after - sum);
        }
        Self {
            local,
            zone,
            segments,
            at_transition,
        }
    }

    /// The number of transitions at or before `u`, searching from `hint` (a count known
    /// not to exceed the answer): the common short span costs one comparison.
    fn segment_index(&self, u: i64, hint: usize) -> usize {
        if hint == 0 {
            return self.zone.count_at_or_before(u);
        }
        gallop(&self.zone.transitions, hint, |t| t.at <= u)
    }

    fn segment(&self, i: usize) -> Segment {
        self.segments.get(i).copied().unwrap_or(Segment {
            offset: 0,
            correction: 0,
        })
    }

    /// The offset in force at Unix second `u`.
    pub(crate) fn offset(&self, u: i64) -> i64 {
        self.segment(self.segment_index(u, 0)).offset
    }

    /// `G(u)`, the segment of `u` and the special days before it, searching from the hints
    /// on.
    fn cumulative_from(&self, u: i64, hint: (usize, usize)) -> (i64, (usize, usize)) {
        let index = self.segment_index(u, hint.0);
        let segment = self.segment(index);
        let (open, special) = self.local.cumulative_from(u + segment.offset, hint.1);
        (open - segment.correction, (index, special))
    }

    /// `G(b) - G(a)` for `a <= b`.
    pub(crate) fn between(&self, a: i64, b: i64) -> i64 {
        let (ga, hint) = self.cumulative_from(a, (0, 0));
        let (gb, _) = self.cumulative_from(b, hint);
        gb - ga
    }

    /// The smallest Unix second `u > t` with `G(u) >= G(t) + d`, for `d >= 1`; `None`
    /// beyond the range of `i64`.
    pub(crate) fn add(&self, from: i64, duration: i64) -> Option<i64> {
        let (open, (index, special)) = self.cumulative_from(from, (0, 0));
        let target = open.checked_add(duration)?;
        // The first transition at which G reaches the target: the answer lies in the
        // segment before it (or is that transition).
        let next = gallop(&self.at_transition, index, |&g| g < target);
        let segment = self.segment(next);
        let result = self
            .local
            .inverse(target.checked_add(segment.correction)?, special)?
            .checked_sub(segment.offset)?;
        Some(match self.zone.transitions.get(next) {
            Some(t) => result.min(t.at),
            None => result,
        })
    }
}
