//! Tests added from mutation testing (`scripts/mutants.sh sla`) of the SLA module: a
//! commitment tally counts the events up to `now` inclusive and none after; a policy read
//! without `grade_attribute` reads the grade from `grade`; `Calendars::get` finds a calendar
//! by name (a doc example covers it too, but nextest does not run those); evaluation counts
//! an event at `now`, and a cycle beginning then; an evaluator finds its goals by version
//! and name; compliance is undefined with no decided clock; a segment filter matches a list
//! attribute by any of its items, and reads attributes set at the very instant of `now`.
#![allow(clippy::unwrap_used, clippy::panic)]

mod sla_support;

use chrono::TimeDelta;
use leadflow::sla::{Calendars, CommitmentTally, Counts, SlaEvaluator, SlaGoal, SlaPolicy, Target};
use leadflow::{CalendarTime, Period, Zone};
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
