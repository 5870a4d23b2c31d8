//! Measuring time: calendar time (every second counts) or business time (only open hours of a
//! calendar count). SLA targets and funnel velocities are measured through this trait, so a
//! host may plug in its own notion of working time.

use chrono::{DateTime, TimeDelta, Utc};

/// A way of measuring durations between instants.
///
/// [`CalendarTime`] counts every second; a business calendar counts only its open hours.
pub trait WorkingTime: Send + Sync {
    /// The working time in `[from, to)`; zero when `to <= from`.
    fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta;

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

    fn add(&self, from: DateTime<Utc>, duration: TimeDelta) -> Option<DateTime<Utc>> {
        from.checked_add_signed(duration.max(TimeDelta::zero()))
    }
}

impl<W: WorkingTime + ?Sized> WorkingTime for &W {
    fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        (**self).elapsed(from, to)
    }

    fn add(&self, from: DateTime<Utc>, duration: TimeDelta) -> Option<DateTime<Utc>> {
        (**self).add(from, duration)
    }
}

impl<W: WorkingTime + ?Sized> WorkingTime for std::sync::Arc<W> {
    fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        (**self).elapsed(from, to)
    }

    fn add(&self, from: DateTime<Utc>, duration: TimeDelta) -> Option<DateTime<Utc>> {
        (**self).add(from, duration)
    }
}
