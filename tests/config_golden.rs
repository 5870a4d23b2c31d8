//! The golden version-1 pipeline, in TOML and JSON: both load, agree, and build the machine,
//! calendars, scorer and router they describe.
#![cfg(feature = "config")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support;

use chrono::{TimeDelta, TimeZone, Utc};
use leadflow::config::{Pipeline, PipelineSpec};
use leadflow::routing::{Rep, RoundRobinState};
use leadflow::{Action, Activity, ActivityKind, AttributeValue, Attributes, Owner, Refusal, Stage};
use support::*;

const TOML: &str = include_str!("golden/pipeline/v1/pipeline.toml");
const JSON: &str = include_str!("golden/pipeline/v1/pipeline.json");

fn golden() -> Pipeline {
    Pipeline::from_toml_str(TOML).unwrap()
}

#[test]
fn toml_and_json_describe_the_same_pipeline() {
    let from_toml = golden();
    let from_json = Pipeline::from_json_str(JSON).unwrap();
    assert_eq!(from_toml.spec(), from_json.spec());
}

#[test]
fn the_pipeline_round_trips_through_serde() {
    let pipeline = golden();
    let json = serde_json::to_string(&pipeline).unwrap();
    let again: Pipeline = serde_json::from_str(&json).unwrap();
    assert_eq!(again, pipeline);
    let spec: PipelineSpec = serde_json::from_str(&json).unwrap();
    assert_eq!(&spec, pipeline.spec());
}

#[test]
fn the_sections_are_as_written() {
    let pipeline = golden();
    // 17 default edges, two left out.
    assert_eq!(pipeline.graph().edges().len(), 15);
    assert!(!pipeline.graph().allows(Stage::Lost, Stage::Nurture));
    assert!(!pipeline.graph().allows(Stage::Nurture, Stage::Disqualified));
    assert!(pipeline.graph().allows(Stage::HandedOff, Stage::Sal));
    let subs = pipeline.sub_statuses().unwrap();
    assert_eq!(subs[&Stage::Sal].len(), 3);
    assert!(!subs.contains_key(&Stage::Lost));
    assert_eq!(
        pipeline.calendars().keys().collect::<Vec<_>>(),
        ["berlin", "new_york"]
    );
    assert_eq!(pipeline.spec().queues.len(), 3);
    assert_eq!(pipeline.spec().routing.rules.len(), 4);
    assert_eq!(pipeline.criteria().definition().min_score, Some(50));
    let sla = pipeline.spec().sla.as_ref().unwrap();
    assert_eq!(sla.goals.len(), 3);
    assert_eq!(pipeline.spec().commitments.len(), 2);
    assert!(pipeline.sla_evaluator().unwrap().is_some());
    assert_eq!(
        pipeline.sla_calendars().names().collect::<Vec<_>>(),
        ["berlin", "new_york"]
    );
}

#[test]
fn the_calendars_are_the_teams_business_hours() {
    let pipeline = golden();
    // Monday 2 March 2026, 10:00 UTC: 11:00 in Berlin (open), 05:00 in New York (closed).
    let t = Utc.with_ymd_and_hms(2026, 3, 2, 10, 0, 0).unwrap();
    assert!(pipeline.calendar("berlin").unwrap().is_open(t));
    assert!(!pipeline.calendar("new_york").unwrap().is_open(t));
    // New York opens at 08:30 EST = 13:30 UTC.
    assert_eq!(
        pipeline.calendar("new_york").unwrap().next_open(t),
        Some(Utc.with_ymd_and_hms(2026, 3, 2, 13, 30, 0).unwrap())
    );
    // Berlin: 4 business hours from 11:00 is 11:00-12:30 (1.5 h), then 13:30-16:00 (2.5 h).
    assert_eq!(
        pipeline
            .calendar("berlin")
            .unwrap()
            .add(t, TimeDelta::hours(4))
            .unwrap(),
        Utc.with_ymd_and_hms(2026, 3, 2, 15, 0, 0).unwrap()
    );
}

fn good_lead() -> Attributes {
    [
        ("company", AttributeValue::text("Acme")),
        ("country", AttributeValue::text("DE")),
        ("employees", AttributeValue::number(800.0).unwrap()),
        ("industry", AttributeValue::text("saas")),
        ("email", AttributeValue::text("jo@acme.de")),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v))
    .collect()
}

#[test]
fn the_machine_applies_graph_sub_statuses_and_criteria() {
    let pipeline = golden();
    let capture = Action::Capture {
        entry: leadflow::Entry::Inquiry,
        source: None,
        campaign: None,
        attributes: good_lead(),
    };
    let mut scenario = given_machine(pipeline.machine()).and(marketer(), capture);
    // Fit 30 + 20 = 50 (grade B); no engagement yet (band 4): B4 is below B3.
    let refusal = scenario.when(marketer(), Action::QualifyMql).then_refused();
    let Refusal::GuardUnmet { unmet } = refusal else {
        panic!("expected the guard, got {refusal:?}")
    };
    assert_eq!(
        unmet
            .iter()
            .map(|u| u.criterion.as_str())
            .collect::<Vec<_>>(),
        ["min_grade"]
    );
    // A demo request (40 engagement points at t0, band 2) makes it B2, 90 points.
    let at = t0() + TimeDelta::minutes(2);
    scenario = scenario.and(
        marketer(),
        Action::RecordActivity {
            activity: Activity::new(ActivityKind::FormFill, at),
        },
    );
    scenario = scenario.and(marketer(), Action::QualifyMql);
    // The sub-statuses of MQL are closed.
    scenario
        .when(
            marketer(),
            Action::SetSubStatus {
                sub_status: Some("attempting_contact".to_owned()),
            },
        )
        .then_refused_with(Refusal::UnknownSubStatus {
            stage: Stage::Mql,
            sub_status: "attempting_contact".to_owned(),
        });
    scenario = scenario.and(
        marketer(),
        Action::SetSubStatus {
            sub_status: Some("ready_for_handoff".to_owned()),
        },
    );
    assert_eq!(
        scenario.lead().unwrap().sub_status(),
        Some("ready_for_handoff")
    );
}

#[test]
fn the_narrowed_graph_refuses_what_it_left_out() {
    let pipeline = golden();
    // The graph alone (the path to Nurture would not meet the criteria).
    let machine = leadflow::Machine::new().with_graph(*pipeline.graph());
    let refusal = given_machine(machine)
        .in_stage(Stage::Nurture)
        .when(
            marketer(),
            Action::Disqualify {
                reason: leadflow::Reason::new("no_budget"),
            },
        )
        .then_refused();
    assert_eq!(
        refusal,
        Refusal::TransitionDisabled {
            from: Stage::Nurture,
            to: Stage::Disqualified
        }
    );
}

#[test]
fn the_router_routes_between_the_two_teams() {
    let pipeline = golden();
    let roster = pipeline
        .roster()
        .with_rep(Rep::new("ana").in_team("emea").covering("dach"))
        .with_rep(
            Rep::new("sam")
                .in_team("americas")
                .covering("north_america"),
        );
    let router = pipeline.router(&roster).unwrap();
    let now = t0();
    let mut lead = Attributes::new();
    lead.insert("country".into(), AttributeValue::text("US"));
    let decision = router
        .route_attributes(&lead, &roster, &RoundRobinState::new(), now)
        .unwrap();
    assert_eq!(decision.owner, Some(Owner::user("sam").in_team("americas")));
    // Nobody covers the UK: the EMEA rule falls back to its queue.
    lead.insert("country".into(), AttributeValue::text("GB"));
    let decision = router
        .route_attributes(&lead, &roster, &RoundRobinState::new(), now)
        .unwrap();
    assert_eq!(
        decision.owner,
        Some(Owner::queue("emea-inbound").in_team("emea"))
    );
}
