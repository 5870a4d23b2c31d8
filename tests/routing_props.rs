//! Property tests for routing: fair turns, proportional weights, and nobody unavailable is
//! ever chosen.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::similar_names
)]

use chrono::{DateTime, TimeDelta, TimeZone, Utc};
use leadflow::routing::{
    Because, FallbackCause, Rep, Roster, RoundRobinState, Router, RoutingConfig, Rule,
    Strategy as Pick, Territory,
};
use leadflow::{AttributeValue, Attributes, Owner};
use proptest::prelude::*;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap()
}

fn rep_name(i: usize) -> String {
    format!("rep-{i:02}")
}

fn territory_config(strategy: Pick) -> RoutingConfig {
    RoutingConfig::new()
        .with_territory(Territory::new("t").with_countries(["DE"]))
        .with_rule(Rule::account_owner("account"))
        .with_rule(Rule::territory("t", ["t"]))
        .with_strategy(strategy)
}

fn lead(account: Option<usize>) -> Attributes {
    let mut attributes = Attributes::new();
    attributes.insert("country".into(), AttributeValue::text("DE"));
    if let Some(account) = account {
        attributes.insert(
            "account".into(),
            AttributeValue::text(format!("acct-{account}")),
        );
    }
    attributes
}

/// Routes `decisions` leads over reps with `weights` (nobody away) and returns the counts
/// after every decision.
fn round_robin_counts(weights: &[u32], decisions: usize) -> Vec<Vec<u64>> {
    let mut roster = Roster::new();
    for (i, &weight) in weights.iter().enumerate() {
        roster = roster.with_rep(Rep::new(rep_name(i)).covering("t").with_weight(weight));
    }
    let router = Router::new(territory_config(Pick::RoundRobin), &roster).unwrap();
    let mut cursor = RoundRobinState::new();
    let mut counts = vec![0_u64; weights.len()];
    let mut history = Vec::with_capacity(decisions);
    for _ in 0..decisions {
        let decision = router
            .route_attributes(&lead(None), &roster, &cursor, now())
            .unwrap();
        let Some(Owner::User { id, .. }) = &decision.owner else {
            panic!("a rep is always available: {decision}");
        };
        let index = roster.reps.iter().position(|r| r.id == *id).unwrap();
        counts[index] += 1;
        cursor.apply(decision.cursor.as_ref());
        history.push(counts.clone());
    }
    history
}

#[derive(Debug, Clone)]
struct RepSpec {
    active: bool,
    away: Option<(i64, i64)>,
    capacity: Option<u32>,
    load: u32,
    weight: u32,
}

fn rep_spec() -> impl Strategy<Value = RepSpec> {
    (
        prop::bool::weighted(0.8),
        prop::option::weighted(0.3, (-48_i64..48, 1_i64..72)),
        prop::option::weighted(0.5, 0_u32..6),
        0_u32..4,
        0_u32..4,
    )
        .prop_map(|(active, away, capacity, load, weight)| RepSpec {
            active,
            away,
            capacity,
            load,
            weight,
        })
}

fn roster_of(specs: &[RepSpec], owners: &[usize]) -> Roster {
    let mut roster = Roster::new();
    for (i, spec) in specs.iter().enumerate() {
        let mut rep = Rep::new(rep_name(i))
            .covering("t")
            .with_load(spec.load)
            .with_weight(spec.weight);
        rep.active = spec.active;
        rep.capacity = spec.capacity;
        if let Some((start, length)) = spec.away {
            let start = now() + TimeDelta::hours(start);
            rep = rep.away(start, start + TimeDelta::hours(length));
        }
        roster = roster.with_rep(rep);
    }
    for (account, owner) in owners.iter().enumerate() {
        roster =
            roster.with_account_owner(format!("acct-{account}"), rep_name(*owner % specs.len()));
    }
    // Keep the roster valid: at least one positive weight (validation refuses all zero).
    if roster.reps.iter().all(|r| r.weight == 0) {
        roster.reps[0].weight = 1;
    }
    roster
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(128))]

    #[test]
    fn equal_weights_keep_counts_within_one(reps in 1_usize..12, weight in 1_u32..5, decisions in 0_usize..200) {
        for counts in round_robin_counts(&vec![weight; reps], decisions) {
            let max = counts.iter().max().unwrap();
            let min = counts.iter().min().unwrap();
            prop_assert!(max - min <= 1, "counts {counts:?}");
        }
    }

    #[test]
    fn weighted_counts_stay_within_one_of_their_share(
        weights in prop::collection::vec(0_u32..10, 1..10),
        decisions in 1_usize..200,
    ) {
        prop_assume!(weights.iter().any(|&w| w > 0));
        let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
        for (n, counts) in round_robin_counts(&weights, decisions).iter().enumerate() {
            let n = n as u64 + 1;
            for (count, &weight) in counts.iter().zip(&weights) {
                // |count - n × weight / total| < 1, in integers.
                let exact = n * u64::from(weight);
                let scaled = count * total;
                prop_assert!(scaled.abs_diff(exact) < total,
                    "after {n}: counts {counts:?} weights {weights:?}");
            }
        }
    }

    #[test]
    fn nobody_inactive_away_or_at_capacity_is_ever_chosen(
        specs in prop::collection::vec(rep_spec(), 1..10),
        owners in prop::collection::vec(0_usize..10, 0..4),
        leads in prop::collection::vec((prop::option::of(0_usize..6), 0_i64..96), 1..40),
        lowest_load in any::<bool>(),
    ) {
        let mut roster = roster_of(&specs, &owners);
        let strategy = if lowest_load { Pick::LowestLoad } else { Pick::RoundRobin };
        let router = Router::new(territory_config(strategy), &roster).unwrap();
        let mut cursor = RoundRobinState::new();
        for (account, hours) in leads {
            let at = now() + TimeDelta::hours(hours);
            let decision = router.route_attributes(&lead(account), &roster, &cursor, at).unwrap();
            // Pure and deterministic.
            prop_assert_eq!(&decision, &router.route_attributes(&lead(account), &roster, &cursor, at).unwrap());
            let unavailable: Vec<String> = roster.reps.iter()
                .filter(|r| r.unavailability(at).is_some() || r.weight == 0)
                .map(|r| r.id.to_string())
                .collect();
            let skipped: Vec<String> = decision.skipped.iter().map(|s| s.rep.to_string()).collect();
            match &decision.owner {
                Some(Owner::User { id, .. }) => {
                    let rep = roster.rep(id).unwrap();
                    prop_assert!(rep.active);
                    prop_assert!(rep.out_of_office.iter().all(|a| !a.contains(at)));
                    prop_assert!(rep.capacity.is_none_or(|c| rep.load < c));
                    if matches!(decision.because, Because::AccountOwner { .. }) {
                        prop_assert!(skipped.is_empty());
                    } else {
                        prop_assert!(rep.weight > 0);
                        prop_assert_eq!(&skipped, &unavailable);
                    }
                    if let Because::LowestLoad { load, .. } = decision.because {
                        let min = roster.reps.iter()
                            .filter(|r| r.unavailability(at).is_none() && r.weight > 0)
                            .map(|r| r.load).min().unwrap();
                        prop_assert_eq!(load, min);
                        prop_assert_eq!(rep.load, min);
                    }
                    // The host records the assignment.
                    roster.rep_mut(&id.clone()).unwrap().load += 1;
                }
                Some(other) => prop_assert!(false, "unexpected owner {other}"),
                None => {
                    prop_assert_eq!(&decision.because, &Because::Fallback {
                        cause: FallbackCause::NobodyAvailable { rule: 1 },
                    });
                    prop_assert_eq!(&skipped, &unavailable);
                    prop_assert_eq!(skipped.len(), roster.reps.len());
                }
            }
            cursor.apply(decision.cursor.as_ref());
        }
    }
}

/// Weights where picking the largest credit (nginx's smooth weighted round robin) falls a
/// whole turn behind after 20 decisions (the last rep has 7 turns where its share is 8);
/// the earliest-deadline pick stays strictly within one, and a full cycle of 35 decisions
/// gives exactly the weights.
#[test]
fn weights_1_3_3_14_14_stay_strictly_within_one_turn() {
    let weights: [u32; 5] = [1, 3, 3, 14, 14];
    let history = round_robin_counts(&weights, 35);
    for (n, counts) in history.iter().enumerate() {
        let n = n as u64 + 1;
        for (count, weight) in counts.iter().zip(weights) {
            assert!(
                (count * 35).abs_diff(n * u64::from(weight)) < 35,
                "after {n}: {counts:?}"
            );
        }
    }
    assert_eq!(history[34], vec![1, 3, 3, 14, 14]);
}
