//! Tests added from mutation testing (`scripts/mutants.sh sla`) of the SLA module: a
//! commitment tally counts the events up to `now` inclusive and none after; a policy read
//! without `grade_attribute` reads the grade from `grade`; `Calendars::get` finds a calendar
//! by name (a doc example covers it too, but nextest does not run those); evaluation counts
//! an event at `now`, and a cycle beginning then; an evaluator finds its goals by version
//! and name; compliance is undefined with no decided clock; a segment filter matches a list
//! attribute by any of its items, and reads attributes set at the very instant of `now`;
//! removing another attribute leaves a segment as it was; a clock stops on leaving a stage
//! only when the lead was in it; a stage pause holds in that stage only; a commitment whose
//! best case just reaches its target is not missed; a policy may hold exactly `MAX_GOALS`
//! goals; an evaluator's `Debug` names its versions; a target used up after a pause is
//! breached at the right instant; a commitment with nothing to count is met once over and
//! projects no division by zero.
#![allow(clippy::unwrap_used, clippy::panic)]

mod sla_support;

use chrono::TimeDelta;
use leadflow::sla::{
    Calendars, Commitment, CommitmentStatus, CommitmentTally, Counts, MAX_GOALS, Outcome,
    PauseCondition, SlaEvaluator, SlaGoal, SlaPolicy, Target, Trigger,
};
use leadflow::{Action, AttributeValue, Attributes, CalendarTime, Period, Role, Stage, Team, Zone};
use sla_support::*;

fn tally_at(history: &[leadflow::EventEnvelope], now: chrono::DateTime<chrono::Utc>) -> (u64, u64) {
    let policy = SlaPolicy::new(1, monday(0, 0) - TimeDelta::days(90))
        .goal(SlaGoal::time_to_accept(Target::calendar(hours(4))));
    let evaluator = SlaEvaluator::new(&[policy], &Calendars::new()).unwrap();
    let mut tally = CommitmentTally::new(Period::month(2026, 3, Zone::utc()).unwrap());
    tally.add(history, &evaluator.evaluate(history, now), now);
    (tally.mqls, tally.mqls_worked)
}

#[test]
fn a_tally_counts_what_happened_up_to_now_inclusive() {
    // Qualified at 08:30, handed to ana at 09:00, accepted at 10:00, touched by her at 11:00.
    let mut story = Story::captured(1, monday(8, 0));
    story
        .qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner())
        .accept(monday(10, 0), ana())
        .touch(monday(11, 0), "ana");
    // Before the MQL: nothing yet, though the history holds it.
    assert_eq!(tally_at(&story.history, monday(8, 0)), (0, 0));
    // At the very instant of the MQL: counted.
    assert_eq!(tally_at(&story.history, monday(8, 30)), (1, 0));
    // Once every event happened: one MQL, worked by its owner.
    assert_eq!(tally_at(&story.history, monday(18, 0)), (1, 1));
}

#[cfg(feature = "serde")]
#[test]
fn a_policy_without_a_grade_attribute_reads_the_grade_from_grade() {
    let policy: SlaPolicy = serde_json::from_str(
        r#"{"version": 3, "effective_from": "2026-03-02T00:00:00Z", "goals": []}"#,
    )
    .unwrap();
    assert_eq!(policy.grade_attribute, "grade");
    assert_eq!(policy, SlaPolicy::new(3, monday(0, 0)));
}

#[test]
fn calendars_are_found_by_name() {
    let calendars = Calendars::new().with("clock", CalendarTime);
    let clock = calendars.get("clock").unwrap();
    assert_eq!(clock.elapsed(monday(8, 0), monday(10, 30)), minutes(150));
    assert!(calendars.get("office").is_none());
}

#[test]
fn an_event_at_now_counts_and_goals_are_found_by_version_and_name() {
    let policy = SlaPolicy::new(1, monday(0, 0) - TimeDelta::days(90))
        .goal(SlaGoal::time_to_accept(Target::calendar(hours(4))));
    let evaluator = SlaEvaluator::new(std::slice::from_ref(&policy), &Calendars::new()).unwrap();
    let mut story = Story::captured(1, monday(8, 0));
    story
        .qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner());
    // At 08:59 the lead is not handed off yet; at 09:00 (the hand-off itself) it is.
    assert_eq!(
        evaluator
            .evaluate(&story.history, monday(8, 59))
            .goals()
            .count(),
        0
    );
    let report = evaluator.evaluate(&story.history, monday(9, 0));
    let started: Vec<_> = report.goals().map(|(_, g)| g.timeline.started).collect();
    assert_eq!(started, [monday(9, 0)]);
    assert_eq!(evaluator.goal(1, "time_to_accept"), policy.goals.first());
    assert!(evaluator.goal(2, "time_to_accept").is_none());
    assert!(evaluator.goal(1, "time_to_first_touch").is_none());
}

#[test]
fn compliance_needs_a_decided_clock() {
    assert_eq!(Counts::default().compliance(), None);
    let one_met = Counts {
        met: 1,
        ..Counts::default()
    };
    assert_eq!(one_met.compliance(), Some(1.0));
}

#[test]
fn a_cycle_that_begins_at_now_is_reported() {
    let policy = SlaPolicy::new(1, monday(0, 0) - TimeDelta::days(90))
        .goal(SlaGoal::time_to_accept(Target::calendar(hours(4))));
    let evaluator = SlaEvaluator::new(&[policy], &Calendars::new()).unwrap();
    // Rejected to Nurture at 10:00, qualified again at 11:00: a second cycle from 11:00.
    let mut story = Story::captured(1, monday(8, 0));
    story
        .qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner())
        .reject(monday(10, 0), ana())
        .qualify(monday(11, 0));
    assert_eq!(
        evaluator
            .evaluate(&story.history, monday(10, 59))
            .cycles
            .len(),
        1
    );
    assert_eq!(
        evaluator
            .evaluate(&story.history, monday(11, 0))
            .cycles
            .len(),
        2
    );
}

fn accept_goal_for_segment(attribute: &str, values: &[&str]) -> SlaEvaluator {
    let policy = SlaPolicy::new(1, monday(0, 0) - TimeDelta::days(90)).goal(
        SlaGoal::time_to_accept(Target::calendar(hours(4)))
            .for_leads(leadflow::sla::LeadFilter::any().segment(attribute, values.iter().copied())),
    );
    SlaEvaluator::new(&[policy], &Calendars::new()).unwrap()
}

#[test]
fn a_segment_filter_matches_a_list_attribute_by_any_item() {
    let evaluator = accept_goal_for_segment("regions", &["apac"]);
    let mut attributes = leadflow::Attributes::new();
    attributes.insert(
        "regions".to_owned(),
        leadflow::AttributeValue::List(vec!["emea".to_owned(), "apac".to_owned()]),
    );
    let mut story = Story::captured_with(1, monday(8, 0), None, attributes);
    story
        .qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner());
    assert_eq!(
        evaluator
            .evaluate(&story.history, monday(10, 0))
            .goals()
            .count(),
        1
    );

    // The same list without an allowed item: the goal does not apply.
    let other = accept_goal_for_segment("regions", &["amer"]);
    assert_eq!(
        other
            .evaluate(&story.history, monday(10, 0))
            .goals()
            .count(),
        0
    );
}

#[test]
fn a_segment_set_at_the_instant_of_now_is_read() {
    // Captured, qualified and handed off at 09:00, evaluated at 09:00: the capture's segment
    // counts, so the goal applies.
    let evaluator = accept_goal_for_segment("segment", &["enterprise"]);
    let mut story = Story::captured_with(1, monday(9, 0), None, attrs("segment", "enterprise"));
    story
        .qualify(monday(9, 0))
        .hand_off(monday(9, 0), ana_owner());
    assert_eq!(
        evaluator
            .evaluate(&story.history, monday(9, 0))
            .goals()
            .count(),
        1
    );
}

#[test]
fn a_segment_changed_after_capture_is_read_as_it_stood_when_the_clock_started() {
    // Captured as "smb", updated to "enterprise" before the hand-off: the goal for
    // enterprise leads applies, the one for smb leads does not.
    let mut story = Story::captured_with(1, monday(8, 0), None, attrs("segment", "smb"));
    story
        .set_attribute(monday(8, 15), "segment", "enterprise")
        .qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner());
    let enterprise = accept_goal_for_segment("segment", &["enterprise"]);
    let smb = accept_goal_for_segment("segment", &["smb"]);
    assert_eq!(
        enterprise
            .evaluate(&story.history, monday(10, 0))
            .goals()
            .count(),
        1
    );
    assert_eq!(
        smb.evaluate(&story.history, monday(10, 0)).goals().count(),
        0
    );
}

#[test]
fn removing_another_attribute_leaves_the_segment_as_captured() {
    // Captured as "enterprise" with a "utm" attribute; "utm" is removed before the hand-off.
    let mut attributes = attrs("segment", "enterprise");
    attributes.insert("utm".to_owned(), AttributeValue::text("spring"));
    let mut story = Story::captured_with(1, monday(8, 0), None, attributes);
    story
        .act(
            monday(8, 15),
            leadflow::Actor::new("admin", Role::Admin),
            Action::UpdateAttributes {
                set: Attributes::new(),
                remove: vec!["utm".to_owned()],
            },
        )
        .qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner());
    let enterprise = accept_goal_for_segment("segment", &["enterprise"]);
    assert_eq!(
        enterprise
            .evaluate(&story.history, monday(10, 0))
            .goals()
            .count(),
        1
    );
    // Removing the segment itself does take the lead out of it.
    let mut later = Story::captured_with(2, monday(8, 0), None, attrs("segment", "enterprise"));
    later
        .act(
            monday(8, 15),
            leadflow::Actor::new("admin", Role::Admin),
            Action::UpdateAttributes {
                set: Attributes::new(),
                remove: vec!["segment".to_owned()],
            },
        )
        .qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner());
    assert_eq!(
        enterprise
            .evaluate(&later.history, monday(10, 0))
            .goals()
            .count(),
        0
    );
}

fn evaluator_of(goal: SlaGoal) -> SlaEvaluator {
    let policy = SlaPolicy::new(1, monday(0, 0) - TimeDelta::days(90)).goal(goal);
    SlaEvaluator::new(&[policy], &Calendars::new()).unwrap()
}

/// MQL 8:30, handed off 9:00, accepted (SAL) 10:00, qualified SQL 12:00.
fn through_sql() -> Story {
    let mut story = Story::captured(1, monday(8, 0));
    story
        .qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner())
        .accept(monday(10, 0), ana())
        .act(monday(12, 0), ana(), Action::QualifySql);
    story
}

#[test]
fn leaving_a_stage_stops_the_clock_only_from_that_stage() {
    // From MQL until the lead leaves SAL: the hand-off (MQL -> handed off) and the accept
    // (handed off -> SAL) leave other stages and do not stop it; the SQL does, at 12:00.
    let goal = SlaGoal::new(
        "mql_to_sal_exit",
        Team::Sales,
        vec![Trigger::Entered { stage: Stage::Mql }],
        vec![Trigger::Left { stage: Stage::Sal }],
        Target::calendar(hours(8)),
    );
    let report = evaluator_of(goal).evaluate(&through_sql().history, monday(18, 0));
    let goal = report.current_goal("mql_to_sal_exit").unwrap();
    assert_eq!(
        goal.outcome,
        Outcome::Met {
            elapsed: hours(3) + minutes(30),
            stopped_at: monday(12, 0)
        }
    );
}

#[test]
fn a_stage_pause_holds_in_that_stage_only() {
    // From MQL to SQL, paused while handed off (9:00-10:00): 30 min + 2 h.
    let goal = SlaGoal::new(
        "mql_to_sql",
        Team::Sales,
        vec![Trigger::Entered { stage: Stage::Mql }],
        vec![Trigger::Entered { stage: Stage::Sql }],
        Target::calendar(hours(8)),
    )
    .paused_when(PauseCondition::Stage {
        stage: Stage::HandedOff,
    });
    let report = evaluator_of(goal).evaluate(&through_sql().history, monday(18, 0));
    let goal = report.current_goal("mql_to_sql").unwrap();
    assert_eq!(
        goal.outcome,
        Outcome::Met {
            elapsed: hours(2) + minutes(30),
            stopped_at: monday(12, 0)
        }
    );
    assert_eq!(goal.timeline.pauses.len(), 1);
    assert_eq!(goal.timeline.pauses[0].paused_at, monday(9, 0));
    assert_eq!(goal.timeline.pauses[0].resumed_at, Some(monday(10, 0)));
}

#[test]
fn a_commitment_whose_best_case_just_reaches_the_target_is_not_missed() {
    let march = Period::month(2026, 3, Zone::utc()).unwrap();
    let mut tally = CommitmentTally::new(march);
    // 1 met, 2 breached, 1 still running at the period's end: at worst 1/4, at best 2/4.
    tally.per_metric.insert(
        "time_to_accept".to_owned(),
        Counts {
            met: 1,
            running: 1,
            breached: 2,
            ..Counts::default()
        },
    );
    let after = march.end();
    let half = Commitment::WithinSla {
        metric: "time_to_accept".into(),
        min_fraction: 0.5,
    };
    // The running clock may still be met: not missed, behind pace (1 of 3 decided).
    assert_eq!(
        tally.report(&half, after).status,
        CommitmentStatus::BehindPace
    );
    // Above the best case it is missed; at or below the worst case it is met.
    let more = Commitment::WithinSla {
        metric: "time_to_accept".into(),
        min_fraction: 0.51,
    };
    assert_eq!(tally.report(&more, after).status, CommitmentStatus::Missed);
    let quarter = Commitment::WithinSla {
        metric: "time_to_accept".into(),
        min_fraction: 0.25,
    };
    assert_eq!(tally.report(&quarter, after).status, CommitmentStatus::Met);
}

#[test]
fn a_policy_may_hold_exactly_max_goals() {
    let goals = |n: usize| {
        (0..n)
            .map(|i| SlaGoal::time_to_accept(Target::calendar(hours(4))).named(format!("g{i}")))
            .collect::<Vec<_>>()
    };
    let mut policy = SlaPolicy::new(1, monday(0, 0));
    policy.goals = goals(MAX_GOALS);
    assert_eq!(policy.validate(&Calendars::new()), Ok(()));
    policy.goals = goals(MAX_GOALS + 1);
    assert!(policy.validate(&Calendars::new()).is_err());
}

#[test]
fn an_evaluator_debugs_as_its_versions() {
    let policies = [
        SlaPolicy::new(1, monday(0, 0) - TimeDelta::days(90)),
        SlaPolicy::new(2, monday(0, 0)),
    ];
    let evaluator = SlaEvaluator::new(&policies, &Calendars::new()).unwrap();
    let debug = format!("{evaluator:?}");
    assert!(debug.starts_with("SlaEvaluator {"), "{debug}");
    assert!(debug.contains("versions: [1, 2]"), "{debug}");
}

#[test]
fn a_target_used_up_after_a_pause_is_breached_at_the_right_instant() {
    // Handed off 9:00, waiting on the prospect 10:00-12:00, never touched: 1 h before the
    // pause, so the 3 h target is used up 2 h after it, at 14:00.
    let mut story = Story::captured(1, monday(8, 0));
    story
        .qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner())
        .sub_status(monday(10, 0), ana(), Some("waiting on prospect"))
        .sub_status(monday(12, 0), ana(), None)
        .sub_status(monday(17, 0), ana(), Some("waiting on prospect"));
    let goal = SlaGoal::time_to_first_touch(Target::calendar(hours(3))).paused_when(
        PauseCondition::SubStatus {
            sub_status: "waiting on prospect".into(),
        },
    );
    let report = evaluator_of(goal).evaluate(&story.history, monday(18, 0));
    let goal = report.current_goal("time_to_first_touch").unwrap();
    assert_eq!(goal.elapsed, hours(6));
    match &goal.outcome {
        Outcome::Breached { deadline, by, .. } => {
            assert_eq!(*deadline, Some(monday(14, 0)));
            assert_eq!(*by, hours(3));
        }
        other => panic!("expected a breach, got {other:?}"),
    }
}

#[test]
fn a_commitment_with_nothing_to_count_is_met_once_over_and_projects_nothing_at_the_start() {
    let march = Period::month(2026, 3, Zone::utc()).unwrap();
    let tally = CommitmentTally::new(march);
    let within = Commitment::WithinSla {
        metric: "time_to_accept".into(),
        min_fraction: 0.95,
    };
    // No clock at all: nothing was breached, so once the period is over it is met.
    assert_eq!(
        tally.report(&within, march.end()).status,
        CommitmentStatus::Met
    );
    assert_eq!(
        tally.report(&within, march.start()).status,
        CommitmentStatus::OnPace
    );
    // At the very start no time has passed: the projection is the count so far, not a
    // division by zero.
    let volume = tally.report(&Commitment::MqlVolume { min: 10 }, march.start());
    assert_eq!(volume.projection, Some(0.0));
    let mut one = CommitmentTally::new(march);
    one.mqls = 1;
    let volume = one.report(&Commitment::MqlVolume { min: 10 }, march.start());
    assert_eq!(volume.projection, Some(1.0));
}
