//! An exact, mergeable sample of integer values (durations in seconds, scores) with
//! nearest-rank percentiles.

use std::sync::OnceLock;

use super::step::{Step, stride};

/// An exact multiset of `i64` values kept sorted, so that percentiles merge exactly.
///
/// This is deliberately not a sketch: a sample holds every value, so it costs O(values) in
/// memory (one value per lead and stage pair in a funnel, one score per lead in a review),
/// which is O(leads), never O(events). Merging two samples is a linear merge of two sorted
/// lists, so `merge(sample(a), sample(b)) == sample(a ++ b)` exactly and percentiles carry
/// no error.
///
/// Where values repeat (scores of 0 to 100, durations in whole minutes), a sample keeps
/// each distinct value once with how many times it occurs: it then costs O(distinct
/// values), and merges, lengths and percentiles work on the distinct values alone. This is
/// not observable but through memory and speed: equality is of the multisets, and
/// [`values`](Self::values) lists every value (building that list once, on first call).
///
/// Percentiles use the nearest-rank method: the p-th percentile of n values is the value at
/// rank `ceil(p * n / 100)` (1-based); the median is the lower median.
///
/// ```
/// use leadflow::metrics::Sample;
/// let a = Sample::from_values(vec![30, 10, 20]);
/// let b = Sample::from_values(vec![40]);
/// let merged = a.merged(&b);
/// assert_eq!(merged.values(), &[10, 20, 30, 40]);
/// assert_eq!(merged.median(), Some(20));
/// assert_eq!(merged.percentile(90), Some(40));
/// assert_eq!(Sample::default().median(), None);
/// ```
#[derive(Clone, Default)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(from = "Vec<i64>"))]
pub struct Sample {
    /// Every value, sorted, when `runs` and `narrow` are empty (while a report reads
    /// histories: pushed unsorted, until [`Sample::sort`]); empty otherwise.
    values: Vec<i64>,
    /// When not empty, the values counted: each distinct value once, ascending, with the
    /// number of values up to and including it.
    runs: Vec<Run>,
    /// For a counted sample, or one being pushed to in `narrow`, the list
    /// [`Sample::values`] returns, built on its first call.
    listed: OnceLock<Vec<i64>>,
    /// The values pushed while every one fits in 32 bits, unsorted (`values` and `runs`
    /// then empty): half the memory while a report reads histories, until
    /// [`Sample::sort`] counts or lists them.
    narrow: Vec<i32>,
}

/// A distinct value of a counted sample and the number of the sample's values up to and
/// including its own (so a rank is found by binary search).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Run {
    value: i64,
    end: u64,
}

/// A sample is counted rather than listed when its values are at least this many per
/// distinct value on average: a run takes the room of two values, so the counted form is
/// at most half the size, and a merge steps once per run instead of once per value.
const COUNTED_FROM: usize = 4;

/// Whether `distinct` distinct values among `n` are kept counted.
fn worth_counting(distinct: usize, n: usize) -> bool {
    distinct > 0 && distinct.saturating_mul(COUNTED_FROM) <= n
}

impl From<Vec<i64>> for Sample {
    fn from(values: Vec<i64>) -> Self {
        Self::from_values(values)
    }
}

impl From<Sample> for Vec<i64> {
    fn from(mut sample: Sample) -> Self {
        std::mem::take(sample.listed_mut())
    }
}

impl PartialEq for Sample {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().eq(other.iter())
    }
}

impl Eq for Sample {}

impl std::hash::Hash for Sample {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        state.write_usize(self.len());
        for value in self.iter() {
            state.write_i64(value);
        }
    }
}

impl std::fmt::Debug for Sample {
    /// `Sample { values: [...] }`, every value listed, however the sample holds them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        struct Values<'a>(&'a Sample);
        impl std::fmt::Debug for Values<'_> {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_list().entries(self.0.iter()).finish()
            }
        }
        f.debug_struct("Sample")
            .field("values", &Values(self))
            .finish()
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for Sample {
    /// The sorted list of every value (as [`values`](Sample::values) gives it).
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl Sample {
    /// A sample of `values`, in any order.
    #[must_use]
    pub fn from_values(values: Vec<i64>) -> Self {
        let mut sample = Self::listed(values);
        sample.sort();
        sample
    }

    /// A sample listing `values` as they are (sorted, or to be sorted).
    fn listed(values: Vec<i64>) -> Self {
        Self {
            values,
            ..Self::default()
        }
    }

    /// A sample counted in `runs`.
    fn counted(runs: Vec<Run>) -> Self {
        Self {
            runs,
            ..Self::default()
        }
    }

    /// Adds a value, unsorted: a report pushes while it reads histories and calls
    /// [`sort`](Self::sort) once when it is finished, so every public sample is sorted.
    /// Values are kept in 32 bits while they all fit (durations of up to 68 years in
    /// seconds, scores): the B7 bench's funnel pushes 5.6M of them a pass, and half the
    /// memory written and read back took about 4% off the pass (4 Dec 2026).
    pub(crate) fn push(&mut self, value: i64) {
        if self.runs.is_empty() && self.values.is_empty() {
            if let Ok(narrow) = i32::try_from(value) {
                // The common case, without the call: a sample being read holds narrow
                // values. A list built by `values` meanwhile is stale now.
                if self.listed.get().is_some() {
                    self.listed = OnceLock::new();
                }
                self.narrow.push(narrow);
                return;
            }
        }
        self.listed_mut().push(value);
    }

    /// The list of values, to push to or sort (a counted or narrow sample is listed first).
    fn listed_mut(&mut self) -> &mut Vec<i64> {
        if !self.runs.is_empty() {
            self.values = self.listed.take().unwrap_or_else(|| list(&self.runs));
            self.runs = Vec::new();
        } else if !self.narrow.is_empty() {
            self.listed = OnceLock::new();
            self.values = widened(&std::mem::take(&mut self.narrow));
        }
        &mut self.values
    }

    /// Restores the sorted order after [`push`](Self::push)es, and counts the values when
    /// they repeat enough.
    pub(crate) fn sort(&mut self) {
        if !self.runs.is_empty() {
            return; // counted samples are sorted
        }
        if self.narrow.len() >= RADIX_FROM {
            // Counted straight from the narrow values when they lie close together, else
            // widened and radix-sorted: their bounds are known, and they do not count.
            let narrow = self.narrow.as_slice();
            if let Some(bounds) = bounds_of(narrow) {
                if let Some((step, counts)) = count_by_steps(narrow, bounds) {
                    *self = Self::from_counts(Vec::new(), bounds.0, step, &counts);
                } else if let Some(runs) = radix_sorted(self.listed_mut(), bounds) {
                    *self = Self::counted(runs);
                }
                return;
            }
        }
        self.listed_mut();
        if self.values.len() < RADIX_FROM {
            self.values.sort_unstable();
            self.settle();
        } else if let Some(runs) = sort_many(&mut self.values) {
            *self = Self::counted(runs);
        }
    }

    /// Counts a sorted list whose values repeat enough ([`COUNTED_FROM`]).
    fn settle(&mut self) {
        if !self.runs.is_empty() {
            return;
        }
        if let Some(runs) = runs_if_repeating(&self.values) {
            *self = Self::counted(runs);
        }
    }

    /// Sorts each of `parts` (pushed unsorted) and adds all their values to `whole`, sorted,
    /// with one sort of every value instead of one per part and another of the whole: each
    /// value is tagged with its part's number in its low bits, the tagged values are sorted
    /// once, and dealt back in order to the whole and to their parts, whose values so come
    /// out sorted. When the values lie close together (a histogram of them all per part
    /// costs less than the radix sort's passes: see [`counting_buckets`]), each part is
    /// sorted by counting instead and the whole is written from the sum of the parts'
    /// counts, with no tags and no scratch list (in steps of the values' common step, as
    /// in [`sort_many`]). When `whole` holds values already, the
    /// values are too few for either, or their range leaves no room for the tags, each part
    /// and the whole are sorted on their own (the same values).
    #[allow(
        clippy::cast_possible_truncation,
        clippy::cast_possible_wrap,
        clippy::cast_sign_loss
    )] // offsets and tags packed below 2^63
    pub(crate) fn sort_parts_into(whole: &mut Sample, parts: &mut [&mut Sample]) {
        for part in parts.iter_mut() {
            if !part.runs.is_empty() {
                part.listed_mut(); // a counted part (narrow ones stay narrow)
            }
        }
        let n: usize = parts.iter().map(|part| part.len()).sum();
        let tag_bits = usize::BITS - parts.len().saturating_sub(1).leading_zeros();
        let sorted_once = whole.is_empty() && n >= RADIX_FROM;
        let (low, high) = parts
            .iter()
            .flat_map(|part| [bounds_of(&part.values), bounds_of(&part.narrow)])
            .flatten()
            .reduce(|(lo, hi), (l, h)| (lo.min(l), hi.max(h)))
            .unwrap_or_default();
        let step = if sorted_once {
            let stride = stride(n);
            Step::candidate(parts.iter().flat_map(|part| {
                let narrow = part.narrow.iter().step_by(stride).map(|v| i64::from(*v));
                part.values.iter().step_by(stride).copied().chain(narrow)
            }))
        } else {
            Step::ONE
        };
        // The offsets from the smallest value, shifted left by the tag bits, stay below 2^63.
        let range = high.wrapping_sub(low) as u64;
        // By the candidate step, or by ones when the range is off it.
        let histograms = parts.len() + 1;
        let counting = counting_buckets(n, step.index(range), histograms)
            .map(|buckets| (step, buckets))
            .or_else(|| counting_buckets(n, range, histograms).map(|b| (Step::ONE, b)));
        if let (true, Some((step, buckets))) = (sorted_once, counting) {
            if Self::count_parts_into(whole, parts, low, step, buckets).is_err() {
                // A value off the candidate step: the parts counted so far are sorted.
                Self::sort_each_into(whole, parts);
            }
            return;
        }
        if !whole.is_empty() || n < RADIX_FROM || range.leading_zeros() <= tag_bits {
            Self::sort_each_into(whole, parts);
            return;
        }
        let mut tagged = Vec::with_capacity(n);
        for (tag, part) in parts.iter().enumerate() {
            let tag = tag as u64;
            tagged.extend(
                part.unsorted()
                    .map(|v| ((v.wrapping_sub(low) as u64) << tag_bits | tag) as i64),
            );
        }
        // The tagged values lie in `0..=range << tag_bits | mask`: no scan for the bounds.
        let mask = (1u64 << tag_bits) - 1;
        radix_sort_within(&mut tagged, 1 << 63, range << tag_bits | mask);
        for part in parts.iter_mut() {
            let len = part.len();
            part.narrow = Vec::new();
            part.values.clear();
            part.values.reserve(len);
        }
        for t in &mut tagged {
            let bits = *t as u64;
            let value = low.wrapping_add((bits >> tag_bits) as i64);
            if let Some(part) = parts.get_mut((bits & mask) as usize) {
                part.values.push(value);
            }
            *t = value;
        }
        for part in parts.iter_mut() {
            part.settle();
        }
        *whole = Self::listed(tagged);
        whole.settle();
    }

    /// [`sort_parts_into`](Self::sort_parts_into) by counting, each part in `buckets`
    /// counters from `low` in steps of `step`, and the whole from the sum of their counts.
    /// `Err` at the first part with a value off the step: the parts before it are then
    /// sorted, it and the later ones as they were, and `whole` unchanged.
    fn count_parts_into(
        whole: &mut Sample,
        parts: &mut [&mut Sample],
        low: i64,
        step: Step,
        buckets: usize,
    ) -> Result<(), OffStep> {
        let mut counts = vec![0u32; buckets];
        let mut total = vec![0u32; buckets];
        for part in parts.iter_mut() {
            counts.fill(0);
            count_offsets(&part.values, low, step, &mut counts)?;
            count_offsets(&part.narrow, low, step, &mut counts)?;
            part.narrow = Vec::new();
            if let Some(runs) = write_counted(&mut part.values, low, step, &counts) {
                **part = Self::counted(runs);
            }
            // No overflow: the counts add up to `n`, which fits in u32.
            for (sum, count) in total.iter_mut().zip(&counts) {
                *sum = sum.wrapping_add(*count);
            }
        }
        let values = std::mem::take(whole.listed_mut());
        *whole = Self::from_counts(values, low, step, &total);
        Ok(())
    }

    /// The sample of the values `counts` counts ([`write_counted`]): counted, or listed in
    /// `values`' memory.
    fn from_counts(mut values: Vec<i64>, low: i64, step: Step, counts: &[u32]) -> Sample {
        match write_counted(&mut values, low, step, counts) {
            Some(runs) => Self::counted(runs),
            None => Self::listed(values),
        }
    }

    /// [`sort_parts_into`](Self::sort_parts_into) the plain way: each part sorted on its
    /// own (whatever its form, sorted or not), and their values added to the whole, sorted
    /// again.
    fn sort_each_into(whole: &mut Sample, parts: &mut [&mut Sample]) {
        let values = whole.listed_mut();
        for part in parts.iter_mut() {
            values.extend(part.iter());
            part.sort();
        }
        whole.sort();
    }

    /// The values, sorted ascending. A sample that keeps its values counted (see the type's
    /// documentation) builds this list on the first call and keeps it.
    #[must_use]
    pub fn values(&self) -> &[i64] {
        if !self.runs.is_empty() {
            self.listed.get_or_init(|| list(&self.runs))
        } else if !self.narrow.is_empty() {
            self.listed.get_or_init(|| widened(&self.narrow))
        } else {
            &self.values
        }
    }

    /// The values, sorted ascending, one at a time (without building the list that
    /// [`values`](Self::values) returns).
    pub(crate) fn iter(&self) -> impl Iterator<Item = i64> + '_ {
        self.unsorted().chain(run_values(&self.runs))
    }

    /// The listed values, wide and narrow, in the order they are held (unsorted while a
    /// report pushes them).
    fn unsorted(&self) -> impl Iterator<Item = i64> + '_ {
        let narrow = self.narrow.iter().map(|v| i64::from(*v));
        self.values.iter().copied().chain(narrow)
    }

    /// How many values.
    #[must_use]
    pub fn len(&self) -> usize {
        match self.runs.last() {
            Some(run) => usize::try_from(run.end).unwrap_or(usize::MAX),
            None => self.values.len() + self.narrow.len(),
        }
    }

    /// Whether the sample is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The nearest-rank `p`-th percentile (`p` is clamped to 0..=100), or `None` when empty.
    #[must_use]
    pub fn percentile(&self, p: u8) -> Option<i64> {
        let n = self.len();
        let p = usize::from(p.min(100));
        let rank = (p * n).div_ceil(100).max(1);
        if self.runs.is_empty() {
            return self.values().get(rank - 1).copied();
        }
        let rank = u64::try_from(rank).ok()?;
        let at = self.runs.partition_point(|run| run.end < rank);
        self.runs.get(at).map(|run| run.value)
    }

    /// The (lower) median.
    #[must_use]
    pub fn median(&self) -> Option<i64> {
        self.percentile(50)
    }

    /// The sample holding the values of both.
    #[must_use]
    pub fn merged(&self, other: &Sample) -> Sample {
        let mut merged = self.clone();
        merged.merge(other);
        merged
    }

    /// Adds the values of `other`: by a merge of the two samples' distinct values when
    /// both keep them counted, else by a linear merge of the two sorted lists (runs of
    /// values that fall between two of the other list's are copied whole). Two listed
    /// samples stay listed.
    pub fn merge(&mut self, other: &Sample) {
        if other.is_empty() {
            return;
        }
        if !self.runs.is_empty() && !other.runs.is_empty() {
            *self = Self::counted(merge_runs(&self.runs, &other.runs));
            return;
        }
        // Two listed samples merge into a listed one, without a scan of the result: neither
        // repeated enough to be counted, and together they seldom do.
        let either_counted = !self.runs.is_empty() || !other.runs.is_empty();
        // Their list, without caching it in `other` when it is counted.
        let theirs: std::borrow::Cow<'_, [i64]> = match other.listed.get() {
            Some(listed) => listed.into(),
            None if !other.runs.is_empty() => list(&other.runs).into(),
            None if !other.narrow.is_empty() => widened(&other.narrow).into(),
            None => other.values.as_slice().into(),
        };
        let theirs = theirs.as_ref();
        let values = self.listed_mut();
        if values
            .last()
            .is_none_or(|last| theirs.first().is_some_and(|first| last <= first))
        {
            // All of theirs goes after all of ours (or ours is empty).
            values.extend_from_slice(theirs);
        } else {
            let mine = std::mem::take(values);
            *values = merge_sorted(&mine, theirs);
        }
        if either_counted {
            self.settle();
        }
    }
}

/// Every value of `runs`, in order, one at a time.
fn run_values(runs: &[Run]) -> impl Iterator<Item = i64> + '_ {
    let mut before = 0;
    runs.iter().flat_map(move |run| {
        let count = run.end.saturating_sub(before);
        before = run.end;
        std::iter::repeat_n(run.value, usize::try_from(count).unwrap_or(usize::MAX))
    })
}

/// Narrow values widened, in order.
fn widened(narrow: &[i32]) -> Vec<i64> {
    narrow.iter().map(|v| i64::from(*v)).collect()
}

/// Every value of `runs`, in order, listed.
fn list(runs: &[Run]) -> Vec<i64> {
    let n = runs
        .last()
        .map_or(0, |run| usize::try_from(run.end).unwrap_or(0));
    let mut values = Vec::with_capacity(n);
    values.extend(run_values(runs));
    values
}

/// The runs of a sorted list whose values repeat enough to be kept counted
/// ([`COUNTED_FROM`]).
fn runs_if_repeating(values: &[i64]) -> Option<Vec<Run>> {
    let distinct = distinct_in_sorted(values);
    worth_counting(distinct, values.len()).then(|| runs_of_sorted(values, distinct))
}

/// The number of distinct values of a sorted list.
fn distinct_in_sorted(values: &[i64]) -> usize {
    let steps = values.windows(2).filter(|pair| pair[0] != pair[1]).count();
    steps + usize::from(!values.is_empty())
}

/// The runs of a sorted list holding `distinct` distinct values.
fn runs_of_sorted(values: &[i64], distinct: usize) -> Vec<Run> {
    let mut runs: Vec<Run> = Vec::with_capacity(distinct);
    for (end, value) in (1u64..).zip(values) {
        match runs.last_mut() {
            Some(last) if last.value == *value => last.end = end,
            _ => runs.push(Run { value: *value, end }),
        }
    }
    runs
}

/// Two samples' runs together: the distinct values of both, ascending, each with the
/// number of values of both up to and including it.
fn merge_runs(mine: &[Run], theirs: &[Run]) -> Vec<Run> {
    let mut out = Vec::with_capacity(mine.len() + theirs.len());
    let (mut mine, mut theirs) = (mine.iter().peekable(), theirs.iter().peekable());
    let (mut mine_before, mut theirs_before) = (0u64, 0u64);
    loop {
        let next = match (mine.peek(), theirs.peek()) {
            (Some(a), Some(b)) => a.value.min(b.value),
            (Some(a), None) => a.value,
            (None, Some(b)) => b.value,
            (None, None) => break,
        };
        if let Some(run) = mine.next_if(|run| run.value == next) {
            mine_before = run.end;
        }
        if let Some(run) = theirs.next_if(|run| run.value == next) {
            theirs_before = run.end;
        }
        out.push(Run {
            value: next,
            end: mine_before.saturating_add(theirs_before),
        });
    }
    out
}

/// A merge in which the runs taken alternately from each list add up to fewer than this
/// many values merges the next values branch-free ([`STRETCH`] at a time); from this many
/// on it copies whole runs. Copying a run costs a search and a `memcpy` (tens of instructions
/// and a mispredicted branch or two), paid back from about eight values a run.
const GALLOP_FROM: usize = 16;

/// How many values a merge takes branch-free at a time (a power of two).
const STRETCH: usize = 128;

/// At most this many [`STRETCH`]es are taken before the merge tries copying runs again.
const MAX_STRETCHES: usize = 8;

/// The sorted merge of two sorted lists (equal values from `mine` first, though equal
/// values are indistinguishable). Adaptive: samples often hold many equal values (scores
/// of 0 to 100, durations in whole minutes), so the lists alternate in long runs, which are
/// found by galloping and copied whole; where the runs are short (distinct values), values
/// are taken one at a time without branching on which list gives the next, as that is as
/// good as random.
fn merge_sorted(mut mine: &[i64], mut theirs: &[i64]) -> Vec<i64> {
    let mut out = Vec::with_capacity(mine.len() + theirs.len());
    let mut stretches = 1;
    while let Some(&next_theirs) = theirs.first() {
        // Ours up to their next value, then theirs below our next value.
        let ours = leading(mine, |v| v <= next_theirs);
        let (run, rest) = mine.split_at_checked(ours).unwrap_or((mine, &[]));
        out.extend_from_slice(run);
        mine = rest;
        let Some(&next_mine) = mine.first() else {
            break;
        };
        let their_run = leading(theirs, |v| v < next_mine);
        let (run, rest) = theirs.split_at_checked(their_run).unwrap_or((theirs, &[]));
        out.extend_from_slice(run);
        theirs = rest;
        if ours + their_run < GALLOP_FROM {
            // Short runs: the next values one at a time, for longer each time runs stay
            // short (a search that finds short runs costs a few mispredicted branches).
            for _ in 0..stretches {
                if mine.is_empty() || theirs.is_empty() {
                    break;
                }
                (mine, theirs) = merge_stretch(&mut out, mine, theirs);
            }
            stretches = (stretches * 2).min(MAX_STRETCHES);
        } else {
            stretches = 1;
        }
    }
    out.extend_from_slice(mine);
    out.extend_from_slice(theirs);
    out
}

/// Appends the next [`STRETCH`] values of the merge of `mine` and `theirs` (or, when
/// either holds fewer, the next `min(len)`, so that neither runs out) to `out`, one at a
/// time without branching on which list gives the next (as good as random), and returns
/// the rests of both lists.
fn merge_stretch<'a, 'b>(
    out: &mut Vec<i64>,
    mine: &'a [i64],
    theirs: &'b [i64],
) -> (&'a [i64], &'b [i64]) {
    // `i` values came from ours and `j` from theirs. Each value waits on the load, compare
    // and add of the one before, so neither index is derived from the other (the step
    // minus it) nor masked: either lengthens that chain by an instruction, about 10% slower
    // on distinct values; the bounds checks are predicted branches beside it. `extend` from
    // a `Range` (a trusted length) writes without a capacity check per value.
    let (mut i, mut j) = (0, 0);
    let mut step = |mine_head: &[i64], their_head: &[i64]| {
        let (Some(&x), Some(&y)) = (mine_head.get(i), their_head.get(j)) else {
            return 0; // unreachable: neither list runs out within the steps
        };
        let take_mine = x <= y;
        i += usize::from(take_mine);
        j += usize::from(!take_mine);
        if take_mine { x } else { y }
    };
    if let (Some(mine_head), Some(their_head)) = (
        mine.first_chunk::<STRETCH>(),
        theirs.first_chunk::<STRETCH>(),
    ) {
        // Arrays of a known length: the loop runs a constant number of times.
        out.extend((0..STRETCH).map(|_| step(mine_head, their_head)));
    } else {
        // Neither list runs out within `steps` values, as each step takes one value.
        let steps = mine.len().min(theirs.len());
        out.extend((0..steps).map(|_| step(mine, theirs)));
    }
    let rests = (mine.get(i..), theirs.get(j..));
    (rests.0.unwrap_or_default(), rests.1.unwrap_or_default())
}

/// How many leading values of `values` satisfy `pred`, which holds for a prefix of the
/// sorted list and then fails: by galloping (probing 1, 2, 4, ... values ahead, then a
/// binary search), so a run of `r` values costs about `2 log2 r` comparisons.
fn leading(values: &[i64], pred: impl Fn(i64) -> bool) -> usize {
    let (mut known, mut step) = (0, 1);
    while let Some(&v) = values.get(known + step - 1) {
        if !pred(v) {
            break;
        }
        known += step;
        step *= 2;
    }
    let end = (known + step - 1).min(values.len());
    known
        + values
            .get(known..end)
            .map_or(0, |window| window.partition_point(|v| pred(*v)))
}

/// From this many values on, a sample is sorted by counting or by radix rather than by
/// comparison: the radix sort's fixed cost (2,048-bucket histograms) is paid back from
/// about a thousand values (measured on funnel samples of 1,000 to 4,000 durations).
const RADIX_FROM: usize = 1024;

/// At most this many counters (a `u32` each: 8 MiB) for a counting sort.
const COUNTING_MAX: usize = 1 << 21;

/// A counting sort is chosen when its histograms have at most this many counters per value
/// sorted. Each counter is zeroed, summed and scanned once and each value counted and
/// written once, against the radix sort's two or three passes over every value, each
/// writing it to a scattered place. On the B7 bench's funnel samples (0.2M to 0.8M
/// durations in five groups) counting took 32–66% of the radix sort's time at 1.9 to 6
/// counters a value, and about as long (89–106%) at 4.6 and at 7 (3 Dec 2026, see
/// BENCHMARKS.md).
const COUNTING_PER_VALUE: usize = 8;

/// The number of counters of a counting sort of `n` values whose largest offset from the
/// smallest is `range`, with `histograms` histograms of them, when it is the cheaper sort.
fn counting_buckets(n: usize, range: u64, histograms: usize) -> Option<usize> {
    let buckets = usize::try_from(range).ok()?.checked_add(1)?;
    let cheaper = buckets.saturating_mul(histograms) <= n.saturating_mul(COUNTING_PER_VALUE);
    (buckets <= COUNTING_MAX && u32::try_from(n).is_ok() && cheaper).then_some(buckets)
}

/// A value whose offset from the smallest the candidate step does not divide.
#[derive(Debug)]
struct OffStep;

/// Counts each of `values` at its offset from `low` in steps of `step` in `counts`, which
/// has a counter for every such offset of the values on the step; `Err` when the step does
/// not divide an offset (its index falls outside the counters: [`Step::index`]), `counts`
/// then holding part of the values' counts.
#[allow(clippy::cast_sign_loss)] // offsets bit for bit
fn count_offsets<T: Copy + Into<i64>>(
    values: &[T],
    low: i64,
    step: Step,
    counts: &mut [u32],
) -> Result<(), OffStep> {
    // No early exit: the branch-free count of every value is the common case.
    let mut off_step = false;
    for value in values {
        let offset = (*value).into().wrapping_sub(low) as u64;
        let index = usize::try_from(step.index(offset));
        match index.ok().and_then(|index| counts.get_mut(index)) {
            Some(count) => *count = count.wrapping_add(1),
            None => off_step = true,
        }
    }
    if off_step { Err(OffStep) } else { Ok(()) }
}

/// The values `counts` counts (by their offset from `low` in steps of `step`), in order: as
/// runs when they repeat enough to be kept counted ([`COUNTED_FROM`]), `values` then left
/// empty; else written over `values`, in the list's own memory when it has room.
#[allow(clippy::cast_possible_wrap)] // offsets bit for bit
fn write_counted(values: &mut Vec<i64>, low: i64, step: Step, counts: &[u32]) -> Option<Vec<Run>> {
    values.clear();
    let (distinct, n) = counts
        .iter()
        .fold((0usize, 0usize), |(distinct, n), count| {
            (distinct + usize::from(*count != 0), n + *count as usize)
        });
    if worth_counting(distinct, n) {
        let mut runs = Vec::with_capacity(distinct);
        let mut end = 0u64;
        for (offset, count) in counts.iter().enumerate() {
            if *count != 0 {
                end += u64::from(*count);
                let value = low.wrapping_add(step.offset(offset as u64) as i64);
                runs.push(Run { value, end });
            }
        }
        return Some(runs);
    }
    for (offset, count) in counts.iter().enumerate() {
        // A branch on the count, taken or not per value: measured faster than writing every
        // value before its count is looked at (3 Dec 2026).
        if *count != 0 {
            let value = low.wrapping_add(step.offset(offset as u64) as i64);
            values.extend(std::iter::repeat_n(value, *count as usize));
        }
    }
    None
}

/// Sorts `values` in linear time: by counting when they lie close together
/// ([`counting_buckets`]), in steps of their common step when they have one
/// ([`count_by_steps`]: durations between times to the minute take a counter a minute, not
/// a second), else by radix ([`radix_sorted`]). Durations of a million leads sort several
/// times faster than by comparison. Returns the runs when the values repeat enough to be
/// kept counted (the list, then emptied or left sorted, is no longer needed); `None` when
/// they stay listed, sorted in `values`.
fn sort_many(values: &mut Vec<i64>) -> Option<Vec<Run>> {
    let bounds = bounds_of(values)?;
    if let Some((step, counts)) = count_by_steps(values, bounds) {
        return write_counted(values, bounds.0, step, &counts);
    }
    radix_sorted(values, bounds)
}

/// Sorts `values`, whose smallest and largest are `bounds`, by a least-significant-digit
/// radix sort on 11-bit digits of each value's offset from the smallest value (so only as
/// many passes as the range needs: two for durations up to 48 days in seconds), with the
/// counts of every pass taken in one read, skipping the passes in which every value has
/// the same digit; the runs when the sorted values repeat enough to be kept counted.
#[allow(clippy::cast_sign_loss)] // the range of the values, bit for bit
fn radix_sorted(values: &mut Vec<i64>, (smallest, largest): (i64, i64)) -> Option<Vec<Run>> {
    let range = largest.wrapping_sub(smallest) as u64;
    radix_sort_within(values, radix_key(smallest), range);
    runs_if_repeating(values)
}

/// The counts of `values`, whose smallest and largest are `bounds`, by their offsets from
/// the smallest in steps of their candidate step ([`Step::candidate`]), or of one when a
/// value is off it; with that step. `None` when the values do not lie close enough
/// together for a counting sort ([`counting_buckets`]).
#[allow(clippy::cast_sign_loss)] // the range of the values, bit for bit
fn count_by_steps<T: Copy + Into<i64>>(
    values: &[T],
    (low, high): (i64, i64),
) -> Option<(Step, Vec<u32>)> {
    let range = high.wrapping_sub(low) as u64;
    let spread = values.iter().step_by(stride(values.len()));
    let candidate = Step::candidate(spread.map(|v| (*v).into()));
    for step in [candidate, Step::ONE] {
        if let Some(buckets) = counting_buckets(values.len(), step.index(range), 1) {
            let mut counts = vec![0u32; buckets];
            if count_offsets(values, low, step, &mut counts).is_ok() {
                return Some((step, counts));
            }
        }
        if step == Step::ONE {
            break;
        }
    }
    None
}

/// The smallest and the largest of `values` (`None` without values), in one read with
/// nothing else in the loop: a read from memory runs only as far ahead as the loop's few
/// instructions a value allow.
fn bounds_of<T: Copy + Into<i64> + Ord>(values: &[T]) -> Option<(i64, i64)> {
    let first = *values.first()?;
    let (low, high) = values
        .iter()
        .fold((first, first), |(lo, hi), v| (lo.min(*v), hi.max(*v)));
    Some((low.into(), high.into()))
}

/// The order-preserving map of a value to an unsigned key: the sign bit flipped.
#[allow(clippy::cast_sign_loss)] // bit for bit
fn radix_key(value: i64) -> u64 {
    (value as u64) ^ (1 << 63)
}

/// The radix sort of [`sort_many`], of values whose keys ([`radix_key`]) lie in
/// `low..=low + range`, bounds known to the caller: the digits are of each key's offset
/// from `low`.
#[allow(clippy::cast_sign_loss, clippy::cast_possible_truncation)] // bit-for-bit keys; digits < 2^11
fn radix_sort_within(values: &mut Vec<i64>, low: u64, range: u64) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    const MASK: u64 = (1 << BITS) - 1;
    let passes = (u64::BITS - range.leading_zeros()).div_ceil(BITS);
    if passes == 0 {
        return; // every value equal
    }
    let offset = |v: i64| radix_key(v).wrapping_sub(low);
    // One histogram per pass, all filled in one read: the digits of a value by shifting.
    let mut counts = vec![[0usize; BUCKETS]; passes as usize];
    let bump = |histogram: &mut [usize; BUCKETS], digit: u64| {
        if let Some(c) = histogram.get_mut((digit & MASK) as usize) {
            *c += 1;
        }
    };
    match counts.as_mut_slice() {
        // Scores: one digit.
        [only] => {
            for v in values.iter() {
                bump(only, offset(*v));
            }
        }
        // Durations in seconds up to 48 days: two digits, unrolled.
        [low_digits, high_digits] => {
            for v in values.iter() {
                let rest = offset(*v);
                bump(low_digits, rest);
                bump(high_digits, rest >> BITS);
            }
        }
        all => {
            for v in values.iter() {
                let mut rest = offset(*v);
                for histogram in all.iter_mut() {
                    bump(histogram, rest);
                    rest >>= BITS;
                }
            }
        }
    }
    let n = values.len();
    let mut scratch = vec![0i64; n];
    let mut shift = 0;
    for histogram in &mut counts {
        let pass_shift = shift;
        shift += BITS;
        if histogram.contains(&n) {
            continue;
        }
        let mut next = 0;
        for c in histogram.iter_mut() {
            let here = *c;
            *c = next;
            next += here;
        }
        for v in values.iter() {
            let digit = ((offset(*v) >> pass_shift) & MASK) as usize;
            if let Some(c) = histogram.get_mut(digit) {
                if let Some(slot) = scratch.get_mut(*c) {
                    *slot = *v;
                }
                *c += 1;
            }
        }
        std::mem::swap(values, &mut scratch);
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::{Just, any};
    use proptest::strategy::Strategy as _;
    use proptest::{collection::vec, prop_oneof};

    use super::Sample;

    /// The plain method: sort by comparison.
    fn plain(mut values: Vec<i64>) -> Vec<i64> {
        values.sort_unstable();
        values
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]
        #[test]
        fn radix_sort_sorts(values in vec(
            prop_oneof![any::<i64>(), -5_000i64..5_000, Just(i64::MIN), Just(i64::MAX)],
            4_096..4_400,
        )) {
            let mut sample = Sample::listed(values.clone());
            sample.sort();
            proptest::prop_assert_eq!(sample.values(), plain(values));
        }

        #[test]
        fn radix_sort_sorts_narrow_ranges(
            base in any::<i64>(),
            bits in 0u32..40,
            offsets in vec(any::<u64>(), 4_096..4_400),
        ) {
            // Values within 2^bits of a base (wrapping at the ends of i64): by counting up to
            // 2^15 (eight counters a value), else by radix in one pass, two or more, or none
            // when all are equal.
            let mask = (1u64 << bits) - 1;
            #[allow(clippy::cast_possible_wrap)]
            let values: Vec<i64> = offsets.iter().map(|o| base.wrapping_add((o & mask) as i64)).collect();
            let mut sample = Sample::listed(values.clone());
            sample.sort();
            proptest::prop_assert_eq!(sample.values(), plain(values));
        }
    }

    #[test]
    fn counting_is_chosen_for_values_close_together() {
        use super::{COUNTING_MAX, counting_buckets};
        assert_eq!(counting_buckets(1_000, 99, 1), Some(100));
        // Eight counters a value, across every histogram.
        assert_eq!(counting_buckets(1_000, 7_999, 1), Some(8_000));
        assert_eq!(counting_buckets(1_000, 8_000, 1), None);
        assert_eq!(counting_buckets(1_000, 1_999, 4), Some(2_000));
        assert_eq!(counting_buckets(1_000, 2_000, 4), None);
        // Never more than COUNTING_MAX counters, more values than a `u32` counts, nor a
        // range that does not fit.
        let max = u64::try_from(COUNTING_MAX).unwrap();
        assert_eq!(counting_buckets(1 << 30, max - 1, 1), Some(COUNTING_MAX));
        assert_eq!(counting_buckets(1 << 30, max, 1), None);
        let too_many = usize::try_from(u64::from(u32::MAX) + 1).unwrap_or(usize::MAX);
        assert_eq!(counting_buckets(too_many, 10, 1), None);
        assert_eq!(counting_buckets(10, u64::MAX, 1), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(24))]
        /// Values close together, sorted by counting: one sample, or parts and their whole.
        #[test]
        fn counting_sorts(
            base in prop_oneof![any::<i64>(), Just(i64::MIN), Just(i64::MAX - 700), -5i64..5],
            step in prop_oneof![Just(1i64), 2i64..100_000, Just(60), Just(86_400)],
            parts in vec(vec(0i64..700, 400..700), 1..7),
            stray in proptest::option::of((1i64..1_000, 0usize..7)),
        ) {
            // Near a base anywhere in i64 (past its ends, the values wrap and are far apart),
            // in steps of `step` (counted a step to a counter), now and then with a value
            // off the step.
            let mut parts: Vec<Vec<i64>> = parts
                .iter()
                .map(|values| values.iter().map(|v| base.wrapping_add(v * step)).collect())
                .collect();
            if let Some((stray, at)) = stray {
                let len = parts.len();
                if let Some(part) = parts.get_mut(at % len) {
                    part.push(base.wrapping_add(stray));
                }
            }
            let all = parts.concat();
            let mut one = Sample::listed(all.clone());
            one.sort();
            proptest::prop_assert_eq!(&one.values(), &plain(all.clone()));
            let mut samples: Vec<Sample> =
                parts.iter().map(|values| Sample::listed(values.clone())).collect();
            let mut whole = Sample::default();
            let mut refs: Vec<&mut Sample> = samples.iter_mut().collect();
            Sample::sort_parts_into(&mut whole, &mut refs);
            for (sample, values) in samples.iter().zip(&parts) {
                proptest::prop_assert_eq!(&sample.values(), &plain(values.clone()));
            }
            proptest::prop_assert_eq!(whole.values(), plain(all));
        }
    }

    #[test]
    fn values_in_steps_are_counted_a_step_to_a_counter() {
        use super::{COUNTING_MAX, bounds_of, count_by_steps, count_offsets};
        // Whole days in seconds over five years: too wide a range to count a second to a
        // counter, a day to a counter takes 1,826.
        let days: Vec<i64> = (0..4_000)
            .map(|k: i64| ((k * 2_654_435_761) >> 7) % 1_826 * 86_400 - 86_400)
            .collect();
        let (low, high) = bounds_of(&days).unwrap();
        assert_eq!((low, high), (-86_400, 1_824 * 86_400));
        assert!(usize::try_from(high - low).unwrap() > COUNTING_MAX);
        let (step, counts) = count_by_steps(&days, (low, high)).unwrap();
        assert_eq!((step.index(86_400), counts.len()), (1, 1_826));
        assert_eq!(counts.iter().sum::<u32>(), 4_000);
        // A value off the step falls outside the counters.
        let mut counts = counts;
        assert!(count_offsets(&[low + 1], low, step, &mut counts).is_err());
        // Then by ones, too wide a range to count.
        let mut off = days.clone();
        off.push(1);
        assert!(count_by_steps(&off, bounds_of(&off).unwrap()).is_none());
        assert!(bounds_of::<i64>(&[]).is_none());
        let mut sample = Sample::listed(days.clone());
        sample.sort();
        assert_eq!(sample.values(), plain(days));
    }

    #[test]
    fn narrow_pushes_read_as_wide_ones() {
        // Pushed values that fit in 32 bits are held narrow until sorted; every reading
        // of the sample sees them as pushed, and a wide value or a sort lists them.
        let mut sample = Sample::default();
        for v in [30i64, -10, 20] {
            sample.push(v);
        }
        assert_eq!(sample.len(), 3);
        assert_eq!(sample.values(), &[30, -10, 20]);
        sample.push(5); // after `values` built its list
        assert_eq!(sample.values(), &[30, -10, 20, 5]);
        assert_eq!(sample.iter().collect::<Vec<_>>(), vec![30, -10, 20, 5]);
        sample.push(i64::from(i32::MAX) + 1);
        assert_eq!(sample.values(), &[30, -10, 20, 5, 1 << 31]);
        sample.sort();
        assert_eq!(sample.values(), &[-10, 5, 20, 30, 1 << 31]);
        // Parts of whole minutes, pushed narrow, counted into their whole.
        let minutes = |part: i64| (0..3_000).map(move |k| (k * 7 + part) % 500 * 60);
        let mut parts: Vec<Sample> = (0..3)
            .map(|part| {
                let mut sample = Sample::default();
                minutes(part).for_each(|v| sample.push(v));
                sample
            })
            .collect();
        let mut whole = Sample::default();
        Sample::sort_parts_into(&mut whole, &mut parts.iter_mut().collect::<Vec<_>>());
        for (part, sample) in (0..3).zip(&parts) {
            assert_eq!(sample.values(), plain(minutes(part).collect()));
        }
        assert_eq!(whole.values(), plain((0..3).flat_map(minutes).collect()));
        let mut narrow = Sample::default();
        narrow.push(7);
        let mut merged = Sample::from_values(vec![1, 9]);
        merged.merge(&narrow);
        assert_eq!(merged.values(), &[1, 7, 9]);
        assert_eq!(Vec::from(narrow), vec![7]);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(32))]
        /// Values pushed (narrow while they fit, wide once one does not) sort, alone or as
        /// parts of a whole, as the same values listed do.
        #[test]
        fn pushed_values_sort_as_listed_ones(
            parts in vec(
                prop_oneof![
                    // Whole minutes (counted by steps), small values, and now and then a
                    // value too wide for 32 bits.
                    4 => vec((0i64..2_000).prop_map(|m| m * 60), 0..1_500),
                    1 => vec(-100_000i64..100_000, 0..1_500),
                    1 => vec(prop_oneof![20 => -100_000i64..100_000, 1 => any::<i64>()], 0..1_500),
                ],
                1..5,
            ),
        ) {
            let mut pushed: Vec<Sample> = parts
                .iter()
                .map(|values| {
                    let mut sample = Sample::default();
                    for v in values {
                        sample.push(*v);
                    }
                    sample
                })
                .collect();
            let mut each = pushed.clone();
            for (sample, values) in each.iter_mut().zip(&parts) {
                proptest::prop_assert_eq!(sample.len(), values.len());
                sample.sort();
                proptest::prop_assert_eq!(sample.values(), plain(values.clone()));
            }
            let mut whole = Sample::default();
            let mut refs: Vec<&mut Sample> = pushed.iter_mut().collect();
            Sample::sort_parts_into(&mut whole, &mut refs);
            for (sample, values) in pushed.iter().zip(&parts) {
                proptest::prop_assert_eq!(sample.values(), plain(values.clone()));
            }
            proptest::prop_assert_eq!(whole.values(), plain(parts.concat()));
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(48))]
        /// Sorting the parts and the whole by one tagged sort gives what sorting each does.
        #[test]
        fn parts_sorted_at_once_are_parts_sorted_each(
            parts in vec(vec(prop_oneof![0i64..1_000_000, -5_000i64..5_000], 0..700), 0..9),
            wide in prop_oneof![Just(None), Just(Some(i64::MIN)), Just(Some(i64::MAX))],
            own in vec(-50i64..50, 0..3),
        ) {
            // Values over the full range of i64 (no room for tags), and a whole that holds
            // values already, now and then.
            let mut parts = parts;
            if let (Some(value), Some(part)) = (wide, parts.first_mut()) {
                part.push(value);
            }
            let mut samples: Vec<Sample> =
                parts.iter().map(|values| Sample::listed(values.clone())).collect();
            let mut whole = Sample::listed(own.clone());
            let mut refs: Vec<&mut Sample> = samples.iter_mut().collect();
            Sample::sort_parts_into(&mut whole, &mut refs);
            for (sample, values) in samples.iter().zip(&parts) {
                proptest::prop_assert_eq!(&sample.values(), &plain(values.clone()));
            }
            proptest::prop_assert_eq!(whole.values(), plain([own, parts.concat()].concat()));
        }
    }

    proptest::proptest! {
        #[test]
        fn merge_is_the_sorted_concatenation(
            a in vec(prop_oneof![any::<i64>(), -50i64..50], 0..40),
            b in vec(prop_oneof![any::<i64>(), -50i64..50], 0..40),
        ) {
            let mut merged = Sample::from_values(a.clone());
            merged.merge(&Sample::from_values(b.clone()));
            proptest::prop_assert_eq!(merged.values(), plain([a, b].concat()));
        }

        /// Lists long enough to switch between copying runs and the branch-free steps,
        /// with few or many distinct values, in either order and lengths far apart.
        #[test]
        fn adaptive_merge_is_the_sorted_concatenation(
            a in vec(prop_oneof![0i64..8, 0i64..400, any::<i64>()], 0..700),
            b in vec(prop_oneof![0i64..8, 0i64..400, any::<i64>()], 0..700),
            narrow in 1i64..40,
        ) {
            // Some lists of runs only (values below `narrow`).
            let narrowed = |values: &[i64]| values.iter().map(|v| v.rem_euclid(narrow)).collect();
            for (a, b) in [(a.clone(), b.clone()), (narrowed(&a), narrowed(&b)), (narrowed(&a), b.clone())] {
                let (x, y) = (Sample::from_values(a.clone()), Sample::from_values(b.clone()));
                let expected = plain([a, b].concat());
                proptest::prop_assert_eq!(x.merged(&y).values().to_vec(), expected.clone());
                proptest::prop_assert_eq!(y.merged(&x).values().to_vec(), expected.clone());
                let mut merged = x;
                merged.merge(&y);
                proptest::prop_assert_eq!(merged.values(), expected);
            }
        }
    }

    /// A sample whose values repeat (from `values` drawn below `distinct`), and one that
    /// lists the same values without counting them, whatever they are.
    fn both_forms(values: &[i64]) -> (Sample, Sample) {
        (
            Sample::from_values(values.to_vec()),
            Sample::listed(plain(values.to_vec())),
        )
    }

    fn hash_of(sample: &Sample) -> u64 {
        use std::hash::{BuildHasher, BuildHasherDefault, DefaultHasher};
        BuildHasherDefault::<DefaultHasher>::default().hash_one(sample)
    }

    /// Samples of `parts` (unsorted) sorted into a whole at once, and the whole.
    fn sorted_parts(parts: impl Iterator<Item = Vec<i64>>) -> (Vec<Sample>, Sample) {
        let mut parts: Vec<Sample> = parts.map(Sample::listed).collect();
        let mut whole = Sample::default();
        let mut refs: Vec<&mut Sample> = parts.iter_mut().collect();
        Sample::sort_parts_into(&mut whole, &mut refs);
        (parts, whole)
    }

    #[test]
    fn values_that_repeat_are_counted() {
        // Four values a distinct value on average: counted; fewer: listed.
        let counted = Sample::from_values((0..400).map(|v| v % 100).collect());
        assert_eq!(counted.runs.len(), 100);
        assert!(counted.values.is_empty());
        let listed = Sample::from_values((0..399).map(|v| v % 100).collect());
        assert!(listed.runs.is_empty());
        assert_eq!(listed.values.len(), 399);
        // Sorted by counting, the parts and their whole alike.
        let (parts, whole) =
            sorted_parts((0..3).map(|p| (0..2_000).map(|v| (v * 7 + p) % 50).collect()));
        assert!(
            parts
                .iter()
                .all(|part| part.runs.len() == 50 && part.len() == 2_000)
        );
        assert_eq!((whole.runs.len(), whole.len()), (50, 6_000));
        assert_eq!(whole.percentile(100), Some(49));
        // Far apart (sorted by radix, with tags) but repeating: the whole and the parts are
        // counted too.
        let (parts, whole) =
            sorted_parts((0..2).map(|p| (0..1_500).map(|v| (v % 3) * 1_000_000_007 + p).collect()));
        assert!(
            parts
                .iter()
                .all(|part| part.runs.len() == 3 && part.len() == 1_500)
        );
        assert_eq!((whole.runs.len(), whole.len()), (6, 3_000));
        // Two listed samples stay listed, even when together they would be counted.
        let three_each = Sample::from_values((0..300).map(|v| v % 100).collect());
        assert!(three_each.runs.is_empty());
        let six_each = three_each.merged(&three_each);
        assert!(six_each.runs.is_empty());
        assert_eq!(six_each.len(), 600);
        assert_eq!(six_each.percentile(100), Some(99));
        // Merged into a listed sample, a counted one keeps no list of its values.
        let mut distinct = Sample::from_values((1_000..1_010).collect());
        distinct.merge(&counted);
        assert_eq!(distinct.len(), 410);
        assert!(counted.listed.get().is_none());
        // Pushing to a counted sample lists it again.
        let mut pushed = counted.clone();
        pushed.push(-1);
        pushed.sort();
        assert_eq!(pushed.len(), 401);
        assert_eq!(pushed.values().first(), Some(&-1));
        assert_eq!(Vec::from(pushed).len(), 401);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
        /// Counted or listed, a sample has the same values, length, percentiles, equality,
        /// hash and debug form.
        #[test]
        fn counted_and_listed_agree(
            distinct in 1i64..60,
            draws in vec(any::<i64>(), 0..2_000),
            p in 0u8..=120,
        ) {
            let values: Vec<i64> = draws.iter().map(|d| d.rem_euclid(distinct) * 60 - 900).collect();
            let (counted, listed) = both_forms(&values);
            let sorted = plain(values);
            proptest::prop_assert_eq!(counted.values(), sorted.as_slice());
            proptest::prop_assert_eq!(counted.iter().collect::<Vec<_>>(), sorted.clone());
            proptest::prop_assert_eq!(counted.len(), sorted.len());
            proptest::prop_assert_eq!(counted.percentile(p), listed.percentile(p));
            proptest::prop_assert_eq!(counted.median(), listed.median());
            proptest::prop_assert_eq!(&counted, &listed);
            proptest::prop_assert_eq!(hash_of(&counted), hash_of(&listed));
            proptest::prop_assert_eq!(format!("{counted:?}"), format!("Sample {{ values: {sorted:?} }}"));
            let mut other = sorted.clone();
            other.push(i64::MAX);
            proptest::prop_assert_ne!(counted, Sample::from_values(other));
        }

        /// Merges of counted and listed samples, in any pairing, are the sorted
        /// concatenation.
        #[test]
        fn merges_across_forms_are_the_sorted_concatenation(
            a in vec(prop_oneof![0i64..6, 0i64..400, any::<i64>()], 0..900),
            b in vec(prop_oneof![0i64..6, 0i64..400, any::<i64>()], 0..900),
            narrow in 1i64..20,
        ) {
            let narrowed = |values: &[i64]| -> Vec<i64> { values.iter().map(|v| v.rem_euclid(narrow)).collect() };
            for (a, b) in [(narrowed(&a), narrowed(&b)), (narrowed(&a), b.clone()), (a.clone(), narrowed(&b))] {
                let expected = plain([a.clone(), b.clone()].concat());
                let (counted_a, listed_a) = both_forms(&a);
                let (counted_b, listed_b) = both_forms(&b);
                for (x, y) in [(&counted_a, &counted_b), (&counted_a, &listed_b), (&listed_a, &counted_b)] {
                    let merged = x.merged(y);
                    proptest::prop_assert_eq!(merged.values(), expected.as_slice());
                    proptest::prop_assert_eq!(merged.len(), expected.len());
                    proptest::prop_assert_eq!(merged.median(), Sample::listed(expected.clone()).median());
                }
            }
        }
    }

    #[cfg(feature = "serde")]
    #[test]
    fn counted_samples_serialize_as_their_values() {
        let values: Vec<i64> = (0..1_000).map(|v| (v * 13) % 40).collect();
        let (counted, listed) = both_forms(&values);
        assert!(!counted.runs.is_empty());
        let json = serde_json::to_string(&counted).unwrap();
        assert_eq!(json, serde_json::to_string(&plain(values)).unwrap());
        assert_eq!(json, serde_json::to_string(&listed).unwrap());
        let back: Sample = serde_json::from_str(&json).unwrap();
        assert_eq!(back, counted);
        assert!(!back.runs.is_empty());
    }
}
