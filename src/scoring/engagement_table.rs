//! Engagement rules laid out flat for encoded activities: per activity kind a run of entries
//! (one per rule of the kind) in one array. The arithmetic is the rule scorer's, term for
//! term: each activity adds `round(points × 10⁶ × weight)` micro-points to its rule, each
//! rule's sum is clamped to its cap and rounded to whole points.
//!
//! Laid out for the branch predictor rather than for the fewest instructions: a kind's
//! entries are sorted by decay variant, so every kind visits the variants in the same
//! order, and the age tests (window, linear fade to zero) are arithmetic, not branches.

use super::config::{MAX_RULES, ScoringConfig};
use super::decay::{CompiledDecay, MICRO, round_half_away, round_micro};
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

/// An engagement rule with a decay, as one activity of its kind sees it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    decay: CompiledDecay,
    /// `points × MICRO`, saturated: an activity at full weight.
    full: i64,
    /// The same as a float, for weights strictly between 0 and 1.
    full_f64: f64,
}

/// An engagement rule without decay: every activity of its kind (not in the future) adds
/// `full`, so its sum is `full` times the number of those activities.
#[derive(Debug, Clone, Copy)]
struct Constant {
    /// The [`kind_index`] of its kind.
    kind: usize,
    /// `points × MICRO`, saturated.
    full: i64,
    /// The rule's sum bounds, as [`EngagementTable::bounds`].
    bounds: (i64, i64),
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
    /// Per entry, its rule's sum bounds in micro-points: `±cap`, or the whole `i64` range
    /// for a rule without cap (a clamp to it changes nothing).
    bounds: Vec<(i64, i64)>,
    /// The rules without decay, summed from a count of activities per kind rather than in
    /// the loop over activities.
    constants: Vec<Constant>,
    /// Up to this many activities no sum can overflow (an activity adds at most the largest
    /// `|full|` to a rule), so sums need no saturation.
    plain_limit: usize,
}

impl EngagementTable {
    /// Lays out the engagement rules of a validated configuration.
    pub(super) fn new(config: &ScoringConfig) -> Self {
        let rules = &config.engagement_rules;
        let mut kinds = [(0, 0); KIND_COUNT];
        let mut entries = Vec::with_capacity(rules.len());
        let mut bounds = Vec::with_capacity(rules.len());
        let mut constants = Vec::new();
        for (k, range) in kinds.iter_mut().enumerate() {
            let mut kind: Vec<(Entry, (i64, i64))> = Vec::new();
            for rule in rules.iter().filter(|rule| kind_index(rule.kind) == k) {
                let decay = CompiledDecay::new(rule.decay);
                let full = rule.points.saturating_mul(MICRO);
                let bound = rule.cap.map_or((i64::MIN, i64::MAX), |cap| {
                    let cap = cap.saturating_mul(MICRO);
                    (-cap, cap)
                });
                if decay == CompiledDecay::None {
                    constants.push(Constant {
                        kind: k,
                        full,
                        bounds: bound,
                    });
                } else {
                    #[allow(clippy::cast_precision_loss)] // |points| <= MAX_POINTS
                    let entry = Entry {
                        decay,
                        full,
                        full_f64: rule.points as f64 * MICRO as f64,
                    };
                    kind.push((entry, bound));
                }
            }
            // Each rule has one entry and one accumulator, so their order changes no sum.
            kind.sort_by(|a, b| order(a.0.decay).total_cmp(&order(b.0.decay)));
            let start = entries.len();
            for (entry, bound) in kind {
                entries.push(entry);
                bounds.push(bound);
            }
            *range = (start, entries.len());
        }
        Self::from_parts(kinds, entries, bounds, constants)
    }

    /// The table of laid-out parts, with its bound on activities for plain sums.
    fn from_parts(
        kinds: [(usize, usize); KIND_COUNT],
        entries: Vec<Entry>,
        bounds: Vec<(i64, i64)>,
        constants: Vec<Constant>,
    ) -> Self {
        // The most one activity adds to one sum: `|full|`, or the rounded `|full_f64| × w`
        // (`0 <= w <= 1`), at most `|full_f64|` rounded up.
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        let largest = entries
            .iter()
            .map(|e| e.full.unsigned_abs().max(e.full_f64.abs().ceil() as u64))
            .chain(constants.iter().map(|c| c.full.unsigned_abs()))
            .max()
            .unwrap_or(0)
            .max(1);
        let plain_limit = usize::try_from(i64::MAX.unsigned_abs() / largest).unwrap_or(usize::MAX);
        Self {
            kinds,
            entries,
            bounds,
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
            self.sum::<false>(activities, now)
        } else {
            self.sum::<true>(activities, now)
        }
    }

    /// [`points`](Self::points), with saturating sums or (when no sum can overflow) plain
    /// ones: each activity adds a term of its rule's sign (or zero), so a saturating sum is
    /// the exact sum clamped to the `i64` range, whatever the order.
    #[inline]
    fn sum<const SATURATING: bool>(
        &self,
        activities: impl Iterator<Item = (ActivityKind, i64)>,
        now: i64,
    ) -> i64 {
        let add = |sum: i64, m: i64| {
            if SATURATING {
                sum.saturating_add(m)
            } else {
                sum.wrapping_add(m)
            }
        };
        let n = self.entries.len();
        let mut stack = [0_i64; STACK_RULES];
        let mut heap = Vec::new();
        let micro: &mut [i64] = if n <= STACK_RULES {
            stack.get_mut(..n).unwrap_or_default()
        } else {
            heap.resize(n, 0);
            &mut heap
        };
        // Per kind, its activities not in the future: what a rule without decay counts.
        let mut counts = [0_usize; KIND_COUNT];
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
            let sums = micro.get_mut(first..last).unwrap_or_default();
            for (entry, sum) in entries.iter().zip(sums) {
                let m = match entry.decay {
                    CompiledDecay::None => entry.full,
                    CompiledDecay::Window { secs } => entry.full * i64::from(age < secs),
                    CompiledDecay::Linear { inv_span } => {
                        // Not `f64::max`, whose NaN handling costs a dozen instructions: the
                        // weight is never NaN, and a zero of either sign rounds to 0.
                        let weight = 1.0 - age_f64 * inv_span;
                        let weight = if weight > 0.0 { weight } else { 0.0 };
                        round_half_away(entry.full_f64 * weight)
                    }
                    CompiledDecay::HalfLife { neg_inv } => {
                        if neg_inv.to_bits() != half_life.0.to_bits() {
                            half_life = (neg_inv, (age_f64 * neg_inv).exp2());
                        }
                        round_half_away(entry.full_f64 * half_life.1)
                    }
                };
                *sum = add(*sum, m);
            }
        }
        // A plain sum cannot overflow: each rule rounds to at most `i64::MAX / MICRO + 1`
        // (about 9.3e12) points, and a section holds at most `MAX_RULES` (1,000) rules.
        let decayed: i64 = self
            .bounds
            .iter()
            .zip(micro.iter())
            .map(|(&(low, high), &m)| round_micro(m.clamp(low, high)))
            .sum();
        let constant: i64 = self
            .constants
            .iter()
            .map(|c| {
                let count = counts.get(c.kind).copied().unwrap_or(0);
                let count = i64::try_from(count).unwrap_or(i64::MAX);
                // Adding `full` `count` times, saturating, is the saturating product.
                let m = if SATURATING {
                    c.full.saturating_mul(count)
                } else {
                    c.full.wrapping_mul(count)
                };
                round_micro(m.clamp(c.bounds.0, c.bounds.1))
            })
            .sum();
        decayed + constant
    }
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
