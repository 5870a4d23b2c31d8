//! The serialized form of calendars: the golden file, round trips, and validation on the way
//! in.
#![cfg(feature = "serde")]
#![allow(clippy::unwrap_used)]

use chrono::{NaiveDate, TimeDelta, TimeZone, Utc};
use leadflow::Calendar;

#[cfg(feature = "tz")]
#[test]
fn golden_calendar_v1_reads_and_writes_back() {
    let text = include_str!("golden/calendar/calendar_v1.json");
    let calendar: Calendar = serde_json::from_str(text).unwrap();
    assert_eq!(calendar.zone().to_string(), "America/New_York");
    assert_eq!(calendar.holidays().len(), 2);
    assert_eq!(
        calendar.exceptions()[0].date,
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    );
    // Wednesday 2026-11-25 16:30 EST (21:30 UTC): 1 hour left that day, Thursday a
    // holiday, Friday 09:00-13:00 by exception: 3 hours reach 11:00 EST on Friday.
    let t = Utc.with_ymd_and_hms(2026, 11, 25, 21, 30, 0).unwrap();
    assert_eq!(
        calendar.add(t, TimeDelta::hours(3)),
        Ok(Utc.with_ymd_and_hms(2026, 11, 27, 16, 0, 0).unwrap())
    );
    let written: serde_json::Value = serde_json::to_value(&calendar).unwrap();
    let golden: serde_json::Value = serde_json::from_str(text).unwrap();
    assert_eq!(written, golden);
}

#[test]
fn round_trip_normalizes() {
    let calendar = Calendar::builder("+05:30")
        .weekdays("09:00", "17:30")
        .holiday(NaiveDate::from_ymd_opt(2026, 8, 15).unwrap())
        .holiday(NaiveDate::from_ymd_opt(2026, 1, 26).unwrap())
        .build()
        .unwrap();
    let text = serde_json::to_string(&calendar).unwrap();
    assert!(
        text.contains(r#""holidays":["2026-01-26","2026-08-15"]"#),
        "{text}"
    );
    assert!(text.contains(r#""monday":["09:00-17:30"]"#), "{text}");
    let back: Calendar = serde_json::from_str(&text).unwrap();
    assert_eq!(back, calendar);
}

#[test]
fn deserialization_validates() {
    let reject = |json: &str| {
        serde_json::from_str::<Calendar>(json)
            .unwrap_err()
            .to_string()
    };
    let overlap = reject(r#"{"zone":"UTC","week":{"monday":["09:00-12:00","11:00-13:00"]}}"#);
    assert!(overlap.contains("overlaps"), "{overlap}");
    let empty = reject(r#"{"zone":"UTC","week":{}}"#);
    assert!(empty.contains("no open time"), "{empty}");
    let zone = reject(r#"{"zone":"Mars/Olympus","week":{"monday":["09:00-12:00"]}}"#);
    assert!(zone.contains("unknown time zone"), "{zone}");
    let bound = reject(r#"{"zone":"UTC","week":{"monday":["09:00-25:00"]}}"#);
    assert!(bound.contains("outside 00:00-24:00"), "{bound}");
    let time = reject(r#"{"zone":"UTC","week":{"monday":["9-12"]}}"#);
    assert!(time.contains("invalid time of day"), "{time}");
    let field = reject(r#"{"zone":"UTC","week":{"funday":["09:00-12:00"]}}"#);
    assert!(field.contains("unknown field"), "{field}");
}
