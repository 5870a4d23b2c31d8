//! The sub-status hook: a machine given each stage's sub-statuses refuses any other.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support;

use std::collections::{BTreeMap, BTreeSet};

use leadflow::{Action, Event, Machine, Refusal, Stage, SubStatuses};
use proptest::prelude::*;
use support::*;

fn allowed() -> SubStatuses {
    BTreeMap::from([
        (
            Stage::Inquiry,
            BTreeSet::from(["new".to_owned(), "attempting_contact".to_owned()]),
        ),
        (Stage::Mql, BTreeSet::from(["researching".to_owned()])),
    ])
}

fn set(name: &str) -> Action {
    Action::SetSubStatus {
        sub_status: Some(name.to_owned()),
    }
}

#[test]
fn a_listed_sub_status_is_accepted() {
    given_machine(Machine::new().with_sub_statuses(allowed()))
        .in_stage(Stage::Inquiry)
        .when(marketer(), set("attempting_contact"))
        .then_events(&[Event::SubStatusSet {
            sub_status: Some("attempting_contact".to_owned()),
        }]);
}

#[test]
fn a_sub_status_of_another_stage_is_refused() {
    given_machine(Machine::new().with_sub_statuses(allowed()))
        .in_stage(Stage::Inquiry)
        .when(marketer(), set("researching"))
        .then_refused_with(Refusal::UnknownSubStatus {
            stage: Stage::Inquiry,
            sub_status: "researching".to_owned(),
        });
}

#[test]
fn a_stage_without_a_list_allows_none_but_clearing_is_always_allowed() {
    let mut scenario =
        given_machine(Machine::new().with_sub_statuses(allowed())).in_stage(Stage::Nurture);
    scenario
        .when(marketer(), set("new"))
        .then_refused_with(Refusal::UnknownSubStatus {
            stage: Stage::Nurture,
            sub_status: "new".to_owned(),
        });
    scenario
        .when(marketer(), Action::SetSubStatus { sub_status: None })
        .then_events(&[Event::SubStatusSet { sub_status: None }]);
}

#[test]
fn authorization_is_checked_before_the_sub_status() {
    // A rep may not set a sub-status on a marketing-stage lead: the policy refuses first.
    let refusal = given_machine(Machine::new().with_sub_statuses(allowed()))
        .in_stage(Stage::Inquiry)
        .when(rep(), set("nope"))
        .then_refused();
    assert!(matches!(refusal, Refusal::NotAuthorized { .. }));
}

#[test]
fn without_the_hook_any_sub_status_is_accepted() {
    given()
        .in_stage(Stage::Inquiry)
        .when(marketer(), set("anything at all"))
        .then_events(&[Event::SubStatusSet {
            sub_status: Some("anything at all".to_owned()),
        }]);
    assert!(Machine::new().sub_statuses().is_none());
}

#[test]
fn the_hook_survives_a_change_of_policy_and_guard() {
    let machine = Machine::new()
        .with_sub_statuses(allowed())
        .with_policy(leadflow::DefaultPolicy::default())
        .with_guard(leadflow::AlwaysQualified);
    assert_eq!(machine.sub_statuses(), Some(&allowed()));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]
    /// Whatever the name, the machine accepts it exactly when the stage lists it.
    #[test]
    fn accepted_exactly_when_listed(name in prop_oneof![
        Just("new".to_owned()), Just("researching".to_owned()), "[a-z_]{0,12}"
    ]) {
        let outcome = given_machine(Machine::new().with_sub_statuses(allowed()))
            .in_stage(Stage::Inquiry)
            .when(admin(), set(&name));
        let listed = allowed()[&Stage::Inquiry].contains(&name);
        prop_assert_eq!(outcome.result().is_ok(), listed);
    }
}
