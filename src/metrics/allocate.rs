//! Largest-remainder apportionment: splitting an integer total by integer weights so that
//! the parts sum exactly to the total.

/// Splits `total` among `weights` (key, weight), proportionally, by the largest-remainder
/// method: each part is the floor of its exact share, and the units left over go one each
/// to the largest remainders, ties broken by key order (the order of `weights`, which the
/// caller sorts by key), then by position. The parts sum exactly to `total`. A negative
/// total is split as its absolute value and negated. Returns no parts when every weight is
/// zero or there are none.
pub(crate) fn largest_remainder<K: Copy>(total: i64, weights: &[(K, u64)]) -> Vec<(K, i64)> {
    let sum: u128 = weights.iter().map(|(_, w)| u128::from(*w)).sum();
    if sum == 0 {
        return Vec::new();
    }
    let magnitude = u128::from(total.unsigned_abs());
    let mut parts: Vec<(K, u128, u128, usize)> = weights
        .iter()
        .enumerate()
        .map(|(i, (key, w))| {
            // |total| < 2^64 and w < 2^64, so the product fits in u128.
            let exact = magnitude * u128::from(*w);
            (*key, exact / sum, exact % sum, i)
        })
        .collect();
    let given: u128 = parts.iter().map(|p| p.1).sum();
    let left = magnitude.saturating_sub(given);
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by(|a, b| {
        let (pa, pb) = (parts.get(*a), parts.get(*b));
        let ra = pa.map_or(0, |p| p.2);
        let rb = pb.map_or(0, |p| p.2);
        rb.cmp(&ra).then(a.cmp(b))
    });
    for index in order
        .into_iter()
        .take(usize::try_from(left).unwrap_or(usize::MAX))
    {
        if let Some(part) = parts.get_mut(index) {
            part.1 += 1;
        }
    }
    parts
        .into_iter()
        .map(|(key, amount, _, _)| {
            // Each part is at most |total|, which fits in i64 (or is i64::MIN's magnitude).
            let amount = i128::try_from(amount).unwrap_or(i128::MAX);
            let signed = if total < 0 { -amount } else { amount };
            (key, i64::try_from(signed).unwrap_or(total))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::largest_remainder;

    #[test]
    fn thirds_of_a_hundred() {
        // 100 / 3 = 33 rem 1 each; the one unit left goes to the first key on a tie.
        let parts = largest_remainder(100, &[("a", 1), ("b", 1), ("c", 1)]);
        assert_eq!(parts, vec![("a", 34), ("b", 33), ("c", 33)]);
    }

    #[test]
    fn largest_remainder_wins() {
        // 10 by 1:2:3 -> 1.666, 3.333, 5.0 -> floors 1, 3, 5 (9); one left to "a" (.666).
        let parts = largest_remainder(10, &[("a", 1), ("b", 2), ("c", 3)]);
        assert_eq!(parts, vec![("a", 2), ("b", 3), ("c", 5)]);
    }

    #[test]
    fn negative_and_empty() {
        assert_eq!(
            largest_remainder(-7, &[("a", 1), ("b", 1)]),
            vec![("a", -4), ("b", -3)]
        );
        assert!(largest_remainder(7, &[("a", 0)]).is_empty());
        let big = largest_remainder(i64::MAX, &[("a", u64::MAX), ("b", u64::MAX)]);
        assert_eq!(
            big.iter().map(|p| i128::from(p.1)).sum::<i128>(),
            i128::from(i64::MAX)
        );
    }
}
