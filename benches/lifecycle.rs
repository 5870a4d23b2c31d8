//! B1: decide + evolve one command (policy and guard included) beside a bare `match`
//! transition. B2: replay of many 10-event histories beside a plain pass over the same
//! events. Run with `cargo bench --bench lifecycle`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use std::hint::black_box;

use chrono::{TimeDelta, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use leadflow::{
    Action, Activity, ActivityKind, Actor, Command, CommandId, Currency, EventEnvelope, LeadId,
    Machine, Money, Owner, Role, Stage, replay,
};

fn ten_event_history(lead_number: u128) -> Vec<EventEnvelope> {
    let machine = Machine::new();
    let admin = Actor::new("admin", Role::Admin);
    let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let eur = Currency::new("EUR").unwrap();
    let actions = [
        Action::capture(),
        Action::RecordActivity {
            activity: Activity::new(ActivityKind::WebVisit, t0),
        },
        Action::QualifyMql,
        Action::HandOff {
            to: Owner::user("ana").in_team("emea"),
        },
        Action::Accept,
        Action::RecordActivity {
            activity: Activity::new(ActivityKind::Call, t0).by("ana".into()),
        },
        Action::QualifySql,
        Action::ConvertToOpportunity {
            amount: Money::new(10_000_00, eur),
            expected_close: None,
        },
        Action::Win { amount: None },
        Action::PromoteToAdvocate,
    ];
    let mut history = Vec::new();
    for (n, action) in actions.into_iter().enumerate() {
        let lead = replay(&history).unwrap();
        let command = Command::new(
            LeadId::from_u128(lead_number),
            CommandId::from_u128(n as u128),
            admin.clone(),
            t0 + TimeDelta::minutes(n as i64),
            n as u64,
            action,
        );
        history.extend(
            machine
                .decide(lead.as_ref(), &command)
                .unwrap()
                .into_events(),
        );
    }
    history
}

/// The baseline of B1: the transition alone, as a bare match on the stage.
fn bare_transition(stage: Stage) -> Option<Stage> {
    match stage {
        Stage::HandedOff => Some(Stage::Sal),
        _ => None,
    }
}

fn decide_and_evolve(c: &mut Criterion) {
    let history = ten_event_history(1);
    let lead = replay(&history[..4]).unwrap().unwrap(); // handed off to ana
    let machine = Machine::new();
    let rep = Actor::new("ana", Role::SalesRep).in_team("emea");
    let command = Command::new(
        lead.id(),
        CommandId::from_u128(99),
        rep,
        lead.last_event_at() + TimeDelta::minutes(5),
        lead.version(),
        Action::Accept,
    );
    let mut group = c.benchmark_group("B1_decide_evolve");
    group.bench_function("baseline_bare_match", |b| {
        b.iter(|| bare_transition(black_box(Stage::HandedOff)))
    });
    group.bench_function("decide_accept", |b| {
        b.iter(|| machine.decide(black_box(Some(&lead)), black_box(&command)))
    });
    group.bench_function("decide_and_evolve_accept", |b| {
        b.iter_batched(
            || lead.clone(),
            |mut lead| {
                let decision = machine.decide(Some(&lead), &command).unwrap();
                for e in decision.events() {
                    lead.evolve(e);
                }
                lead
            },
            criterion::BatchSize::SmallInput,
        )
    });
    group.finish();
}

fn replay_histories(c: &mut Criterion) {
    const LEADS: u128 = 10_000;
    let histories: Vec<Vec<EventEnvelope>> = (0..LEADS).map(ten_event_history).collect();
    let events: u64 = histories.iter().map(|h| h.len() as u64).sum();
    let mut group = c.benchmark_group("B2_replay");
    group.throughput(Throughput::Elements(events));
    group.sample_size(20);
    group.bench_function("baseline_sum_event_fields", |b| {
        b.iter(|| {
            let mut sum = 0u64;
            for h in &histories {
                for e in h {
                    sum = sum
                        .wrapping_add(e.seq)
                        .wrapping_add(e.occurred_at.timestamp() as u64)
                        .wrapping_add(e.actor.id.as_str().len() as u64);
                }
            }
            sum
        })
    });
    group.bench_function("replay", |b| {
        b.iter(|| {
            let mut versions = 0u64;
            for h in &histories {
                versions += replay(h).unwrap().map_or(0, |l| l.version());
            }
            versions
        })
    });
    group.finish();
}

criterion_group!(benches, decide_and_evolve, replay_histories);
criterion_main!(benches);
