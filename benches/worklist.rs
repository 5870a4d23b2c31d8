//! Worklists: 100,000 open leads for 500 reps at one `now`. The whole ordered list and one
//! rep's list built from histories (fold, SLA evaluation, scoring, sort), the sort of ready
//! (shuffled) entries, one rep's slice, and an 8-shard merge, beside a baseline in the same group:
//! sorting 100,000 plain keys. Run with `cargo bench --bench worklist`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use std::hint::black_box;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use criterion::{BatchSize, Criterion, Throughput, criterion_group, criterion_main};
use leadflow::scoring::{BandThresholds, Contribution, GradeThresholds, Part, Profile, ScoreCard};
use leadflow::sla::{Calendars, SlaEvaluator, SlaGoal, SlaPolicy, Target};
use leadflow::worklist::{Scope, Worklist, worklist};
use leadflow::{
    Action, Activity, ActivityKind, Actor, Calendar, Command, CommandId, EventEnvelope, Lead,
    LeadId, Machine, Owner, Role, evolve,
};

const LEADS: u64 = 100_000;
const REPS: u64 = 500;

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap()
}

/// A small deterministic generator (splitmix64).
struct Mix(u64);

impl Mix {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        (z ^ (z >> 31)) % n
    }
}

/// An open lead of rep `n % 500`: handed off, accepted half the time, then touched 0–2
/// times, spread over the three days before `now`.
fn open_lead(n: u64, machine: &Machine) -> Vec<EventEnvelope> {
    let mut mix = Mix(n);
    let rep = format!("rep-{}", n % REPS);
    let team = format!("team-{}", (n % REPS) / 50);
    let mia = Actor::new("mia", Role::Marketer);
    let admin = Actor::new("admin", Role::Admin);
    let lead_id = LeadId::from_u128(u128::from(n));
    let mut at = base() + TimeDelta::minutes(mix.below(3 * 24 * 60) as i64);
    let mut lead: Option<Lead> = None;
    let mut history = Vec::new();
    let mut act = |gap: u64, actor: &Actor, action: Action| {
        at += TimeDelta::minutes(gap as i64);
        let command = Command::new(
            lead_id,
            CommandId::from_u128(history.len() as u128),
            actor.clone(),
            at,
            lead.as_ref().map_or(0, Lead::version),
            action,
        );
        if let Ok(decision) = machine.decide(lead.as_ref(), &command) {
            for envelope in decision.into_events() {
                lead = Some(evolve(lead.take(), &envelope));
                history.push(envelope);
            }
        }
        at
    };
    act(0, &mia, Action::capture());
    act(mix.below(120), &mia, Action::QualifyMql);
    let owner = Owner::user(rep.as_str()).in_team(team.as_str());
    act(mix.below(120), &mia, Action::HandOff { to: owner });
    if mix.below(2) == 0 {
        let mut last = act(mix.below(240), &admin, Action::Accept);
        let rep_actor = Actor::new(rep.as_str(), Role::SalesRep).in_team(team.as_str());
        for _ in 0..mix.below(3) {
            let gap = mix.below(600);
            let when = last + TimeDelta::minutes(gap as i64);
            let activity = Activity::new(ActivityKind::Call, when).by(rep.as_str().into());
            last = act(gap, &rep_actor, Action::RecordActivity { activity });
        }
    }
    history
}

fn evaluator() -> SlaEvaluator {
    let office = Calendar::builder("+01:00")
        .weekdays("09:00", "17:00")
        .build()
        .unwrap();
    let policy = SlaPolicy::new(1, base() - TimeDelta::days(30))
        .goal(SlaGoal::time_to_accept(Target::business(
            TimeDelta::hours(8),
            "office",
        )))
        .goal(SlaGoal::time_to_first_touch(Target::business(
            TimeDelta::hours(16),
            "office",
        )))
        .goal(SlaGoal::follow_up_cadence(
            3,
            Target::business_days(5, 8, "office"),
        ));
    SlaEvaluator::new(&[policy], &Calendars::new().with("office", office)).unwrap()
}

/// 10 points per activity, graded on the default grid.
fn scorer(profile: &Profile<'_>, _now: DateTime<Utc>) -> ScoreCard {
    let n = profile.activities.len() as i64;
    ScoreCard::new(
        vec![Contribution::new(
            "touches",
            Part::Engagement,
            10 * n,
            "10 each",
        )],
        &GradeThresholds::default(),
        &BandThresholds::default(),
    )
}

fn bench(c: &mut Criterion) {
    let machine = Machine::new();
    let histories: Vec<Vec<EventEnvelope>> = (0..LEADS).map(|n| open_lead(n, &machine)).collect();
    let evaluator = evaluator();
    let now = base() + TimeDelta::days(4);
    let whole = worklist(&Scope::All, &histories, &evaluator, &scorer, now);
    assert_eq!(whole.len() as u64, LEADS, "every lead is open");
    let rep = Scope::user("rep-7");
    let shards: Vec<Worklist> = (0..8)
        .map(|s| {
            let part = histories.iter().skip(s).step_by(8);
            worklist(&Scope::All, part, &evaluator, &scorer, now)
        })
        .collect();
    let keys: Vec<(u8, i64, i64, u128)> = (0..LEADS)
        .map(|n| {
            let mut mix = Mix(n);
            (
                mix.below(3) as u8,
                mix.below(100_000) as i64,
                -(mix.below(100) as i64),
                u128::from(n),
            )
        })
        .collect();

    let mut group = c.benchmark_group("worklist");
    group.sample_size(10);
    group.throughput(Throughput::Elements(LEADS));
    group.bench_function("baseline: sort 100k plain keys", |b| {
        b.iter_batched(
            || keys.clone(),
            |mut k| {
                k.sort();
                black_box(k)
            },
            BatchSize::LargeInput,
        )
    });
    let mut shuffled = whole.clone().into_entries();
    let mut mix = Mix(7);
    for i in (1..shuffled.len()).rev() {
        shuffled.swap(i, mix.below(i as u64 + 1) as usize);
    }
    group.bench_function("sort 100k shuffled entries", |b| {
        b.iter_batched(
            || shuffled.clone(),
            |entries| black_box(Worklist::from_entries(entries)),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("merge 8 shards of 12.5k", |b| {
        b.iter_batched(
            || shards.clone(),
            |s| black_box(Worklist::merge(s)),
            BatchSize::LargeInput,
        )
    });
    group.bench_function("one rep's slice of the whole list", |b| {
        b.iter(|| black_box(whole.slice(black_box(&rep))))
    });
    group.bench_function("whole list from 100k histories", |b| {
        b.iter(|| black_box(worklist(&Scope::All, &histories, &evaluator, &scorer, now)))
    });
    group.bench_function("one rep's list from 100k histories", |b| {
        b.iter(|| black_box(worklist(&rep, &histories, &evaluator, &scorer, now)))
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
