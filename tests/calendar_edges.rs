//! Tests added from mutation testing (`scripts/mutants.sh calendar`) of the calendars:
//! equality is equality of the definitions, and an interval starting at or after midnight
//! at the end of the day is refused for the right reason.
#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, Weekday};
use leadflow::calendar::{CalendarSpec, Interval, ScheduleDay, WeekSchedule};
use leadflow::{Calendar, CalendarError};

fn office() -> Calendar {
    Calendar::builder("UTC")
        .weekdays("09:00", "17:00")
        .build()
        .unwrap()
}

#[test]
fn calendars_are_equal_exactly_when_their_definitions_are() {
    assert_eq!(office(), office());
    let longer = Calendar::builder("UTC")
        .weekdays("09:00", "18:00")
        .build()
        .unwrap();
    assert_ne!(office(), longer);
    let saturday = Calendar::builder("UTC")
        .weekdays("09:00", "17:00")
        .open(Weekday::Sat, "10:00", "12:00")
        .build()
        .unwrap();
    assert_ne!(office(), saturday);
    let holiday = Calendar::builder("UTC")
        .weekdays("09:00", "17:00")
        .holiday(NaiveDate::from_ymd_opt(2026, 12, 25).unwrap())
        .build()
        .unwrap();
    assert_ne!(office(), holiday);
    let offset = Calendar::builder("+01:00")
        .weekdays("09:00", "17:00")
        .build()
        .unwrap();
    assert_ne!(office(), offset);
}

fn monday_only(interval: Interval) -> Result<Calendar, CalendarError> {
    let mut week = WeekSchedule::new();
    week.day_mut(Weekday::Mon).push(interval);
    Calendar::new(CalendarSpec {
        zone: "UTC".to_owned(),
        week,
        holidays: Vec::new(),
        exceptions: Vec::new(),
    })
}

#[test]
fn an_interval_past_midnight_is_out_of_the_day_and_one_at_midnight_is_empty() {
    let mon = ScheduleDay::Weekday(Weekday::Mon);
    // Starts at 25:00 and ends at 01:00: it starts outside the day, whatever its end.
    let late = Interval::new(90_000, 3_600);
    assert_eq!(
        monday_only(late),
        Err(CalendarError::OutOfDay {
            day: mon,
            interval: late
        })
    );
    // 24:00-24:00 lies within the day (24:00 is its end) but is empty.
    let midnight = Interval::new(86_400, 86_400);
    assert_eq!(
        monday_only(midnight),
        Err(CalendarError::EmptyInterval {
            day: mon,
            interval: midnight
        })
    );
    // 23:00-24:00 is the last hour of the day.
    assert!(monday_only(Interval::new(82_800, 86_400)).is_ok());
}

#[test]
fn a_calendar_debugs_as_its_definition() {
    let shown = format!("{:?}", office());
    assert!(shown.starts_with("Calendar {"), "{shown}");
    for field in ["zone", "week", "holidays", "exceptions"] {
        assert!(shown.contains(field), "{field} missing from {shown}");
    }
}
