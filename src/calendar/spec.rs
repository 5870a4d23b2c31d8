//! The written form of a calendar: zone name, weekly schedule, holidays and exceptions, as
//! given (and serialized). [`Calendar`](super::Calendar) checks it and builds its indexes.

use chrono::{NaiveDate, Weekday};

use super::error::{CalendarError, ScheduleDay};
use super::interval::{DAY, Interval};

/// The weekly schedule: the open intervals of local wall-clock time of each weekday, in
/// increasing order, not overlapping (several a day for split shifts).
///
/// Serialized as an object with one list per weekday (`"monday": ["09:00-17:30"]`); closed
/// weekdays may be left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct WeekSchedule {
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    monday: Vec<Interval>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    tuesday: Vec<Interval>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    wednesday: Vec<Interval>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    thursday: Vec<Interval>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    friday: Vec<Interval>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    saturday: Vec<Interval>,
    #[cfg_attr(
        feature = "serde",
        serde(default, skip_serializing_if = "Vec::is_empty")
    )]
    sunday: Vec<Interval>,
}

impl WeekSchedule {
    /// A schedule closed every day.
    #[must_use]
    pub fn new() -> Self {
        Self::default()
    }

    /// The intervals of `day`.
    #[must_use]
    pub fn day(&self, day: Weekday) -> &[Interval] {
        match day {
            Weekday::Mon => &self.monday,
            Weekday::Tue => &self.tuesday,
            Weekday::Wed => &self.wednesday,
            Weekday::Thu => &self.thursday,
            Weekday::Fri => &self.friday,
            Weekday::Sat => &self.saturday,
            Weekday::Sun => &self.sunday,
        }
    }

    /// The intervals of `day`, to change.
    pub fn day_mut(&mut self, day: Weekday) -> &mut Vec<Interval> {
        match day {
            Weekday::Mon => &mut self.monday,
            Weekday::Tue => &mut self.tuesday,
            Weekday::Wed => &mut self.wednesday,
            Weekday::Thu => &mut self.thursday,
            Weekday::Fri => &mut self.friday,
            Weekday::Sat => &mut self.saturday,
            Weekday::Sun => &mut self.sunday,
        }
    }
}

/// A dated exception: special hours on one local date (empty: closed all day), replacing the
/// weekly schedule of that date. A holiday on the same date wins (closed).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Exception {
    /// The local date.
    pub date: NaiveDate,
    /// The open intervals of that date, in increasing order; empty when closed all day.
    #[cfg_attr(feature = "serde", serde(default))]
    pub hours: Vec<Interval>,
}

/// A calendar as written: the zone's name, the weekly schedule, holidays and exceptions.
/// Turn it into a [`Calendar`](super::Calendar) with `Calendar::try_from` (which checks it);
/// calendars serialize through this form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct CalendarSpec {
    /// The zone: an IANA name (feature `tz`), `UTC`, or a fixed offset `±HH:MM`.
    pub zone: String,
    /// The weekly schedule.
    pub week: WeekSchedule,
    /// Local dates that are closed all day.
    #[cfg_attr(feature = "serde", serde(default))]
    pub holidays: Vec<NaiveDate>,
    /// Dates with special hours.
    #[cfg_attr(feature = "serde", serde(default))]
    pub exceptions: Vec<Exception>,
}

/// The weekdays from Monday, in the order the indexes use.
pub(crate) const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// The most intervals one day (a weekday or an exception) may hold.
pub const MAX_INTERVALS_PER_DAY: usize = 96;
/// The most holidays a calendar may hold (about 270 years of every day).
pub const MAX_HOLIDAYS: usize = 100_000;
/// The most dated exceptions a calendar may hold.
pub const MAX_EXCEPTIONS: usize = 100_000;

fn cap(what: &'static str, count: usize, max: usize) -> Result<(), CalendarError> {
    if count > max {
        Err(CalendarError::TooMany { what, count, max })
    } else {
        Ok(())
    }
}

/// Checks the intervals of one day: each within the day and non-empty, in increasing order,
/// not overlapping.
pub(crate) fn check_day(day: ScheduleDay, intervals: &[Interval]) -> Result<(), CalendarError> {
    cap("intervals in a day", intervals.len(), MAX_INTERVALS_PER_DAY)?;
    let mut previous: Option<Interval> = None;
    for &interval in intervals {
        if interval.start_seconds() > DAY || interval.end_seconds() > DAY {
            return Err(CalendarError::OutOfDay { day, interval });
        }
        if interval.start_seconds() >= interval.end_seconds() {
            return Err(CalendarError::EmptyInterval { day, interval });
        }
        if let Some(previous) = previous {
            if interval.start_seconds() < previous.start_seconds() {
                return Err(CalendarError::Unordered {
                    day,
                    previous,
                    interval,
                });
            }
            if interval.start_seconds() < previous.end_seconds() {
                return Err(CalendarError::Overlapping {
                    day,
                    previous,
                    interval,
                });
            }
        }
        previous = Some(interval);
    }
    Ok(())
}

/// Checks a spec and puts it in normal form: holidays sorted without duplicates, exceptions
/// sorted by date.
pub(crate) fn normalize(mut spec: CalendarSpec) -> Result<CalendarSpec, CalendarError> {
    cap("holidays", spec.holidays.len(), MAX_HOLIDAYS)?;
    cap("exceptions", spec.exceptions.len(), MAX_EXCEPTIONS)?;
    for day in WEEKDAYS {
        check_day(ScheduleDay::Weekday(day), spec.week.day(day))?;
    }
    if WEEKDAYS.iter().all(|&day| spec.week.day(day).is_empty()) {
        return Err(CalendarError::NoOpenTime);
    }
    spec.holidays.sort_unstable();
    spec.holidays.dedup();
    spec.exceptions.sort_by_key(|e| e.date);
    for pair in spec.exceptions.windows(2) {
        if let [a, b] = pair {
            if a.date == b.date {
                return Err(CalendarError::DuplicateException { date: a.date });
            }
        }
    }
    for exception in &spec.exceptions {
        check_day(ScheduleDay::Date(exception.date), &exception.hours)?;
    }
    Ok(spec)
}
