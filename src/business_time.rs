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
        const NANOS: u32 = 1_000_000_000;
        let (from, to) = (from.naive_utc(), to.naive_utc());
        let (nf, nt) = (from.nanosecond(), to.nanosecond());
        if from.year() != to.year() || nf >= NANOS || nt >= NANOS {
            // Across a new year, or a leap second: chrono's arithmetic.
            return (to - from).max(TimeDelta::zero()).num_seconds();
        }
        // Within a year, from the day of the year and the second of the day, without
        // chrono's date arithmetic; one second borrowed when the nanoseconds go down. The
        // second of the day is read from the time (`NaiveTime` stores it), not from the
        // date-time, whose `Timelike` rebuilds it from hour, minute and second by division.
        let days = i64::from(to.ordinal()) - i64::from(from.ordinal());
        let secs = days * 86_400 + i64::from(to.time().num_seconds_from_midnight())
            - i64::from(from.time().num_seconds_from_midnight());
        let secs = if nt < nf { secs - 1 } else { secs };
        secs.max(0)
    }

    fn add(&self, from: DateTime<Utc>, duration: TimeDelta) -> Option<DateTime<Utc>> {
        from.checked_add_signed(duration.max(TimeDelta::zero()))
    }
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

    use chrono::{DateTime, Utc};

    use super::{CalendarTime, WorkingTime};

    proptest::proptest! {
        /// The integer path equals chrono's duration, leap seconds included.
        #[test]
        fn calendar_elapsed_seconds_is_elapsed_num_seconds(
            a in -10_000_000_000i64..10_000_000_000,
            b in -10_000_000_000i64..10_000_000_000,
            na in proptest::prop_oneof![0u32..1_000_000_000, 999_999_000u32..2_000_000_000],
            nb in proptest::prop_oneof![0u32..1_000_000_000, 0u32..2_000_000_000],
            near in 0u8..3,
        ) {
            // Leap seconds (nanoseconds of 1e9 and more) only at the end of a minute.
            let a = if na >= 1_000_000_000 { a - a.rem_euclid(60) + 59 } else { a };
            // Far apart, within seconds, or within months (mostly the same year).
            let b = match near {
                0 => b,
                1 => a + b % 3,
                _ => a + b % 10_000_000,
            };
            let b = if nb >= 1_000_000_000 { b - b.rem_euclid(60) + 59 } else { b };
            let (Some(a), Some(b)) = (
                DateTime::<Utc>::from_timestamp(a, na),
                DateTime::<Utc>::from_timestamp(b, nb),
            ) else {
                return Ok(());
            };
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
