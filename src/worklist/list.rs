//! The ordered worklist, its slices, and the k-way merge of shards.

use std::cmp::Reverse;
use std::collections::BinaryHeap;

use super::entry::{Scope, WorklistEntry};
use super::key::WorklistKey;

/// Open leads in [`WorklistKey`] order, most urgent first.
///
/// Shards merge: build a worklist per shard of leads (any split, one lead in one shard) and
/// [`Worklist::merge`] them; the result equals the worklist of all the leads.
///
/// ```
/// use chrono::{TimeDelta, TimeZone, Utc};
/// use leadflow::LeadId;
/// use leadflow::scoring::{EngagementBand, FitGrade, Grade};
/// use leadflow::worklist::{NextAction, Urgency, Worklist, WorklistEntry};
///
/// let entry = |id: u128, urgency: Urgency| WorklistEntry {
///     lead_id: LeadId::from_u128(id),
///     owner: None,
///     stage: leadflow::Stage::HandedOff,
///     cycle: 1,
///     goal: "time_to_accept".into(),
///     metric: "time_to_accept".into(),
///     urgency,
///     deadline: None,
///     score: 10,
///     grade: Grade::new(FitGrade::C, EngagementBand::Three),
///     next_action: NextAction::AcceptOrReject,
///     escalations: vec![],
/// };
/// let shard_a = Worklist::from_entries(vec![
///     entry(1, Urgency::Running { remaining: TimeDelta::hours(3) }),
///     entry(2, Urgency::Breached { overdue: TimeDelta::minutes(5) }),
/// ]);
/// let shard_b = Worklist::from_entries(vec![
///     entry(3, Urgency::AtRisk { remaining: TimeDelta::minutes(20) }),
/// ]);
/// let all = Worklist::merge([shard_a, shard_b]);
/// let order: Vec<u128> = all.entries().iter().map(|e| e.lead_id.as_uuid().as_u128()).collect();
/// assert_eq!(order, [2, 3, 1]);
/// ```
///
/// Deserializing sorts the entries again, so a worklist read back is always in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(from = "Unsorted"))]
pub struct Worklist {
    entries: Vec<WorklistEntry>,
}

/// A worklist as read, before sorting.
#[cfg(feature = "serde")]
#[derive(serde::Deserialize)]
struct Unsorted {
    entries: Vec<WorklistEntry>,
}

#[cfg(feature = "serde")]
impl From<Unsorted> for Worklist {
    fn from(raw: Unsorted) -> Self {
        Self::from_entries(raw.entries)
    }
}

impl Worklist {
    /// An empty worklist.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The worklist of these entries, sorted by [`WorklistKey`] (stable: entries with equal
    /// keys, which only repeated leads have, keep their order). The keys are sorted beside
    /// their positions and the entries moved once, which is several times faster than
    /// comparing the entries in place.
    #[must_use]
    pub fn from_entries(mut entries: Vec<WorklistEntry>) -> Self {
        entries.sort_by_cached_key(WorklistEntry::key);
        Self { entries }
    }

    /// The entries, most urgent first.
    #[must_use]
    pub fn entries(&self) -> &[WorklistEntry] {
        &self.entries
    }

    /// The entries, most urgent first, by value.
    #[must_use]
    pub fn into_entries(self) -> Vec<WorklistEntry> {
        self.entries
    }

    /// How many entries.
    #[must_use]
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are none.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The `n` most urgent entries.
    #[must_use]
    pub fn top(mut self, n: usize) -> Self {
        self.entries.truncate(n);
        self
    }

    /// The entries of a narrower scope (one rep of a team, say), in the same order.
    #[must_use]
    pub fn slice(&self, scope: &Scope) -> Self {
        Self {
            entries: self
                .entries
                .iter()
                .filter(|e| scope.matches(e.owner.as_ref()))
                .cloned()
                .collect(),
        }
    }

    /// Merges sorted worklists (shards) into one by a k-way merge: O(n log k) for n entries
    /// in k lists. Entries with equal keys come in the order of the lists given.
    #[must_use]
    pub fn merge(lists: impl IntoIterator<Item = Worklist>) -> Self {
        let mut sources: Vec<std::vec::IntoIter<WorklistEntry>> = Vec::new();
        let mut total = 0;
        for list in lists {
            total += list.entries.len();
            sources.push(list.entries.into_iter());
        }
        let mut heads: Vec<Option<WorklistEntry>> =
            sources.iter_mut().map(Iterator::next).collect();
        let mut queue: BinaryHeap<Reverse<(WorklistKey, usize)>> = heads
            .iter()
            .enumerate()
            .filter_map(|(i, h)| h.as_ref().map(|e| Reverse((e.key(), i))))
            .collect();
        let mut entries = Vec::with_capacity(total);
        while let Some(Reverse((_, i))) = queue.pop() {
            let (Some(head), Some(source)) = (heads.get_mut(i), sources.get_mut(i)) else {
                continue;
            };
            if let Some(entry) = head.take() {
                entries.push(entry);
            }
            *head = source.next();
            if let Some(next) = head.as_ref() {
                queue.push(Reverse((next.key(), i)));
            }
        }
        Self { entries }
    }

    /// The entries, most urgent first.
    pub fn iter(&self) -> std::slice::Iter<'_, WorklistEntry> {
        self.entries.iter()
    }

    /// Merges another worklist into this one.
    #[must_use]
    pub fn merged(self, other: Worklist) -> Self {
        Self::merge([self, other])
    }
}

impl<'a> IntoIterator for &'a Worklist {
    type Item = &'a WorklistEntry;
    type IntoIter = std::slice::Iter<'a, WorklistEntry>;

    fn into_iter(self) -> Self::IntoIter {
        self.entries.iter()
    }
}
