//! Measuring time: calendar time (every second counts) or business time (only open hours of a
//! calendar count). SLA targets and funnel velocities are measured through this trait, so a
//! host may plug in its own notion of working time.

use chrono::{DateTime, Datelike, TimeDelta, Timelike, Utc};

/// A way of measuring durations between instants.
///
/// [`CalendarTime`] counts every second; a business calendar counts only its open hours.
pub trait WorkingTime: Send + Sync {
    /// The working time in `[from, to)`; zero when `to <= from`.
    fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta;

    /// The working time in `[from, to)` in whole seconds, `elapsed(from, to).num_seconds()`;
    /// an implementation may compute it without building the duration (reports call it once
    /// per measured pair of instants).
    fn elapsed_seconds(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        self.elapsed(from, to).num_seconds()
    }

    /// The earliest instant at which `duration` of working time has passed since `from`;
    /// `from` itself for a zero (or negative) duration. `None` when the result is beyond the
    /// representable range or never comes (a calendar with no open time).
    fn add(&self, from: DateTime<Utc>, duration: TimeDelta) -> Option<DateTime<Utc>>;
}

/// Plain calendar time: every second counts, around the clock.
///
/// ```
/// use leadflow::{CalendarTime, WorkingTime};
/// use chrono::{TimeDelta, TimeZone, Utc};
/// let t = Utc.with_ymd_and_hms(2026, 3, 7, 23, 0, 0).unwrap();
/// assert_eq!(CalendarTime.add(t, TimeDelta::hours(2)), Some(t + TimeDelta::hours(2)));
/// assert_eq!(CalendarTime.elapsed(t, t - TimeDelta::hours(1)), TimeDelta::zero());
/// ```
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct CalendarTime;

impl WorkingTime for CalendarTime {
    fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        (to - from).max(TimeDelta::zero())
    }

    fn elapsed_seconds(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        whole_seconds_between(from, to).max(0)
    }

    fn add(&self, from: DateTime<Utc>, duration: TimeDelta) -> Option<DateTime<Utc>> {
        from.checked_add_signed(duration.max(TimeDelta::zero()))
    }
}

/// `(to - from).num_seconds()`: the whole seconds from `from` to `to`, towards zero, negative
/// when `to` is earlier, without building the duration (reports ask once per measured pair
/// of instants). Within a year, from the day of the year and the second of the day; across
/// a new year, or with a leap second, through chrono's arithmetic.
pub(crate) fn whole_seconds_between(from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    const NANOS: u32 = 1_000_000_000;
    let (from, to) = (from.naive_utc(), to.naive_utc());
    let (nf, nt) = (from.nanosecond(), to.nanosecond());
    if nf >= NANOS || nt >= NANOS || from.year() != to.year() {
        return (to - from).num_seconds();
    }
    // The second of the day is read from the time (`NaiveTime` stores it), not from the
    // date-time, whose `Timelike` rebuilds it from hour, minute and second by division.
    let days = i64::from(to.ordinal()) - i64::from(from.ordinal());
    let secs = days * 86_400 + i64::from(to.time().num_seconds_from_midnight())
        - i64::from(from.time().num_seconds_from_midnight());
    // In nanoseconds (a year of them fits an `i64` many times over), divided towards zero
    // as `num_seconds` rounds: no branch on the sign or on a borrowed second.
    let nanos = secs * i64::from(NANOS) + i64::from(nt) - i64::from(nf);
    nanos / i64::from(NANOS)
}

impl<W: WorkingTime + ?Sized> WorkingTime for &W {
    fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        (**self).elapsed(from, to)
    }

    fn elapsed_seconds(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        (**self).elapsed_seconds(from, to)
    }

    fn add(&self, from: DateTime<Utc>, duration: TimeDelta) -> Option<DateTime<Utc>> {
        (**self).add(from, duration)
    }
}

impl<W: WorkingTime + ?Sized> WorkingTime for std::sync::Arc<W> {
    fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        (**self).elapsed(from, to)
    }

    fn elapsed_seconds(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
        (**self).elapsed_seconds(from, to)
    }

    fn add(&self, from: DateTime<Utc>, duration: TimeDelta) -> Option<DateTime<Utc>> {
        (**self).add(from, duration)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]

    use chrono::{DateTime, TimeDelta, TimeZone, Utc};

    use super::{CalendarTime, WorkingTime, whole_seconds_between};

    proptest::proptest! {
        /// The integer path equals chrono's duration in whole seconds, in both directions
        /// (negative spans towards zero), leap seconds and new years included; calendar
        /// time is the same clamped at zero.
        #[test]
        fn whole_seconds_between_is_chrono(
            a in -10_000_000_000i64..10_000_000_000,
            b in -10_000_000_000i64..10_000_000_000,
            na in proptest::prop_oneof![0u32..1_000_000_000, 999_999_000u32..2_000_000_000],
            nb in proptest::prop_oneof![0u32..1_000_000_000, 0u32..2_000_000_000],
            near in 0u8..4,
        ) {
            // Far apart, within seconds, within months (mostly the same year), or within
            // a day of a new year.
            let a = if near == 3 {
                let year = 1700 + i32::try_from(a.rem_euclid(600)).unwrap();
                let new_year = Utc.with_ymd_and_hms(year, 1, 1, 0, 0, 0).unwrap().timestamp();
                new_year + a % 86_400
            } else {
                a
            };
            // Leap seconds (nanoseconds of 1e9 and more) only at the end of a minute.
            let a = if na >= 1_000_000_000 { a - a.rem_euclid(60) + 59 } else { a };
            let b = match near {
                0 => b,
                1 => a + b % 3,
                2 => a + b % 10_000_000,
                _ => a + b % 100_000,
            };
            let b = if nb >= 1_000_000_000 { b - b.rem_euclid(60) + 59 } else { b };
            let (Some(a), Some(b)) = (
                DateTime::<Utc>::from_timestamp(a, na),
                DateTime::<Utc>::from_timestamp(b, nb),
            ) else {
                return Ok(());
            };
            proptest::prop_assert_eq!(whole_seconds_between(a, b), (b - a).num_seconds());
            proptest::prop_assert_eq!(whole_seconds_between(b, a), (a - b).num_seconds());
            // A nanosecond either way is no whole second.
            let c = a + TimeDelta::nanoseconds(1);
            proptest::prop_assert_eq!(whole_seconds_between(a, c), (c - a).num_seconds());
            proptest::prop_assert_eq!(whole_seconds_between(c, a), (a - c).num_seconds());
            proptest::prop_assert_eq!(
                CalendarTime.elapsed_seconds(a, b),
                CalendarTime.elapsed(a, b).num_seconds()
            );
            // Through the forwarding impl for references.
            let by_ref = &CalendarTime;
            let forwarded: &dyn WorkingTime = &by_ref;
            proptest::prop_assert_eq!(
                forwarded.elapsed_seconds(b, a),
                CalendarTime.elapsed(b, a).num_seconds()
            );
        }
    }
}
