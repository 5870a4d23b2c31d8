//! The worklist and manager-view formats, pinned by golden JSON files (never edited: a later
//! version of the crate must still read them).
#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod sla_support;

use chrono::{DateTime, TimeDelta, Utc};
use leadflow::scoring::{BandThresholds, Contribution, GradeThresholds, Part, Profile, ScoreCard};
use leadflow::sla::{Calendars, SlaEvaluator, SlaGoal, SlaPolicy, Target};
use leadflow::worklist::{Capacities, ManagerView, Scope, Worklist, worklist};
use leadflow::{EventEnvelope, Owner};
use sla_support::*;

fn golden(name: &str) -> serde_json::Value {
    let path = format!(
        "{}/tests/golden/worklist/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap()
}

fn scorer(profile: &Profile<'_>, _now: DateTime<Utc>) -> ScoreCard {
    let n = profile.activities.len() as i64;
    ScoreCard::new(
        vec![
            Contribution::new("base", Part::Fit, 45, "base"),
            Contribution::new("touches", Part::Engagement, 30 * n, "30 each"),
        ],
        &GradeThresholds::default(),
        &BandThresholds::default(),
    )
}

/// L1 breached (handed 9:00), L2 accepted and touched once (follow-up 2 of 3), L3 in a
/// queue; at Monday 14:00.
fn list() -> Worklist {
    let policy = SlaPolicy::new(1, monday(0, 0) - TimeDelta::days(90))
        .goal(SlaGoal::time_to_accept(Target::calendar(hours(4))))
        .goal(SlaGoal::follow_up_cadence(3, Target::calendar(hours(24))));
    let evaluator = SlaEvaluator::new(&[policy], &Calendars::new()).unwrap();
    let mut l1 = Story::captured(1, monday(8, 0));
    l1.qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner());
    let mut l2 = Story::captured(2, monday(8, 0));
    l2.qualify(monday(8, 30))
        .hand_off(monday(9, 0), ana_owner())
        .accept(monday(9, 30), ana())
        .touch(monday(10, 0), "ana");
    let mut l3 = Story::captured(3, monday(8, 0));
    l3.qualify(monday(8, 30))
        .hand_off(monday(12, 0), Owner::queue("inbound").in_team("emea"));
    let histories: Vec<Vec<EventEnvelope>> = vec![l1.history, l2.history, l3.history];
    worklist(&Scope::All, &histories, &evaluator, &scorer, monday(14, 0))
}

#[test]
fn the_worklist_format_is_pinned() {
    let list = list();
    assert_eq!(
        serde_json::to_value(&list).unwrap(),
        golden("worklist.json")
    );
    let back: Worklist = serde_json::from_value(golden("worklist.json")).unwrap();
    assert_eq!(back, list);
}

#[test]
fn the_manager_view_format_is_pinned() {
    let view = ManagerView::new(&list(), &Capacities::new().with_limit("ana", 1));
    assert_eq!(
        serde_json::to_value(&view).unwrap(),
        golden("manager_view.json")
    );
    let back: ManagerView = serde_json::from_value(golden("manager_view.json")).unwrap();
    assert_eq!(back, view);
    let scope: Scope = serde_json::from_str(r#"{"type":"team","id":"emea"}"#).unwrap();
    assert_eq!(scope, Scope::team("emea"));
}

#[test]
fn a_worklist_read_out_of_order_is_sorted_again() {
    let mut value = golden("worklist.json");
    value["entries"].as_array_mut().unwrap().reverse();
    let back: Worklist = serde_json::from_value(value).unwrap();
    assert_eq!(back, list());
}
