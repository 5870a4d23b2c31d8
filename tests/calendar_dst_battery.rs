//! The DST battery: six zones × every offset transition from 2020 to 2030 × one second
//! either side, for `is_open`, `add` and `elapsed`, against the naive reference of
//! `calendar_support`. Transitions are found by scanning each zone's offset every six hours
//! and bisecting to the second; the calendars' intervals cover the transition's wall-clock
//! hours, and the spans are a few hours around each transition.
#![cfg(feature = "tz")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod calendar_support;

use calendar_support::Reference;
use chrono::{DateTime, TimeDelta, TimeZone, Timelike, Utc, Weekday};
use leadflow::calendar::{CalendarSpec, Interval, WeekSchedule};
use leadflow::{Calendar, Zone};

const ZONES: [&str; 6] = [
    "America/New_York",
    "Australia/Sydney",
    "Australia/Lord_Howe",
    "Pacific/Chatham",
    "America/Havana",
    "Asia/Kolkata",
];

const WEEKDAYS: [Weekday; 7] = [
    Weekday::Mon,
    Weekday::Tue,
    Weekday::Wed,
    Weekday::Thu,
    Weekday::Fri,
    Weekday::Sat,
    Weekday::Sun,
];

/// Every instant in `[2020-01-01, 2031-01-01)` UTC at which the zone's offset changes.
fn transitions(zone: &Zone) -> Vec<DateTime<Utc>> {
    let start = Utc.with_ymd_and_hms(2020, 1, 1, 0, 0, 0).unwrap();
    let end = Utc.with_ymd_and_hms(2031, 1, 1, 0, 0, 0).unwrap();
    let step = TimeDelta::hours(6);
    let mut found = Vec::new();
    let mut t = start;
    while t < end {
        let next = t + step;
        if zone.offset_at(t) != zone.offset_at(next) {
            // Bisect: the offset at lo is the old one, at hi the new one.
            // Whole seconds throughout.
            let (mut lo, mut hi) = (t.timestamp(), next.timestamp());
            let at = |s: i64| DateTime::from_timestamp(s, 0).unwrap();
            while hi - lo > 1 {
                let mid = lo + (hi - lo) / 2;
                if zone.offset_at(at(mid)) == zone.offset_at(t) {
                    lo = mid;
                } else {
                    hi = mid;
                }
            }
            found.push(at(hi));
        }
        t = next;
    }
    found
}

/// Seconds after local midnight of `t` in `zone`.
fn wall(zone: &Zone, t: DateTime<Utc>) -> u32 {
    zone.local(t).time().num_seconds_from_midnight()
}

/// Intervals of a day from `(start, end)` wall-clock pairs that may wrap past midnight:
/// split, sorted and merged so that the calendar accepts them.
fn day(pairs: &[(u32, u32)]) -> Vec<Interval> {
    let mut raw = Vec::new();
    for &(s, e) in pairs {
        if s < e {
            raw.push((s, e));
        } else if s > e {
            raw.push((s, 86_400));
            if e > 0 {
                raw.push((0, e));
            }
        }
    }
    raw.sort_unstable();
    let mut merged: Vec<(u32, u32)> = Vec::new();
    for (s, e) in raw {
        match merged.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => merged.push((s, e)),
        }
    }
    merged
        .into_iter()
        .map(|(s, e)| Interval::new(s, e))
        .collect()
}

/// The same hours every day of the week.
fn every_day(zone: &str, hours: &[Interval]) -> CalendarSpec {
    let mut week = WeekSchedule::new();
    for d in WEEKDAYS {
        *week.day_mut(d) = hours.to_vec();
    }
    CalendarSpec {
        zone: zone.to_owned(),
        week,
        holidays: Vec::new(),
        exceptions: Vec::new(),
    }
}

/// Calendars whose hours cover the transition at `t`: open all day; a window from 90
/// minutes before to 90 minutes after (in wall-clock time, whatever the jump); a split shift
/// that closes at the old wall-clock time of the transition and reopens 30 minutes after the
/// new one; and a shift that opens exactly at the new wall-clock time.
fn calendars(name: &str, zone: &Zone, t: DateTime<Utc>) -> Vec<CalendarSpec> {
    let before = wall(zone, t - TimeDelta::seconds(1)) + 1; // the old wall time at t
    let after = wall(zone, t); // the new wall time at t
    let early = wall(zone, t - TimeDelta::minutes(90));
    let late = wall(zone, t + TimeDelta::minutes(90));
    let minus = |s: u32, d: u32| (s + 86_400 - d) % 86_400;
    let plus = |s: u32, d: u32| (s + d) % 86_400;
    vec![
        every_day(name, &[Interval::new(0, 86_400)]),
        every_day(name, &day(&[(early, late)])),
        every_day(
            name,
            &day(&[
                (minus(before, 3600), before % 86_400),
                (plus(after, 1800), plus(after, 5400)),
            ]),
        ),
        every_day(name, &day(&[(after, plus(after, 3600))])),
    ]
    .into_iter()
    .filter(|spec| WEEKDAYS.iter().any(|&d| !spec.week.day(d).is_empty()))
    .collect()
}

/// Checks one calendar around one transition; returns the number of comparisons made.
fn check(spec: &CalendarSpec, t: DateTime<Utc>) -> usize {
    let calendar =
        Calendar::new(spec.clone()).unwrap_or_else(|e| panic!("calendar {spec:?} around {t}: {e}"));
    let reference = Reference::new(spec);
    let second = TimeDelta::seconds(1);
    let mut checks = 0;
    // is_open one second either side and at the transition, and every minute of the hour
    // around it.
    for p in [t - second, t, t + second] {
        assert_eq!(
            calendar.is_open(p),
            reference.is_open(p),
            "is_open at {p} ({})",
            spec.zone
        );
        checks += 1;
    }
    let mut p = t - TimeDelta::minutes(30);
    while p <= t + TimeDelta::minutes(30) {
        assert_eq!(
            calendar.is_open(p),
            reference.is_open(p),
            "is_open at {p} ({})",
            spec.zone
        );
        p += TimeDelta::minutes(1);
        checks += 1;
    }
    // elapsed over spans that start or end one second either side of the transition.
    let near = [t - second, t, t + second];
    let spans = [
        TimeDelta::seconds(1),
        TimeDelta::seconds(2),
        TimeDelta::minutes(61),
        TimeDelta::hours(3),
    ];
    for &p in &near {
        for &span in &spans {
            for (a, b) in [(p, p + span), (p - span, p)] {
                assert_eq!(
                    calendar.elapsed(a, b),
                    TimeDelta::seconds(reference.elapsed_seconds(a, b)),
                    "elapsed {a}..{b} ({})",
                    spec.zone
                );
                checks += 1;
            }
        }
    }
    // add from one second either side (and from before, so that the span crosses it); the
    // reference walks at most four hours, beyond which only a lower bound is checked.
    let durations = [1, 2, 59, 61, 1800, 3600, 5400];
    let starts = [
        t - second,
        t,
        t + second,
        t - TimeDelta::minutes(45) - second,
        t - TimeDelta::hours(2) + second,
    ];
    for &a in &starts {
        for &d in &durations {
            let expected = reference.add_seconds(a, d, TimeDelta::hours(4));
            let got = calendar.add(a, TimeDelta::seconds(d)).unwrap();
            match expected {
                Some(expected) => assert_eq!(got, expected, "add {a} + {d} s ({})", spec.zone),
                None => assert!(got >= a + TimeDelta::hours(4)),
            }
            // add and elapsed are inverse.
            assert_eq!(calendar.elapsed(a, got), TimeDelta::seconds(d));
            checks += 1;
        }
    }
    checks
}

#[test]
fn every_transition_2020_to_2030_in_six_zones() {
    let mut total_transitions = 0;
    let mut total_checks = 0;
    for name in ZONES {
        let zone = Zone::parse(name).unwrap();
        let found = transitions(&zone);
        let expected = if name == "Asia/Kolkata" { 0 } else { 20 };
        // Havana, New York, Sydney, Lord Howe and Chatham change twice a year.
        assert!(
            found.len() >= expected && found.len() <= 22,
            "{name}: {} transitions",
            found.len()
        );
        for &t in &found {
            // One second either side lies on different offsets.
            assert_ne!(zone.offset_at(t - TimeDelta::seconds(1)), zone.offset_at(t));
            for spec in calendars(name, &zone, t) {
                total_checks += check(&spec, t);
            }
        }
        total_transitions += found.len();
    }
    // 5 zones with two transitions a year over 11 years.
    assert_eq!(total_transitions, 5 * 22);
    assert!(total_checks > 40_000, "{total_checks} checks");
}

#[test]
fn kolkata_has_no_transition_and_keeps_its_half_hour() {
    let zone = Zone::parse("Asia/Kolkata").unwrap();
    assert!(transitions(&zone).is_empty());
    let t = Utc.with_ymd_and_hms(2025, 3, 30, 3, 29, 59).unwrap();
    assert_eq!(zone.offset_at(t).local_minus_utc(), 5 * 3600 + 1800);
    // Open 09:00-09:30 local is 03:30-04:00 UTC every day.
    let spec = every_day("Asia/Kolkata", &[Interval::new(9 * 3600, 9 * 3600 + 1800)]);
    assert_eq!(check(&spec, t + TimeDelta::seconds(1)), 3 + 61 + 24 + 5 * 7);
    let calendar = Calendar::new(spec).unwrap();
    assert!(!calendar.is_open(t));
    assert!(calendar.is_open(t + TimeDelta::seconds(1)));
    assert_eq!(
        calendar.add(t, TimeDelta::seconds(1)),
        Ok(Utc.with_ymd_and_hms(2025, 3, 30, 3, 30, 1).unwrap())
    );
}
