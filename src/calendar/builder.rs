//! A builder for calendars written in code.

use chrono::{NaiveDate, Weekday};

use super::Calendar;
use super::error::CalendarError;
use super::interval::Interval;
use super::spec::{CalendarSpec, Exception};

/// Builds a [`Calendar`] step by step; every check happens in [`build`](Self::build).
///
/// ```
/// use chrono::{NaiveDate, Weekday};
/// use leadflow::{Calendar, CalendarError};
/// // "Europe/Berlin" and other IANA names need the `tz` feature (on by default).
/// let calendar = Calendar::builder("+01:00")
///     .weekdays("09:00", "12:00")
///     .weekdays("13:00", "17:00")
///     .open(Weekday::Sat, "10:00", "14:00")
///     .holiday(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap())
///     .exception(NaiveDate::from_ymd_opt(2026, 12, 24).unwrap(), &[("09:00", "12:00")])
///     .build()?;
/// assert_eq!(calendar.zone().to_string(), "+01:00");
///
/// let overlapping = Calendar::builder("UTC")
///     .open(Weekday::Mon, "09:00", "12:00")
///     .open(Weekday::Mon, "11:00", "13:00")
///     .build();
/// assert!(matches!(overlapping, Err(CalendarError::Overlapping { .. })));
/// # Ok::<(), CalendarError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct CalendarBuilder {
    spec: CalendarSpec,
    error: Option<CalendarError>,
}

impl CalendarBuilder {
    /// A builder for a calendar in the zone named `zone` (an IANA name with feature `tz`,
    /// `UTC`, or `±HH:MM`), closed every day until intervals are added.
    pub fn new(zone: &str) -> Self {
        Self {
            spec: CalendarSpec {
                zone: zone.to_owned(),
                ..CalendarSpec::default()
            },
            error: None,
        }
    }

    fn interval(&mut self, start: &str, end: &str) -> Option<Interval> {
        match Interval::parse(start, end) {
            Ok(interval) => Some(interval),
            Err(error) => {
                self.error.get_or_insert(error);
                None
            }
        }
    }

    /// Adds the interval `start`–`end` (`HH:MM`) to `day`. Add a day's intervals from morning
    /// to night.
    pub fn open(mut self, day: Weekday, start: &str, end: &str) -> Self {
        if let Some(interval) = self.interval(start, end) {
            self.spec.week.day_mut(day).push(interval);
        }
        self
    }

    /// Adds the interval `start`–`end` to every day from Monday to Friday.
    pub fn weekdays(self, start: &str, end: &str) -> Self {
        [
            Weekday::Mon,
            Weekday::Tue,
            Weekday::Wed,
            Weekday::Thu,
            Weekday::Fri,
        ]
        .into_iter()
        .fold(self, |builder, day| builder.open(day, start, end))
    }

    /// Closes the local date `date` all day.
    pub fn holiday(mut self, date: NaiveDate) -> Self {
        self.spec.holidays.push(date);
        self
    }

    /// Closes each of the local `dates` all day.
    pub fn holidays(mut self, dates: impl IntoIterator<Item = NaiveDate>) -> Self {
        self.spec.holidays.extend(dates);
        self
    }

    /// Gives the local date `date` special hours (`HH:MM` pairs, morning to night) in place
    /// of its weekday's; no hours closes it.
    pub fn exception(mut self, date: NaiveDate, hours: &[(&str, &str)]) -> Self {
        let hours = hours
            .iter()
            .filter_map(|(start, end)| self.interval(start, end))
            .collect();
        self.spec.exceptions.push(Exception { date, hours });
        self
    }

    /// Checks and builds the calendar.
    ///
    /// # Errors
    /// The first [`CalendarError`] found: a badly written time, an interval that is empty,
    /// outside the day, out of order or overlapping, no open time in the week, two
    /// exceptions on one date, or an unknown zone.
    pub fn build(self) -> Result<Calendar, CalendarError> {
        match self.error {
            Some(error) => Err(error),
            None => Calendar::new(self.spec),
        }
    }
}
