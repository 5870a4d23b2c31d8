//! A cloned lead evolves exactly as the original does (the clone keeps spare room in its
//! lists, and `evolve` skips re-cloning an accepted owner that is already the lead's own).
#![cfg(feature = "proptest")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use chrono::{TimeZone, Utc};
use leadflow::strategies;
use leadflow::{
    Action, Actor, Command, CommandId, Event, Lead, LeadId, Machine, Owner, Role, replay,
};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn a_clone_evolves_as_the_original(history in strategies::history(30)) {
        let mut original: Option<Lead> = None;
        for (n, envelope) in history.iter().enumerate() {
            if let Some(lead) = &mut original {
                let mut clone = lead.clone();
                prop_assert_eq!(&clone, &*lead);
                clone.evolve(envelope);
                lead.evolve(envelope);
                prop_assert_eq!(&clone, &*lead);
                prop_assert_eq!(&replay(&history[..=n]).unwrap().unwrap(), &*lead);
            } else {
                original = Some(Lead::start(envelope));
            }
        }
    }
}

/// An owner accepting keeps the same owner whether the event's owner shares the lead's
/// allocations (as `decide` makes it) or is an equal owner built apart.
#[test]
fn an_accepting_owner_keeps_the_owner_shared_or_not() {
    let machine = Machine::new();
    let at = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let admin = Actor::new("admin", Role::Admin);
    let id = LeadId::from_u128(7);
    let actions = [
        Action::capture(),
        Action::QualifyMql,
        Action::HandOff {
            to: Owner::user("ana").in_team("emea"),
        },
    ];
    let mut history = Vec::new();
    for (n, action) in actions.into_iter().enumerate() {
        let lead = replay(&history).unwrap();
        let command = Command::new(
            id,
            CommandId::from_u128(n as u128),
            admin.clone(),
            at,
            n as u64,
            action,
        );
        history.extend(
            machine
                .decide(lead.as_ref(), &command)
                .unwrap()
                .into_events(),
        );
    }
    let lead = replay(&history).unwrap().unwrap();
    let ana = Actor::new("ana", Role::SalesRep).in_team("emea");
    let accept = Command::new(
        id,
        CommandId::from_u128(9),
        ana,
        at,
        lead.version(),
        Action::Accept,
    );
    let decided = machine.decide(Some(&lead), &accept).unwrap().into_events();
    assert_eq!(decided.len(), 1);
    assert!(
        matches!(&decided[0].event, Event::Accepted { owner } if *owner == Owner::user("ana").in_team("emea"))
    );

    // The event as decided (the owner cloned from the lead's) ...
    let mut shared = lead.clone();
    shared.evolve(&decided[0]);
    // ... and the same event with an owner built apart (equal text, other allocations).
    let mut apart_envelope = decided[0].clone();
    apart_envelope.event = Event::Accepted {
        owner: Owner::user("ana").in_team("emea"),
    };
    let mut apart = lead.clone();
    apart.evolve(&apart_envelope);

    assert_eq!(shared, apart);
    assert_eq!(shared.owner(), Some(&Owner::user("ana").in_team("emea")));
    assert_eq!(shared.version(), lead.version() + 1);
}
