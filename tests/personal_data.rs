//! Personal data does not reach `Debug`: a planted e-mail address in attribute values and in
//! a reason's free-text note is absent from the `Debug` output of the lead, its events, the
//! commands and the decisions, and is still readable through the explicit accessors.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use chrono::{TimeDelta, TimeZone, Utc};
use leadflow::{
    Action, Activity, ActivityKind, Actor, AttributeValue, Attributes, Command, CommandId, Entry,
    Event, LeadId, Machine, Owner, Reason, RejectTo, Role, replay,
};

const EMAIL: &str = "jo.planted@example.com";

#[test]
fn debug_of_lead_events_and_commands_does_not_contain_a_planted_email() {
    let machine = Machine::new();
    let lead_id = LeadId::from_u128(42);
    let t0 = Utc.with_ymd_and_hms(2026, 3, 2, 9, 0, 0).unwrap();
    let marketer = Actor::new("mia", Role::Marketer);
    let rep = Actor::new("ana", Role::SalesRep).in_team("emea");
    let attributes: Attributes = [
        ("email".to_owned(), AttributeValue::text(EMAIL)),
        (
            "aliases".to_owned(),
            AttributeValue::List(vec![EMAIL.to_owned()]),
        ),
    ]
    .into_iter()
    .collect();
    let steps = [
        (
            marketer.clone(),
            Action::Capture {
                entry: Entry::Inquiry,
                source: None,
                campaign: None,
                attributes,
            },
        ),
        (
            marketer.clone(),
            Action::UpdateAttributes {
                set: [("contact".to_owned(), AttributeValue::text(EMAIL))]
                    .into_iter()
                    .collect(),
                remove: Vec::new(),
            },
        ),
        (
            marketer.clone(),
            Action::RecordActivity {
                activity: Activity::new(ActivityKind::Email, t0),
            },
        ),
        (marketer.clone(), Action::QualifyMql),
        (
            marketer.clone(),
            Action::HandOff {
                to: Owner::user("ana").in_team("emea"),
            },
        ),
        (
            rep.clone(),
            Action::Reject {
                reason: Reason::new("bad_timing").with_note(format!("write to {EMAIL} in May")),
                to: RejectTo::Nurture,
            },
        ),
    ];
    let mut history = Vec::new();
    for (n, (actor, action)) in steps.into_iter().enumerate() {
        let lead = replay(&history).unwrap();
        let version = lead.as_ref().map_or(0, |l| l.version());
        let at = t0 + TimeDelta::minutes(i64::try_from(n).unwrap());
        let command = Command::new(
            lead_id,
            CommandId::from_u128(n as u128),
            actor,
            at,
            version,
            action,
        );
        let debug = format!("{command:?} {:#?}", command);
        assert!(!debug.contains(EMAIL), "command: {debug}");
        let decision = machine.decide(lead.as_ref(), &command).unwrap();
        let debug = format!("{decision:?}");
        assert!(!debug.contains(EMAIL), "decision: {debug}");
        history.extend(decision.into_events());
    }
    for envelope in &history {
        let debug = format!("{envelope:?} {:?}", envelope.event);
        assert!(!debug.contains(EMAIL), "event: {debug}");
    }
    let lead = replay(&history).unwrap().unwrap();
    let debug = format!("{lead:?} {lead:#?}");
    assert!(!debug.contains(EMAIL), "lead: {debug}");
    assert!(debug.contains("<redacted>"));

    // The explicit accessors still give the values.
    assert_eq!(
        lead.attributes()
            .get("email")
            .and_then(AttributeValue::as_text),
        Some(EMAIL)
    );
    let note = history.iter().find_map(|e| match &e.event {
        Event::Rejected { reason, .. } => reason.note().map(str::to_owned),
        _ => None,
    });
    assert_eq!(note, Some(format!("write to {EMAIL} in May")));
}

#[test]
fn a_reason_shows_its_code_but_not_its_note() {
    let reason = Reason::new("competitor").with_note(EMAIL);
    let debug = format!("{reason:?}");
    assert_eq!(
        debug,
        r#"Reason { code: "competitor", note: Some(<redacted>) }"#
    );
    assert_eq!(
        format!("{:?}", Reason::new("competitor")),
        r#"Reason { code: "competitor", note: None }"#
    );
    assert_eq!(reason.note(), Some(EMAIL));
    // Display is explicit and shows it.
    assert!(reason.to_string().contains(EMAIL));
}

#[test]
fn attribute_values_of_every_kind_are_redacted() {
    for value in [
        AttributeValue::text(EMAIL),
        AttributeValue::List(vec![EMAIL.to_owned()]),
        AttributeValue::number(4.0).unwrap(),
        AttributeValue::Bool(true),
    ] {
        let debug = format!("{value:?}");
        assert!(!debug.contains(EMAIL));
        assert_eq!(debug, format!("{}(<redacted>)", value.kind()));
    }
}
