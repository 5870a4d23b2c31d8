//! Properties of SLA evaluation over random, SLA-relevant histories built through
//! `Machine::decide`: past-now determinism, monotone outcomes, the merge law, and the
//! arithmetic of each outcome.
#![allow(clippy::unwrap_used, clippy::panic, clippy::pedantic)]

mod sla_support;

use chrono::{DateTime, TimeDelta, Utc};
use leadflow::sla::{
    Calendars, CommitmentTally, GoalReport, LeadFilter, LeadSla, Outcome, PauseCondition,
    SlaEvaluator, SlaGoal, SlaPolicy, Target,
};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, CalendarTime, Command,
    CommandId, EventEnvelope, Lead, LeadId, Machine, Owner, Period, Reason, RejectTo, Role, Stage,
    Zone, evolve,
};
use proptest::prelude::*;
use sla_support::{OfficeHours, monday};

/// One step of a story; refused steps leave no trace.
#[derive(Debug, Clone)]
enum Step {
    Qualify,
    HandOff(u8),
    Accept,
    Reject,
    Recycle,
    QualifySql,
    Touch(u8),
    Waiting(bool),
    Grade(bool),
}

fn step() -> impl Strategy<Value = Step> {
    prop_oneof![
        4 => Just(Step::Qualify),
        4 => (0..3u8).prop_map(Step::HandOff),
        3 => Just(Step::Accept),
        2 => Just(Step::Reject),
        2 => Just(Step::Recycle),
        1 => Just(Step::QualifySql),
        4 => (0..3u8).prop_map(Step::Touch),
        2 => proptest::bool::ANY.prop_map(Step::Waiting),
        1 => proptest::bool::ANY.prop_map(Step::Grade),
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

fn story(id: u128, steps: &[(i64, Step)]) -> Vec<EventEnvelope> {
    let machine = Machine::new();
    let admin = Actor::new("admin", Role::Admin);
    let mia = Actor::new("mia", Role::Marketer);
    let lead_id = LeadId::from_u128(id);
    let mut history: Vec<EventEnvelope> = Vec::new();
    let mut lead: Option<Lead> = None;
    let mut at = monday(8, 0);
    let capture = (0, None);
    let all = std::iter::once(capture).chain(steps.iter().map(|(gap, s)| (*gap, Some(s.clone()))));
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
            Some(Step::Recycle) => (
                admin.clone(),
                Action::Recycle {
                    reason: Reason::new("not_now"),
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
            Some(Step::Grade(a)) => {
                let mut set = Attributes::new();
                set.insert(
                    "grade".into(),
                    AttributeValue::text(if a { "A" } else { "B" }),
                );
                (
                    admin.clone(),
                    Action::UpdateAttributes {
                        set,
                        remove: Vec::new(),
                    },
                )
            }
        };
        let command = Command::new(
            lead_id,
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

fn steps() -> impl Strategy<Value = Vec<(i64, Step)>> {
    proptest::collection::vec((0i64..200, step()), 0..30)
}

fn history() -> impl Strategy<Value = Vec<EventEnvelope>> {
    (0u128..1_000_000, steps()).prop_map(|(id, steps)| story(id, &steps))
}

fn histories() -> impl Strategy<Value = Vec<Vec<EventEnvelope>>> {
    proptest::collection::vec(steps(), 0..12).prop_map(|all| {
        all.iter()
            .enumerate()
            .map(|(n, steps)| story(n as u128, steps))
            .collect()
    })
}

/// Two versions (the second from Tuesday noon), business and calendar targets, pauses, a
/// grade filter and every ready-made goal.
fn evaluator() -> SlaEvaluator {
    let waiting = PauseCondition::SubStatus {
        sub_status: "waiting on prospect".into(),
    };
    let goals = |accept_hours| {
        vec![
            SlaGoal::time_to_accept(Target::calendar(TimeDelta::hours(1)))
                .named("accept grade A")
                .for_leads(LeadFilter::any().grades(["A"])),
            SlaGoal::time_to_accept(Target::business(TimeDelta::hours(accept_hours), "office")),
            SlaGoal::time_to_first_touch(Target::calendar(TimeDelta::hours(6)))
                .paused_when(waiting.clone())
                .warning_at(0.5),
            SlaGoal::follow_up_cadence(2, Target::business_days(1, 8, "office")).paused_when(
                PauseCondition::Stage {
                    stage: Stage::Nurture,
                },
            ),
            SlaGoal::mql_handoff_wait(Target::calendar(TimeDelta::hours(3))),
        ]
    };
    let mut v1 = SlaPolicy::new(1, monday(0, 0) - TimeDelta::days(1));
    v1.goals = goals(4);
    let mut v2 = SlaPolicy::new(2, monday(12, 0) + TimeDelta::days(1));
    v2.goals = goals(2);
    let calendars = Calendars::new()
        .with("office", OfficeHours)
        .with("always", CalendarTime);
    SlaEvaluator::new(&[v1, v2], &calendars).unwrap()
}

fn instant(minutes: i64) -> DateTime<Utc> {
    monday(8, 0) + TimeDelta::minutes(minutes)
}

fn keyed(report: &LeadSla) -> Vec<((u32, String), GoalReport)> {
    report
        .goals()
        .map(|(cycle, g)| ((cycle, g.goal.to_string()), g.clone()))
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Evaluating at a past `now` gives what evaluating the history known then gives.
    #[test]
    fn a_past_now_sees_only_the_past(history in history(), minutes in 0i64..5_000) {
        let evaluator = evaluator();
        let now = instant(minutes);
        let known: Vec<EventEnvelope> =
            history.iter().filter(|e| e.occurred_at <= now).cloned().collect();
        prop_assert_eq!(evaluator.evaluate(&history, now), evaluator.evaluate(&known, now));
    }

    /// As `now` grows: a final outcome never changes, a breach stays a breach, elapsed
    /// time never shrinks, and no clock disappears.
    #[test]
    fn outcomes_only_move_forward(history in history(), a in 0i64..5_000, b in 0i64..5_000) {
        let evaluator = evaluator();
        let (early, late) = (instant(a.min(b)), instant(a.max(b)));
        let before = keyed(&evaluator.evaluate(&history, early));
        let after = keyed(&evaluator.evaluate(&history, late));
        for (key, then) in &before {
            let (_, later) = after.iter().find(|(k, _)| k == key)
                .unwrap_or_else(|| panic!("{key:?} vanished"));
            prop_assert!(later.elapsed >= then.elapsed);
            prop_assert_eq!(later.timeline.started, then.timeline.started);
            if then.outcome.is_final() {
                prop_assert_eq!(&later.outcome, &then.outcome);
                prop_assert_eq!(&later.timeline, &then.timeline);
            }
            if matches!(then.outcome, Outcome::Breached { .. }) {
                let still_breached = matches!(later.outcome, Outcome::Breached { .. });
                prop_assert!(still_breached);
            }
        }
    }

    /// Each outcome agrees with its figures.
    #[test]
    fn outcomes_agree_with_their_figures(history in history(), minutes in 0i64..5_000) {
        let now = instant(minutes);
        for (_, goal) in evaluator().evaluate(&history, now).goals() {
            let end = goal.timeline.stopped.map_or(now, |s| s.at);
            prop_assert!(goal.elapsed >= TimeDelta::zero());
            prop_assert!(goal.elapsed <= end - goal.timeline.started);
            match goal.outcome {
                Outcome::Met { elapsed, stopped_at } => {
                    prop_assert!(elapsed <= goal.target);
                    prop_assert_eq!(elapsed, goal.elapsed);
                    prop_assert_eq!(Some(stopped_at), goal.timeline.stopped.map(|s| s.at));
                }
                Outcome::Breached { by, .. } => {
                    prop_assert_eq!(by, goal.elapsed - goal.target);
                    prop_assert!(by > TimeDelta::zero());
                }
                Outcome::Running { remaining, deadline } | Outcome::AtRisk { remaining, deadline } => {
                    prop_assert_eq!(remaining, goal.target - goal.elapsed);
                    prop_assert!(goal.timeline.stopped.is_none());
                    prop_assert!(deadline.is_some_and(|d| d >= now || remaining.is_zero()));
                }
                Outcome::Paused { remaining, since } => {
                    prop_assert_eq!(remaining, goal.target - goal.elapsed);
                    prop_assert!(since <= now);
                }
                _ => {}
            }
            for pause in &goal.timeline.pauses {
                prop_assert!(pause.paused_at >= goal.timeline.started);
                prop_assert!(pause.resumed_at.is_none_or(|r| r > pause.paused_at));
            }
        }
    }

    /// merge(summary(a), summary(b)) == summary(a ++ b), for any split; the same for the
    /// commitment tallies.
    #[test]
    fn summaries_merge_into_the_whole(all in histories(), split in 0usize..13, minutes in 0i64..5_000) {
        let evaluator = evaluator();
        let now = instant(minutes);
        let split = split.min(all.len());
        let (a, b) = all.split_at(split);
        let whole = evaluator.summarize(&all, now);
        let merged = evaluator.summarize(a, now).merged(&evaluator.summarize(b, now));
        prop_assert_eq!(&merged, &whole);
        let reversed = evaluator.summarize(b, now).merged(&evaluator.summarize(a, now));
        prop_assert_eq!(&reversed, &whole);

        let period = Period::month(2026, 3, Zone::utc()).unwrap();
        let tally = |part: &[Vec<EventEnvelope>]| {
            let mut tally = CommitmentTally::new(period);
            for history in part {
                tally.add(history, &evaluator.evaluate(history, now), now);
            }
            tally
        };
        let mut left = tally(a);
        left.merge(&tally(b));
        prop_assert_eq!(left, tally(&all));
    }
}
