//! Decay arithmetic: the weight of an activity by its age, and the fixed-point sums that make
//! an engagement rule's points exact and independent of the order of activities.
//!
//! Each matching activity adds `round(points × weight × 10⁶)` micro-points (an integer), so
//! sums are exact and commutative; the rule's sum is clamped to its cap and then rounded to
//! whole points, half away from zero.

use super::config::Decay;

/// Micro-points per point.
pub(crate) const MICRO: i64 = 1_000_000;

const SECONDS_PER_DAY: f64 = 86_400.0;

/// A decay with its period converted to seconds once, at load time.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum CompiledDecay {
    None,
    /// `1 / span` in 1/seconds.
    Linear {
        inv_span: f64,
    },
    /// `-1 / half_life` in 1/seconds.
    HalfLife {
        neg_inv: f64,
    },
    /// The window in whole seconds.
    Window {
        secs: i64,
    },
}

impl CompiledDecay {
    /// Compiles a validated decay (period finite and positive).
    pub(crate) fn new(decay: Decay) -> Self {
        match decay {
            Decay::None => CompiledDecay::None,
            Decay::Linear { days } => CompiledDecay::Linear {
                inv_span: 1.0 / (days * SECONDS_PER_DAY),
            },
            Decay::HalfLife { days } => CompiledDecay::HalfLife {
                neg_inv: -1.0 / (days * SECONDS_PER_DAY),
            },
            #[allow(clippy::cast_possible_truncation)] // days <= MAX_DECAY_DAYS: fits in i64
            Decay::Window { days } => CompiledDecay::Window {
                secs: (days * SECONDS_PER_DAY).ceil() as i64,
            },
        }
    }

    /// The weight in `[0, 1]` of an activity `age_secs` old (`age_secs >= 0`); non-increasing
    /// in the age.
    #[allow(clippy::cast_precision_loss)] // ages are far below 2^53 seconds
    #[inline]
    pub(crate) fn weight(self, age_secs: i64) -> f64 {
        match self {
            CompiledDecay::None => 1.0,
            CompiledDecay::Linear { inv_span } => (1.0 - age_secs as f64 * inv_span).max(0.0),
            CompiledDecay::HalfLife { neg_inv } => (age_secs as f64 * neg_inv).exp2(),
            CompiledDecay::Window { secs } => {
                if age_secs < secs {
                    1.0
                } else {
                    0.0
                }
            }
        }
    }

    /// Whether the weight is always 0 or 1 (no rounding needed).
    pub(crate) fn is_step(self) -> bool {
        matches!(self, CompiledDecay::None | CompiledDecay::Window { .. })
    }
}

/// `x.round() as i64` (half away from zero) for `|x| < 2^62`, without the call to the C
/// library's `round`: the truncation is exact, and so is the fraction `x - trunc(x)`.
#[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
#[inline]
pub(crate) fn round_half_away(x: f64) -> i64 {
    let whole = x as i64;
    let fraction = x - whole as f64;
    // Without branches: the fraction's side of ±0.5 is as good as random.
    whole + i64::from(fraction >= 0.5) - i64::from(fraction <= -0.5)
}

/// Whole points from micro-points, rounding half away from zero.
#[inline]
pub(crate) fn round_micro(micro: i64) -> i64 {
    // On the magnitude, unsigned: |micro| ≤ 2^63, so adding half a unit cannot overflow,
    // and one division by a constant (a multiplication) gives the rounded quotient.
    const UNIT: u64 = MICRO.unsigned_abs();
    #[allow(clippy::cast_possible_wrap)] // the quotient is below 2^44
    let magnitude = ((micro.unsigned_abs() + UNIT / 2) / UNIT) as i64;
    if micro < 0 { -magnitude } else { magnitude }
}

/// The weight of an activity `age_days` old under `decay`: what the rule scorer applies.
/// Ages below zero count as zero. Exposed so hosts (and tests) can check the curves.
///
/// ```
/// use leadflow::scoring::{Decay, decay_weight};
/// assert_eq!(decay_weight(Decay::HalfLife { days: 30.0 }, 30.0), 0.5);
/// assert_eq!(decay_weight(Decay::Linear { days: 10.0 }, 5.0), 0.5);
/// assert_eq!(decay_weight(Decay::Window { days: 7.0 }, 7.0), 0.0);
/// assert_eq!(decay_weight(Decay::None, 1e6), 1.0);
/// ```
#[must_use]
#[allow(clippy::cast_possible_truncation)]
pub fn decay_weight(decay: Decay, age_days: f64) -> f64 {
    let secs = (age_days.max(0.0) * SECONDS_PER_DAY).round();
    let secs = if secs.is_finite() && secs < 9.0e15 {
        secs as i64
    } else {
        9_000_000_000_000_000
    };
    CompiledDecay::new(decay).weight(secs)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::strategy::Strategy;

    proptest::proptest! {
        #[test]
        fn round_half_away_is_round(x in -1.0e13_f64..1.0e13, halves in -1_000_000_i64..1_000_000) {
            #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
            {
                proptest::prop_assert_eq!(round_half_away(x), x.round() as i64);
                let half = halves as f64 + 0.5;
                proptest::prop_assert_eq!(round_half_away(half), half.round() as i64);
                let y = x * 1e-6;
                proptest::prop_assert_eq!(round_half_away(y), y.round() as i64);
            }
        }

        #[test]
        fn round_micro_is_exact_half_away(
            micro in proptest::prop_oneof![
                proptest::num::i64::ANY,
                -10_000_000_i64..10_000_000,
                (-1_000_i64..1_000).prop_map(|k| k * MICRO + MICRO / 2),
                (-1_000_i64..1_000).prop_map(|k| k * MICRO - MICRO / 2),
            ],
        ) {
            // Exact in i128: round half away from zero of micro / MICRO.
            let m = i128::from(micro);
            let unit = i128::from(MICRO);
            let expected = (2 * m + m.signum() * unit) / (2 * unit);
            proptest::prop_assert_eq!(i128::from(round_micro(micro)), expected);
        }
    }

    #[test]
    fn rounding_is_half_away_from_zero() {
        assert_eq!(round_half_away(2.5), 3);
        assert_eq!(round_half_away(-2.5), -3);
        assert_eq!(round_half_away(0.499_999_999_999_999_94), 0);
        assert_eq!(round_half_away(-0.0), 0);
        assert_eq!(round_micro(1_499_999), 1);
        assert_eq!(round_micro(1_500_000), 2);
        assert_eq!(round_micro(-1_500_000), -2);
        assert_eq!(round_micro(-1_499_999), -1);
        assert_eq!(round_micro(0), 0);
        assert_eq!(round_micro(i64::MAX), 9_223_372_036_855);
        assert_eq!(round_micro(i64::MIN), -9_223_372_036_855);
    }
}
