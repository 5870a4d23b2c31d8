//! Unit tests of the indexes; behaviour is tested in `tests/calendar_*.rs`.

use chrono::{DateTime, TimeDelta, TimeZone, Utc, Weekday};

use super::*;

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
}

#[test]
fn fixed_zone_week_arithmetic() {
    let calendar = Calendar::builder("+02:00")
        .weekdays("09:00", "17:00")
        .build()
        .unwrap();
    // Monday 2026-03-02 09:00 local = 07:00 UTC.
    let monday = utc(2026, 3, 2, 7, 0);
    assert!(calendar.is_open(monday));
    assert!(!calendar.is_open(monday - TimeDelta::seconds(1)));
    assert_eq!(
        calendar.elapsed(monday, monday + TimeDelta::weeks(1)),
        TimeDelta::hours(40)
    );
    assert_eq!(
        calendar.add(monday, TimeDelta::hours(40)).unwrap(),
        utc(2026, 3, 6, 15, 0)
    );
    assert_eq!(
        calendar.add(monday, TimeDelta::hours(41)).unwrap(),
        utc(2026, 3, 9, 8, 0)
    );
    // 520 weeks of 40 hours end on the Friday of the 520th week, 17:00 local:
    // 2026-03-02 + 519 weeks + 4 days = 2036-02-15.
    let later = calendar.add(monday, TimeDelta::hours(40 * 520)).unwrap();
    assert_eq!(later, utc(2036, 2, 15, 15, 0));
    assert_eq!(calendar.elapsed(monday, later), TimeDelta::hours(40 * 520));
}

#[test]
fn special_days_correct_the_weekly_total() {
    let d = |day| chrono::NaiveDate::from_ymd_opt(2026, 3, day).unwrap();
    let calendar = Calendar::builder("UTC")
        .weekdays("09:00", "17:00")
        .holiday(d(3))
        .exception(d(4), &[("10:00", "12:00")])
        .exception(d(7), &[("09:00", "10:00")])
        .build()
        .unwrap();
    let monday = utc(2026, 3, 2, 0, 0);
    // 8 + 0 + 2 + 8 + 8 + 1 (Saturday exception) hours.
    assert_eq!(
        calendar.elapsed(monday, monday + TimeDelta::weeks(1)),
        TimeDelta::hours(27)
    );
    assert_eq!(
        calendar.add(monday, TimeDelta::hours(9)).unwrap(),
        utc(2026, 3, 4, 11, 0)
    );
    assert_eq!(
        calendar.add(monday, TimeDelta::hours(27)).unwrap(),
        utc(2026, 3, 7, 10, 0)
    );
    assert_eq!(
        calendar.next_open(utc(2026, 3, 3, 8, 0)),
        Some(utc(2026, 3, 4, 10, 0))
    );
    assert_eq!(calendar.week().day(Weekday::Sat), &[]);
}

#[cfg(feature = "tz")]
#[test]
fn transition_table_is_found_exactly() {
    let zone = crate::Zone::parse("America/New_York").unwrap();
    let table = transitions::transitions(zone);
    assert_eq!(table.first_offset, -17_762); // local mean time
    let in_2026: Vec<_> = table
        .transitions
        .iter()
        .filter(|t| (1_767_225_600..1_798_761_600).contains(&t.at))
        .map(|t| (t.at, t.before, t.after))
        .collect();
    // 2026-03-08T07:00Z (EST to EDT) and 2026-11-01T06:00Z (EDT to EST).
    assert_eq!(
        in_2026,
        vec![
            (1_772_953_200, -18_000, -14_400),
            (1_793_512_800, -14_400, -18_000)
        ]
    );
    assert_eq!(table.count_at_or_before(-9_000_000_000_000), 0);
    assert_eq!(
        table.count_at_or_before(9_000_000_000_000),
        table.transitions.len()
    );
    // Every transition matches the zone's own offsets on both sides.
    for (i, t) in table.transitions.iter().enumerate() {
        let at = DateTime::from_timestamp(t.at, 0).unwrap();
        assert_eq!(table.count_at_or_before(t.at - 1), i);
        assert_eq!(table.count_at_or_before(t.at), i + 1);
        let before = zone.offset_at(at - TimeDelta::seconds(1)).local_minus_utc();
        assert_eq!(i64::from(before), t.before);
        assert_eq!(i64::from(zone.offset_at(at).local_minus_utc()), t.after);
    }
}

#[cfg(feature = "tz")]
#[test]
fn zones_do_not_change_outside_the_scanned_years() {
    // The scan covers 1800-2200; the tz data has no transitions outside it.
    let at = |y: i32| Utc.with_ymd_and_hms(y, 1, 1, 0, 0, 0).unwrap();
    for tz in chrono_tz::TZ_VARIANTS {
        let zone = crate::Zone::Iana(tz);
        assert_eq!(zone.offset_at(at(1000)), zone.offset_at(at(1800)), "{tz}");
        assert_eq!(zone.offset_at(at(2200)), zone.offset_at(at(9000)), "{tz}");
    }
}
