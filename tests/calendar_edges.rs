//! Tests added from mutation testing (`scripts/mutants.sh calendar`) of the calendars:
//! equality is equality of the definitions.
#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, Weekday};
use leadflow::Calendar;

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
