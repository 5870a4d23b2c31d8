//! An exact, mergeable sample of integer values (durations in seconds, scores) with
//! nearest-rank percentiles.

/// An exact multiset of `i64` values kept sorted, so that percentiles merge exactly.
///
/// This is deliberately not a sketch: a sample holds every value, so it costs O(values) in
/// memory (one value per lead and stage pair in a funnel, one score per lead in a review),
/// which is O(leads), never O(events). Merging two samples is a linear merge of two sorted
/// lists, so `merge(sample(a), sample(b)) == sample(a ++ b)` exactly and percentiles carry
/// no error.
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
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(from = "Vec<i64>", into = "Vec<i64>"))]
pub struct Sample {
    values: Vec<i64>,
}

impl From<Vec<i64>> for Sample {
    fn from(values: Vec<i64>) -> Self {
        Self::from_values(values)
    }
}

impl From<Sample> for Vec<i64> {
    fn from(sample: Sample) -> Self {
        sample.values
    }
}

impl Sample {
    /// A sample of `values`, in any order.
    #[must_use]
    pub fn from_values(mut values: Vec<i64>) -> Self {
        values.sort_unstable();
        Self { values }
    }

    /// Adds a value, unsorted: a report pushes while it reads histories and calls
    /// [`sort`](Self::sort) once when it is finished, so every public sample is sorted.
    pub(crate) fn push(&mut self, value: i64) {
        self.values.push(value);
    }

    /// Restores the sorted order after [`push`](Self::push)es.
    pub(crate) fn sort(&mut self) {
        if self.values.len() < RADIX_FROM {
            self.values.sort_unstable();
        } else {
            radix_sort(&mut self.values);
        }
    }

    /// The values, sorted ascending.
    #[must_use]
    pub fn values(&self) -> &[i64] {
        &self.values
    }

    /// How many values.
    #[must_use]
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether the sample is empty.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// The nearest-rank `p`-th percentile (`p` is clamped to 0..=100), or `None` when empty.
    #[must_use]
    pub fn percentile(&self, p: u8) -> Option<i64> {
        let n = self.values.len();
        let p = usize::from(p.min(100));
        let rank = (p * n).div_ceil(100).max(1);
        self.values.get(rank - 1).copied()
    }

    /// The (lower) median.
    #[must_use]
    pub fn median(&self) -> Option<i64> {
        self.percentile(50)
    }

    /// The sample holding the values of both.
    #[must_use]
    pub fn merged(&self, other: &Sample) -> Sample {
        let mut out = self.clone();
        out.merge(other);
        out
    }

    /// Adds the values of `other`, by a linear merge of the two sorted lists.
    pub fn merge(&mut self, other: &Sample) {
        if other.values.is_empty() {
            return;
        }
        let theirs = other.values.clone();
        if self.values.is_empty() {
            self.values = theirs;
            return;
        }
        let mine = std::mem::take(&mut self.values);
        let mut out = Vec::with_capacity(mine.len() + theirs.len());
        let (mut i, mut j) = (mine.into_iter().peekable(), theirs.into_iter().peekable());
        loop {
            match (i.peek(), j.peek()) {
                (Some(a), Some(b)) => {
                    if a <= b {
                        out.extend(i.next());
                    } else {
                        out.extend(j.next());
                    }
                }
                (Some(_), None) => {
                    out.extend(i);
                    break;
                }
                (None, _) => {
                    out.extend(j);
                    break;
                }
            }
        }
        self.values = out;
    }
}

/// From this many values on, a sample is sorted by radix rather than by comparison.
const RADIX_FROM: usize = 4096;

/// Sorts `values` by a least-significant-digit radix sort on 11-bit digits (six passes over
/// the 64 bits, the sign bit flipped so that negatives come first), skipping the passes in
/// which every value has the same digit. Linear time: durations of a million leads sort
/// several times faster than by comparison.
#[allow(clippy::cast_sign_loss, clippy::cast_possible_wrap)] // bit-for-bit reinterpretation
fn radix_sort(values: &mut [i64]) {
    const BITS: u32 = 11;
    const BUCKETS: usize = 1 << BITS;
    let key = |v: i64| (v as u64) ^ (1 << 63);
    let mut from: Vec<u64> = values.iter().map(|v| key(*v)).collect();
    let mut to = vec![0u64; from.len()];
    let mut shift = 0;
    while shift < 64 {
        let digit = |k: u64| usize::try_from((k >> shift) & (BUCKETS as u64 - 1)).unwrap_or(0);
        let mut counts = [0usize; BUCKETS];
        for k in &from {
            if let Some(c) = counts.get_mut(digit(*k)) {
                *c += 1;
            }
        }
        if counts.contains(&from.len()) {
            shift += BITS;
            continue;
        }
        let mut next = 0;
        for c in &mut counts {
            let n = *c;
            *c = next;
            next += n;
        }
        for k in &from {
            if let Some(c) = counts.get_mut(digit(*k)) {
                if let Some(slot) = to.get_mut(*c) {
                    *slot = *k;
                }
                *c += 1;
            }
        }
        std::mem::swap(&mut from, &mut to);
        shift += BITS;
    }
    for (v, k) in values.iter_mut().zip(from) {
        *v = (k ^ (1 << 63)) as i64;
    }
}

#[cfg(test)]
mod tests {
    use super::Sample;

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(12))]
        #[test]
        fn radix_sort_sorts(mut values in proptest::collection::vec(
            proptest::prop_oneof![
                proptest::prelude::any::<i64>(),
                -5_000i64..5_000,
                proptest::prelude::Just(i64::MIN),
                proptest::prelude::Just(i64::MAX),
            ],
            4_096..4_400,
        )) {
            let mut sample = Sample { values: values.clone() };
            sample.sort();
            values.sort_unstable();
            proptest::prop_assert_eq!(sample.values, values);
        }
    }
}
