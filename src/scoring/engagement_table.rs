//! Engagement rules laid out flat for encoded activities: per activity kind a run of entries
//! (one per rule of the kind with a decay) in one array. The arithmetic is the rule
//! scorer's, term for term: each activity adds `round(points × 10⁶ × weight)` micro-points
//! to its rule, each rule's sum is clamped to its cap and rounded to whole points.
//!
//! Laid out for the branch predictor rather than for the fewest instructions: a kind's
//! entries are sorted by decay variant, so every kind visits the variants in the same
//! order, and the age tests (window, linear fade to zero) are arithmetic, not branches.
//!
//! Sums are kept as magnitudes: every term of a rule has the sign of its points (weights
//! are in `[0, 1]`, and rounding half away from zero is odd), so the magnitude of a rule's
//! sum is the sum of the terms' magnitudes, its cap one upper bound and its rounding one
//! division, without a test of the sign. Rules without decay are not in the loop at all:
//! their sum is their points times a count of the kind's activities.

use super::config::{MAX_RULES, ScoringConfig};
use super::decay::{CompiledDecay, MICRO};
use super::rules::{KIND_COUNT, kind_index};
use crate::activity::ActivityKind;

// The plain sum of rounded rules in `points` relies on this.
#[allow(clippy::cast_possible_wrap)] // MAX_RULES is 1,000
const _: () = assert!(
    (i64::MAX / MICRO + 1)
        .checked_mul(MAX_RULES as i64)
        .is_some()
);

/// Engagement accumulators live on the stack up to this many engagement rules.
const STACK_RULES: usize = 64;

/// An engagement rule as laid out: what the table is built from.
#[derive(Debug, Clone, Copy)]
struct Laid {
    /// The [`kind_index`] of its kind.
    kind: usize,
    decay: CompiledDecay,
    /// `points × MICRO`, saturated: an activity at full weight.
    full: i64,
    /// The same as a float, for weights strictly between 0 and 1.
    full_f64: f64,
    /// The rule's sum bounds in micro-points: `±cap` (saturated), or `None`.
    cap: Option<i64>,
}

/// An engagement rule with a decay, as one activity of its kind sees it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    decay: CompiledDecay,
    /// `|points| × MICRO`, saturated: the magnitude of an activity at full weight.
    full: u64,
    /// `|points| × MICRO` as a float, for weights strictly between 0 and 1.
    full_f64: f64,
}

/// How a rule's sum of magnitudes becomes its points.
#[derive(Debug, Clone, Copy)]
struct Limit {
    /// The largest magnitude the rule's sum can reach: its cap, or the saturated `i64` sum
    /// of its sign (`2^63 - 1` for points, `2^63` for penalties).
    high: u64,
    /// `1` for points, `-1` for penalties.
    sign: i64,
}

impl Limit {
    fn of(rule: &Laid) -> Self {
        let negative = rule.full < 0 || rule.full_f64 < 0.0;
        let saturated = if negative {
            i64::MIN.unsigned_abs()
        } else {
            i64::MAX.unsigned_abs()
        };
        // The rule scorer clamps the (saturated) sum to `±cap`; a cap below the saturated
        // sum's magnitude is what bounds it.
        let high = rule
            .cap
            .map_or(saturated, |cap| saturated.min(cap.unsigned_abs()));
        Self {
            high,
            sign: if negative { -1 } else { 1 },
        }
    }

    /// The rule's whole points from the magnitude of its (exact or saturated) sum: clamped,
    /// then rounded half away from zero, as `round_micro(sum.clamp(-cap, cap))`.
    #[inline]
    fn points(self, magnitude: u64) -> i64 {
        const UNIT: u64 = MICRO.unsigned_abs();
        // At most 2^63 + UNIT / 2: no overflow; the quotient is below 2^44.
        #[allow(clippy::cast_possible_wrap)]
        let rounded = ((magnitude.min(self.high) + UNIT / 2) / UNIT) as i64;
        self.sign * rounded
    }
}

/// An engagement rule without decay: every activity of its kind (not in the future) adds
/// `full`, so its sum is `full` times the number of those activities.
#[derive(Debug, Clone, Copy)]
struct Constant {
    /// The [`kind_index`] of its kind.
    kind: usize,
    /// `|points| × MICRO`, saturated.
    full: u64,
    limit: Limit,
}

/// The engagement rules of a configuration, flat.
#[derive(Debug, Clone)]
pub(super) struct EngagementTable {
    /// Per activity kind, its entries: `entries[start..end]`.
    kinds: [(usize, usize); KIND_COUNT],
    /// One entry per rule with a decay, grouped by kind; a rule's accumulator sits at its
    /// entry's index, so a kind's run of entries updates a run of accumulators (no index per
    /// entry).
    entries: Vec<Entry>,
    /// Per entry, how its sum becomes points.
    limits: Vec<Limit>,
    /// The rules without decay, summed from a count of activities per kind rather than in
    /// the loop over activities.
    constants: Vec<Constant>,
    /// Up to this many activities no sum can overflow (an activity adds at most the largest
    /// `|full|` to a rule), so sums need no saturation; and, since every `|full_f64|` is at
    /// most [`SMALL`], products are rounded by [`round_small`]. Zero when some `|full|`
    /// exceeds [`SMALL`] (never so for a validated configuration: at most 10¹⁰).
    plain_limit: usize,
}

/// The largest magnitude [`round_small`] rounds: 2^51.
const SMALL: f64 = 2_251_799_813_685_248.0;

impl EngagementTable {
    /// Lays out the engagement rules of a validated configuration.
    pub(super) fn new(config: &ScoringConfig) -> Self {
        let rules: Vec<Laid> = config
            .engagement_rules
            .iter()
            .map(|rule| {
                #[allow(clippy::cast_precision_loss)] // |points| <= MAX_POINTS
                Laid {
                    kind: kind_index(rule.kind),
                    decay: CompiledDecay::new(rule.decay),
                    full: rule.points.saturating_mul(MICRO),
                    full_f64: rule.points as f64 * MICRO as f64,
                    cap: rule.cap.map(|cap| cap.saturating_mul(MICRO)),
                }
            })
            .collect();
        Self::of_rules(&rules)
    }

    /// Lays out rules: by kind, and within a kind by decay.
    fn of_rules(rules: &[Laid]) -> Self {
        let mut kinds = [(0, 0); KIND_COUNT];
        let mut entries = Vec::new();
        let mut limits = Vec::new();
        let mut constants = Vec::new();
        for (k, range) in kinds.iter_mut().enumerate() {
            let mut kind: Vec<(Entry, Limit)> = Vec::new();
            for rule in rules.iter().filter(|rule| rule.kind == k) {
                let limit = Limit::of(rule);
                if rule.decay == CompiledDecay::None {
                    constants.push(Constant {
                        kind: k,
                        full: rule.full.unsigned_abs(),
                        limit,
                    });
                } else {
                    let entry = Entry {
                        decay: rule.decay,
                        full: rule.full.unsigned_abs(),
                        full_f64: rule.full_f64.abs(),
                    };
                    kind.push((entry, limit));
                }
            }
            // Each rule has one entry and one accumulator, so their order changes no sum.
            kind.sort_by(|a, b| order(a.0.decay).total_cmp(&order(b.0.decay)));
            let start = entries.len();
            for (entry, limit) in kind {
                entries.push(entry);
                limits.push(limit);
            }
            *range = (start, entries.len());
        }
        // The most one activity adds to one sum: `|full|`, or `|full_f64| × w` rounded
        // (`0 <= w <= 1`), at most `|full_f64|` rounded up.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let largest = entries
            .iter()
            .map(|e| e.full.max(e.full_f64.ceil() as u64))
            .chain(constants.iter().map(|c| c.full))
            .max()
            .unwrap_or(0)
            .max(1);
        #[allow(clippy::cast_precision_loss)] // compared with a power of two
        let plain_limit = if largest as f64 <= SMALL {
            usize::try_from(i64::MAX.unsigned_abs() / largest).unwrap_or(usize::MAX)
        } else {
            0
        };
        Self {
            kinds,
            entries,
            limits,
            constants,
            plain_limit,
        }
    }

    /// The engagement points of `activities`, `(kind, time in seconds since the epoch)`, at
    /// `now` (seconds since the epoch).
    #[inline]
    pub(super) fn points<I>(&self, activities: I, now: i64) -> i64
    where
        I: IntoIterator<Item = (ActivityKind, i64)>,
        I::IntoIter: ExactSizeIterator,
    {
        let activities = activities.into_iter();
        if activities.len() <= self.plain_limit {
            self.sum::<true>(activities, now)
        } else {
            self.sum::<false>(activities, now)
        }
    }

    /// [`points`](Self::points), with saturating sums or (`PLAIN`: when no sum can
    /// overflow and every product is small) plain ones. A rule's terms all have its sign, so
    /// the rule scorer's saturating sum is the exact sum clamped to the `i64` range, whatever
    /// the order: here, the sum of the magnitudes (saturated at `u64::MAX`) bounded by
    /// [`Limit::high`].
    #[inline]
    fn sum<const PLAIN: bool>(
        &self,
        activities: impl Iterator<Item = (ActivityKind, i64)>,
        now: i64,
    ) -> i64 {
        let add = |sum: u64, m: u64| {
            if PLAIN {
                sum.wrapping_add(m)
            } else {
                sum.saturating_add(m)
            }
        };
        let round = |x: f64| {
            if PLAIN {
                round_small(x)
            } else {
                round_magnitude(x)
            }
        };
        let n = self.entries.len();
        let mut stack = [0_u64; STACK_RULES];
        let mut heap = Vec::new();
        let sums: &mut [u64] = if n <= STACK_RULES {
            stack.get_mut(..n).unwrap_or_default()
        } else {
            heap.resize(n, 0);
            &mut heap
        };
        // Per kind, its activities not in the future: what a rule without decay counts.
        let mut counts = [0_u64; KIND_COUNT];
        for (kind, at) in activities {
            let k = kind_index(kind);
            let age = now.saturating_sub(at);
            if age < 0 {
                continue;
            }
            if let Some(count) = counts.get_mut(k) {
                *count += 1;
            }
            let Some(&(first, last)) = self.kinds.get(k) else {
                continue;
            };
            #[allow(clippy::cast_precision_loss)] // ages are far below 2^53 seconds
            let age_f64 = age as f64;
            // The last half-life computed, to share `exp2` between rules of one decay.
            let mut half_life = (f64::NAN, 0.0);
            let entries = self.entries.get(first..last).unwrap_or_default();
            let sums = sums.get_mut(first..last).unwrap_or_default();
            for (entry, sum) in entries.iter().zip(sums) {
                let m = match entry.decay {
                    CompiledDecay::None => entry.full,
                    CompiledDecay::Window { secs } => entry.full * u64::from(age < secs),
                    CompiledDecay::Linear { inv_span } => {
                        // Not `f64::max`, whose NaN handling costs a dozen instructions: the
                        // weight is never NaN, and a zero of either sign rounds to 0.
                        let weight = 1.0 - age_f64 * inv_span;
                        let weight = if weight > 0.0 { weight } else { 0.0 };
                        round(entry.full_f64 * weight)
                    }
                    CompiledDecay::HalfLife { neg_inv } => {
                        if neg_inv.to_bits() != half_life.0.to_bits() {
                            half_life = (neg_inv, (age_f64 * neg_inv).exp2());
                        }
                        round(entry.full_f64 * half_life.1)
                    }
                };
                *sum = add(*sum, m);
            }
        }
        // A plain sum cannot overflow: each rule rounds to at most `i64::MAX / MICRO + 1`
        // (about 9.3e12) points, and a section holds at most `MAX_RULES` (1,000) rules.
        let decayed: i64 = self
            .limits
            .iter()
            .zip(sums.iter())
            .map(|(limit, &m)| limit.points(m))
            .sum();
        let constant: i64 = self
            .constants
            .iter()
            .map(|c| {
                let count = counts.get(c.kind).copied().unwrap_or(0);
                // Adding `full` `count` times, saturating, is the saturating product.
                let m = if PLAIN {
                    c.full.wrapping_mul(count)
                } else {
                    c.full.saturating_mul(count)
                };
                c.limit.points(m)
            })
            .sum();
        decayed + constant
    }
}

/// `round_half_away(x)` for `0 <= x < 2^62`, as a magnitude: the fraction is never
/// negative, which saves `round_half_away` one test.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_precision_loss,
    clippy::cast_sign_loss
)]
#[inline]
fn round_magnitude(x: f64) -> u64 {
    let whole = x as i64;
    let fraction = x - whole as f64;
    (whole + i64::from(fraction >= 0.5)) as u64
}

/// `round_half_away(x)` for `0 <= x <= 2^51` ([`SMALL`]), without a conversion from float
/// to integer (which Rust saturates, at a cost): adding 2^52 rounds `x` to an integer, to
/// nearest with ties to even, held in the low bits of the sum; `x` minus that integer is
/// exact, and a tie rounded down is the one case that rounds up half away from zero.
#[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
#[inline]
fn round_small(x: f64) -> u64 {
    const SHIFT: f64 = 4_503_599_627_370_496.0; // 2^52
    let shifted = x + SHIFT;
    let nearest = shifted - SHIFT;
    let integer = shifted.to_bits() - SHIFT.to_bits();
    integer + u64::from(x - nearest >= 0.5)
}

/// The order of entries within a kind: by decay variant, then by period (equal half-lives
/// next to each other share one `exp2`).
fn order(decay: CompiledDecay) -> f64 {
    match decay {
        CompiledDecay::None => -3.0,
        #[allow(clippy::cast_precision_loss)]
        CompiledDecay::Window { secs } => -2.0 - 1.0 / (1.0 + secs as f64),
        CompiledDecay::Linear { inv_span } => -1.0 + inv_span.clamp(0.0, 0.5),
        CompiledDecay::HalfLife { neg_inv } => 1.0 + neg_inv.clamp(-0.5, 0.0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scoring::config::Decay;
    use crate::scoring::decay::{round_half_away, round_micro};
    use proptest::prelude::*;

    const NOW: i64 = 1_780_000_000;

    /// The arithmetic before this layout, term for term: per activity in order, each rule
    /// of its kind adds its signed term to a saturating `i64` sum; each sum is clamped to
    /// `±cap` and rounded.
    fn reference(rules: &[Laid], activities: &[(ActivityKind, i64)], now: i64) -> i64 {
        let mut sums = vec![0_i64; rules.len()];
        for &(kind, at) in activities {
            let age = now.saturating_sub(at);
            if age < 0 {
                continue;
            }
            #[allow(clippy::cast_precision_loss)]
            let age_f64 = age as f64;
            for (rule, sum) in rules.iter().zip(&mut sums) {
                if rule.kind != kind_index(kind) {
                    continue;
                }
                let m = match rule.decay {
                    CompiledDecay::None => rule.full,
                    CompiledDecay::Window { secs } => rule.full * i64::from(age < secs),
                    CompiledDecay::Linear { inv_span } => {
                        round_half_away(rule.full_f64 * (1.0 - age_f64 * inv_span).max(0.0))
                    }
                    CompiledDecay::HalfLife { neg_inv } => {
                        round_half_away(rule.full_f64 * (age_f64 * neg_inv).exp2())
                    }
                };
                *sum = sum.saturating_add(m);
            }
        }
        rules
            .iter()
            .zip(&sums)
            .map(|(rule, &m)| {
                let (low, high) = rule.cap.map_or((i64::MIN, i64::MAX), |cap| (-cap, cap));
                round_micro(m.clamp(low, high))
            })
            .sum()
    }

    fn decay() -> impl Strategy<Value = CompiledDecay> {
        prop_oneof![
            Just(Decay::None),
            (0.01_f64..400.0).prop_map(|days| Decay::Window { days }),
            (0.01_f64..400.0).prop_map(|days| Decay::Linear { days }),
            // A few half-lives, so rules of a kind share some.
            prop::sample::select(vec![0.5, 7.0, 30.0, 90.0])
                .prop_map(|days| Decay::HalfLife { days }),
        ]
        .prop_map(CompiledDecay::new)
    }

    /// Rules with `|full|` up to `largest` micro-points (beyond a validated configuration's
    /// `MAX_POINTS × MICRO`, to reach saturation with few activities).
    fn rules(largest: i64) -> impl Strategy<Value = Vec<Laid>> {
        let rule = (
            0..KIND_COUNT,
            decay(),
            prop_oneof![-largest..=largest, Just(largest), Just(-largest), Just(0)],
            prop::option::of(1..=largest),
        )
            .prop_map(|(kind, decay, full, cap)| {
                #[allow(clippy::cast_precision_loss)]
                Laid {
                    kind,
                    decay,
                    full,
                    full_f64: full as f64,
                    cap,
                }
            });
        prop::collection::vec(rule, 0..40)
    }

    fn activities() -> impl Strategy<Value = Vec<(ActivityKind, i64)>> {
        let activity = (
            prop::sample::select(ActivityKind::ALL.to_vec()),
            // Up to a day in the future, up to 500 days ago.
            -86_400_i64..500 * 86_400,
        )
            .prop_map(|(kind, ago)| (kind, NOW - ago));
        prop::collection::vec(activity, 0..60)
    }

    fn table(rules: &[Laid]) -> EngagementTable {
        EngagementTable::of_rules(rules)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Points of a validated configuration's size: always the plain sums.
        #[test]
        fn points_equal_the_saturating_reference(
            rules in rules(10_000 * MICRO),
            activities in activities(),
        ) {
            let table = table(&rules);
            prop_assert!(activities.len() <= table.plain_limit);
            prop_assert_eq!(
                table.points(activities.iter().copied(), NOW),
                reference(&rules, &activities, NOW)
            );
        }

        /// Points so large that sums saturate after a few activities: the saturating path,
        /// and the plain one up to its bound.
        #[test]
        fn saturated_sums_equal_the_saturating_reference(
            rules in rules(1_i64 << 61),
            activities in activities(),
        ) {
            let table = table(&rules);
            prop_assert_eq!(
                table.points(activities.iter().copied(), NOW),
                reference(&rules, &activities, NOW)
            );
            // The same activities through both paths.
            prop_assert_eq!(
                table.sum::<false>(activities.iter().copied(), NOW),
                reference(&rules, &activities, NOW)
            );
        }

        /// Sums just within the plain bound: as many activities as it allows, at full
        /// weight, reach the largest `|full|` times the bound.
        #[test]
        fn plain_sums_up_to_their_bound(
            rules in rules(1_i64 << 61),
            kind in prop::sample::select(ActivityKind::ALL.to_vec()),
        ) {
            let table = table(&rules);
            let count = table.plain_limit.min(64);
            let activities = vec![(kind, NOW); count];
            prop_assert_eq!(
                table.points(activities.iter().copied(), NOW),
                reference(&rules, &activities, NOW)
            );
        }

        #[test]
        fn round_small_is_round_half_away(
            x in prop_oneof![0.0_f64..SMALL, 0.0_f64..1.0e6, 0.0_f64..4.0],
            halves in 0_u64..(1 << 51),
        ) {
            #[allow(clippy::cast_sign_loss, clippy::cast_precision_loss)]
            {
                prop_assert_eq!(round_small(x), round_half_away(x) as u64);
                let half = halves as f64 + 0.5;
                prop_assert_eq!(round_small(half), round_half_away(half) as u64);
                let below = f64::from_bits(half.to_bits() - 1);
                prop_assert_eq!(round_small(below), round_half_away(below) as u64);
            }
        }

        #[test]
        fn round_magnitude_is_round_half_away(x in 0.0_f64..4.0e18, halves in 0_u32..1_000_000) {
            #[allow(clippy::cast_sign_loss)]
            {
                prop_assert_eq!(round_magnitude(x), round_half_away(x) as u64);
                let half = f64::from(halves) + 0.5;
                prop_assert_eq!(round_magnitude(half), round_half_away(half) as u64);
            }
        }
    }

    #[test]
    fn round_small_edges() {
        for x in [
            0.0,
            -0.0,
            0.499_999_999_999_999_94,
            0.5,
            1.5,
            2.5,
            SMALL - 0.5,
            SMALL,
            1e10,
            9_999_999_999.5,
        ] {
            #[allow(clippy::cast_sign_loss)]
            let expected = round_half_away(x) as u64;
            assert_eq!(round_small(x), expected, "{x}");
        }
    }

    #[test]
    fn many_activities_saturate_as_the_reference() {
        // Two rules of one kind with full weight near `i64::MAX / 3`: the third activity
        // saturates the sums, either sign, capped or not.
        let full = i64::MAX / 3 + 1;
        #[allow(clippy::cast_precision_loss)]
        let rules: Vec<Laid> = [
            (full, None),
            (-full, None),
            (full, Some(full)),
            (-full, Some(2 * full)),
        ]
        .into_iter()
        .flat_map(|(full, cap)| {
            [
                CompiledDecay::None,
                CompiledDecay::new(Decay::Window { days: 1.0 }),
            ]
            .map(|decay| Laid {
                kind: 0,
                decay,
                full,
                full_f64: full as f64,
                cap,
            })
        })
        .collect();
        let table = table(&rules);
        for count in 0..8 {
            let activities = vec![(ActivityKind::Email, NOW - 60); count];
            assert_eq!(
                table.points(activities.iter().copied(), NOW),
                reference(&rules, &activities, NOW),
                "{count} activities"
            );
        }
    }
}
