//! Properties of the lifecycle over random command sequences.
#![cfg(feature = "proptest")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use leadflow::strategies::{self, run_steps};
use leadflow::{
    Command, CommandId, Decision, Event, EventEnvelope, Lead, LeadId, Machine, evolve, replay,
};
use proptest::prelude::*;

fn live_states(history: &[EventEnvelope]) -> Vec<Lead> {
    let mut states = Vec::new();
    let mut lead: Option<Lead> = None;
    for envelope in history {
        let next = evolve(lead.take(), envelope);
        states.push(next.clone());
        lead = Some(next);
    }
    states
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn replay_equals_the_live_state(history in strategies::history(40)) {
        let states = live_states(&history);
        for (n, state) in states.iter().enumerate() {
            let replayed = replay(&history[..=n]).unwrap().unwrap();
            prop_assert_eq!(&replayed, state);
        }
    }

    #[test]
    fn sequence_numbers_are_contiguous_and_versions_follow(history in strategies::history(40)) {
        for (n, envelope) in history.iter().enumerate() {
            prop_assert_eq!(envelope.seq, n as u64 + 1);
        }
        if let Some(lead) = replay(&history).unwrap() {
            prop_assert_eq!(lead.version(), history.len() as u64);
        }
    }

    #[test]
    fn the_highest_stage_never_goes_down(history in strategies::history(40)) {
        let ranks: Vec<u8> = live_states(&history)
            .iter()
            .map(|l| l.highest_stage().progression_rank().unwrap())
            .collect();
        prop_assert!(ranks.windows(2).all(|w| w[0] <= w[1]));
    }

    #[test]
    fn a_decision_emits_nothing_or_the_next_event(
        history in strategies::history(30),
        (actor, action, gap, _) in strategies::command_parts(),
        id in 0u128..200,
    ) {
        let lead = replay(&history).unwrap();
        let at = lead.as_ref().map_or(chrono::DateTime::UNIX_EPOCH, Lead::last_event_at)
            + chrono::TimeDelta::minutes(gap);
        let version = lead.as_ref().map_or(0, Lead::version);
        let command = Command::new(LeadId::from_u128(0), CommandId::from_u128(id), actor, at, version, action);
        let command = Command { lead_id: lead.as_ref().map_or(command.lead_id, Lead::id), ..command };
        let first = Machine::new().decide(lead.as_ref(), &command);
        // Deciding is a pure function: the same inputs give the same answer.
        prop_assert_eq!(&first, &Machine::new().decide(lead.as_ref(), &command));
        match first {
            Err(_) => {}
            Ok(decision) => {
                let events = decision.into_events();
                if events.is_empty() {
                    // A duplicate: the command id was already applied.
                    prop_assert!(lead.as_ref().is_some_and(|l| l.has_processed(command.command_id)));
                    return Ok(());
                }
                prop_assert_eq!(events.len(), 1);
                prop_assert_eq!(events[0].seq, version + 1);
                prop_assert_eq!(events[0].command_id, command.command_id);
                prop_assert_eq!(&events[0].actor, &command.actor);
                let mut extended = history.clone();
                extended.extend(events);
                prop_assert!(replay(&extended).is_ok());
            }
        }
        if let Some(lead) = &lead {
            if lead.has_processed(command.command_id) {
                let again = Machine::new().decide(Some(lead), &command);
                let is_duplicate = matches!(again, Ok(Decision::Duplicate { .. }));
                prop_assert!(is_duplicate, "expected a duplicate, got {:?}", again);
            }
        }
    }

    #[test]
    fn a_repeated_command_id_emits_nothing_new(
        steps in proptest::collection::vec(strategies::step(), 1..30)
    ) {
        // Re-run every accepted command against the final state: all are duplicates.
        let history = run_steps(LeadId::from_u128(5), &steps);
        let lead = replay(&history).unwrap();
        for envelope in &history {
            let command = Command::new(
                envelope.lead_id,
                envelope.command_id,
                envelope.actor.clone(),
                envelope.occurred_at,
                envelope.seq - 1,
                leadflow::Action::QualifyMql,
            );
            let decision = Machine::new().decide(lead.as_ref(), &command);
            let is_duplicate = matches!(decision, Ok(Decision::Duplicate { .. }));
            prop_assert!(is_duplicate, "expected a duplicate, got {:?}", decision);
        }
    }

    #[test]
    fn a_refused_command_leaves_the_history_as_it_was(
        steps in proptest::collection::vec(strategies::step(), 1..30)
    ) {
        // run_steps skips refused commands; replaying what it kept gives a valid history,
        // and the number of events equals the number of accepted, non-duplicate commands.
        let history = run_steps(LeadId::from_u128(6), &steps);
        prop_assert!(replay(&history).is_ok());
        prop_assert!(history.len() <= steps.len());
        let mut ids: Vec<CommandId> = history.iter().map(|e| e.command_id).collect();
        ids.dedup();
        prop_assert_eq!(ids.len(), history.len(), "one event per command");
        let one_capture = history.iter().skip(1).all(|e| !matches!(e.event, Event::Captured { .. }));
        prop_assert!(one_capture, "only the first event is a capture");
    }
}

#[cfg(feature = "serde")]
proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn every_event_survives_a_serde_round_trip(history in strategies::history(40)) {
        for envelope in &history {
            let json = serde_json::to_string(envelope).unwrap();
            let back: EventEnvelope = serde_json::from_str(&json).unwrap();
            prop_assert_eq!(&back, envelope);
        }
        let lead = replay(&history).unwrap();
        let json = serde_json::to_string(&lead).unwrap();
        let back: Option<Lead> = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, lead);
    }

    #[test]
    fn every_command_survives_a_serde_round_trip((actor, action, _, _) in strategies::command_parts()) {
        let command = Command::new(LeadId::from_u128(1), CommandId::from_u128(2), actor,
            chrono::DateTime::UNIX_EPOCH, 3, action);
        let json = serde_json::to_string(&command).unwrap();
        let back: Command = serde_json::from_str(&json).unwrap();
        prop_assert_eq!(back, command);
    }
}

#[test]
fn a_retried_step_repeats_the_previous_command_id() {
    use leadflow::strategies::Step;
    use leadflow::{Action, Activity, ActivityKind, Actor, Role};
    let admin = Actor::new("admin", Role::Admin);
    let step = |action: Action, retry: bool| Step::Arbitrary {
        actor: admin.clone(),
        action,
        gap_minutes: 1,
        retry,
    };
    let touch = || Action::RecordActivity {
        activity: Activity::new(
            ActivityKind::Email,
            chrono::DateTime::from_timestamp(0, 0).unwrap(),
        ),
    };
    let lead = LeadId::from_u128(1);
    // A retry of the touch is the same command: a duplicate, no second event.
    let retried = run_steps(
        lead,
        &[
            step(Action::capture(), false),
            step(touch(), false),
            step(touch(), true),
        ],
    );
    assert_eq!(retried.len(), 2);
    let ids: Vec<u128> = retried
        .iter()
        .map(|e| e.command_id.as_uuid().as_u128())
        .collect();
    assert_eq!(ids, [0, 1]);
    // Without the retry flag it is a second touch.
    let twice = run_steps(
        lead,
        &[
            step(Action::capture(), false),
            step(touch(), false),
            step(touch(), false),
        ],
    );
    assert_eq!(twice.len(), 3);
}
