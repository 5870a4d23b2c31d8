//! Business calendars: a weekly schedule of local opening hours in a zone, with holidays and
//! dated exceptions, and exact arithmetic on open time across DST.
//!
//! The main type is [`Calendar`]. Its arithmetic costs O(log n) in the number of holidays,
//! exceptions and zone transitions, and nothing in the length of the span: a 10-year span
//! costs what a 1-hour span does.

mod builder;
mod error;
mod interval;
mod local;
mod search;
mod spec;
mod timeline;
mod transitions;

use std::fmt;
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};

pub use builder::CalendarBuilder;
pub use error::{CalendarError, ScheduleDay};
pub use interval::Interval;
pub use spec::{
    CalendarSpec, Exception, MAX_EXCEPTIONS, MAX_HOLIDAYS, MAX_INTERVALS_PER_DAY, WeekSchedule,
};

use crate::business_time::WorkingTime;
use crate::zone::Zone;
use local::LocalIndex;
use timeline::Timeline;

/// The longest duration [`Calendar::add`] accepts, in seconds (about a million years); any
/// longer one is beyond the representable range anyway.
const MAX_SECONDS: i64 = 1 << 45;

/// A business calendar: open hours in a zone.
///
/// An instant is open when its local wall-clock time lies in an interval of its local
/// date's hours: the weekly schedule of its weekday, or the special hours of a dated
/// exception, and never on a holiday (a holiday wins over an exception). Across DST this
/// means a spring-forward day has fewer open seconds where the schedule covers the skipped
/// hour, and a fall-back day counts the repeated hour twice where the schedule covers it.
///
/// Precision is one second: instants are truncated to the whole second before (towards the
/// past) and durations to whole seconds (towards zero); results are whole seconds, except
/// that adding zero returns the instant unchanged.
///
/// Arithmetic costs a few binary searches (holidays and exceptions, zone transitions)
/// whatever the span: tens of nanoseconds for an hour or for ten years. Building costs
/// microseconds, and clones share the indexes. The first calendar in an IANA zone also
/// recovers the zone's transitions (a few milliseconds, once per zone and process).
///
/// ```
/// use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
/// use leadflow::Calendar;
/// // With the `tz` feature, IANA names such as "America/New_York" work too.
/// let calendar = Calendar::builder("-05:00")
///     .weekdays("09:00", "17:00")
///     .holiday(NaiveDate::from_ymd_opt(2026, 11, 26).unwrap())
///     .build()?;
/// // Wednesday 25 November 2026, 16:00 local (21:00 UTC). Thursday is a holiday.
/// let t = Utc.with_ymd_and_hms(2026, 11, 25, 21, 0, 0).unwrap();
/// assert!(calendar.is_open(t));
/// // 4 business hours: 1 on Wednesday, none on Thursday, 3 on Friday (until 12:00).
/// let due = calendar.add(t, TimeDelta::hours(4))?;
/// assert_eq!(due, Utc.with_ymd_and_hms(2026, 11, 27, 17, 0, 0).unwrap());
/// assert_eq!(calendar.elapsed(t, due), TimeDelta::hours(4));
/// // Closed on Thursday: the next opening is Friday 09:00.
/// let thursday = Utc.with_ymd_and_hms(2026, 11, 26, 15, 0, 0).unwrap();
/// assert_eq!(calendar.next_open(thursday),
///            Some(Utc.with_ymd_and_hms(2026, 11, 27, 14, 0, 0).unwrap()));
/// # Ok::<(), leadflow::CalendarError>(())
/// ```
#[derive(Clone)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(try_from = "CalendarSpec", into = "CalendarSpec")
)]
pub struct Calendar {
    spec: CalendarSpec,
    zone: Zone,
    timeline: Arc<Timeline>,
}

impl Calendar {
    /// Checks a calendar as written and builds its indexes. Holidays are sorted and
    /// deduplicated, exceptions sorted by date.
    ///
    /// # Errors
    /// [`CalendarError::UnknownZone`] for an unknown zone name;
    /// [`CalendarError::EmptyInterval`], [`CalendarError::OutOfDay`],
    /// [`CalendarError::Unordered`] or [`CalendarError::Overlapping`] for a bad interval,
    /// naming its weekday or date; [`CalendarError::DuplicateException`] for two exceptions
    /// on one date; [`CalendarError::NoOpenTime`] when the weekly schedule is empty;
    /// [`CalendarError::TooMany`] beyond the size caps.
    pub fn new(spec: CalendarSpec) -> Result<Self, CalendarError> {
        let zone = Zone::parse(&spec.zone).map_err(|_| CalendarError::UnknownZone {
            name: spec.zone.clone(),
        })?;
        let spec = spec::normalize(spec)?;
        let timeline = Timeline::new(LocalIndex::new(&spec), zone);
        Ok(Self {
            spec,
            zone,
            timeline: Arc::new(timeline),
        })
    }

    /// A builder for a calendar in the zone named `zone`.
    pub fn builder(zone: &str) -> CalendarBuilder {
        CalendarBuilder::new(zone)
    }

    /// The zone.
    #[must_use]
    pub fn zone(&self) -> Zone {
        self.zone
    }

    /// The calendar as written (normalized).
    #[must_use]
    pub fn spec(&self) -> &CalendarSpec {
        &self.spec
    }

    /// The weekly schedule.
    #[must_use]
    pub fn week(&self) -> &WeekSchedule {
        &self.spec.week
    }

    /// The holidays, sorted.
    #[must_use]
    pub fn holidays(&self) -> &[NaiveDate] {
        &self.spec.holidays
    }

    /// The dated exceptions, sorted by date.
    #[must_use]
    pub fn exceptions(&self) -> &[Exception] {
        &self.spec.exceptions
    }

    /// Whether `t` is open.
    #[must_use]
    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        let u = t.timestamp();
        self.timeline.local.is_open(u + self.timeline.offset(u))
    }

    /// The earliest open instant at or after `t`: `t` itself when open. `None` only when it
    /// lies beyond the representable range.
    #[must_use]
    pub fn next_open(&self, t: DateTime<Utc>) -> Option<DateTime<Utc>> {
        if self.is_open(t) {
            return Some(t);
        }
        // The end of the first open second after t, minus that second.
        let u = self.timeline.add(t.timestamp(), 1)?;
        DateTime::from_timestamp(u.checked_sub(1)?, 0)
    }

    /// The earliest instant at which `d` of open time has passed since `t`. Adding zero
    /// returns `t`; the result may be the end of an interval rather than the next opening.
    ///
    /// # Errors
    /// [`CalendarError::NegativeDuration`] when `d` is negative;
    /// [`CalendarError::OutOfRange`] when the result is beyond the range of `DateTime<Utc>`.
    pub fn add(&self, t: DateTime<Utc>, d: TimeDelta) -> Result<DateTime<Utc>, CalendarError> {
        let seconds = d.num_seconds();
        if seconds < 0 {
            return Err(CalendarError::NegativeDuration { seconds });
        }
        if seconds == 0 {
            return Ok(t);
        }
        if seconds > MAX_SECONDS {
            return Err(CalendarError::OutOfRange);
        }
        self.timeline
            .add(t.timestamp(), seconds)
            .and_then(|u| DateTime::from_timestamp(u, 0))
            .ok_or(CalendarError::OutOfRange)
    }

    /// The open time in `[a, b)`; zero when `b <= a`.
    #[must_use]
    pub fn elapsed(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> TimeDelta {
        if b <= a {
            return TimeDelta::zero();
        }
        let open = self.timeline.between(a.timestamp(), b.timestamp());
        TimeDelta::seconds(open.max(0))
    }
}

impl WorkingTime for Calendar {
    fn elapsed(&self, from: DateTime<Utc>, to: DateTime<Utc>) -> TimeDelta {
        Calendar::elapsed(self, from, to)
    }

    fn add(&self, from: DateTime<Utc>, duration: TimeDelta) -> Option<DateTime<Utc>> {
        if duration <= TimeDelta::zero() {
            return Some(from);
        }
        Calendar::add(self, from, duration).ok()
    }
}

impl TryFrom<CalendarSpec> for Calendar {
    type Error = CalendarError;

    fn try_from(spec: CalendarSpec) -> Result<Self, Self::Error> {
        Calendar::new(spec)
    }
}

impl From<Calendar> for CalendarSpec {
    fn from(calendar: Calendar) -> Self {
        calendar.spec
    }
}

impl PartialEq for Calendar {
    fn eq(&self, other: &Self) -> bool {
        self.spec == other.spec
    }
}

impl Eq for Calendar {}

impl std::hash::Hash for Calendar {
    fn hash<H: std::hash::Hasher>(&self, state: &mut H) {
        self.spec.hash(state);
    }
}

impl fmt::Debug for Calendar {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Calendar")
            .field("zone", &self.zone)
            .field("week", &self.spec.week)
            .field("holidays", &self.spec.holidays)
            .field("exceptions", &self.spec.exceptions)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests;
