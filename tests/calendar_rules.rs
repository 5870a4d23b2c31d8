//! Calendar validation, midnight and holiday handling, precision, and the error contract.
#![allow(clippy::unwrap_used)]

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc, Weekday};
use leadflow::calendar::{CalendarSpec, Exception, Interval, ScheduleDay, WeekSchedule};
use leadflow::{Calendar, CalendarError, WorkingTime};

fn utc(m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, m, d, h, min, 0).unwrap()
}

fn date(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn iv(start: &str, end: &str) -> Interval {
    Interval::parse(start, end).unwrap()
}

#[test]
fn bad_intervals_name_the_day_and_interval() {
    let mon = ScheduleDay::Weekday(Weekday::Mon);
    let build = |intervals: &[(&str, &str)]| {
        intervals
            .iter()
            .fold(Calendar::builder("UTC"), |b, (s, e)| {
                b.open(Weekday::Mon, s, e)
            })
            .build()
    };
    assert_eq!(
        build(&[("17:00", "09:00")]),
        Err(CalendarError::EmptyInterval {
            day: mon,
            interval: iv("17:00", "09:00")
        })
    );
    assert_eq!(
        build(&[("09:00", "09:00")]),
        Err(CalendarError::EmptyInterval {
            day: mon,
            interval: iv("09:00", "09:00")
        })
    );
    assert_eq!(
        build(&[("22:00", "24:30")]),
        Err(CalendarError::OutOfDay {
            day: mon,
            interval: iv("22:00", "24:30")
        })
    );
    assert_eq!(
        build(&[("13:00", "14:00"), ("09:00", "10:00")]),
        Err(CalendarError::Unordered {
            day: mon,
            previous: iv("13:00", "14:00"),
            interval: iv("09:00", "10:00")
        })
    );
    assert_eq!(
        build(&[("09:00", "12:00"), ("11:59", "13:00")]),
        Err(CalendarError::Overlapping {
            day: mon,
            previous: iv("09:00", "12:00"),
            interval: iv("11:59", "13:00")
        })
    );
    assert_eq!(build(&[]), Err(CalendarError::NoOpenTime));
    assert_eq!(
        build(&[("9:00", "12:00")]),
        Err(CalendarError::InvalidTime {
            text: "9:00".to_owned()
        })
    );
    // Touching intervals are fine.
    assert!(build(&[("09:00", "12:00"), ("12:00", "13:00")]).is_ok());
}

#[test]
fn bad_exceptions_and_zones() {
    let exception = Calendar::builder("UTC")
        .weekdays("09:00", "17:00")
        .exception(date(12, 24), &[("12:00", "10:00")])
        .build();
    assert_eq!(
        exception,
        Err(CalendarError::EmptyInterval {
            day: ScheduleDay::Date(date(12, 24)),
            interval: iv("12:00", "10:00")
        })
    );
    let twice = Calendar::builder("UTC")
        .weekdays("09:00", "17:00")
        .exception(date(12, 24), &[])
        .exception(date(12, 24), &[("09:00", "10:00")])
        .build();
    assert_eq!(
        twice,
        Err(CalendarError::DuplicateException { date: date(12, 24) })
    );
    let zone = Calendar::builder("Mars/Olympus")
        .weekdays("09:00", "17:00")
        .build();
    assert_eq!(
        zone,
        Err(CalendarError::UnknownZone {
            name: "Mars/Olympus".to_owned()
        })
    );
    let message = CalendarError::Overlapping {
        day: ScheduleDay::Weekday(Weekday::Tue),
        previous: iv("09:00", "12:00"),
        interval: iv("11:00", "13:00"),
    }
    .to_string();
    assert_eq!(message, "interval 11:00-13:00 on Tue overlaps 09:00-12:00");
}

#[test]
fn midnight_joins_days_and_24_00_ends_them() {
    let calendar = Calendar::builder("UTC")
        .open(Weekday::Mon, "22:00", "24:00")
        .open(Weekday::Tue, "00:00", "02:00")
        .build()
        .unwrap();
    // Monday 2026-03-02 22:00 to Tuesday 02:00 is one stretch of 4 hours.
    assert_eq!(
        calendar.add(utc(3, 2, 22, 0), TimeDelta::hours(3)),
        Ok(utc(3, 3, 1, 0))
    );
    assert!(calendar.is_open(utc(3, 3, 0, 0)));
    assert_eq!(
        calendar.elapsed(utc(3, 2, 0, 0), utc(3, 9, 0, 0)),
        TimeDelta::hours(4)
    );
    // The result of add may be the end of an interval, not the next opening.
    assert_eq!(
        calendar.add(utc(3, 2, 22, 0), TimeDelta::hours(4)),
        Ok(utc(3, 3, 2, 0))
    );
}

#[test]
fn holidays_win_over_exceptions_and_are_sorted() {
    let calendar = Calendar::builder("UTC")
        .weekdays("09:00", "17:00")
        .holidays([date(3, 6), date(3, 4), date(3, 4)])
        .exception(date(3, 4), &[("09:00", "10:00")])
        .exception(date(3, 3), &[])
        .build()
        .unwrap();
    assert_eq!(calendar.holidays(), &[date(3, 4), date(3, 6)]);
    assert_eq!(calendar.exceptions()[0].date, date(3, 3));
    // Week of Monday 2026-03-02: Monday and Thursday open (Tuesday closed by its exception,
    // Wednesday a holiday despite its exception, Friday a holiday).
    assert_eq!(
        calendar.elapsed(utc(3, 2, 0, 0), utc(3, 9, 0, 0)),
        TimeDelta::hours(16)
    );
    assert_eq!(
        calendar.add(utc(3, 2, 17, 0), TimeDelta::hours(1)),
        Ok(utc(3, 5, 10, 0))
    );
}

#[test]
fn seconds_are_truncated_consistently() {
    let calendar = Calendar::builder("UTC")
        .weekdays("09:00", "17:00")
        .build()
        .unwrap();
    let t = utc(3, 2, 9, 0) + TimeDelta::milliseconds(700);
    // Adding zero returns t itself; otherwise results are whole seconds from t truncated.
    assert_eq!(calendar.add(t, TimeDelta::zero()), Ok(t));
    assert_eq!(
        calendar.add(t, TimeDelta::milliseconds(1_500)),
        Ok(utc(3, 2, 9, 0) + TimeDelta::seconds(1))
    );
    assert_eq!(
        calendar.elapsed(t, t + TimeDelta::milliseconds(200)),
        TimeDelta::zero()
    );
    assert_eq!(
        calendar.elapsed(t, t + TimeDelta::milliseconds(400)),
        TimeDelta::seconds(1)
    );
    assert_eq!(calendar.next_open(t), Some(t));
}

#[test]
fn negative_and_huge_durations() {
    let calendar = Calendar::builder("UTC")
        .open(Weekday::Wed, "09:00", "09:01")
        .build()
        .unwrap();
    let t = utc(3, 2, 9, 0);
    assert_eq!(
        calendar.add(t, TimeDelta::seconds(-5)),
        Err(CalendarError::NegativeDuration { seconds: -5 })
    );
    assert_eq!(
        WorkingTime::add(&calendar, t, TimeDelta::seconds(-5)),
        Some(t)
    );
    // One open minute a week: 10^9 minutes is far beyond the year 262143.
    assert_eq!(
        calendar.add(t, TimeDelta::minutes(1_000_000_000)),
        Err(CalendarError::OutOfRange)
    );
    assert_eq!(
        calendar.add(t, TimeDelta::MAX),
        Err(CalendarError::OutOfRange)
    );
    assert_eq!(WorkingTime::add(&calendar, t, TimeDelta::MAX), None);
    // Near the end of time.
    let end = DateTime::<Utc>::MAX_UTC;
    assert_eq!(
        calendar.add(end - TimeDelta::days(3), TimeDelta::weeks(2)),
        Err(CalendarError::OutOfRange)
    );
    assert_eq!(calendar.next_open(end), None);
    // One minute in each of the ~27.4 million weeks of chrono's range: ~19,000 days.
    let all = calendar.elapsed(DateTime::<Utc>::MIN_UTC, end);
    assert!(
        all > TimeDelta::days(18_900) && all < TimeDelta::days(19_100),
        "{all}"
    );
    let start = calendar
        .add(DateTime::<Utc>::MIN_UTC, TimeDelta::minutes(1))
        .unwrap();
    assert!(start - DateTime::<Utc>::MIN_UTC < TimeDelta::weeks(1));
    // A million years of one minute a week.
    let million = calendar.add(t, TimeDelta::minutes(52 * 100_000)).unwrap();
    assert_eq!(
        calendar.elapsed(t, million),
        TimeDelta::minutes(52 * 100_000)
    );
}

#[test]
fn spec_round_trip_and_accessors() {
    let mut week = WeekSchedule::new();
    week.day_mut(Weekday::Fri).push(iv("08:00", "12:00"));
    let spec = CalendarSpec {
        zone: "+01:00".to_owned(),
        week,
        holidays: vec![date(5, 1)],
        exceptions: vec![Exception {
            date: date(5, 2),
            hours: vec![iv("10:00", "11:00")],
        }],
    };
    let calendar = Calendar::try_from(spec.clone()).unwrap();
    assert_eq!(calendar.spec(), &spec);
    assert_eq!(calendar.week().day(Weekday::Fri), &[iv("08:00", "12:00")]);
    assert_eq!(calendar.zone().to_string(), "+01:00");
    assert_eq!(CalendarSpec::from(calendar.clone()), spec);
    assert_eq!(calendar.clone(), calendar);
}

#[test]
fn calendars_are_send_and_sync() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Calendar>();
    assert_send_sync::<CalendarError>();
    assert_send_sync::<CalendarSpec>();
}
