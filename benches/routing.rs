//! Routing throughput: leads routed over a 500-rep roster, beside a bare modulo round robin
//! over the same reps.
//!
//! Each iteration routes a sample of `SAMPLE` leads (cycling through 1,024 distinct leads);
//! criterion's throughput gives the time per lead, so 1M leads take 1M × that.
// criterion_group! generates an undocumented public function.
#![allow(missing_docs, clippy::unwrap_used, clippy::similar_names)]

use std::hint::black_box;

use chrono::{TimeDelta, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use leadflow::routing::{
    Fallback, Queue, QueueDelivery, Rep, Roster, RoundRobinState, Router, RoutingConfig, Rule,
    Strategy, Territory,
};
use leadflow::{AttributeValue, Attributes, Owner};

const REPS: usize = 500;
const TERRITORIES: usize = 20;
const SAMPLE: usize = 10_000;

fn setup() -> (Router, Roster, Vec<Attributes>) {
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let mut config = RoutingConfig::new()
        .with_rule(Rule::account_owner("account owner"))
        .with_rule(Rule::segment("enterprise", ["enterprise"]).with_strategy(Strategy::LowestLoad))
        .with_fallback(Fallback::Queue {
            queue: "inbound".into(),
        });
    for t in 0..TERRITORIES {
        config = config.with_territory(
            Territory::new(format!("t{t}"))
                .with_countries([format!("C{t:02}"), format!("D{t:02}")]),
        );
    }
    config = config
        .with_rule(Rule::territory(
            "territories",
            (0..TERRITORIES).map(|t| format!("t{t}")),
        ))
        .with_rule(Rule::queue("rest", "inbound", QueueDelivery::ToMember));
    let mut roster = Roster::new().with_queue(Queue::new("inbound"));
    for i in 0..REPS {
        let mut rep = Rep::new(format!("rep-{i:03}"))
            .in_team(format!("team-{}", i % 10))
            .covering(format!("t{}", i % TERRITORIES))
            .with_weight(1 + u32::try_from(i % 3).unwrap())
            .with_load(u32::try_from(i % 17).unwrap());
        if i % 5 == 0 {
            rep = rep.serving("enterprise").with_capacity(1_000_000);
        }
        if i % 7 == 0 {
            rep = rep.in_queue("inbound");
        }
        if i % 11 == 0 {
            rep = rep.away(now - TimeDelta::days(1), now + TimeDelta::days(1));
        }
        if i % 13 == 0 {
            rep = rep.inactive();
        }
        roster = roster.with_rep(rep);
    }
    for a in 0..200 {
        roster =
            roster.with_account_owner(format!("acct-{a}"), format!("rep-{:03}", (a * 7) % REPS));
    }
    let router = Router::new(config, &roster).unwrap();
    let leads = (0..1024_usize)
        .map(|n| {
            let mut lead = Attributes::new();
            // 70% territory leads, 10% enterprise, 10% known accounts, 10% unknown country.
            match n % 10 {
                0 => lead.insert("segment".into(), AttributeValue::text("enterprise")),
                1 => lead.insert(
                    "account".into(),
                    AttributeValue::text(format!("acct-{}", n % 250)),
                ),
                2 => lead.insert("country".into(), AttributeValue::text("ZZ")),
                _ => lead.insert(
                    "country".into(),
                    AttributeValue::text(format!("C{:02}", n % TERRITORIES)),
                ),
            };
            lead
        })
        .collect();
    (router, roster, leads)
}

fn routing(c: &mut Criterion) {
    let now = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let (router, roster, leads) = setup();
    let mut group = c.benchmark_group("routing");
    group.throughput(Throughput::Elements(SAMPLE as u64));

    group.bench_function("router_500_reps", |b| {
        let mut cursor = RoundRobinState::new();
        b.iter(|| {
            for lead in leads.iter().cycle().take(SAMPLE) {
                let decision = router
                    .route_attributes(lead, &roster, &cursor, now)
                    .unwrap();
                cursor.apply_owned(decision.cursor);
                black_box(decision.owner);
            }
        });
    });

    // Baseline: a bare modulo round robin over the same reps, handing out an owner each
    // time, with no rules, availability, weights or explanation.
    group.bench_function("baseline_modulo_round_robin", |b| {
        let mut turn = 0_usize;
        b.iter(|| {
            for lead in leads.iter().cycle().take(SAMPLE) {
                black_box(lead);
                let rep = &roster.reps[turn % roster.reps.len()];
                turn = turn.wrapping_add(1);
                black_box(Owner::user(rep.id.clone()));
            }
        });
    });
    group.finish();
}

criterion_group!(benches, routing);
criterion_main!(benches);
