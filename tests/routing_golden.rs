//! Golden JSON for the routing formats: the roster, the configuration, the round-robin state
//! and a decision. The files under `tests/golden/routing/` are never edited: later versions
//! must still read them.
#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::similar_names
)]

use chrono::{DateTime, TimeZone, Utc};
use leadflow::routing::{
    AttributeNames, Fallback, Queue, QueueDelivery, Rep, Roster, RoundRobinState, Router,
    RoutingConfig, RoutingDecision, Rule, Strategy, Territory,
};
use leadflow::{AttributeValue, Attributes};
use serde::Serialize;
use serde::de::DeserializeOwned;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn roster() -> Roster {
    Roster::new()
        .with_queue(Queue::new("inbound").in_team("sales"))
        .with_queue(Queue::new("overflow"))
        .with_rep(
            Rep::new("ana")
                .in_team("emea")
                .covering("dach")
                .serving("enterprise")
                .with_capacity(40)
                .with_load(12)
                .with_weight(2),
        )
        .with_rep(
            Rep::new("ben")
                .in_team("emea")
                .covering("dach")
                .in_queue("inbound")
                .away(
                    Utc.with_ymd_and_hms(2026, 3, 1, 0, 0, 0).unwrap(),
                    Utc.with_ymd_and_hms(2026, 3, 9, 0, 0, 0).unwrap(),
                ),
        )
        .with_rep(Rep::new("cara").covering("nordics").inactive())
        .with_rep(Rep::new("dora").covering("dach"))
        .with_account_owner("acme", "ben")
}

fn config() -> RoutingConfig {
    RoutingConfig::new()
        .with_attributes(AttributeNames {
            country: "country_code".into(),
            ..AttributeNames::default()
        })
        .with_territory(Territory::new("dach").with_countries(["DE", "AT", "CH"]))
        .with_territory(
            Territory::new("nordics")
                .with_countries(["SE", "NO", "DK", "FI"])
                .with_regions(["Nordics"]),
        )
        .with_rule(Rule::account_owner("keep account owner"))
        .with_rule(Rule::segment("enterprise", ["enterprise"]).with_strategy(Strategy::LowestLoad))
        .with_rule(Rule::territory("dach", ["dach"]))
        .with_rule(
            Rule::territory("nordics", ["nordics"]).with_fallback(Fallback::Manager {
                id: "maria".into(),
                team: Some("emea".into()),
            }),
        )
        .with_rule(Rule::queue(
            "inbound members",
            "inbound",
            QueueDelivery::ToMember,
        ))
        .with_fallback(Fallback::Queue {
            queue: "overflow".into(),
        })
}

fn decision() -> (RoutingDecision, RoundRobinState) {
    let roster = roster();
    let router = Router::new(config(), &roster).unwrap();
    let mut lead = Attributes::new();
    lead.insert("country_code".into(), AttributeValue::text("AT"));
    lead.insert("account".into(), AttributeValue::text("acme"));
    let decision = router
        .route_attributes(&lead, &roster, &RoundRobinState::new(), now())
        .unwrap();
    let cursor = RoundRobinState::new().applied(decision.cursor.as_ref());
    (decision, cursor)
}

fn check<T: Serialize + DeserializeOwned + PartialEq + std::fmt::Debug>(value: &T, golden: &str) {
    let read: T = serde_json::from_str(golden).unwrap();
    assert_eq!(&read, value);
    let written = serde_json::to_value(value).unwrap();
    let expected: serde_json::Value = serde_json::from_str(golden).unwrap();
    assert_eq!(written, expected);
}

#[test]
fn roster_v1() {
    check(&roster(), include_str!("golden/routing/roster_v1.json"));
}

#[test]
fn config_v1() {
    check(&config(), include_str!("golden/routing/config_v1.json"));
}

#[test]
fn decision_v1() {
    check(
        &decision().0,
        include_str!("golden/routing/decision_v1.json"),
    );
}

#[test]
fn cursor_v1() {
    check(&decision().1, include_str!("golden/routing/cursor_v1.json"));
}

#[test]
fn a_minimal_config_reads_with_defaults() {
    let minimal = r#"{"rules": [{"name": "all", "kind": {"type": "queue", "queue": "inbound"}}]}"#;
    let config: RoutingConfig = serde_json::from_str(minimal).unwrap();
    assert_eq!(
        config,
        RoutingConfig::new().with_rule(Rule::queue("all", "inbound", QueueDelivery::ToQueue))
    );
}

#[test]
fn a_cursor_read_back_from_json_continues_the_same_turns() {
    let roster = roster();
    let router = Router::new(config(), &roster).unwrap();
    let mut lead = Attributes::new();
    lead.insert("country_code".into(), AttributeValue::text("DE"));
    let mut live = RoundRobinState::new();
    let mut stored = String::from("{}");
    for _ in 0..12 {
        let from_store: RoundRobinState = serde_json::from_str(&stored).unwrap();
        let a = router
            .route_attributes(&lead, &roster, &live, now())
            .unwrap();
        let b = router
            .route_attributes(&lead, &roster, &from_store, now())
            .unwrap();
        assert_eq!(a, b);
        live.apply(a.cursor.as_ref());
        stored = serde_json::to_string(&from_store.applied(b.cursor.as_ref())).unwrap();
    }
    assert_eq!(serde_json::to_string(&live).unwrap(), stored);
}
