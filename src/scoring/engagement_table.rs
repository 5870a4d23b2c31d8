//! Engagement rules laid out flat for encoded activities: per activity kind a run of entries
//! (one per rule of the kind) in one array. The arithmetic is the rule scorer's, term for
//! term: each activity adds `round(points × 10⁶ × weight)` micro-points to its rule, each
//! rule's sum is clamped to its cap and rounded to whole points.
//!
//! Laid out for the branch predictor rather than for the fewest instructions: a kind's
//! entries are sorted by decay variant, so every kind visits the variants in the same
//! order, and the age tests (window, linear fade to zero) are arithmetic, not branches.

use super::config::ScoringConfig;
use super::decay::{CompiledDecay, MICRO, round_half_away, round_micro};
use super::rules::{KIND_COUNT, kind_index};
use crate::activity::ActivityKind;

/// Engagement accumulators live on the stack up to this many engagement rules.
const STACK_RULES: usize = 64;

/// An engagement rule as one activity of its kind sees it.
#[derive(Debug, Clone, Copy)]
struct Entry {
    decay: CompiledDecay,
    /// Index of the rule (and of its accumulator).
    rule: usize,
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
    entries: Vec<Entry>,
    /// Per rule, its cap in micro-points.
    caps: Vec<Option<i64>>,
}

impl EngagementTable {
    /// Lays out the engagement rules of a validated configuration.
    pub(super) fn new(config: &ScoringConfig) -> Self {
        let rules = &config.engagement_rules;
        let mut kinds = [(0, 0); KIND_COUNT];
        let mut entries = Vec::with_capacity(rules.len());
        for (k, range) in kinds.iter_mut().enumerate() {
            let start = entries.len();
            for (i, rule) in rules.iter().enumerate() {
                if kind_index(rule.kind) == k {
                    #[allow(clippy::cast_precision_loss)] // |points| <= MAX_POINTS
                    entries.push(Entry {
                        decay: CompiledDecay::new(rule.decay),
                        rule: i,
                        full: rule.points.saturating_mul(MICRO),
                        full_f64: rule.points as f64 * MICRO as f64,
                    });
                }
            }
            // Each rule has one entry, so the order of entries changes no rule's sum.
            if let Some(kind) = entries.get_mut(start..) {
                kind.sort_by(|a, b| order(a.decay).total_cmp(&order(b.decay)));
            }
            *range = (start, entries.len());
        }
        let caps = rules
            .iter()
            .map(|rule| rule.cap.map(|cap| cap.saturating_mul(MICRO)))
            .collect();
        Self {
            kinds,
            entries,
            caps,
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
        let n = self.caps.len();
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
            for entry in self.entries.get(first..last).unwrap_or_default() {
                let m = match entry.decay {
                    CompiledDecay::None => entry.full,
                    CompiledDecay::Window { secs } => entry.full * i64::from(age < secs),
                    CompiledDecay::Linear { inv_span } => {
                        let weight = (1.0 - age_f64 * inv_span).max(0.0);
                        round_half_away(entry.full_f64 * weight)
                    }
                    CompiledDecay::HalfLife { neg_inv } => {
                        if neg_inv.to_bits() != half_life.0.to_bits() {
                            half_life = (neg_inv, (age_f64 * neg_inv).exp2());
                        }
                        round_half_away(entry.full_f64 * half_life.1)
                    }
                };
                if let Some(sum) = micro.get_mut(entry.rule) {
                    *sum = sum.saturating_add(m);
                }
            }
        }
        self.caps
            .iter()
            .zip(micro.iter())
            .fold(0_i64, |sum, (cap, &m)| {
                let m = match cap {
                    Some(cap) => m.clamp(-cap, *cap),
                    None => m,
                };
                sum.saturating_add(round_micro(m))
            })
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
