//! Why a calendar could not be built or an answer could not be given.

use std::fmt;

use chrono::{NaiveDate, Weekday};

use super::interval::Interval;

/// A day of a calendar's schedule: a weekday of the weekly schedule, or the date of an
/// exception. Names where a [`CalendarError`] was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ScheduleDay {
    /// A weekday of the weekly schedule.
    Weekday(Weekday),
    /// The date of a dated exception.
    Date(NaiveDate),
}

impl fmt::Display for ScheduleDay {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ScheduleDay::Weekday(day) => write!(f, "{day}"),
            ScheduleDay::Date(date) => write!(f, "{date}"),
        }
    }
}

/// Why a [`Calendar`](super::Calendar) could not be built, or an operation has no answer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum CalendarError {
    /// A time of day is not written `HH:MM` or `HH:MM:SS`. Fix the text (`"09:00"`).
    #[error("invalid time of day {text:?}: expected HH:MM or HH:MM:SS")]
    InvalidTime {
        /// The text given.
        text: String,
    },
    /// An interval does not start before it ends (`17:00-09:00`, `09:00-09:00`). Swap the
    /// bounds, or write a night shift across midnight as two intervals on two days.
    #[error("interval {interval} on {day} does not start before it ends")]
    EmptyInterval {
        /// Where.
        day: ScheduleDay,
        /// The interval.
        interval: Interval,
    },
    /// An interval bound lies outside `00:00`–`24:00`. Use `24:00` as the latest end and
    /// continue on the next day.
    #[error("interval {interval} on {day} lies outside 00:00-24:00")]
    OutOfDay {
        /// Where.
        day: ScheduleDay,
        /// The interval.
        interval: Interval,
    },
    /// The intervals of a day are not in increasing order. List them from morning to night.
    #[error("interval {interval} on {day} comes before the one listed ahead of it ({previous})")]
    Unordered {
        /// Where.
        day: ScheduleDay,
        /// The interval listed earlier.
        previous: Interval,
        /// The interval out of order.
        interval: Interval,
    },
    /// Two intervals of a day overlap. Merge them into one (touching intervals are fine).
    #[error("interval {interval} on {day} overlaps {previous}")]
    Overlapping {
        /// Where.
        day: ScheduleDay,
        /// The interval listed earlier.
        previous: Interval,
        /// The overlapping interval.
        interval: Interval,
    },
    /// A calendar holds more holidays, exceptions or intervals in a day than the caps
    /// ([`MAX_HOLIDAYS`](super::MAX_HOLIDAYS), [`MAX_EXCEPTIONS`](super::MAX_EXCEPTIONS),
    /// [`MAX_INTERVALS_PER_DAY`](super::MAX_INTERVALS_PER_DAY)). Drop holidays and exceptions
    /// long past, or merge touching intervals.
    #[error("{count} {what}, at most {max}")]
    TooMany {
        /// What there are too many of.
        what: &'static str,
        /// How many were given.
        count: usize,
        /// The cap.
        max: usize,
    },
    /// Two exceptions name the same date. Keep one exception per date.
    #[error("more than one exception for {date}")]
    DuplicateException {
        /// The date.
        date: NaiveDate,
    },
    /// The weekly schedule has no open time at all, so business time would never pass.
    /// Give at least one weekday an interval.
    #[error("the weekly schedule has no open time")]
    NoOpenTime,
    /// The zone name is neither a known IANA zone (with the `tz` feature) nor a `±HH:MM`
    /// offset. Check the spelling (`America/New_York`).
    #[error("unknown time zone {name:?}")]
    UnknownZone {
        /// The name given.
        name: String,
    },
    /// The result lies beyond the range of `DateTime<Utc>` (about ±262,000 years). Use a
    /// shorter duration.
    #[error("the result is beyond the representable range")]
    OutOfRange,
    /// A negative duration was given to [`Calendar::add`](super::Calendar::add). Business
    /// time only runs forward: pass a non-negative duration.
    #[error("negative duration of {seconds} s")]
    NegativeDuration {
        /// The duration, in whole seconds.
        seconds: i64,
    },
}
