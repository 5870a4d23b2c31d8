//! SLA evaluation: 5 goals over 100,000 varied lead histories, and 1,000,000 open leads at
//! one `now`, each beside a replay of the same histories (the cost of merely folding them),
//! so results read as ratios; business targets measured by calendar time and by a real
//! business calendar. Run with `cargo bench --bench sla`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use std::hint::black_box;

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use leadflow::sla::{
    Calendars, LeadFilter, PauseCondition, SlaEvaluator, SlaGoal, SlaPolicy, Target,
};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, Calendar, CalendarTime,
    Command, CommandId, Entry, EventEnvelope, Lead, LeadId, Machine, Owner, Reason, RejectTo, Role,
    evolve, replay,
};

fn base() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 8, 0, 0).unwrap()
}

/// A small deterministic generator (splitmix64).
struct Mix(u64);

impl Mix {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

struct Writer {
    machine: Machine,
    lead_id: LeadId,
    lead: Option<Lead>,
    history: Vec<EventEnvelope>,
    at: DateTime<Utc>,
}

impl Writer {
    fn act(&mut self, gap_minutes: u64, actor: &Actor, action: Action) {
        self.at += TimeDelta::minutes(gap_minutes as i64);
        let command = Command::new(
            self.lead_id,
            CommandId::from_u128(self.history.len() as u128),
            actor.clone(),
            self.at,
            self.lead.as_ref().map_or(0, Lead::version),
            action,
        );
        if let Ok(decision) = self.machine.decide(self.lead.as_ref(), &command) {
            for envelope in decision.into_events() {
                self.lead = Some(evolve(self.lead.take(), &envelope));
                self.history.push(envelope);
            }
        }
    }
}

/// A varied story: most leads handed off, some accepted and worked, some rejected and
/// re-entered, some waiting on the prospect.
fn story(n: u64) -> Vec<EventEnvelope> {
    let mut mix = Mix(n);
    let mia = Actor::new("mia", Role::Marketer);
    let admin = Actor::new("admin", Role::Admin);
    let owners = [
        Owner::user("ana").in_team("emea"),
        Owner::user("bob").in_team("emea"),
        Owner::user("cy").in_team("apac"),
    ];
    let mut attributes = Attributes::new();
    let grade = if mix.below(5) == 0 { "A" } else { "B" };
    attributes.insert("grade".into(), AttributeValue::text(grade));
    let mut w = Writer {
        machine: Machine::new(),
        lead_id: LeadId::from_u128(u128::from(n)),
        lead: None,
        history: Vec::new(),
        at: base() + TimeDelta::minutes((n % 5000) as i64),
    };
    w.act(
        0,
        &mia,
        Action::Capture {
            entry: Entry::Inquiry,
            source: None,
            campaign: None,
            attributes,
        },
    );
    for cycle in 0..2 {
        let gap = mix.below(600);
        w.act(gap, &mia, Action::QualifyMql);
        if mix.below(10) == 0 {
            break;
        }
        let owner = owners[mix.below(3) as usize].clone();
        let user = owner.user_id().unwrap().clone();
        let gap = mix.below(600);
        w.act(gap, &mia, Action::HandOff { to: owner });
        let fate = mix.below(10);
        if fate < 6 {
            let gap = mix.below(480);
            w.act(gap, &admin, Action::Accept);
            if mix.below(10) == 0 {
                let gap = mix.below(120);
                w.act(
                    gap,
                    &admin,
                    Action::SetSubStatus {
                        sub_status: Some("waiting on prospect".into()),
                    },
                );
                let gap = mix.below(1440);
                w.act(gap, &admin, Action::SetSubStatus { sub_status: None });
            }
            for _ in 0..mix.below(5) {
                let gap = mix.below(1440);
                let at = w.at + TimeDelta::minutes(gap as i64);
                let activity = Activity::new(ActivityKind::Call, at).by(user.clone());
                let rep = Actor::new(user.clone(), Role::SalesRep);
                w.act(gap, &rep, Action::RecordActivity { activity });
            }
            break;
        } else if fate < 8 && cycle == 0 {
            let gap = mix.below(480);
            let reject = Action::Reject {
                reason: Reason::new("bad_timing"),
                to: RejectTo::Nurture,
            };
            w.act(gap, &admin, reject);
        } else {
            break;
        }
    }
    w.history
}

/// Captured, qualified and handed off, never accepted: an open lead.
fn open_lead(n: u64, template: &[EventEnvelope]) -> Vec<EventEnvelope> {
    let shift = TimeDelta::seconds((n % 86_400) as i64);
    template
        .iter()
        .map(|e| EventEnvelope {
            lead_id: LeadId::from_u128(u128::from(n)),
            occurred_at: e.occurred_at + shift,
            ..e.clone()
        })
        .collect()
}

fn open_template() -> Vec<EventEnvelope> {
    let mia = Actor::new("mia", Role::Marketer);
    let mut w = Writer {
        machine: Machine::new(),
        lead_id: LeadId::from_u128(0),
        lead: None,
        history: Vec::new(),
        at: base(),
    };
    w.act(0, &mia, Action::capture());
    w.act(30, &mia, Action::QualifyMql);
    w.act(
        30,
        &mia,
        Action::HandOff {
            to: Owner::user("ana").in_team("emea"),
        },
    );
    w.history
}

/// Open 9:00–17:00 on weekdays in Berlin (a fixed UTC+1 without the `tz` feature).
fn office() -> Calendar {
    let zone = if cfg!(feature = "tz") {
        "Europe/Berlin"
    } else {
        "+01:00"
    };
    Calendar::builder(zone)
        .weekdays("09:00", "17:00")
        .build()
        .unwrap()
}

/// Five goals: a grade-A fast lane and the default acceptance target, first touch with a
/// pause, follow-up cadence, and the MQL wait; business time on `emea`, measured by
/// calendar time or by a real business calendar.
fn evaluator() -> SlaEvaluator {
    evaluator_with(Calendars::new().with("emea", CalendarTime))
}

fn evaluator_with(calendars: Calendars) -> SlaEvaluator {
    let policy = SlaPolicy::new(1, base() - TimeDelta::days(30))
        .goal(
            SlaGoal::time_to_accept(Target::calendar(TimeDelta::hours(2)))
                .named("accept grade A")
                .for_leads(LeadFilter::any().grades(["A"])),
        )
        .goal(SlaGoal::time_to_accept(Target::business(
            TimeDelta::hours(4),
            "emea",
        )))
        .goal(
            SlaGoal::time_to_first_touch(Target::business(TimeDelta::hours(8), "emea"))
                .paused_when(PauseCondition::SubStatus {
                    sub_status: "waiting on prospect".into(),
                }),
        )
        .goal(SlaGoal::follow_up_cadence(
            3,
            Target::business_days(5, 8, "emea"),
        ))
        .goal(SlaGoal::mql_handoff_wait(Target::calendar(
            TimeDelta::hours(24),
        )));
    SlaEvaluator::new(&[policy], &calendars).unwrap()
}

fn bench_100k(c: &mut Criterion) {
    let histories: Vec<Vec<EventEnvelope>> = (0..100_000).map(story).collect();
    let evaluator = evaluator();
    let now = base() + TimeDelta::days(10);
    let mut group = c.benchmark_group("sla_100k_leads_5_goals");
    group.sample_size(10);
    group.throughput(Throughput::Elements(histories.len() as u64));
    group.bench_function("replay (baseline)", |b| {
        b.iter(|| {
            for history in &histories {
                black_box(replay(black_box(history)).unwrap());
            }
        });
    });
    group.bench_function("evaluate each lead", |b| {
        b.iter(|| {
            for history in &histories {
                black_box(evaluator.evaluate(black_box(history), now));
            }
        });
    });
    group.bench_function("summarize", |b| {
        b.iter(|| black_box(evaluator.summarize(black_box(&histories), now)));
    });
    let business = evaluator_with(Calendars::new().with("emea", office()));
    group.bench_function("summarize, business calendar", |b| {
        b.iter(|| black_box(business.summarize(black_box(&histories), now)));
    });
    group.finish();
}

fn bench_1m_open(c: &mut Criterion) {
    let template = open_template();
    let histories: Vec<Vec<EventEnvelope>> =
        (0..1_000_000).map(|n| open_lead(n, &template)).collect();
    let evaluator = evaluator();
    let now = base() + TimeDelta::hours(5);
    let mut group = c.benchmark_group("sla_1m_open_leads");
    group.sample_size(10);
    group.throughput(Throughput::Elements(histories.len() as u64));
    group.bench_function("replay (baseline)", |b| {
        b.iter(|| {
            for history in &histories {
                black_box(replay(black_box(history)).unwrap());
            }
        });
    });
    group.bench_function("summarize", |b| {
        b.iter(|| black_box(evaluator.summarize(black_box(&histories), now)));
    });
    let business = evaluator_with(Calendars::new().with("emea", office()));
    group.bench_function("summarize, business calendar", |b| {
        b.iter(|| black_box(business.summarize(black_box(&histories), now)));
    });
    group.finish();
}

criterion_group!(benches, bench_100k, bench_1m_open);
criterion_main!(benches);
