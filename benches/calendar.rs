//! B3: business-calendar arithmetic. `add` for 1 h, 40 h and 2,000 h of business time and
//! `elapsed` over 1, 7 and 90 days, in `America/New_York` with split shifts and US holidays,
//! beside a naive minute-stepping reference (the baseline). The calendar's cost should be
//! flat in the span; the reference's grows with it.
#![allow(missing_docs, clippy::expect_used, clippy::unwrap_used)]

use std::hint::black_box;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, TimeZone, Timelike, Utc};
use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use leadflow::{Calendar, Zone};

const HOLIDAYS: &[(i32, u32, u32)] = &[
    (2026, 1, 1),
    (2026, 1, 19),
    (2026, 2, 16),
    (2026, 5, 25),
    (2026, 6, 19),
    (2026, 7, 3),
    (2026, 9, 7),
    (2026, 10, 12),
    (2026, 11, 11),
    (2026, 11, 26),
    (2026, 12, 25),
    (2027, 1, 1),
    (2027, 1, 18),
    (2027, 2, 15),
    (2027, 5, 31),
    (2027, 6, 18),
    (2027, 7, 5),
    (2027, 9, 6),
    (2027, 10, 11),
    (2027, 11, 11),
    (2027, 11, 25),
    (2027, 12, 24),
];

fn calendar() -> Calendar {
    Calendar::builder("America/New_York")
        .weekdays("09:00", "12:00")
        .weekdays("13:00", "17:30")
        .holidays(
            HOLIDAYS
                .iter()
                .filter_map(|&(y, m, d)| NaiveDate::from_ymd_opt(y, m, d)),
        )
        .build()
        .expect("a valid calendar")
}

/// The naive reference: one step per minute, asking the zone for each local time.
struct Naive<'a> {
    calendar: &'a Calendar,
    zone: Zone,
}

impl Naive<'_> {
    fn is_open(&self, t: DateTime<Utc>) -> bool {
        let local = self.zone.local(t);
        let date = local.date();
        if self.calendar.holidays().binary_search(&date).is_ok() {
            return false;
        }
        let second = local.time().num_seconds_from_midnight();
        self.calendar
            .week()
            .day(date.weekday())
            .iter()
            .any(|i| i.contains(second))
    }

    fn elapsed(&self, a: DateTime<Utc>, b: DateTime<Utc>) -> TimeDelta {
        let mut open = 0;
        let mut t = a;
        while t < b {
            if self.is_open(t) {
                open += 1;
            }
            t += TimeDelta::minutes(1);
        }
        TimeDelta::minutes(open)
    }

    fn add(&self, mut t: DateTime<Utc>, d: TimeDelta) -> DateTime<Utc> {
        let mut left = d.num_minutes();
        while left > 0 {
            if self.is_open(t) {
                left -= 1;
            }
            t += TimeDelta::minutes(1);
        }
        t
    }
}

fn bench(c: &mut Criterion) {
    let calendar = calendar();
    let naive = Naive {
        calendar: &calendar,
        zone: calendar.zone(),
    };
    // Monday 2026-03-02 10:30 EST; the spans cross the spring-forward of 2026-03-08.
    let start = Utc.with_ymd_and_hms(2026, 3, 2, 15, 30, 0).unwrap();
    for hours in [1, 40, 2_000] {
        let d = TimeDelta::hours(hours);
        assert_eq!(calendar.add(start, d).ok(), Some(naive.add(start, d)));
    }
    let mut group = c.benchmark_group("calendar");
    group.sample_size(20);
    for (hours, label) in [(1, "1h"), (40, "40h"), (2_000, "2000h")] {
        let d = TimeDelta::hours(hours);
        group.bench_with_input(BenchmarkId::new("add", label), &d, |b, &d| {
            b.iter(|| calendar.add(black_box(start), black_box(d)));
        });
        group.bench_with_input(BenchmarkId::new("add_naive", label), &d, |b, &d| {
            b.iter(|| naive.add(black_box(start), black_box(d)));
        });
    }
    group.bench_function(BenchmarkId::new("add", "10y"), |b| {
        b.iter(|| calendar.add(black_box(start), black_box(TimeDelta::hours(20_000))));
    });
    for (days, label) in [(1, "1d"), (7, "7d"), (90, "90d")] {
        let end = start + TimeDelta::days(days);
        assert_eq!(calendar.elapsed(start, end), naive.elapsed(start, end));
        group.bench_with_input(BenchmarkId::new("elapsed", label), &end, |b, &end| {
            b.iter(|| calendar.elapsed(black_box(start), black_box(end)));
        });
        group.bench_with_input(BenchmarkId::new("elapsed_naive", label), &end, |b, &end| {
            b.iter(|| naive.elapsed(black_box(start), black_box(end)));
        });
    }
    let decade = start + TimeDelta::days(3_653);
    group.bench_function(BenchmarkId::new("elapsed", "10y"), |b| {
        b.iter(|| calendar.elapsed(black_box(start), black_box(decade)));
    });
    group.bench_function(BenchmarkId::new("is_open", "instant"), |b| {
        b.iter(|| calendar.is_open(black_box(start)));
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
