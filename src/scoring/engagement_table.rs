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

/// An engagement rule as one activity of its kind sees it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    decay: CompiledDecay,
    /// `points × MICRO`, saturated: an activity at full weight.
    full: i64,
    /// The same as a float, for weights strictly between 0 and 1.
    full_f64: f64,
}

/// The engagement rules of a configuration, flat.
#[derive(Debug, Clone)]
pub(super) struct EngagementTable {
    /// Per activity kind, its entries: `entries[start..end]`.
    kinds: [(usize, usize); KIND_COUNT],
    /// One entry per rule, grouped by kind; a rule's accumulator sits at its entry's index,
    /// so a kind's run of entries updates a run of accumulators (no index per entry).
    entries: Vec<Entry>,
    /// Per entry, its rule's sum bounds in micro-points: `±cap`, or the whole `i64` range
    /// for a rule without cap (a clamp to it changes nothing).
    bounds: Vec<(i64, i64)>,
}

impl EngagementTable {
    /// Lays out the engagement rules of a validated configuration.
    pub(super) fn new(config: &ScoringConfig) -> Self {
        let rules = &config.engagement_rules;
        let mut kinds = [(0, 0); KIND_COUNT];
        let mut entries = Vec::with_capacity(rules.len());
        let mut bounds = Vec::with_capacity(rules.len());
        for (k, range) in kinds.iter_mut().enumerate() {
            let mut kind: Vec<(Entry, (i64, i64))> = rules
                .iter()
                .filter(|rule| kind_index(rule.kind) == k)
                .map(|rule| {
                    #[allow(clippy::cast_precision_loss)] // |points| <= MAX_POINTS
                    let entry = Entry {
                        decay: CompiledDecay::new(rule.decay),
                        full: rule.points.saturating_mul(MICRO),
                        full_f64: rule.points as f64 * MICRO as f64,
                    };
                    let bound = rule.cap.map_or((i64::MIN, i64::MAX), |cap| {
                        let cap = cap.saturating_mul(MICRO);
                        (-cap, cap)
                    });
                    (entry, bound)
                })
                .collect();
            // Each rule has one entry and one accumulator, so their order changes no sum.
            kind.sort_by(|a, b| order(a.0.decay).total_cmp(&order(b.0.decay)));
            let start = entries.len();
            for (entry, bound) in kind {
                entries.push(entry);
                bounds.push(bound);
            }
            *range = (start, entries.len());
        }
        Self {
            kinds,
            entries,
            bounds,
        }
    }

    /// The engagement points of `activities`, `(kind, time in seconds since the epoch)`, at
    /// `now` (seconds since the epoch).
    #[inline]
    pub(super) fn points(
        &self,
        activities: impl IntoIterator<Item = (ActivityKind, i64)>,
        now: i64,
    ) -> i64 {
        let n = self.entries.len();
        let mut stack = [0_i64; STACK_RULES];
        let mut heap = Vec::new();
        let micro: &mut [i64] = if n <= STACK_RULES {
            stack.get_mut(..n).unwrap_or_default()
        } else {
            heap.resize(n, 0);
            &mut heap
        };
        for (kind, at) in activities {
            let Some(&(first, last)) = self.kinds.get(kind_index(kind)) else {
                continue;
            };
            let age = now.saturating_sub(at);
            if age < 0 {
                continue;
            }
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
                *sum = sum.saturating_add(m);
            }
        }
        // A plain sum cannot overflow: each rule rounds to at most `i64::MAX / MICRO + 1`
        // (about 9.3e12) points, and a section holds at most `MAX_RULES` (1,000) rules.
        self.bounds
            .iter()
            .zip(micro.iter())
            .map(|(&(low, high), &m)| round_micro(m.clamp(low, high)))
            .sum()
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
