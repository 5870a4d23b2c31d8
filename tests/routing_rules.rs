//! Routing rules, strategies, fallbacks and explanations, with hand-computed expectations.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::similar_names
)]

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::routing::{
    Because, ConfigError, Fallback, FallbackCause, NoMatch, Queue, QueueDelivery, Rep, Roster,
    RoundRobinState, Router, RoutingConfig, RoutingDecision, RoutingError, Rule, RuleOutcome,
    SkipReason, Skipped, Strategy, Territory,
};
use leadflow::{AttributeValue, Attributes, Owner, UserId};

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn lead(pairs: &[(&str, &str)]) -> Attributes {
    pairs
        .iter()
        .map(|(k, v)| ((*k).to_owned(), AttributeValue::text(*v)))
        .collect()
}

fn config() -> RoutingConfig {
    RoutingConfig::new()
        .with_territory(Territory::new("dach").with_countries(["DE", "AT", "CH"]))
        .with_territory(Territory::new("nordics").with_countries(["SE", "NO", "DK", "FI"]))
        .with_territory(Territory::new("emea").with_regions(["EMEA"]))
        .with_territory(Territory::new("na").with_countries(["US", "CA"]))
        .with_rule(Rule::account_owner("keep account owner"))
        .with_rule(Rule::segment("enterprise", ["enterprise"]))
        .with_rule(Rule::territory("dach", ["dach"]))
        .with_rule(
            Rule::territory("nordics and emea", ["nordics", "emea"]).with_fallback(
                Fallback::Queue {
                    queue: "overflow".into(),
                },
            ),
        )
        .with_rule(Rule::territory("north america", ["na"]).with_strategy(Strategy::LowestLoad))
        .with_rule(Rule::queue("inbound", "inbound", QueueDelivery::ToQueue))
}

fn roster() -> Roster {
    Roster::new()
        .with_queue(Queue::new("inbound").in_team("sales"))
        .with_queue(Queue::new("overflow"))
        .with_rep(
            Rep::new("ana")
                .in_team("emea")
                .covering("dach")
                .serving("enterprise"),
        )
        .with_rep(
            Rep::new("ben")
                .in_team("emea")
                .covering("dach")
                .with_weight(2),
        )
        .with_rep(Rep::new("cara").covering("nordics").in_queue("inbound"))
        .with_rep(Rep::new("dan").covering("emea").inactive())
        .with_rep(Rep::new("eve").covering("na").with_capacity(2).with_load(2))
        .with_rep(Rep::new("fay").covering("na").with_load(5))
        .with_account_owner("acme", "ana")
        .with_account_owner("globex", "dan")
        .with_account_owner("initech", "ghost")
}

fn route(lead_attributes: &Attributes, cursor: &RoundRobinState) -> RoutingDecision {
    let roster = roster();
    let router = Router::new(config(), &roster).unwrap();
    router
        .route_attributes(lead_attributes, &roster, cursor, now())
        .unwrap()
}

fn outcomes(decision: &RoutingDecision) -> Vec<(usize, RuleOutcome)> {
    decision
        .rules
        .iter()
        .map(|t| (t.index, t.outcome.clone()))
        .collect()
}

fn missing(attribute: &str) -> RuleOutcome {
    RuleOutcome::NotMatched {
        why: NoMatch::MissingAttribute {
            attribute: attribute.to_owned(),
        },
    }
}

#[test]
fn an_available_account_owner_keeps_the_lead() {
    let decision = route(
        &lead(&[("account", "acme"), ("country", "SE")]),
        &RoundRobinState::new(),
    );
    assert_eq!(decision.owner, Some(Owner::user("ana").in_team("emea")));
    assert_eq!(
        decision.because,
        Because::AccountOwner {
            account: "acme".into()
        }
    );
    assert_eq!(decision.matched_rule(), Some((0, "keep account owner")));
    assert_eq!(
        outcomes(&decision),
        vec![(0, RuleOutcome::Matched { pool: None })]
    );
    assert!(decision.skipped.is_empty());
    assert_eq!(decision.cursor, None);
}

#[test]
fn an_unavailable_account_owner_is_reported_and_the_next_rule_routes() {
    let decision = route(
        &lead(&[("account", "globex"), ("country", "DE")]),
        &RoundRobinState::new(),
    );
    assert_eq!(
        outcomes(&decision),
        vec![
            (
                0,
                RuleOutcome::OwnerUnavailable {
                    owner: UserId::new("dan"),
                    reason: SkipReason::Inactive
                }
            ),
            (1, missing("segment")),
            (
                2,
                RuleOutcome::Matched {
                    pool: Some(leadflow::routing::PoolKey::territory(&"dach".into()))
                }
            ),
        ]
    );
    // dach pool: ana (weight 1), ben (weight 2). Credits after earning: ana 1, ben 2 of 3;
    // ben's next turn is the most overdue ((3-2)/2 < (3-1)/1), so ben goes first.
    assert_eq!(decision.owner, Some(Owner::user("ben").in_team("emea")));
    assert_eq!(
        decision.because,
        Because::RoundRobin {
            pool_size: 2,
            available: 2
        }
    );
}

#[test]
fn an_account_owner_missing_from_the_roster_is_reported() {
    let decision = route(
        &lead(&[("account", "initech"), ("country", "SE")]),
        &RoundRobinState::new(),
    );
    assert_eq!(
        decision.rules[0].outcome,
        RuleOutcome::OwnerUnavailable {
            owner: UserId::new("ghost"),
            reason: SkipReason::NotInRoster
        }
    );
    assert_eq!(decision.owner, Some(Owner::user("cara")));
}

#[test]
fn an_account_without_owner_does_not_match() {
    let decision = route(
        &lead(&[("account", "hooli"), ("country", "SE")]),
        &RoundRobinState::new(),
    );
    assert_eq!(
        decision.rules[0].outcome,
        RuleOutcome::NotMatched {
            why: NoMatch::NoAccountOwner {
                account: "hooli".into()
            }
        }
    );
}

#[test]
fn weighted_round_robin_takes_turns_in_proportion() {
    // Hand-computed (weights ana 1, ben 2, total 3):
    // turn 1: credits ana 1, ben 2 -> ben (gap 0.5 < 2); after: ana 1, ben -1
    // turn 2: credits ana 2, ben 1 -> gaps 1 and 1, tie to the smaller id: ana; after: ana -1, ben 1
    // turn 3: credits ana 0, ben 3 -> only ben is due: ben; after: ana 0, ben 0 (cycle)
    let mut cursor = RoundRobinState::new();
    let mut picks = Vec::new();
    for _ in 0..6 {
        let decision = route(&lead(&[("country", "AT")]), &cursor);
        picks.push(decision.owner.unwrap().user_id().unwrap().to_string());
        cursor.apply(decision.cursor.as_ref());
    }
    assert_eq!(picks, ["ben", "ana", "ben", "ben", "ana", "ben"]);
    let pool = cursor
        .pool(&leadflow::routing::PoolKey::territory(&"dach".into()))
        .unwrap();
    assert_eq!(pool.credit(&"ana".into()), 0);
    assert_eq!(pool.credit(&"ben".into()), 0);
}

#[test]
fn routing_does_not_change_the_cursor_it_is_given_and_is_deterministic() {
    let cursor = RoundRobinState::new();
    let before = cursor.clone();
    let first = route(&lead(&[("country", "AT")]), &cursor);
    let again = route(&lead(&[("country", "AT")]), &cursor);
    assert_eq!(cursor, before);
    assert_eq!(first, again);
    assert_eq!(cursor.applied(first.cursor.as_ref()).pools.len(), 1);
}

#[test]
fn a_segment_rule_routes_to_the_segment_pool() {
    let decision = route(
        &lead(&[("segment", "enterprise"), ("country", "US")]),
        &RoundRobinState::new(),
    );
    assert_eq!(decision.matched_rule(), Some((1, "enterprise")));
    assert_eq!(decision.owner, Some(Owner::user("ana").in_team("emea")));
}

#[test]
fn country_wins_over_region_and_ignores_ascii_case() {
    let decision = route(
        &lead(&[("country", "de"), ("region", "EMEA")]),
        &RoundRobinState::new(),
    );
    assert_eq!(decision.matched_rule(), Some((2, "dach")));
}

#[test]
fn a_region_routes_when_the_country_is_in_no_territory_and_nobody_available_falls_back() {
    let decision = route(
        &lead(&[("country", "FR"), ("region", "EMEA")]),
        &RoundRobinState::new(),
    );
    assert_eq!(
        outcomes(&decision)[2],
        (
            2,
            RuleOutcome::NotMatched {
                why: NoMatch::TerritoryNotListed {
                    territory: "emea".into()
                }
            }
        )
    );
    assert_eq!(decision.matched_rule(), Some((3, "nordics and emea")));
    assert_eq!(
        decision.skipped,
        vec![Skipped {
            rep: "dan".into(),
            reason: SkipReason::Inactive
        }]
    );
    // The rule's own fallback: the overflow queue.
    assert_eq!(decision.owner, Some(Owner::queue("overflow")));
    assert_eq!(
        decision.because,
        Because::Fallback {
            cause: FallbackCause::NobodyAvailable { rule: 3 }
        }
    );
    assert!(decision.is_fallback());
    assert_eq!(decision.cursor, None);
}

#[test]
fn lowest_load_skips_reps_at_capacity() {
    let decision = route(&lead(&[("country", "US")]), &RoundRobinState::new());
    assert_eq!(decision.owner, Some(Owner::user("fay")));
    assert_eq!(
        decision.because,
        Because::LowestLoad {
            load: 5,
            pool_size: 2,
            available: 1
        }
    );
    assert_eq!(
        decision.skipped,
        vec![Skipped {
            rep: "eve".into(),
            reason: SkipReason::AtCapacity {
                load: 2,
                capacity: 2
            }
        }]
    );
    assert_eq!(decision.cursor, None);
}

#[test]
fn lowest_load_ties_go_to_the_smallest_id() {
    let roster = Roster::new()
        .with_rep(Rep::new("zed").covering("t").with_load(1))
        .with_rep(Rep::new("amy").covering("t").with_load(1))
        .with_rep(Rep::new("max").covering("t").with_load(3));
    let config = RoutingConfig::new()
        .with_territory(Territory::new("t").with_countries(["DE"]))
        .with_rule(Rule::territory("t", ["t"]))
        .with_strategy(Strategy::LowestLoad);
    let router = Router::new(config, &roster).unwrap();
    let decision = router
        .route_attributes(
            &lead(&[("country", "DE")]),
            &roster,
            &RoundRobinState::new(),
            now(),
        )
        .unwrap();
    assert_eq!(decision.owner, Some(Owner::user("amy")));
}

#[test]
fn a_lead_in_no_territory_reaches_the_queue_rule() {
    let decision = route(&lead(&[("country", "BR")]), &RoundRobinState::new());
    let no_territory = RuleOutcome::NotMatched {
        why: NoMatch::NoTerritory,
    };
    assert_eq!(
        outcomes(&decision),
        vec![
            (0, missing("account")),
            (1, missing("segment")),
            (2, no_territory.clone()),
            (3, no_territory.clone()),
            (4, no_territory),
            (5, RuleOutcome::Matched { pool: None }),
        ]
    );
    assert_eq!(
        decision.owner,
        Some(Owner::queue("inbound").in_team("sales"))
    );
    assert_eq!(
        decision.because,
        Because::Queue {
            queue: "inbound".into()
        }
    );
}

#[test]
fn a_lead_no_rule_matches_stays_unassigned_with_the_reason() {
    let mut config = config();
    config.rules.pop();
    let roster = roster();
    let router = Router::new(config, &roster).unwrap();
    let decision = router
        .route_attributes(&Attributes::new(), &roster, &RoundRobinState::new(), now())
        .unwrap();
    assert_eq!(decision.owner, None);
    assert_eq!(
        decision.because,
        Because::Fallback {
            cause: FallbackCause::NoRuleMatched
        }
    );
    assert_eq!(decision.matched_rule(), None);
    assert_eq!(decision.rules.len(), 5);
    let actor = leadflow::Actor::new("router", leadflow::Role::System);
    let command = decision.hand_off(
        leadflow::LeadId::from_u128(1),
        leadflow::CommandId::from_u128(2),
        actor,
        now(),
        2,
    );
    assert_eq!(command, None);
}

#[test]
fn the_manager_fallback_hands_to_the_manager() {
    let config = RoutingConfig::new()
        .with_territory(Territory::new("t").with_countries(["DE"]))
        .with_rule(Rule::territory("t", ["t"]))
        .with_fallback(Fallback::Manager {
            id: "maria".into(),
            team: Some("emea".into()),
        });
    let roster = Roster::new().with_rep(Rep::new("ana").covering("t").with_capacity(0));
    let router = Router::new(config, &roster).unwrap();
    let decision = router
        .route_attributes(
            &lead(&[("country", "DE")]),
            &roster,
            &RoundRobinState::new(),
            now(),
        )
        .unwrap();
    assert_eq!(decision.owner, Some(Owner::user("maria").in_team("emea")));
    assert_eq!(
        decision.skipped[0].reason,
        SkipReason::AtCapacity {
            load: 0,
            capacity: 0
        }
    );
}

#[test]
fn out_of_office_is_half_open() {
    let start = now();
    let end = now() + TimeDelta::days(2);
    let config = RoutingConfig::new()
        .with_territory(Territory::new("t").with_countries(["DE"]))
        .with_rule(Rule::territory("t", ["t"]));
    let roster = Roster::new().with_rep(Rep::new("ana").covering("t").away(start, end));
    let router = Router::new(config, &roster).unwrap();
    let at = |t| {
        router
            .route_attributes(
                &lead(&[("country", "DE")]),
                &roster,
                &RoundRobinState::new(),
                t,
            )
            .unwrap()
    };
    assert_eq!(
        at(start - TimeDelta::seconds(1)).owner,
        Some(Owner::user("ana"))
    );
    let away = at(start);
    assert_eq!(away.owner, None);
    assert_eq!(
        away.skipped[0].reason,
        SkipReason::OutOfOffice { until: end }
    );
    assert_eq!(at(end - TimeDelta::seconds(1)).owner, None);
    assert_eq!(at(end).owner, Some(Owner::user("ana")));
}

#[test]
fn zero_weight_reps_are_skipped_and_queue_members_take_turns() {
    let config = RoutingConfig::new().with_rule(Rule::queue(
        "inbound members",
        "inbound",
        QueueDelivery::ToMember,
    ));
    let roster = Roster::new()
        .with_queue(Queue::new("inbound"))
        .with_rep(Rep::new("ana").in_queue("inbound").with_weight(0))
        .with_rep(Rep::new("ben").in_queue("inbound"))
        .with_rep(Rep::new("cid").in_queue("inbound"))
        .with_rep(Rep::new("dee"));
    let router = Router::new(config, &roster).unwrap();
    let mut cursor = RoundRobinState::new();
    let mut picks = Vec::new();
    for _ in 0..4 {
        let decision = router
            .route_attributes(&Attributes::new(), &roster, &cursor, now())
            .unwrap();
        assert_eq!(
            decision.skipped,
            vec![Skipped {
                rep: "ana".into(),
                reason: SkipReason::ZeroWeight
            }]
        );
        picks.push(decision.owner.unwrap().to_string());
        cursor.apply(decision.cursor.as_ref());
    }
    assert_eq!(picks, ["user ben", "user cid", "user ben", "user cid"]);
}

#[test]
fn a_segment_nobody_covers_falls_back_with_an_empty_pool() {
    let config = RoutingConfig::new().with_rule(Rule::segment("smb", ["smb"]));
    let roster = Roster::new().with_rep(Rep::new("ana").serving("enterprise"));
    let router = Router::new(config, &roster).unwrap();
    let decision = router
        .route_attributes(
            &lead(&[("segment", "smb")]),
            &roster,
            &RoundRobinState::new(),
            now(),
        )
        .unwrap();
    assert_eq!(decision.owner, None);
    assert_eq!(
        decision.because,
        Because::Fallback {
            cause: FallbackCause::EmptyPool { rule: 0 }
        }
    );
}

#[test]
fn a_changed_roster_is_a_typed_error() {
    let roster = roster();
    let router = Router::new(config(), &roster).unwrap();
    let cursor = RoundRobinState::new();
    let longer = roster.clone().with_rep(Rep::new("zoe"));
    assert_eq!(
        router.route_attributes(&lead(&[("country", "AT")]), &longer, &cursor, now()),
        Err(RoutingError::RosterLength {
            expected: 6,
            actual: 7
        })
    );
    let mut swapped = roster.clone();
    swapped.reps.swap(0, 1);
    assert_eq!(
        router.route_attributes(&lead(&[("country", "AT")]), &swapped, &cursor, now()),
        Err(RoutingError::RepMoved {
            index: 0,
            expected: "ana".into(),
            found: "ben".into()
        })
    );
    // Status changes need no rebuild.
    let mut updated = roster.clone();
    updated.rep_mut(&"ben".into()).unwrap().active = false;
    let decision = router
        .route_attributes(&lead(&[("country", "AT")]), &updated, &cursor, now())
        .unwrap();
    assert_eq!(decision.owner, Some(Owner::user("ana").in_team("emea")));
}

#[test]
fn the_explanation_reads_line_by_line() {
    let decision = route(
        &lead(&[("account", "globex"), ("country", "DE")]),
        &RoundRobinState::new(),
    );
    let text = decision.to_string();
    assert_eq!(
        text,
        "-> user ben: round-robin turn among 2 available of 2\n   \
         rule 0 (keep account owner): account owner dan unavailable, inactive\n   \
         rule 1 (enterprise): no match, no text attribute \"segment\"\n   \
         rule 2 (dach): matched, pool territory:dach\n"
    );
}

#[test]
fn routing_types_are_send_and_sync() {
    fn check<T: Send + Sync>() {}
    check::<Router>();
    check::<Roster>();
    check::<RoutingConfig>();
    check::<RoutingDecision>();
    check::<RoundRobinState>();
    check::<ConfigError>();
    check::<RoutingError>();
}
