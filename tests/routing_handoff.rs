//! A routing decision joins the handoff: its command is accepted on an MQL lead.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::similar_names
)]

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::routing::{
    Fallback, Queue, QueueDelivery, Rep, Roster, RoundRobinState, Router, RoutingConfig, Rule,
    Territory,
};
use leadflow::{
    Action, Actor, AttributeValue, Attributes, Command, CommandId, Entry, Lead, LeadId, Machine,
    Owner, Role, Stage, replay,
};

fn t0() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

/// A lead captured with `attributes` and qualified as an MQL, with its history.
fn mql(attributes: Attributes) -> (Lead, Vec<leadflow::EventEnvelope>) {
    let machine = Machine::new();
    let marketer = Actor::new("mia", Role::Marketer);
    let lead_id = LeadId::from_u128(7);
    let capture = Action::Capture {
        entry: Entry::Inquiry,
        source: None,
        campaign: None,
        attributes,
    };
    let mut history = Vec::new();
    for (n, action) in (1_u8..).zip([capture, Action::QualifyMql]) {
        let lead = replay(&history).unwrap();
        let version = lead.as_ref().map_or(0, Lead::version);
        let command = Command::new(
            lead_id,
            CommandId::from_u128(u128::from(n)),
            marketer.clone(),
            t0() + TimeDelta::minutes(i64::from(n)),
            version,
            action,
        );
        history.extend(
            machine
                .decide(lead.as_ref(), &command)
                .unwrap()
                .into_events(),
        );
    }
    let lead = replay(&history).unwrap().unwrap();
    assert_eq!(lead.stage(), Stage::Mql);
    (lead, history)
}

fn router_and_roster() -> (Router, Roster) {
    let config = RoutingConfig::new()
        .with_territory(Territory::new("dach").with_countries(["DE", "AT", "CH"]))
        .with_rule(Rule::territory("dach", ["dach"]))
        .with_rule(Rule::queue("rest", "inbound", QueueDelivery::ToQueue))
        .with_fallback(Fallback::Queue {
            queue: "inbound".into(),
        });
    let roster = Roster::new()
        .with_queue(Queue::new("inbound").in_team("emea"))
        .with_rep(Rep::new("ana").in_team("emea").covering("dach"));
    let router = Router::new(config, &roster).unwrap();
    (router, roster)
}

fn hand_off_and_check(attributes: Attributes, expected: &Owner) {
    let (lead, mut history) = mql(attributes);
    let (router, roster) = router_and_roster();
    let at = t0() + TimeDelta::hours(1);
    let decision = router
        .route(&lead, &roster, &RoundRobinState::new(), at)
        .unwrap();
    assert_eq!(decision.owner.as_ref(), Some(expected));
    let command = decision
        .hand_off(
            lead.id(),
            CommandId::from_u128(10),
            Actor::new("router", Role::System),
            at,
            lead.version(),
        )
        .unwrap();
    assert_eq!(
        command.action,
        Action::HandOff {
            to: expected.clone()
        }
    );
    let events = Machine::new()
        .decide(Some(&lead), &command)
        .unwrap()
        .into_events();
    history.extend(events);
    let lead = replay(&history).unwrap().unwrap();
    assert_eq!(lead.stage(), Stage::HandedOff);
    assert_eq!(lead.owner(), Some(expected));
}

#[test]
fn the_hand_off_to_the_chosen_rep_is_accepted_on_an_mql() {
    let mut attributes = Attributes::new();
    attributes.insert("country".into(), AttributeValue::text("AT"));
    hand_off_and_check(attributes, &Owner::user("ana").in_team("emea"));
}

#[test]
fn the_hand_off_to_a_queue_is_accepted_on_an_mql() {
    let mut attributes = Attributes::new();
    attributes.insert("country".into(), AttributeValue::text("US"));
    hand_off_and_check(attributes, &Owner::queue("inbound").in_team("emea"));
}
