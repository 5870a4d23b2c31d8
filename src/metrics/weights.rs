//! The weight each attribution model gives to each touch of a conversion.

use chrono::{DateTime, Utc};

use crate::business_time::{CalendarTime, WorkingTime};

use super::attribution::Model;
use super::facts::Touch;

/// The milestones of a conversion that the W-shaped model keys on.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Milestones {
    pub(crate) at: DateTime<Utc>,
    pub(crate) mql: Option<DateTime<Utc>>,
    pub(crate) opportunity: Option<DateTime<Utc>>,
}

/// 2^32: the weight of the latest touch in the time-decay model.
const DECAY_SCALE: f64 = 4_294_967_296.0;

/// Fills `w` with the weights of `touches` (sorted by time, all at or before the
/// conversion) under `model`; integers, so that the split is exact.
pub(crate) fn weights(
    model: Model,
    touches: &[Touch<'_>],
    milestones: &Milestones,
    half_life_secs: i64,
    w: &mut Vec<u64>,
) {
    let n = touches.len();
    w.clear();
    w.resize(n, 0);
    if n == 0 {
        return;
    }
    let last = n - 1;
    let set = |w: &mut [u64], i: usize, value: u64| {
        if let Some(slot) = w.get_mut(i) {
            *slot = slot.saturating_add(value);
        }
    };
    match model {
        Model::FirstTouch => set(w, 0, 1),
        Model::LastTouch => set(w, last, 1),
        Model::Linear => w.fill(1),
        Model::UShaped => match n {
            1 | 2 => w.fill(1),
            _ => {
                // 40 / 20 / 40: each middle touch 1, the ends 2 * (n - 2) each.
                let middle = u64::try_from(n - 2).unwrap_or(u64::MAX >> 2);
                w.fill(1);
                set(w, 0, 2 * middle - 1);
                set(w, last, 2 * middle - 1);
            }
        },
        Model::WShaped => {
            let keys = key_touches(touches, milestones);
            let others = (0..n).filter(|i| !keys.contains(i)).count();
            let others = u64::try_from(others).unwrap_or(u64::MAX / 4);
            if others == 0 {
                for k in keys {
                    set(w, k, 1);
                }
            } else {
                // 30 / 30 / 30 to the key touches, 10 spread over the others.
                for i in 0..n {
                    if !keys.contains(&i) {
                        set(w, i, 1);
                    }
                }
                for k in keys {
                    set(w, k, 3 * others);
                }
            }
        }
        #[allow(
            clippy::cast_precision_loss,
            clippy::cast_possible_truncation,
            clippy::cast_sign_loss
        )] // weights in [1, 2^32] and ages in seconds: f64 holds them well enough
        Model::TimeDecay => {
            let half_life = half_life_secs.max(1) as f64;
            let newest = touches.get(last).map_or(milestones.at, |t| t.at);
            for (slot, touch) in w.iter_mut().zip(touches) {
                let age = CalendarTime.elapsed_seconds(touch.at, newest);
                *slot = if age == 0 {
                    // 2^-0 is exactly one: the newest touches skip the libm call.
                    DECAY_SCALE as u64
                } else {
                    round_scaled(DECAY_SCALE * (-(age as f64) / half_life).exp2())
                };
            }
        }
    }
}

/// `x.round() as u64` for `x` in `[0, 2^32]` (a scaled decay factor), without the libm call
/// and without a branch: the whole part, plus one when the fraction is at least a half (the
/// subtraction is exact, as the whole part has no more bits than `x`). Zero below a half,
/// as the weights had before (a rounded weight under one counted as zero).
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    clippy::cast_precision_loss
)] // 0 <= x <= 2^32
fn round_scaled(x: f64) -> u64 {
    let whole = x as u64;
    whole + u64::from(x - whole as f64 >= 0.5)
}

/// The positions of the W-shaped model's three key touches among `touches`: the first, the
/// last at or before the MQL, the last at or before the opportunity (the first when the
/// milestone is missing or no touch precedes it).
pub(crate) fn key_touches(touches: &[Touch<'_>], milestones: &Milestones) -> [usize; 3] {
    let at_or_before = |t: Option<DateTime<Utc>>| {
        t.and_then(|t| touches.iter().rposition(|touch| touch.at <= t))
            .unwrap_or(0)
    };
    [
        0,
        at_or_before(milestones.mql),
        at_or_before(milestones.opportunity),
    ]
}

#[cfg(test)]
mod tests {
    use super::round_scaled;

    proptest::proptest! {
        /// The branch-free rounding equals libm's, with weights under one as zero.
        #[test]
        #[allow(clippy::cast_possible_truncation, clippy::cast_sign_loss)]
        fn round_scaled_is_round(
            x in proptest::prop_oneof![0f64..=4_294_967_296.0, 0f64..2.0],
            ulps in -3i64..=3,
        ) {
            // Near every value, a few steps of the last bit either way (halves included).
            let x = f64::from_bits(x.to_bits().saturating_add_signed(ulps)).clamp(0.0, 4_294_967_296.0);
            let rounded = x.round();
            let expected = if rounded >= 1.0 { rounded as u64 } else { 0 };
            proptest::prop_assert_eq!(round_scaled(x), expected);
            let half = x.floor() + 0.5;
            if half <= 4_294_967_296.0 {
                let rounded = half.round();
                let expected = if rounded >= 1.0 { rounded as u64 } else { 0 };
                proptest::prop_assert_eq!(round_scaled(half), expected);
            }
        }
    }
}
