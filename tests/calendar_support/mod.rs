//! The naive calendar reference shared by the calendar tests: the semantics of the issue,
//! read literally. It asks the zone for each instant's local time and steps second by
//! second or minute by minute; it knows nothing of the calendar's week totals or indexes.
#![allow(dead_code, clippy::unwrap_used)]

use chrono::{DateTime, Datelike, TimeDelta, Timelike, Utc};
use leadflow::Zone;
use leadflow::calendar::CalendarSpec;

/// The naive reference over a calendar specification.
pub struct Reference {
    zone: Zone,
    spec: CalendarSpec,
}

impl Reference {
    /// The reference for `spec` (whose zone must parse).
    pub fn new(spec: &CalendarSpec) -> Self {
        Self {
            zone: Zone::parse(&spec.zone).unwrap(),
            spec: spec.clone(),
        }
    }

    /// Whether `t` is open: a holiday is closed, an exception replaces its weekday's hours.
    pub fn is_open(&self, t: DateTime<Utc>) -> bool {
        let local = self.zone.local(t);
        let date = local.date();
        if self.spec.holidays.contains(&date) {
            return false;
        }
        let hours = match self.spec.exceptions.iter().find(|e| e.date == date) {
            Some(exception) => &exception.hours[..],
            None => self.spec.week.day(date.weekday()),
        };
        let second = local.time().num_seconds_from_midnight();
        hours.iter().any(|i| i.contains(second))
    }

    /// Steps `[a, b)` by `step`; returns the open steps' starts.
    pub fn open_steps(
        &self,
        a: DateTime<Utc>,
        b: DateTime<Utc>,
        step: TimeDelta,
    ) -> Vec<DateTime<Utc>> {
        let mut open = Vec::new();
        let mut t = a;
        while t < b {
            if self.is_open(t) {
                open.push(t);
            }
            t += step;
        }
        open
    }

    /// The open seconds in `[a, b)` (`a` and `b` on whole seconds): stepped second by second
    /// up to the first whole minute, minute by minute across the middle, and second by second
    /// after the last whole minute. Exact when every interval bound, offset and transition
    /// lies on a whole minute, which holds for every zone in the tested years.
    pub fn elapsed_seconds(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> i64 {
        let mut open = 0;
        let mut t = a;
        while t < b {
            let step = if t.second() == 0 && b - t >= TimeDelta::minutes(1) {
                60
            } else {
                1
            };
            if self.is_open(t) {
                open += step;
            }
            t += TimeDelta::seconds(step);
        }
        open
    }

    /// The earliest instant at which `seconds` of open time have passed since `a` (on a
    /// whole second), stepping as [`Reference::elapsed_seconds`] does; `None` when not found
    /// within `limit`.
    pub fn add_seconds(
        &self,
        a: DateTime<Utc>,
        seconds: i64,
        limit: TimeDelta,
    ) -> Option<DateTime<Utc>> {
        let mut left = seconds;
        let mut t = a;
        let end = a + limit;
        while left > 0 {
            if t >= end {
                return None;
            }
            let step = if t.second() == 0 && left >= 60 { 60 } else { 1 };
            if self.is_open(t) {
                left -= step;
            }
            t += TimeDelta::seconds(step);
        }
        Some(t)
    }
}
