//! The common step of a sample's values: durations between times kept to the whole minute
//! are all multiples of 60 seconds, so a counting sort needs one counter a minute, not one
//! a second.

/// How many of the first offsets give the candidate step, which every offset is then
/// checked against.
const CANDIDATE_FROM: usize = 64;

/// A step `2^shift * odd` that divides every offset of some values from their smallest,
/// with what divides by it exactly: a shift and a multiplication by the odd part's inverse
/// modulo 2^64, with no division per value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Step {
    shift: u32,
    odd: u64,
    /// `odd`'s inverse modulo 2^64: `x * inverse` is `x / odd` when `odd` divides `x`.
    inverse: u64,
    /// `u64::MAX / odd`: `odd` divides `x` exactly when `x * inverse` is at most this.
    limit: u64,
}

impl Step {
    /// The step of one: every offset its own index.
    pub(crate) const ONE: Step = Step {
        shift: 0,
        odd: 1,
        inverse: 1,
        limit: u64::MAX,
    };

    /// The step `step` (at least one; `ONE` for zero).
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
            limit: u64::MAX / odd,
        }
    }

    /// The candidate step of values whose first values are `first`: the greatest common
    /// divisor of their differences from the first of them, when it is more than one;
    /// [`StepCheck::holds`] then tells whether it divides the difference of any other.
    pub(crate) fn candidate(first: impl Iterator<Item = i64>) -> Option<StepCheck> {
        let mut first = first.take(CANDIDATE_FROM);
        let origin = first.next()?;
        let candidate = first.fold(0, |g, v| gcd(g, v.abs_diff(origin)));
        (candidate > 1).then(|| {
            let step = Step::new(candidate);
            // The multiple of the step nearest above 2^62, added to each difference so
            // that a difference of less than 2^62 either way is positive and keeps its
            // remainder: one check per value, with no branch on its sign.
            let bias = step.offset(step.index_at_least(1 << BIAS_BITS));
            StepCheck { step, origin, bias }
        })
    }

    /// The number of steps of the least multiple of the step at or above `offset`
    /// (`offset` at most 2^62, the step at most 2^64 - 1, so no overflow).
    fn index_at_least(self, offset: u64) -> u64 {
        offset.div_ceil(self.get())
    }

    /// The step's value.
    fn get(self) -> u64 {
        self.odd << self.shift
    }

    /// Whether the step divides `offset`.
    fn divides(self, offset: u64) -> bool {
        let low_bits = offset & ((1u64 << self.shift) - 1);
        low_bits == 0 && (offset >> self.shift).wrapping_mul(self.inverse) <= self.limit
    }

    /// `offset` over the step, for an offset the step divides.
    pub(crate) fn index(self, offset: u64) -> u64 {
        (offset >> self.shift).wrapping_mul(self.inverse)
    }

    /// The offset of `index` steps.
    pub(crate) fn offset(self, index: u64) -> u64 {
        index.wrapping_mul(self.odd) << self.shift
    }
}

/// Differences from the origin of less than `2^BIAS_BITS` either way are checked exactly.
const BIAS_BITS: u32 = 62;

/// A candidate step and what checks a value against it ([`Step::candidate`]).
#[derive(Debug, Clone, Copy)]
pub(crate) struct StepCheck {
    step: Step,
    origin: i64,
    bias: u64,
}

impl StepCheck {
    /// Whether the step divides `value`'s difference from the origin, for values less
    /// than 2^62 from it (beyond, either answer).
    #[allow(clippy::cast_sign_loss)] // the difference modulo 2^64, bit for bit
    pub(crate) fn holds(self, value: i64) -> bool {
        let difference = value.wrapping_sub(self.origin) as u64;
        self.step.divides(difference.wrapping_add(self.bias))
    }

    /// The step, when it divides the difference of every value between `low` and `high`
    /// (`all_hold`: [`holds`](Self::holds) for each of them) and those are less than 2^62
    /// apart; else [`Step::ONE`].
    #[allow(clippy::cast_sign_loss)] // high is at least low: their distance, bit for bit
    pub(crate) fn step_if(self, all_hold: bool, low: i64, high: i64) -> Step {
        let range = high.wrapping_sub(low) as u64;
        if all_hold && range < 1 << BIAS_BITS {
            self.step
        } else {
            Step::ONE
        }
    }
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
    #![allow(clippy::cast_sign_loss)] // offsets of test values, bit for bit

    use proptest::collection::vec;

    use super::{Step, gcd};

    #[test]
    fn steps_divide_exactly() {
        for step in [1u64, 2, 3, 60, 64, 86_400, 1 << 40, (1 << 63) + 1] {
            let s = Step::new(step);
            assert_eq!(s.get(), step);
            let most = u64::MAX / step;
            for k in [0u64, 1, 2, 7, 1_000, most]
                .into_iter()
                .filter(|k| *k <= most)
            {
                let offset = k * step;
                assert!(s.divides(offset), "{step} divides {offset}");
                assert_eq!(s.index(offset), k);
                assert_eq!(s.offset(k), offset);
            }
            if step > 1 {
                assert!(!s.divides(step + 1));
                assert!(!s.divides(step - 1));
            }
        }
        assert_eq!(Step::new(0), Step::ONE);
        assert_eq!(gcd(0, 0), 0);
        assert_eq!(gcd(0, 12), 12);
        assert_eq!(gcd(18, 12), 6);
    }

    /// The step of `values` as the callers find it: the candidate, checked on them all.
    fn step_of(values: &[i64]) -> Step {
        let Some(check) = Step::candidate(values.iter().copied()) else {
            return Step::ONE;
        };
        let all_hold = values.iter().all(|v| check.holds(*v));
        let low = values.iter().copied().min().unwrap_or(0);
        let high = values.iter().copied().max().unwrap_or(0);
        check.step_if(all_hold, low, high)
    }

    #[test]
    fn one_value_off_the_step_gives_one() {
        // The candidate comes from the first values; a later one off the step is found,
        // below the first value as well as above it.
        let mut values: Vec<i64> = (0..1_000).map(|k| 7 + k * 60).collect();
        assert_eq!(step_of(&values).get(), 60);
        for stray in [37, -23, 60_007 + 30] {
            values.push(stray);
            assert_eq!(step_of(&values), Step::ONE);
            values.pop();
        }
        // Values below the first one on the step keep it.
        values.push(7 - 600);
        assert_eq!(step_of(&values).get(), 60);
        assert_eq!(step_of(&[]), Step::ONE);
        assert_eq!(step_of(&[5, 5, 5]), Step::ONE);
        // Values too far apart for the check: one.
        assert_eq!(step_of(&[i64::MIN, 0, i64::MAX - 1]), Step::ONE);
        assert_eq!(step_of(&[0, 1 << 62]), Step::ONE);
        assert_eq!(step_of(&[0, 1 << 61]).get(), 1 << 61);
    }

    proptest::proptest! {
        /// The step found divides every value's difference from the smallest, and is their
        /// greatest common divisor when it is not one.
        #[test]
        fn the_step_divides_every_difference(
            base in proptest::prelude::any::<i64>(),
            step in 1i64..100_000,
            multiples in vec(-(1i64 << 20)..1 << 20, 0..200),
            stray in proptest::option::of(-(1i64 << 40)..1 << 40),
        ) {
            let mut values: Vec<i64> =
                multiples.iter().map(|k| base.wrapping_add(k * step)).collect();
            values.extend(stray.map(|s| base.wrapping_add(s)));
            let found = step_of(&values);
            let low = values.iter().copied().min().unwrap_or(0);
            for value in &values {
                let offset = value.wrapping_sub(low) as u64;
                proptest::prop_assert!(found.divides(offset));
                proptest::prop_assert_eq!(found.offset(found.index(offset)), offset);
            }
            let whole = values.iter().map(|v| v.wrapping_sub(low) as u64).fold(0, gcd);
            proptest::prop_assert!(found == Step::ONE || found.get() == whole);
        }
    }
}
