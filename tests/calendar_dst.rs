//! Fixed cases around DST transitions, with expected values worked out by hand from the tz
//! rules of each zone (2026).
#![cfg(feature = "tz")]
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, TimeDelta, TimeZone, Utc, Weekday};
use leadflow::Calendar;

fn utc(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap()
}

fn minutes(m: i64) -> TimeDelta {
    TimeDelta::minutes(m)
}

fn sundays(zone: &str, start: &str, end: &str) -> Calendar {
    Calendar::builder(zone)
        .open(Weekday::Sun, start, end)
        .build()
        .unwrap()
}

#[test]
fn new_york_spring_forward_skips_the_covered_hour() {
    // 2026-03-08: 02:00 EST (07:00 UTC) becomes 03:00 EDT. Open 01:00-04:00 local is
    // 01:00-02:00 EST (06:00-07:00 UTC) and 03:00-04:00 EDT (07:00-08:00 UTC): 2 hours.
    let calendar = sundays("America/New_York", "01:00", "04:00");
    assert_eq!(
        calendar.elapsed(utc(3, 8, 0, 0), utc(3, 9, 0, 0)),
        TimeDelta::hours(2)
    );
    assert!(calendar.is_open(utc(3, 8, 7, 0)));
    assert!(!calendar.is_open(utc(3, 8, 8, 0)));
    assert_eq!(
        calendar.add(utc(3, 8, 6, 0), minutes(90)),
        Ok(utc(3, 8, 7, 30))
    );
    assert_eq!(
        calendar.add(utc(3, 8, 6, 0), minutes(120)),
        Ok(utc(3, 8, 8, 0))
    );
    assert_eq!(calendar.next_open(utc(3, 7, 12, 0)), Some(utc(3, 8, 6, 0)));
}

#[test]
fn new_york_fall_back_counts_the_repeated_hour_twice() {
    // 2026-11-01: 02:00 EDT (06:00 UTC) becomes 01:00 EST. Open 01:00-03:00 local is
    // 05:00-08:00 UTC: 3 hours.
    let calendar = sundays("America/New_York", "01:00", "03:00");
    assert_eq!(
        calendar.elapsed(utc(11, 1, 0, 0), utc(11, 2, 0, 0)),
        TimeDelta::hours(3)
    );
    // Both 01:30s are open.
    assert!(calendar.is_open(utc(11, 1, 5, 30)));
    assert!(calendar.is_open(utc(11, 1, 6, 30)));
    assert_eq!(
        calendar.add(utc(11, 1, 5, 0), minutes(150)),
        Ok(utc(11, 1, 7, 30))
    );
    assert!(!calendar.is_open(utc(11, 1, 8, 0)));
}

#[test]
fn sydney_both_transitions() {
    // 2026-04-05: 03:00 AEDT (16:00 UTC on the 4th) becomes 02:00 AEST. Open 02:00-03:00
    // local is 15:00-17:00 UTC.
    let calendar = sundays("Australia/Sydney", "02:00", "03:00");
    assert_eq!(
        calendar.elapsed(utc(4, 4, 0, 0), utc(4, 6, 0, 0)),
        TimeDelta::hours(2)
    );
    assert_eq!(calendar.next_open(utc(4, 4, 0, 0)), Some(utc(4, 4, 15, 0)));
    assert_eq!(
        calendar.add(utc(4, 4, 15, 0), minutes(100)),
        Ok(utc(4, 4, 16, 40))
    );
    // 2026-10-04: 02:00 AEST (16:00 UTC on the 3rd) becomes 03:00 AEDT. Open 01:00-04:00
    // local is 15:00-17:00 UTC.
    let calendar = sundays("Australia/Sydney", "01:00", "04:00");
    assert_eq!(
        calendar.elapsed(utc(10, 3, 0, 0), utc(10, 5, 0, 0)),
        TimeDelta::hours(2)
    );
    assert_eq!(
        calendar.add(utc(10, 3, 15, 0), minutes(61)),
        Ok(utc(10, 3, 16, 1))
    );
}

#[test]
fn lord_howe_half_hour_dst() {
    // 2026-04-05: 02:00 (+11, 15:00 UTC on the 4th) becomes 01:30 (+10:30). Open
    // 01:00-03:00 local is 14:00-16:30 UTC: two and a half hours.
    let calendar = sundays("Australia/Lord_Howe", "01:00", "03:00");
    assert_eq!(
        calendar.elapsed(utc(4, 4, 0, 0), utc(4, 6, 0, 0)),
        minutes(150)
    );
    assert_eq!(
        calendar.add(utc(4, 4, 14, 0), TimeDelta::hours(2)),
        Ok(utc(4, 4, 16, 0))
    );
    assert!(!calendar.is_open(utc(4, 4, 16, 30)));
    // 2026-10-04: 02:00 (+10:30, 15:30 UTC on the 3rd) becomes 02:30 (+11). Open
    // 02:00-03:00 local is 15:30-16:00 UTC: half an hour.
    let calendar = sundays("Australia/Lord_Howe", "02:00", "03:00");
    assert_eq!(
        calendar.elapsed(utc(10, 3, 0, 0), utc(10, 5, 0, 0)),
        minutes(30)
    );
    assert_eq!(
        calendar.next_open(utc(10, 3, 12, 0)),
        Some(utc(10, 3, 15, 30))
    );
    assert_eq!(
        calendar.add(utc(10, 3, 12, 0), minutes(30)),
        Ok(utc(10, 3, 16, 0))
    );
}

#[test]
fn chatham_quarter_hour_zone() {
    // 2026-09-27: 02:45 (+12:45, 14:00 UTC on the 26th) becomes 03:45 (+13:45). Open
    // 02:00-04:00 local is 13:15-14:15 UTC.
    let calendar = sundays("Pacific/Chatham", "02:00", "04:00");
    assert_eq!(
        calendar.elapsed(utc(9, 26, 0, 0), utc(9, 28, 0, 0)),
        TimeDelta::hours(1)
    );
    assert_eq!(
        calendar.next_open(utc(9, 26, 0, 0)),
        Some(utc(9, 26, 13, 15))
    );
    // 2026-04-05: 03:45 (+13:45, 14:00 UTC on the 4th) becomes 02:45 (+12:45). Open
    // 03:00-04:00 local is 13:15-14:00 UTC (before), then 14:15-15:15 UTC (after).
    let calendar = sundays("Pacific/Chatham", "03:00", "04:00");
    assert_eq!(
        calendar.elapsed(utc(4, 4, 0, 0), utc(4, 6, 0, 0)),
        minutes(105)
    );
    assert!(!calendar.is_open(utc(4, 4, 14, 5)));
    assert_eq!(
        calendar.add(utc(4, 4, 13, 15), minutes(45)),
        Ok(utc(4, 4, 14, 0))
    );
    assert_eq!(
        calendar.add(utc(4, 4, 13, 15), minutes(46)),
        Ok(utc(4, 4, 14, 16))
    );
    assert_eq!(
        calendar.next_open(utc(4, 4, 14, 0)),
        Some(utc(4, 4, 14, 15))
    );
}

#[test]
fn havana_transitions_at_midnight() {
    let calendar = Calendar::builder("America/Havana")
        .open(Weekday::Sat, "20:00", "24:00")
        .open(Weekday::Sun, "00:00", "02:00")
        .build()
        .unwrap();
    // 2026-03-08: 00:00 CST (05:00 UTC) becomes 01:00 CDT; Sunday starts at 01:00.
    // Saturday 20:00-24:00 CST is 01:00-05:00 UTC, Sunday 01:00-02:00 CDT 05:00-06:00 UTC.
    assert_eq!(
        calendar.elapsed(utc(3, 7, 0, 0), utc(3, 9, 0, 0)),
        TimeDelta::hours(5)
    );
    assert_eq!(
        calendar.add(utc(3, 8, 1, 0), TimeDelta::hours(5)),
        Ok(utc(3, 8, 6, 0))
    );
    assert!(calendar.is_open(utc(3, 8, 5, 0)));
    // 2026-11-01: 01:00 CDT (05:00 UTC) becomes 00:00 CST; Sunday 00:00-01:00 is repeated.
    // Saturday 20:00-24:00 CDT is 00:00-04:00 UTC; Sunday 00:00 CDT-02:00 CST 04:00-07:00.
    assert_eq!(
        calendar.elapsed(utc(10, 31, 0, 0), utc(11, 2, 0, 0)),
        TimeDelta::hours(7)
    );
    assert_eq!(
        calendar.add(utc(11, 1, 0, 0), TimeDelta::hours(6)),
        Ok(utc(11, 1, 6, 0))
    );
    assert!(!calendar.is_open(utc(11, 1, 7, 0)));
}

#[test]
fn santiago_falls_back_into_the_previous_day() {
    let d = |day| chrono::NaiveDate::from_ymd_opt(2026, 4, day).unwrap();
    let calendar = Calendar::builder("America/Santiago")
        .open(Weekday::Sat, "23:00", "24:00")
        .open(Weekday::Sun, "00:00", "24:00")
        .holiday(d(5))
        .build()
        .unwrap();
    // 2026-04-05 03:00 UTC: Saturday 24:00 (-03) becomes Saturday 23:00 (-04), so Saturday
    // 23:00-24:00 happens twice (02:00-04:00 UTC), and Sunday 5 April is a holiday.
    assert_eq!(
        calendar.elapsed(utc(4, 4, 0, 0), utc(4, 6, 12, 0)),
        TimeDelta::hours(2)
    );
    assert_eq!(
        calendar.elapsed(utc(4, 5, 2, 30), utc(4, 5, 3, 30)),
        TimeDelta::hours(1)
    );
    assert_eq!(
        calendar.add(utc(4, 5, 2, 30), minutes(60)),
        Ok(utc(4, 5, 3, 30))
    );
    // 2026-09-06 04:00 UTC: Saturday 24:00 (-04) becomes Sunday 01:00 (-03); Sunday opens
    // at 01:00, 04:00 UTC.
    let calendar = sundays("America/Santiago", "00:00", "02:00");
    assert_eq!(
        calendar.elapsed(utc(9, 5, 0, 0), utc(9, 7, 0, 0)),
        TimeDelta::hours(1)
    );
    assert_eq!(calendar.next_open(utc(9, 5, 12, 0)), Some(utc(9, 6, 4, 0)));
}

#[test]
fn goose_bay_local_time_runs_back_into_the_previous_day() {
    let d = |day| chrono::NaiveDate::from_ymd_opt(2006, 10, day).unwrap();
    let at = |h, m, s| Utc.with_ymd_and_hms(2006, 10, 29, h, m, s).unwrap();
    // 2006-10-29 03:01 UTC: Sunday 00:01 ADT (-03) becomes Saturday 23:01 AST (-04).
    // Saturday the 28th opens 23:00-24:00 by exception; Sunday the 29th is a holiday.
    let calendar = Calendar::builder("America/Goose_Bay")
        .weekdays("09:00", "17:00")
        .exception(d(28), &[("23:00", "24:00")])
        .holiday(d(29))
        .build()
        .unwrap();
    // Open 02:00-03:00 UTC (23:00-24:00 ADT), closed 03:00-03:01 (Sunday 00:00-00:01 ADT),
    // open 03:01-04:00 UTC (23:01-24:00 AST).
    assert_eq!(calendar.elapsed(at(2, 0, 0), at(5, 0, 0)), minutes(119));
    assert_eq!(calendar.elapsed(at(3, 0, 30), at(3, 30, 0)), minutes(29));
    assert_eq!(calendar.add(at(3, 0, 30), minutes(29)), Ok(at(3, 30, 0)));
    assert!(!calendar.is_open(at(3, 0, 30)));
    assert!(calendar.is_open(at(3, 1, 0)));
}

#[test]
fn kolkata_half_hour_offset_without_dst() {
    let calendar = Calendar::builder("Asia/Kolkata")
        .weekdays("09:00", "17:30")
        .build()
        .unwrap();
    // Monday 2026-03-02 09:00 IST is 03:30 UTC.
    assert_eq!(
        calendar.add(utc(3, 2, 3, 30), minutes(510)),
        Ok(utc(3, 2, 12, 0))
    );
    // Friday 16:30 IST plus 2 hours: 1 on Friday, 1 on Monday (until 10:00 IST).
    assert_eq!(
        calendar.add(utc(3, 6, 11, 0), TimeDelta::hours(2)),
        Ok(utc(3, 9, 4, 30))
    );
    assert_eq!(
        calendar.elapsed(utc(3, 2, 0, 0), utc(3, 9, 0, 0)),
        minutes(5 * 510)
    );
    assert_eq!(calendar.next_open(utc(3, 7, 0, 0)), Some(utc(3, 9, 3, 30)));
}

#[test]
fn ten_years_across_twenty_transitions() {
    // Every day 00:00-24:00 in New York: business time is calendar time, whatever the
    // transitions in between.
    let mut builder = Calendar::builder("America/New_York");
    for day in [
        Weekday::Mon,
        Weekday::Tue,
        Weekday::Wed,
        Weekday::Thu,
        Weekday::Fri,
        Weekday::Sat,
        Weekday::Sun,
    ] {
        builder = builder.open(day, "00:00", "24:00");
    }
    let calendar = builder.build().unwrap();
    let a = utc(1, 1, 12, 0);
    let b = Utc.with_ymd_and_hms(2036, 1, 1, 12, 0, 0).unwrap();
    assert_eq!(calendar.elapsed(a, b), b - a);
    assert_eq!(calendar.add(a, b - a), Ok(b));
}
