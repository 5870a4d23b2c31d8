//! The common step of a sample's values: durations between times kept to the whole minute
//! are all multiples of 60 seconds, so a counting sort needs one counter a minute, not one
//! a second.

/// How many values, spread over a sample ([`stride`]), give the candidate step.
const CANDIDATE_FROM: usize = 64;

/// A step `2^shift * odd` by which values are counted, with what divides by it exactly: a
/// multiplication by the odd part's inverse modulo 2^64 and a rotation, with no division
/// per value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    shift: u32,
    odd: u64,
    /// `odd`'s inverse modulo 2^64: `x * inverse` is `x / odd` when `odd` divides `x`.
    inverse: u64,
}

impl Step {
    /// The step of one: every offset its own index.
    pub(crate) const ONE: Step = Step {
        shift: 0,
        odd: 1,
        inverse: 1,
    };

    /// The step `step` (`ONE` for zero).
    fn new(step: u64) -> Step {
        if step == 0 {
            return Step::ONE;
        }
        let shift = step.trailing_zeros();
        let odd = step >> shift;
        // Newton's iteration for the inverse modulo 2^64: `odd` is its own inverse modulo 8,
        // and each round doubles the correct low bits (3, 6, 12, 24, 48, 96).
        let mut inverse = odd;
        for _ in 0..5 {
            inverse = inverse.wrapping_mul(2u64.wrapping_sub(odd.wrapping_mul(inverse)));
        }
        Step {
            shift,
            odd,
            inverse,
        }
    }

    /// The candidate step of values of which `first` are a few, spread out over them
    /// ([`stride`]): the greatest common divisor of their differences from the first of
    /// them ([`CANDIDATE_FROM`] values at most); [`Step::ONE`] when that is one, or when
    /// they are all equal. A candidate is not known to divide the other values'
    /// differences: [`index`](Self::index) tells.
    pub(crate) fn candidate(first: impl Iterator<Item = i64>) -> Step {
        let mut first = first.take(CANDIDATE_FROM);
        let Some(origin) = first.next() else {
            return Step::ONE;
        };
        Step::new(first.fold(0, |g, v| gcd(g, v.abs_diff(origin))))
    }

    /// The number of steps in `offset` when the step divides it; else a number above
    /// `u64::MAX / step`, which no offset's number of steps is (so an offset off the step
    /// falls outside any table of counters indexed by steps). The rotation brings the low
    /// bits that the power of two should have cleared to the top.
    pub(crate) fn index(self, offset: u64) -> u64 {
        offset.wrapping_mul(self.inverse).rotate_right(self.shift)
    }

    /// The offset of `index` steps.
    pub(crate) fn offset(self, index: u64) -> u64 {
        index.wrapping_mul(self.odd) << self.shift
    }

    /// The step's value.
    #[cfg(test)]
    fn get(self) -> u64 {
        self.odd << self.shift
    }
}

/// The distance between the values of `n` that [`Step::candidate`] takes, so that its few
/// are spread over all (values pushed in a pattern, as every seventh one, do not then
/// give a candidate that the others are off).
pub(crate) fn stride(n: usize) -> usize {
    (n / CANDIDATE_FROM).max(1)
}

/// The greatest common divisor (`gcd(0, b) = b`).
fn gcd(mut a: u64, mut b: u64) -> u64 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

#[cfg(test)]
mod tests {
    use proptest::collection::vec;
    use proptest::strategy::Strategy as _;

    use super::{CANDIDATE_FROM, Step, gcd};

    #[test]
    fn steps_divide_exactly() {
        for step in [1u64, 2, 3, 60, 64, 86_400, 1 << 40, (1 << 63) + 1, u64::MAX] {
            let s = Step::new(step);
            assert_eq!(s.get(), step);
            let most = u64::MAX / step;
            for k in [0u64, 1, 2, 7, 1_000, most]
                .into_iter()
                .filter(|k| *k <= most)
            {
                let offset = k * step;
                assert_eq!(s.index(offset), k);
                assert_eq!(s.offset(k), offset);
            }
            if step > 1 {
                for off in [1, step - 1, step.wrapping_add(1), 2 * (step / 2) + 1] {
                    if off % step != 0 {
                        assert!(s.index(off) > most, "{off} off the step {step}");
                    }
                }
            }
        }
        assert_eq!(Step::new(0), Step::ONE);
        assert_eq!(gcd(0, 0), 0);
        assert_eq!(gcd(0, 12), 12);
        assert_eq!(gcd(18, 12), 6);
    }

    #[test]
    fn the_candidate_is_the_gcd_of_the_first_differences() {
        let minutes: Vec<i64> = (0..1_000).map(|k| 7 + (k * 37 % 101) * 60).collect();
        assert_eq!(Step::candidate(minutes.iter().copied()).get(), 60);
        // Below the first value as well as above it.
        assert_eq!(
            Step::candidate([7, 7 - 600, 7 + 900].into_iter()).get(),
            300
        );
        // Only the first values count: a later one off the step is for `index` to find.
        let mut late = vec![0i64; CANDIDATE_FROM];
        late[1] = 60;
        late.push(30);
        assert_eq!(Step::candidate(late.into_iter()).get(), 60);
        assert_eq!(Step::candidate(std::iter::empty()), Step::ONE);
        assert_eq!(Step::candidate([5, 5, 5].into_iter()), Step::ONE);
        assert_eq!(Step::candidate([5, 6].into_iter()), Step::ONE);
        assert_eq!(
            Step::candidate([i64::MIN, i64::MAX].into_iter()).get(),
            u64::MAX
        );
    }

    proptest::proptest! {
        /// Every offset on the step has its number of steps as index, and every offset off
        /// it an index above `u64::MAX / step`.
        #[test]
        fn indices_tell_offsets_on_the_step_from_those_off_it(
            step in prop_oneof_steps(),
            offsets in vec(proptest::prelude::any::<u64>(), 1..64),
        ) {
            let s = Step::new(step);
            for offset in offsets {
                let on = offset - offset % step;
                proptest::prop_assert_eq!(s.index(on), on / step);
                proptest::prop_assert_eq!(s.offset(on / step), on);
                if offset % step != 0 {
                    proptest::prop_assert!(s.index(offset) > u64::MAX / step);
                }
            }
        }
    }

    fn prop_oneof_steps() -> impl proptest::strategy::Strategy<Value = u64> {
        proptest::prop_oneof![
            1u64..100_000,
            proptest::prelude::any::<u64>().prop_map(|s| s.max(1)),
            (0u32..64).prop_map(|k| 1u64 << k),
            (0u32..50, 1u64..1_000).prop_map(|(k, odd)| (2 * odd + 1) << k),
        ]
    }
}
