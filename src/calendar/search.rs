//! Galloping search: the partition point of a sorted slice, searched outwards from a known
//! lower bound, so that an answer `k` places past the hint costs O(log k) comparisons. The
//! two ends of a span are usually close in every index (transitions, special days), so the
//! second end costs a comparison or two.

/// The number of leading elements of `slice` satisfying `pred` (which must hold for a
/// prefix of `slice` only), given that it is at least `hint`.
pub(crate) fn gallop<T>(slice: &[T], hint: usize, pred: impl Fn(&T) -> bool) -> usize {
    let Some(rest) = slice.get(hint..) else {
        return slice.len();
    };
    if !rest.first().is_some_and(&pred) {
        return hint;
    }
    // pred holds at rest[lo - 1]; look at rest[lo + step - 1] with doubling steps.
    let (mut lo, mut step) = (1, 1);
    let hi = loop {
        let probe = lo + step - 1;
        match rest.get(probe) {
            Some(x) if pred(x) => {
                lo = probe + 1;
                step *= 2;
            }
            Some(_) => break probe,
            None => break rest.len(),
        }
    };
    hint + lo
        + rest
            .get(lo..hi)
            .map_or(0, |window| window.partition_point(&pred))
}

#[cfg(test)]
mod tests {
    use super::gallop;

    #[test]
    fn gallop_matches_partition_point() {
        let data: Vec<i32> = (0..100).map(|i| i * 3).collect();
        for bound in -1..=301 {
            let expected = data.partition_point(|&x| x < bound);
            for hint in 0..=expected {
                assert_eq!(
                    gallop(&data, hint, |&x| x < bound),
                    expected,
                    "{bound} {hint}"
                );
            }
        }
        assert_eq!(gallop(&[] as &[i32], 0, |&x| x < 5), 0);
        assert_eq!(gallop(&[1, 2], 5, |&x| x < 5), 2);
    }
}
