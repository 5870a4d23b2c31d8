//! Largest-remainder apportionment: splitting an integer total by integer weights so that
//! the parts sum exactly to the total.

/// Up to this many parts, the largest remainders are selected rather than sorted.
const SELECT: usize = 8;

/// Splits `total` among `weights`, proportionally, by the largest-remainder method, into
/// `parts` (one per weight): each part is the floor of its exact share, and the units left
/// over go one each to the largest remainders, ties broken by position (the caller orders
/// the weights by campaign id, so ties go to the lower id). The parts sum exactly to
/// `total`. A negative total is split as its absolute value and negated. When every weight
/// is zero all parts are zero. `order` is scratch space, reused between calls.
pub(crate) fn largest_remainder(
    total: i64,
    weights: &[u64],
    parts: &mut Vec<i64>,
    order: &mut Vec<(u128, usize)>,
) {
    parts.clear();
    if weights.len() <= SELECT && small(total, weights, parts) {
        return;
    }
    parts.clear();
    parts.resize(weights.len(), 0);
    let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
    if sum == 0 {
        return;
    }
    let magnitude = u128::from(total.unsigned_abs());
    let sign: i128 = if total < 0 { -1 } else { 1 };
    let unit = if total < 0 { -1 } else { 1 };
    if let Some(&first) = weights.first() {
        if weights.iter().all(|w| *w == first) {
            // Equal weights (not zero, as the sum is not): every floor is total / n and
            // every remainder is equal, so the units left over go to the first positions.
            let n = u128::try_from(weights.len()).unwrap_or(u128::MAX);
            let (floor, left) = (magnitude / n, magnitude % n);
            let floor = i64::try_from(sign * i128::try_from(floor).unwrap_or(0)).unwrap_or(total);
            for (i, part) in parts.iter_mut().enumerate() {
                *part = floor;
                if u128::try_from(i).unwrap_or(u128::MAX) < left {
                    *part += unit;
                }
            }
            return;
        }
    }
    let max = weights.iter().copied().max().unwrap_or(0);
    let narrow = u64::try_from(sum).ok().filter(|_| {
        // Every product fits in u64: 64-bit division is much cheaper than 128-bit.
        u64::try_from(magnitude).is_ok_and(|m| m.checked_mul(max).is_some())
    });
    let mut given: u128 = 0;
    order.clear();
    for (i, (w, part)) in weights.iter().zip(parts.iter_mut()).enumerate() {
        let (floor, remainder) = match narrow {
            Some(sum) if sum > 0 => {
                let exact = total.unsigned_abs() * *w;
                (u128::from(exact / sum), u128::from(exact % sum))
            }
            _ => {
                // |total| <= 2^63 and w < 2^64, so the product fits in u128.
                let exact = magnitude * u128::from(*w);
                (exact / sum, exact % sum)
            }
        };
        given += floor;
        // Each part is at most |total|, so it fits in i64 once signed.
        *part = i64::try_from(sign * i128::try_from(floor).unwrap_or(0)).unwrap_or(total);
        order.push((remainder, i));
    }
    let left = usize::try_from(magnitude.saturating_sub(given)).unwrap_or(usize::MAX);
    if left == 0 {
        return;
    }
    // Fewer units are left than there are weights: order the largest remainders first.
    if order.len() <= SELECT {
        // Few parts: pick the largest remainders one by one (lower position on ties)
        // rather than sorting them all.
        for _ in 0..left {
            let mut best: Option<(usize, (u128, usize))> = None;
            for (k, entry) in order.iter().enumerate() {
                if best.is_none_or(|(_, b)| entry.0 > b.0 || (entry.0 == b.0 && entry.1 < b.1)) {
                    best = Some((k, *entry));
                }
            }
            let Some((k, (_, index))) = best else {
                break;
            };
            order.swap_remove(k);
            if let Some(part) = parts.get_mut(index) {
                *part += unit;
            }
        }
        return;
    }
    order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in order.iter().take(left) {
        if let Some(part) = parts.get_mut(*index) {
            *part += unit;
        }
    }
}

/// [`largest_remainder`] of up to [`SELECT`] weights into the empty `parts`, when the
/// weights' sum and their products with `|total|` fit in 64 bits (`false`, and nothing
/// pushed, otherwise): one read of the weights, remainders kept on the stack, and the units
/// left over selected among them with a bit set of the parts served, with no list to sort
/// or select from. Equal weights need no case of their own: equal remainders go by position.
fn small(total: i64, weights: &[u64], parts: &mut Vec<i64>) -> bool {
    // Two or three weights (the campaigns of most leads) by ranks, without a branch on the
    // data: the selection loop below mispredicted about 3.5 branches a call on the B7
    // bench (callgrind, 3 Dec 2026).
    match *weights {
        [a, b] => return ranked(total, [a, b], parts),
        [a, b, c] => return ranked(total, [a, b, c], parts),
        _ => {}
    }
    selected(total, weights, parts)
}

/// [`small`] for exactly `N` weights: each part's floor plus a unit when its remainder's
/// rank (larger remainders first, the lower position on ties) is below the units left
/// over, which is the same as serving the largest remainders one by one. With `N` a
/// constant every loop unrolls and the ranks are sums of comparisons.
fn ranked<const N: usize>(total: i64, weights: [u64; N], parts: &mut Vec<i64>) -> bool {
    let magnitude = total.unsigned_abs();
    let Some(sum) = sum_fitting(magnitude, &weights) else {
        return false;
    };
    if sum == 0 {
        parts.resize(N, 0);
        return true;
    }
    let (mut floors, mut remainders) = ([0u64; N], [0u64; N]);
    let mut given = 0u64;
    for (w, (floor, remainder)) in weights.iter().zip(floors.iter_mut().zip(&mut remainders)) {
        // No overflow: w <= max and |total| * max fits.
        let exact = magnitude.wrapping_mul(*w);
        *floor = exact / sum;
        *remainder = exact % sum;
        given = given.wrapping_add(*floor);
    }
    // Fewer than N units are left, one each to the parts ranked below them.
    let left = magnitude.wrapping_sub(given);
    for (j, (floor, mine)) in floors.iter().zip(&remainders).enumerate() {
        let rank: u64 = remainders
            .iter()
            .enumerate()
            .map(|(i, other)| u64::from(*other > *mine) + u64::from(i < j && *other == *mine))
            .sum();
        // A unit served makes the part at most |total|, so it stays in range once signed.
        let part = floor.wrapping_add(u64::from(rank < left));
        parts.push(signed(total, part));
    }
    true
}

/// [`small`] for any number of weights up to [`SELECT`]: the units left over selected one
/// by one.
fn selected(total: i64, weights: &[u64], parts: &mut Vec<i64>) -> bool {
    let magnitude = total.unsigned_abs();
    let Some(sum) = sum_fitting(magnitude, weights) else {
        return false;
    };
    if sum == 0 {
        parts.resize(weights.len(), 0);
        return true;
    }
    let mut remainders = [0u64; SELECT];
    let mut given = 0u64;
    for (w, remainder) in weights.iter().zip(&mut remainders) {
        // No overflow: w <= max and |total| * max fits.
        let exact = magnitude.wrapping_mul(*w);
        *remainder = exact % sum;
        let floor = exact / sum;
        given = given.wrapping_add(floor);
        parts.push(signed(total, floor));
    }
    let left = magnitude.wrapping_sub(given);
    if left == 0 {
        return true;
    }
    let unit = if total < 0 { -1 } else { 1 };
    // Fewer units are left than there are weights: each to the largest remainder not yet
    // served, the lower position on ties.
    let remainders = remainders.get(..weights.len()).unwrap_or_default();
    let mut served = 0u32;
    for _ in 0..left {
        let mut best: Option<(usize, u64)> = None;
        for (j, remainder) in remainders.iter().enumerate() {
            if served & (1 << j) == 0 && best.is_none_or(|(_, b)| *remainder > b) {
                best = Some((j, *remainder));
            }
        }
        let Some((j, _)) = best else {
            break;
        };
        served |= 1 << j;
        if let Some(part) = parts.get_mut(j) {
            *part += unit;
        }
    }
    true
}

/// The sum of `weights`, if it fits in 64 bits and so does `magnitude` times the largest
/// weight (so that no part's `magnitude × weight` overflows): the condition of the 64-bit
/// paths, [`ranked`] and [`selected`].
#[inline]
fn sum_fitting(magnitude: u64, weights: &[u64]) -> Option<u64> {
    let (mut sum, mut max) = (0u64, 0u64);
    for w in weights {
        sum = sum.checked_add(*w)?;
        max = max.max(*w);
    }
    magnitude.checked_mul(max).map(|_| sum)
}

/// A part of at most `|total|` with `total`'s sign.
#[inline]
fn signed(total: i64, part: u64) -> i64 {
    if total < 0 {
        0i64.checked_sub_unsigned(part).unwrap_or(total)
    } else {
        i64::try_from(part).unwrap_or(total)
    }
}

#[cfg(test)]
mod tests {
    use super::largest_remainder;

    fn split(total: i64, weights: &[u64]) -> Vec<i64> {
        let mut parts = Vec::new();
        largest_remainder(total, weights, &mut parts, &mut Vec::new());
        parts
    }

    #[test]
    fn thirds_of_a_hundred() {
        // 100 / 3 = 33 rem 1 each; the one unit left goes to the first on a tie.
        assert_eq!(split(100, &[1, 1, 1]), vec![34, 33, 33]);
    }

    #[test]
    fn largest_remainder_wins() {
        // 10 by 1:2:3 -> 1.666, 3.333, 5.0 -> floors 1, 3, 5 (9); one left to the first (.666).
        assert_eq!(split(10, &[1, 2, 3]), vec![2, 3, 5]);
    }

    #[test]
    fn negative_zero_and_extreme() {
        assert_eq!(split(-7, &[1, 1]), vec![-4, -3]);
        assert_eq!(split(7, &[0, 0]), vec![0, 0]);
        assert_eq!(split(7, &[]), Vec::<i64>::new());
        let big = split(i64::MAX, &[u64::MAX, u64::MAX]);
        assert_eq!(
            big.iter().map(|p| i128::from(*p)).sum::<i128>(),
            i128::from(i64::MAX)
        );
        let min = split(i64::MIN, &[1, 1, 1]);
        assert_eq!(
            min.iter().map(|p| i128::from(*p)).sum::<i128>(),
            i128::from(i64::MIN)
        );
    }

    /// The plain method: floors, then the units left over by sorting all remainders.
    fn reference(total: i64, weights: &[u64]) -> Vec<i64> {
        let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
        if sum == 0 {
            return vec![0; weights.len()];
        }
        let magnitude = u128::from(total.unsigned_abs());
        let sign: i128 = if total < 0 { -1 } else { 1 };
        let mut order = Vec::new();
        let mut given = 0;
        let mut parts: Vec<i64> = weights
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let exact = magnitude * u128::from(*w);
                given += exact / sum;
                order.push((exact % sum, i));
                i64::try_from(sign * i128::try_from(exact / sum).unwrap()).unwrap_or(total)
            })
            .collect();
        order.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        for (_, index) in order
            .iter()
            .take(usize::try_from(magnitude - given).unwrap())
        {
            parts[*index] += if total < 0 { -1 } else { 1 };
        }
        parts
    }

    proptest::proptest! {
        #[test]
        fn equals_the_plain_method(
            total in proptest::prop_oneof![-1000i64..1000, proptest::prelude::any::<i64>()],
            weights in proptest::collection::vec(
                proptest::prop_oneof![1u64..4, 0u64..(1 << 33), proptest::prelude::any::<u64>()],
                0..12,
            ),
            equal in proptest::prelude::any::<bool>(),
        ) {
            let weights = if equal {
                weights.iter().map(|_| weights.first().copied().unwrap_or(1)).collect()
            } else {
                weights
            };
            proptest::prop_assert_eq!(split(total, &weights), reference(total, &weights));
        }

        /// The stack path (up to eight weights, 64-bit products), with many ties.
        #[test]
        fn few_weights_equal_the_plain_method(
            total in proptest::prop_oneof![-50i64..50, -2_000_000i64..2_000_000, proptest::prelude::any::<i64>()],
            weights in proptest::collection::vec(
                proptest::prop_oneof![0u64..4, 1u64..(1 << 33)],
                1..9,
            ),
        ) {
            proptest::prop_assert_eq!(split(total, &weights), reference(total, &weights));
        }

        /// Two or three weights by ranks equal the one-by-one selection and the plain
        /// method, ties and all.
        #[test]
        fn ranked_equals_the_selection(
            total in proptest::prop_oneof![-50i64..50, -2_000_000i64..2_000_000, proptest::prelude::any::<i64>()],
            weights in proptest::collection::vec(
                proptest::prop_oneof![0u64..4, 1u64..(1 << 33), proptest::prelude::any::<u64>()],
                2..4,
            ),
        ) {
            let (mut ranked, mut selected) = (Vec::new(), Vec::new());
            let fits = super::small(total, &weights, &mut ranked);
            proptest::prop_assert_eq!(fits, super::selected(total, &weights, &mut selected));
            if fits {
                proptest::prop_assert_eq!(&ranked, &selected);
                proptest::prop_assert_eq!(ranked, reference(total, &weights));
            }
        }

        #[test]
        fn parts_sum_to_total_and_stay_within_a_unit_of_the_exact_share(
            total in proptest::prelude::any::<i64>(),
            weights in proptest::collection::vec(
                proptest::prop_oneof![0u64..10, 0u64..(1 << 33), proptest::prelude::any::<u64>()],
                0..8,
            ),
        ) {
            let parts = split(total, &weights);
            let sum: u128 = weights.iter().map(|w| u128::from(*w)).sum();
            if sum == 0 {
                proptest::prop_assert!(parts.iter().all(|p| *p == 0));
            } else {
                let got: i128 = parts.iter().map(|p| i128::from(*p)).sum();
                proptest::prop_assert_eq!(got, i128::from(total));
                for (part, w) in parts.iter().zip(&weights) {
                    let exact = u128::from(total.unsigned_abs()) * u128::from(*w);
                    let floor = exact.checked_div(sum).unwrap_or(0);
                    let ceil = exact.div_ceil(sum);
                    let size = u128::from(part.unsigned_abs());
                    proptest::prop_assert!(floor <= size && size <= ceil);
                }
            }
        }
    }
}
