//! Tests added from mutation testing (`scripts/mutants.sh`) of the state machine: the
//! builder accessors return what was set, a decision's events are the events emitted, and
//! a command dated exactly at the latest event is accepted while one a second earlier is
//! refused.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support;

use chrono::TimeDelta;
use leadflow::{
    Action, ActionKind, ActionSet, Command, CommandId, DefaultPolicy, Machine, Refusal, Stage,
    TransitionGraph,
};
use support::{LEAD, marketer, t0};

#[test]
fn the_builders_keep_what_they_were_given() {
    let narrowed = TransitionGraph::narrowed_to(&[(Stage::Inquiry, Stage::Mql)]).unwrap();
    let machine = Machine::new().with_graph(narrowed);
    assert_eq!(*machine.graph(), narrowed);
    assert_ne!(*Machine::new().graph(), narrowed);
    let policy = DefaultPolicy {
        system_actions: ActionSet::of(&[ActionKind::Capture]),
    };
    let machine = machine.with_policy(policy);
    assert_eq!(*machine.policy(), policy);
    assert_ne!(*machine.policy(), DefaultPolicy::default());
    assert_eq!(*machine.graph(), narrowed);
    let machine = machine.with_guard(leadflow::AlwaysQualified);
    assert_eq!(*machine.policy(), policy);
    let _guard: &leadflow::AlwaysQualified = machine.guard();
}

#[test]
fn a_decision_holds_the_events_it_emitted() {
    let command = Command::new(
        LEAD,
        CommandId::from_u128(1),
        marketer(),
        t0(),
        0,
        Action::capture(),
    );
    let decision = Machine::new().decide(None, &command).unwrap();
    assert_eq!(decision.events().len(), 1);
    assert_eq!(decision.events()[0].seq, 1);
    assert_eq!(decision.events()[0].command_id, command.command_id);
    let events = decision.clone().into_events();
    assert_eq!(events.as_slice(), decision.events());
}

#[test]
fn a_command_at_the_latest_event_is_on_time_and_a_second_earlier_is_not() {
    let machine = Machine::new();
    let capture = Command::new(
        LEAD,
        CommandId::from_u128(1),
        marketer(),
        t0(),
        0,
        Action::capture(),
    );
    let history = machine.decide(None, &capture).unwrap().into_events();
    let lead = leadflow::replay(&history).unwrap().unwrap();
    let at = |t| {
        Command::new(
            LEAD,
            CommandId::from_u128(2),
            marketer(),
            t,
            1,
            Action::QualifyMql,
        )
    };
    assert_eq!(
        machine
            .decide(Some(&lead), &at(t0()))
            .unwrap()
            .events()
            .len(),
        1
    );
    assert_eq!(
        machine.decide(Some(&lead), &at(t0() - TimeDelta::seconds(1))),
        Err(Refusal::TimeWentBackwards {
            at: t0() - TimeDelta::seconds(1),
            last_event_at: t0(),
        })
    );
    assert!(
        machine
            .decide(Some(&lead), &at(t0() + TimeDelta::seconds(1)))
            .is_ok()
    );
}
