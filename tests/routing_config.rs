//! Bad configurations and rosters are typed errors at validation.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::similar_names
)]

use chrono::{DateTime, TimeZone, Utc};
use leadflow::routing::{
    ConfigError, Fallback, Queue, QueueDelivery, Rep, Roster, Router, RoutingConfig, Rule,
    Territory,
};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn config() -> RoutingConfig {
    RoutingConfig::new()
        .with_territory(Territory::new("dach").with_countries(["DE", "AT", "CH"]))
        .with_territory(Territory::new("emea").with_regions(["EMEA"]))
        .with_rule(Rule::account_owner("keep account owner"))
        .with_rule(Rule::territory("dach", ["dach"]))
        .with_rule(Rule::territory("emea", ["emea"]))
        .with_rule(Rule::segment("enterprise", ["enterprise"]))
        .with_rule(Rule::territory("both", ["dach", "emea"]))
        .with_rule(Rule::queue("inbound", "inbound", QueueDelivery::ToQueue))
}

fn roster() -> Roster {
    Roster::new()
        .with_queue(Queue::new("inbound"))
        .with_rep(Rep::new("ana").covering("dach").in_queue("inbound"))
        .with_rep(Rep::new("ben").covering("emea"))
}

#[test]
fn roster_and_territory_errors_are_typed() {
    let roster = roster();
    let err = |config: RoutingConfig, roster: &Roster| Router::new(config, roster).unwrap_err();
    assert_eq!(err(config(), &Roster::new()), ConfigError::EmptyRoster);
    assert_eq!(
        err(config(), &roster.clone().with_rep(Rep::new("ana"))),
        ConfigError::DuplicateRep { rep: "ana".into() }
    );
    let zero = Roster::new().with_rep(Rep::new("a").with_weight(0));
    assert_eq!(
        err(RoutingConfig::new(), &zero),
        ConfigError::AllWeightsZero
    );
    assert_eq!(
        err(
            config().with_rule(Rule::territory("x", ["atlantis"])),
            &roster
        ),
        ConfigError::UnknownTerritory {
            rule: 6,
            territory: "atlantis".into()
        }
    );
}

#[test]
fn rule_queue_and_absence_errors_are_typed() {
    let roster = roster();
    let err = |config: RoutingConfig, roster: &Roster| Router::new(config, roster).unwrap_err();
    assert_eq!(
        err(
            config(),
            &roster.clone().with_rep(Rep::new("zoe").covering("mars"))
        ),
        ConfigError::RepUnknownTerritory {
            rep: "zoe".into(),
            territory: "mars".into()
        }
    );
    assert_eq!(
        err(config().with_territory(Territory::new("dach")), &roster),
        ConfigError::DuplicateTerritory {
            territory: "dach".into()
        }
    );
    assert_eq!(
        err(
            config().with_territory(Territory::new("alps").with_countries(["ch"])),
            &roster
        ),
        ConfigError::OverlappingTerritories {
            value: "ch".into(),
            first: "dach".into(),
            second: "alps".into()
        }
    );
    assert_eq!(
        err(
            config().with_rule(Rule::queue("q", "nope", QueueDelivery::ToQueue)),
            &roster
        ),
        ConfigError::UnknownQueue {
            rule: 6,
            queue: "nope".into()
        }
    );
    assert_eq!(
        err(
            config().with_fallback(Fallback::Queue {
                queue: "nope".into()
            }),
            &roster
        ),
        ConfigError::FallbackUnknownQueue {
            rule: None,
            queue: "nope".into()
        }
    );
    assert_eq!(
        err(
            config(),
            &roster.clone().with_rep(Rep::new("zoe").in_queue("nope"))
        ),
        ConfigError::RepUnknownQueue {
            rep: "zoe".into(),
            queue: "nope".into()
        }
    );
    assert_eq!(
        err(
            config().with_rule(Rule::segment("none", Vec::<String>::new())),
            &roster
        ),
        ConfigError::EmptyRule {
            rule: 6,
            name: "none".into()
        }
    );
    assert_eq!(
        err(config(), &roster.clone().with_queue(Queue::new("inbound"))),
        ConfigError::DuplicateQueue {
            queue: "inbound".into()
        }
    );
    assert_eq!(
        err(
            config(),
            &roster.clone().with_rep(Rep::new("zoe").away(now(), now()))
        ),
        ConfigError::InvalidAbsence {
            rep: "zoe".into(),
            start: now(),
            end: now()
        }
    );
    assert_eq!(
        ConfigError::AllWeightsZero.to_string(),
        "every rep has weight 0"
    );
}
