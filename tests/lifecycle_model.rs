//! A reference model of the lifecycle, driven by proptest-state-machine: the machine and a
//! small independent model must agree on the stage, the version and every refusal kind.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support;

use leadflow::{
    ActionKind, Command, CommandId, EventEnvelope, Lead, Machine, Refusal, Stage, replay,
};
use proptest::prelude::*;
use proptest_state_machine::{ReferenceStateMachine, StateMachineTest, prop_state_machine};
use support::{LEAD, admin, sample, t0};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Transition {
    /// An admin sends a fresh command of this kind.
    Send(ActionKind),
    /// The last accepted command is sent again.
    Retry,
    /// A fresh command carries an outdated version.
    Stale(ActionKind),
}

#[derive(Debug, Clone, Default)]
struct Model {
    stage: Option<Stage>,
    version: u64,
    /// How many commands were sent (their ids are 1, 2, …).
    sent: u128,
    /// The id of the last accepted command.
    last_accepted: Option<u128>,
}

/// The model's own transition table, written independently of the crate.
fn model_target(stage: Stage, kind: ActionKind) -> Option<Stage> {
    use ActionKind as K;
    use Stage as S;
    Some(match (stage, kind) {
        (s, K::UpdateAttributes | K::RecordActivity | K::Reassign | K::SetSubStatus) => s,
        (S::Inquiry | S::Nurture, K::QualifyMql) => S::Mql,
        (S::Mql, K::HandOff) => S::HandedOff,
        (S::HandedOff, K::Accept) => S::Sal,
        (S::HandedOff, K::Reject) => S::Nurture, // the sample rejects to nurture
        (S::Sal, K::QualifySql) => S::Sql,
        (S::Sql, K::ConvertToOpportunity) => S::Opportunity,
        (S::Opportunity, K::UpdateOpportunity) => S::Opportunity,
        (S::Opportunity, K::Win) => S::Customer,
        (S::Opportunity, K::Lose) => S::Lost,
        (S::Sal | S::Sql | S::Lost, K::Recycle) => S::Nurture,
        (S::Inquiry | S::Mql | S::Nurture, K::Disqualify) => S::Disqualified,
        (S::Customer, K::PromoteToAdvocate) => S::Advocate,
        _ => return None,
    })
}

struct ModelMachine;

impl ReferenceStateMachine for ModelMachine {
    type State = Model;
    type Transition = Transition;

    fn init_state() -> BoxedStrategy<Model> {
        Just(Model::default()).boxed()
    }

    fn transitions(_state: &Model) -> BoxedStrategy<Transition> {
        let kind = proptest::sample::select(ActionKind::ALL.to_vec());
        prop_oneof![
            8 => kind.clone().prop_map(Transition::Send),
            1 => Just(Transition::Retry),
            1 => kind.prop_map(Transition::Stale),
        ]
        .boxed()
    }

    fn apply(mut state: Model, transition: &Transition) -> Model {
        match *transition {
            Transition::Retry => {}
            Transition::Stale(_) => state.sent += 1,
            Transition::Send(kind) => {
                state.sent += 1;
                let next = match (state.stage, kind) {
                    (None, ActionKind::Capture) => Some(Stage::Inquiry),
                    (None, _) | (Some(_), ActionKind::Capture) => None,
                    (Some(stage), kind) => model_target(stage, kind),
                };
                if let Some(next) = next {
                    state.stage = Some(next);
                    state.version += 1;
                    state.last_accepted = Some(state.sent);
                }
            }
        }
        state
    }
}

struct System {
    machine: Machine,
    history: Vec<EventEnvelope>,
    commands: Vec<Command>,
}

impl System {
    fn lead(&self) -> Option<Lead> {
        replay(&self.history).expect("the history stays valid")
    }
}

impl StateMachineTest for System {
    type SystemUnderTest = System;
    type Reference = ModelMachine;

    fn init_test(_: &Model) -> System {
        System {
            machine: Machine::new(),
            history: Vec::new(),
            commands: Vec::new(),
        }
    }

    fn apply(mut sut: System, model: &Model, transition: Transition) -> System {
        let lead = sut.lead();
        let version = lead.as_ref().map_or(0, Lead::version);
        let at = t0() + chrono::TimeDelta::minutes(sut.commands.len() as i64);
        let fresh = |kind: ActionKind, version: u64, n: usize| {
            Command::new(
                LEAD,
                CommandId::from_u128(n as u128 + 1),
                admin(),
                at,
                version,
                sample(kind),
            )
        };
        match transition {
            Transition::Retry => {
                if let Some(id) = model.last_accepted {
                    let command = sut.commands[id as usize - 1].clone();
                    let decision = sut.machine.decide(lead.as_ref(), &command).unwrap();
                    assert!(decision.events().is_empty(), "a retry emits nothing");
                }
            }
            Transition::Stale(kind) => {
                let command = fresh(kind, version + 1, sut.commands.len());
                let result = sut.machine.decide(lead.as_ref(), &command);
                // Existence is checked before the version.
                assert!(
                    matches!(
                        result,
                        Err(Refusal::Conflict { .. }
                            | Refusal::LeadNotFound { .. }
                            | Refusal::LeadAlreadyExists { .. })
                    ),
                    "{result:?}"
                );
                sut.commands.push(command);
            }
            Transition::Send(kind) => {
                let command = fresh(kind, version, sut.commands.len());
                if let Ok(decision) = sut.machine.decide(lead.as_ref(), &command) {
                    sut.history.extend(decision.into_events());
                }
                sut.commands.push(command);
            }
        }
        sut
    }

    fn check_invariants(sut: &System, model: &Model) {
        let lead = sut.lead();
        assert_eq!(lead.as_ref().map(Lead::stage), model.stage);
        assert_eq!(lead.as_ref().map_or(0, Lead::version), model.version);
    }
}

prop_state_machine! {
    #![proptest_config(ProptestConfig::with_cases(256))]
    #[test]
    fn the_machine_follows_the_reference_model(sequential 1..60 => System);
}
