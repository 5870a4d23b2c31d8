//! The calendar checked against a naive reference that steps minute by minute (or second by
//! second) and asks the zone for each instant's local time, over random calendars, zones
//! and spans: 10,000 cases against the reference. Minute stepping is exact here because
//! every interval bound, zone offset and transition in the tested years (1995-2035) lies on
//! a whole minute.
#![allow(clippy::unwrap_used)]

mod calendar_support;

use calendar_support::Reference;
use chrono::{DateTime, NaiveDate, TimeDelta, Utc, Weekday};
use leadflow::calendar::{CalendarSpec, Exception, Interval, WeekSchedule};
use leadflow::{Calendar, WorkingTime};
use proptest::prelude::*;

const ZONES: &[&str] = &[
    "UTC",
    "+05:30",
    "-03:00",
    "+12:45",
    "-09:30",
    #[cfg(feature = "tz")]
    "America/New_York",
    #[cfg(feature = "tz")]
    "Australia/Sydney",
    #[cfg(feature = "tz")]
    "Australia/Lord_Howe",
    #[cfg(feature = "tz")]
    "Pacific/Chatham",
    #[cfg(feature = "tz")]
    "America/Havana",
    #[cfg(feature = "tz")]
    "Asia/Kolkata",
    #[cfg(feature = "tz")]
    "Europe/London",
    #[cfg(feature = "tz")]
    "America/Santiago",
    #[cfg(feature = "tz")]
    "America/Goose_Bay",
];

/// The intervals of one day, bounds on a grid of `grid` seconds.
fn day(grid: u32) -> impl Strategy<Value = Vec<Interval>> {
    let cuts = 86_400 / grid;
    prop_oneof![
        3 => prop::collection::btree_set(0..=cuts, 0..=6).prop_map(move |set| {
            let cuts: Vec<u32> = set.into_iter().collect();
            cuts.chunks_exact(2)
                .map(|pair| Interval::new(pair[0] * grid, pair[1] * grid))
                .collect()
        }),
        1 => Just(vec![Interval::new(0, 86_400)]),
        1 => Just(vec![]),
    ]
}

/// A random calendar around `start`: holidays and exceptions within 40 days of it.
fn spec(grid: u32, start: NaiveDate) -> impl Strategy<Value = CalendarSpec> {
    (
        prop::sample::select(ZONES),
        prop::collection::vec(day(grid), 7),
        prop::collection::vec(-2..40_i64, 0..6),
        prop::collection::vec((-2..40_i64, day(grid)), 0..4),
    )
        .prop_map(move |(zone, days, holidays, exceptions)| {
            let mut week = WeekSchedule::new();
            for (weekday, hours) in WEEKDAYS.iter().zip(days) {
                *week.day_mut(*weekday) = hours;
            }
            if WEEKDAYS.iter().all(|&d| week.day(d).is_empty()) {
                week.day_mut(Weekday::Wed)
                    .push(Interval::new(9 * 3600, 17 * 3600));
            }
            let date = |offset: i64| start + TimeDelta::days(offset);
            let mut seen = std::collections::BTreeSet::new();
            CalendarSpec {
                zone: (*zone).to_owned(),
                week,
                holidays: holidays.into_iter().map(date).collect(),
                exceptions: exceptions
                    .into_iter()
                    .filter(|(offset, _)| seen.insert(*offset))
                    .map(|(offset, hours)| Exception {
                        date: date(offset),
                        hours,
                    })
                    .collect(),
            }
        })
}

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// A start instant (on a whole minute), often in a month with DST transitions.
fn start() -> impl Strategy<Value = DateTime<Utc>> {
    (
        1995..2035_i32,
        prop_oneof![2 => prop::sample::select(vec![3_u32, 4, 9, 10, 11]), 1 => 1..=12_u32],
        1..=28_u32,
        0..1440_u32,
    )
        .prop_map(|(y, m, d, minute)| {
            NaiveDate::from_ymd_opt(y, m, d)
                .unwrap()
                .and_hms_opt(minute / 60, minute % 60, 0)
                .unwrap()
                .and_utc()
        })
}

/// A calendar, a start and a span in minutes (mostly short: the reference walks them).
fn case(grid: u32) -> impl Strategy<Value = (CalendarSpec, DateTime<Utc>, i64)> {
    start().prop_flat_map(move |t| {
        (
            spec(grid, t.date_naive()),
            Just(t),
            prop_oneof![8 => 0..=2_880_i64, 2 => 0..=21 * 1440_i64],
        )
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(7_500))]

    /// elapsed, add, next_open and is_open agree with minute stepping.
    #[test]
    fn minute_reference((spec, a, minutes) in prop_oneof![case(900), case(60)],
                        fraction in 0.0..=1.0_f64) {
        let calendar = Calendar::new(spec.clone()).unwrap();
        let reference = Reference::new(&spec);
        let b = a + TimeDelta::minutes(minutes);
        let open = reference.open_steps(a, b, TimeDelta::minutes(1));
        let total = i64::try_from(open.len()).unwrap();
        prop_assert_eq!(calendar.elapsed(a, b), TimeDelta::minutes(total));
        prop_assert_eq!(calendar.elapsed(b, a), TimeDelta::zero());
        // add: the end of the d-th open minute.
        #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
        let d = ((total as f64) * fraction).floor() as i64;
        let expected = match usize::try_from(d).unwrap().checked_sub(1) {
            None => a,
            Some(i) => open[i] + TimeDelta::minutes(1),
        };
        prop_assert_eq!(calendar.add(a, TimeDelta::minutes(d)), Ok(expected));
        prop_assert_eq!(WorkingTime::add(&calendar, a, TimeDelta::minutes(d)), Some(expected));
        // next_open: the first open minute, if there is one in the span.
        let next = calendar.next_open(a).unwrap();
        match open.first() {
            Some(&first) => prop_assert_eq!(next, first),
            None => prop_assert!(next >= b),
        }
        prop_assert!(reference.is_open(next));
        // is_open at a sample of minutes.
        let step = (minutes / 50).max(1);
        for k in (0..=minutes).step_by(usize::try_from(step).unwrap()) {
            let t = a + TimeDelta::minutes(k);
            prop_assert_eq!(calendar.is_open(t), reference.is_open(t), "at {}", t);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2_500))]

    /// At second precision: bounds on any second, spans of up to 3 hours on any second.
    #[test]
    fn second_reference((spec, a, seconds) in start().prop_flat_map(|t| (
                            spec(1, t.date_naive()), Just(t), 0..=10_800_i64)),
                        shift in 0..86_400_i64, fraction in 0.0..=1.0_f64) {
        let calendar = Calendar::new(spec.clone()).unwrap();
        let reference = Reference::new(&spec);
        let a = a + TimeDelta::seconds(shift);
        let b = a + TimeDelta::seconds(seconds);
        let open = reference.open_steps(a, b, TimeDelta::seconds(1));
        let total = i64::try_from(open.len()).unwrap();
        prop_assert_eq!(calendar.elapsed(a, b), TimeDelta::seconds(total));
        #[allow(clippy::cast_possible_truncation, clippy::cast_precision_loss)]
        let d = ((total as f64) * fraction).floor() as i64;
        let expected = match usize::try_from(d).unwrap().checked_sub(1) {
            None => a,
            Some(i) => open[i] + TimeDelta::seconds(1),
        };
        prop_assert_eq!(calendar.add(a, TimeDelta::seconds(d)), Ok(expected));
        if let Some(&first) = open.first() {
            prop_assert_eq!(calendar.next_open(a), Some(first));
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(1_000))]

    /// Over spans of up to 30 years (no reference walks those): elapsed is additive, and
    /// add is its exact, earliest inverse.
    #[test]
    fn long_spans_are_consistent((spec, a, _) in case(60),
                                 first in 0..=30 * 366 * 86_400_i64,
                                 second in 0..=30 * 366 * 86_400_i64,
                                 nanos in 0..1_000_000_000_u32) {
        let calendar = Calendar::new(spec).unwrap();
        let a = a + TimeDelta::nanoseconds(i64::from(nanos));
        let b = a + TimeDelta::seconds(first);
        let c = b + TimeDelta::seconds(second);
        let (ab, bc) = (calendar.elapsed(a, b), calendar.elapsed(b, c));
        prop_assert!(ab <= b - a + TimeDelta::hours(1) * 30);
        // Truncation to the second is consistent: sub-second parts of a and b cancel.
        prop_assert_eq!(calendar.elapsed(a, c), ab + bc);
        let d = ab;
        let end = calendar.add(a, d).unwrap();
        prop_assert!(end <= b);
        prop_assert_eq!(calendar.elapsed(a, end), d);
        if d > TimeDelta::zero() {
            prop_assert_eq!(calendar.elapsed(a, end - TimeDelta::seconds(1)),
                            d - TimeDelta::seconds(1));
            prop_assert_eq!(end.timestamp_subsec_nanos(), 0);
        }
    }
}
