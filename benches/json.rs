//! B8: events JSON encode / decode, as bytes per second, beside the same bytes encoded /
//! decoded by serde_json into plain structs of the same shape (strings and numbers, no
//! enums, no tags, no ids or times to parse). Decoding is measured through the crate's
//! reader, `leadflow::json::history_from_slice`, and through `serde_json::from_slice`
//! called directly. Run with `cargo bench --bench json`.
#![allow(
    missing_docs,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use std::collections::BTreeMap;
use std::hint::black_box;

use chrono::{TimeDelta, TimeZone, Utc};
use criterion::{Criterion, Throughput, criterion_group, criterion_main};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Command, CommandId, Currency,
    EventEnvelope, LeadId, Machine, Money, Owner, Role, replay,
};
use serde::{Deserialize, Serialize};

/// A realistic 10-event history: capture with attributes, touches, the handoff, acceptance
/// by a rep, conversion, a win and advocacy, by the actors the default policy expects.
fn ten_event_history(lead_number: u128) -> Vec<EventEnvelope> {
    let machine = Machine::new();
    let mia = Actor::new("mia", Role::Marketer).in_team("marketing");
    let ana = Actor::new("ana", Role::SalesRep).in_team("emea");
    let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let eur = Currency::new("EUR").unwrap();
    let mut capture = Action::capture();
    if let Action::Capture { attributes, .. } = &mut capture {
        attributes.insert("company".into(), AttributeValue::text("Acme GmbH"));
        attributes.insert("employees".into(), AttributeValue::number(250.0).unwrap());
    }
    let steps = [
        (&mia, capture),
        (
            &mia,
            Action::RecordActivity {
                activity: Activity::new(ActivityKind::WebVisit, t0),
            },
        ),
        (&mia, Action::QualifyMql),
        (
            &mia,
            Action::HandOff {
                to: Owner::user("ana").in_team("emea"),
            },
        ),
        (&ana, Action::Accept),
        (
            &ana,
            Action::RecordActivity {
                activity: Activity::new(ActivityKind::Call, t0).by("ana".into()),
            },
        ),
        (&ana, Action::QualifySql),
        (
            &ana,
            Action::ConvertToOpportunity {
                amount: Money::new(10_000_00, eur),
                expected_close: None,
            },
        ),
        (&ana, Action::Win { amount: None }),
        (&ana, Action::PromoteToAdvocate),
    ];
    let mut history = Vec::new();
    for (n, (actor, action)) in steps.into_iter().enumerate() {
        let lead = replay(&history).unwrap();
        let command = Command::new(
            LeadId::from_u128(lead_number),
            CommandId::from_u128(lead_number * 100 + n as u128),
            actor.clone(),
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

#[derive(Serialize, Deserialize)]
struct PlainEnvelope {
    lead_id: String,
    seq: u64,
    occurred_at: String,
    actor: PlainActor,
    command_id: String,
    schema_version: u16,
    event: PlainEvent,
}

#[derive(Serialize, Deserialize)]
struct PlainActor {
    id: String,
    role: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    team: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct PlainEvent {
    #[serde(rename = "type")]
    kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    stage: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    attributes: Option<BTreeMap<String, PlainValue>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    activity: Option<PlainActivity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    to: Option<PlainOwner>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    owner: Option<PlainOwner>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    amount: Option<PlainMoney>,
}

#[derive(Serialize, Deserialize)]
struct PlainValue {
    #[serde(rename = "type")]
    kind: String,
    value: serde_json::Value,
}

#[derive(Serialize, Deserialize)]
struct PlainActivity {
    kind: String,
    at: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    by: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct PlainOwner {
    #[serde(rename = "type")]
    kind: String,
    id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    team: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct PlainMoney {
    minor: i64,
    currency: String,
}

fn events_json(c: &mut Criterion) {
    const LEADS: u128 = 1_000;
    let history: Vec<EventEnvelope> = (0..LEADS).flat_map(ten_event_history).collect();
    let json = serde_json::to_vec(&history).unwrap();
    // The plain structs carry the same fields, so they read and write the same bytes.
    let plain: Vec<PlainEnvelope> = serde_json::from_slice(&json).unwrap_or_else(|e| {
        panic!("plain structs must read the events' JSON: {e}");
    });
    assert_eq!(serde_json::to_vec(&plain).unwrap().len(), json.len());

    let mut group = c.benchmark_group("B8_events_json");
    group.throughput(Throughput::Bytes(json.len() as u64));
    group.sample_size(20);
    group.bench_function("baseline_plain_encode", |b| {
        b.iter(|| serde_json::to_vec(black_box(&plain)).unwrap())
    });
    group.bench_function("encode", |b| {
        b.iter(|| serde_json::to_vec(black_box(&history)).unwrap())
    });
    group.bench_function("baseline_plain_decode", |b| {
        b.iter(|| serde_json::from_slice::<Vec<PlainEnvelope>>(black_box(&json)).unwrap())
    });
    // The crate's reader of stored histories: the whole input checked as UTF-8 once, then
    // read as text, so serde_json does not check each string again.
    group.bench_function("decode", |b| {
        b.iter(|| leadflow::json::history_from_slice(black_box(&json)).unwrap())
    });
    // A host calling serde_json on the bytes itself: `from_slice` checks UTF-8 for each
    // string it reads.
    group.bench_function("decode_serde_json_from_slice", |b| {
        b.iter(|| serde_json::from_slice::<Vec<EventEnvelope>>(black_box(&json)).unwrap())
    });
    // The plain structs read the way `decode` reads: the UTF-8 check of the whole input,
    // then `from_str`.
    group.bench_function("baseline_plain_decode_from_text", |b| {
        b.iter(|| {
            let text = std::str::from_utf8(black_box(&json)).unwrap();
            serde_json::from_str::<Vec<PlainEnvelope>>(text).unwrap()
        })
    });
    group.finish();
}

criterion_group!(benches, events_json);
criterion_main!(benches);
