//! B-forecast: the territory forecast over `LEADFLOW_BENCH_OPPORTUNITIES` open opportunities
//! (default 1,000,000) spread over 50 territories and 200 owners, beside a baseline that
//! only sums the same amounts from the same leads.
//!
//! The leads are built once outside the timed loop (captured with a `region` attribute and
//! an owner, converted to an opportunity closing in Q2 2026, a third of them moved to best
//! case or commit). Measured: `ForecastReport::from_leads` with fixed and with empirical
//! probabilities over all of them, and `ForecastReport::build` from the histories (which
//! replays each lead up to `now` first) over a tenth of them, beside a replay-only baseline.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]
#![allow(missing_docs)] // criterion_group! generates an undocumented function

use std::hint::black_box;

use chrono::{DateTime, NaiveDate, TimeDelta, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use leadflow::forecast::{
    CategoryProbabilities, EmpiricalRates, ForecastReport, ForecastSpec, WinProbability, lead_at,
};
use leadflow::{
    Actor, AttributeValue, Attributes, CommandId, Currency, Event, EventEnvelope, ForecastCategory,
    Lead, LeadId, Money, Owner, Period, Role, SCHEMA_VERSION, Stage, Zone,
};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        self.0 >> 33
    }
}

fn history(n: u64, rng: &mut Rng, eur: Currency, t0: DateTime<Utc>) -> Vec<EventEnvelope> {
    let territory = rng.next() % 50;
    let owner = Owner::user(format!("rep-{}", territory * 4 + rng.next() % 4))
        .in_team(format!("team-{}", territory / 5));
    let actor = Actor::new("system", Role::System);
    let lead_id = LeadId::from_u128(u128::from(n));
    let at = t0 + TimeDelta::minutes((n % 50_000) as i64);
    let mut seq = 0;
    let mut envelope = |minutes: i64, event: Event| {
        seq += 1;
        EventEnvelope {
            lead_id,
            seq,
            occurred_at: at + TimeDelta::minutes(minutes),
            actor: actor.clone(),
            command_id: CommandId::from_u128(u128::from(n) << 8 | u128::from(seq)),
            schema_version: SCHEMA_VERSION,
            event,
        }
    };
    let mut events = vec![
        envelope(
            0,
            Event::Captured {
                stage: Stage::Sal,
                owner: Some(owner),
                source: None,
                campaign: None,
                attributes: Attributes::from([(
                    "region".to_owned(),
                    AttributeValue::text(format!("t{territory:02}")),
                )]),
            },
        ),
        envelope(60, Event::QualifiedSql),
        envelope(
            120,
            Event::ConvertedToOpportunity {
                amount: Money::new(1_000_00 + (rng.next() % 100_000_00) as i64, eur),
                expected_close: NaiveDate::from_ymd_opt(2026, 4 + (rng.next() % 3) as u32, 10),
            },
        ),
    ];
    let category = match rng.next() % 6 {
        0 => Some(ForecastCategory::BestCase),
        1 => Some(ForecastCategory::Commit),
        _ => None,
    };
    if let Some(category) = category {
        events.push(envelope(
            180,
            Event::OpportunityUpdated {
                amount: None,
                expected_close: None,
                forecast_category: Some(category),
            },
        ));
    }
    events
}

fn bench(c: &mut Criterion) {
    let total: u64 = std::env::var("LEADFLOW_BENCH_OPPORTUNITIES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let eur = Currency::new("EUR").unwrap();
    let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let now = Utc.with_ymd_and_hms(2026, 4, 15, 0, 0, 0).unwrap();
    let mut rng = Rng(7);
    let histories: Vec<Vec<EventEnvelope>> =
        (0..total).map(|n| history(n, &mut rng, eur, t0)).collect();
    let leads: Vec<Lead> = histories.iter().filter_map(|h| lead_at(h, now)).collect();
    let q2 = Period::quarter(2026, 2, Zone::utc()).unwrap();
    let spec = ForecastSpec::new(q2, Zone::utc(), eur);
    let fixed =
        WinProbability::Fixed(CategoryProbabilities::new(100_000, 400_000, 800_000).unwrap());
    let empirical = WinProbability::Empirical(EmpiricalRates {
        closed: [10, 10, 10],
        won: [2, 5, 8],
    });
    let check = ForecastReport::from_leads(&spec, &fixed, &leads, now);
    assert_eq!(check.total.open_count, total);
    assert_eq!(check.territories.len(), 50);

    let mut group = c.benchmark_group("forecast");
    group.sample_size(10);
    group.throughput(Throughput::Elements(total));
    group.bench_function("baseline_sum_amounts", |b| {
        b.iter(|| {
            let sum: i128 = black_box(&leads)
                .iter()
                .filter_map(|l| l.opportunity())
                .map(|o| i128::from(o.amount.minor()))
                .sum();
            black_box(sum)
        });
    });
    group.bench_function("from_leads_fixed", |b| {
        b.iter(|| {
            black_box(ForecastReport::from_leads(
                &spec,
                &fixed,
                black_box(&leads),
                now,
            ))
        });
    });
    group.bench_function("from_leads_empirical", |b| {
        b.iter(|| {
            black_box(ForecastReport::from_leads(
                &spec,
                &empirical,
                black_box(&leads),
                now,
            ))
        });
    });
    let tenth = &histories[..(total / 10) as usize];
    group.throughput(Throughput::Elements(total / 10));
    group.bench_function("baseline_replay_tenth", |b| {
        b.iter(|| {
            let n = black_box(tenth)
                .iter()
                .filter_map(|h| lead_at(h, now))
                .filter(|l| l.opportunity().is_some())
                .count();
            black_box(n)
        });
    });
    group.bench_function("build_from_histories_tenth", |b| {
        b.iter(|| {
            black_box(ForecastReport::build(
                &spec,
                &fixed,
                black_box(tenth).iter().map(Vec::as_slice),
                now,
            ))
        });
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
