//! Properties of worklists over random histories built through `Machine::decide`: shards
//! merge into the whole, the order is strict and total, slices equal narrower scopes.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod sla_support;

use chrono::{DateTime, TimeDelta, Utc};
use leadflow::scoring::{BandThresholds, Contribution, GradeThresholds, Part, Profile, ScoreCard};
use leadflow::sla::{Calendars, PauseCondition, SlaEvaluator, SlaGoal, SlaPolicy, Target};
use leadflow::worklist::{Scope, Worklist, is_open_stage, worklist};
use leadflow::{
    Action, Activity, ActivityKind, Actor, Command, CommandId, EventEnvelope, Lead, LeadId,
    Machine, Owner, Reason, RejectTo, Role, evolve,
};
use proptest::prelude::*;
use sla_support::{OfficeHours, monday};

#[derive(Debug, Clone)]
enum Step {
    Qualify,
    HandOff(u8),
    Accept,
    Reject,
    QualifySql,
    Touch(u8),
    Waiting(bool),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        3 => Just(Step::Qualify),
        4 => (0..3u8).prop_map(Step::HandOff),
        3 => Just(Step::Accept),
        1 => Just(Step::Reject),
        1 => Just(Step::QualifySql),
        4 => (0..3u8).prop_map(Step::Touch),
        1 => proptest::bool::ANY.prop_map(Step::Waiting),
    ]
}

const USERS: [&str; 3] = ["ana", "bob", "cy"];

fn owner(n: u8) -> Owner {
    match n {
        0 => Owner::user("ana").in_team("emea"),
        1 => Owner::user("bob").in_team("apac"),
        _ => Owner::queue("inbound").in_team("emea"),
    }
}

/// One lead's history; refused steps leave no trace.
fn story(id: u128, steps: &[(i64, Step)]) -> Vec<EventEnvelope> {
    let machine = Machine::new();
    let admin = Actor::new("admin", Role::Admin);
    let mia = Actor::new("mia", Role::Marketer);
    let mut history: Vec<EventEnvelope> = Vec::new();
    let mut lead: Option<Lead> = None;
    let mut at = monday(8, 0);
    let all = std::iter::once((0, None)).chain(steps.iter().map(|(g, s)| (*g, Some(s.clone()))));
    for (n, (gap, step)) in all.enumerate() {
        at += TimeDelta::minutes(gap);
        let (actor, action) = match step {
            None => (mia.clone(), Action::capture()),
            Some(Step::Qualify) => (mia.clone(), Action::QualifyMql),
            Some(Step::HandOff(o)) => (mia.clone(), Action::HandOff { to: owner(o) }),
            Some(Step::Accept) => (admin.clone(), Action::Accept),
            Some(Step::Reject) => (
                admin.clone(),
                Action::Reject {
                    reason: Reason::new("bad_timing"),
                    to: RejectTo::Nurture,
                },
            ),
            Some(Step::QualifySql) => (admin.clone(), Action::QualifySql),
            Some(Step::Touch(u)) => {
                let by = USERS[u as usize];
                let activity = Activity::new(ActivityKind::Call, at).by(by.into());
                (
                    Actor::new(by, Role::SalesRep),
                    Action::RecordActivity { activity },
                )
            }
            Some(Step::Waiting(on)) => (
                admin.clone(),
                Action::SetSubStatus {
                    sub_status: on.then(|| "waiting on prospect".to_owned()),
                },
            ),
        };
        let command = Command::new(
            LeadId::from_u128(id),
            CommandId::from_u128(n as u128),
            actor,
            at,
            lead.as_ref().map_or(0, Lead::version),
            action,
        );
        if let Ok(decision) = machine.decide(lead.as_ref(), &command) {
            for envelope in decision.into_events() {
                lead = Some(evolve(lead, &envelope));
                history.push(envelope);
            }
        }
    }
    history
}

fn evaluator() -> SlaEvaluator {
    let policy = SlaPolicy::new(1, monday(0, 0) - TimeDelta::days(90))
        .goal(SlaGoal::time_to_accept(Target::business(
            TimeDelta::hours(2),
            "office",
        )))
        .goal(SlaGoal::time_to_first_touch(Target::calendar(
            TimeDelta::hours(3),
        )))
        .goal(
            SlaGoal::follow_up_cadence(3, Target::calendar(TimeDelta::hours(6))).paused_when(
                PauseCondition::SubStatus {
                    sub_status: "waiting on prospect".into(),
                },
            ),
        );
    SlaEvaluator::new(&[policy], &Calendars::new().with("office", OfficeHours)).unwrap()
}

/// 5 points per activity: plenty of ties.
fn scorer(profile: &Profile<'_>, _now: DateTime<Utc>) -> ScoreCard {
    let n = profile.activities.len() as i64;
    ScoreCard::new(
        vec![Contribution::new(
            "touches",
            Part::Engagement,
            5 * n,
            "5 each",
        )],
        &GradeThresholds::default(),
        &BandThresholds::default(),
    )
}

/// Lead histories with a shard number each, and a `now`.
fn world() -> impl Strategy<Value = (Vec<(usize, Vec<EventEnvelope>)>, DateTime<Utc>)> {
    let lead = (
        0usize..4,
        proptest::collection::vec((0i64..120, step()), 0..14),
    );
    (proptest::collection::vec(lead, 0..30), 0i64..(3 * 24 * 60)).prop_map(|(leads, minutes)| {
        let histories = leads
            .into_iter()
            .enumerate()
            .map(|(i, (shard, steps))| (shard, story(i as u128 + 1, &steps)))
            .collect();
        (histories, monday(8, 0) + TimeDelta::minutes(minutes))
    })
}

fn scopes() -> Vec<Scope> {
    vec![
        Scope::All,
        Scope::user("ana"),
        Scope::user("bob"),
        Scope::queue("inbound"),
        Scope::team("emea"),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn merged_shards_equal_the_whole((leads, now) in world(), reversed in proptest::bool::ANY) {
        let evaluator = evaluator();
        for scope in scopes() {
            let whole = worklist(&scope, leads.iter().map(|(_, h)| h), &evaluator, &scorer, now);
            let mut shards: Vec<Worklist> = (0..4)
                .map(|s| {
                    let part = leads.iter().filter(|(k, _)| *k == s).map(|(_, h)| h);
                    worklist(&scope, part, &evaluator, &scorer, now)
                })
                .collect();
            if reversed {
                shards.reverse();
            }
            prop_assert_eq!(&Worklist::merge(shards.clone()), &whole);
            let pairwise = shards.into_iter().fold(Worklist::new(), Worklist::merged);
            prop_assert_eq!(&pairwise, &whole);
        }
    }

    #[test]
    fn the_order_is_strict_and_entries_qualify((leads, now) in world()) {
        let evaluator = evaluator();
        let histories: Vec<&Vec<EventEnvelope>> = leads.iter().map(|(_, h)| h).collect();
        let all = worklist(&Scope::All, &histories, &evaluator, &scorer, now);
        for pair in all.entries().windows(2) {
            prop_assert!(pair[0].key() < pair[1].key());
        }
        for entry in all.entries() {
            prop_assert!(is_open_stage(entry.stage));
            prop_assert!(entry.owner.is_some());
            let history = histories
                .iter()
                .find(|h| h.first().map(|e| e.lead_id) == Some(entry.lead_id))
                .unwrap();
            let sla = evaluator.evaluate(history, now);
            let goal = sla.current_goal(&entry.goal).unwrap();
            prop_assert!(!goal.outcome.is_final());
        }
        // Sorting the shuffled entries again changes nothing.
        let mut reversed = all.clone().into_entries();
        reversed.reverse();
        prop_assert_eq!(&Worklist::from_entries(reversed), &all);
        // A slice equals the narrower scope built directly.
        for scope in scopes() {
            let direct = worklist(&scope, &histories, &evaluator, &scorer, now);
            prop_assert_eq!(all.slice(&scope), direct);
        }
    }
}
