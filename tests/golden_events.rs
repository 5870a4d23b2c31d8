//! Golden files: one JSON file per event kind, written once and never edited. Every later
//! version of the crate must still read them. Run with `LEADFLOW_BLESS=1` to write files
//! that do not exist yet (existing files are never overwritten).
#![cfg(feature = "serde")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support;

use std::path::PathBuf;

use leadflow::{
    Activity, ActivityKind, Actor, AttributeValue, Attributes, CommandId, Event, EventEnvelope,
    Owner, Reason, RejectTo, Role, SCHEMA_VERSION, Stage,
};
use support::{LEAD, eur, t0};

fn every_event() -> Vec<Event> {
    let attributes = Attributes::from([
        ("company".to_owned(), AttributeValue::text("Acme GmbH")),
        ("employees".to_owned(), AttributeValue::Number(250.0)),
        ("newsletter".to_owned(), AttributeValue::Bool(true)),
        (
            "founded".to_owned(),
            AttributeValue::Date(chrono::NaiveDate::from_ymd_opt(1999, 4, 1).unwrap()),
        ),
        (
            "interests".to_owned(),
            AttributeValue::List(vec!["crm".to_owned(), "sla".to_owned()]),
        ),
    ]);
    vec![
        Event::Captured {
            stage: Stage::Inquiry,
            owner: None,
            source: Some("webinar".into()),
            campaign: Some("spring-webinar".into()),
            attributes: attributes.clone(),
        },
        Event::AttributesUpdated {
            set: Attributes::from([("country".to_owned(), "DE".into())]),
            remove: vec!["newsletter".to_owned()],
        },
        Event::ActivityRecorded {
            activity: Activity::new(ActivityKind::Call, t0())
                .by("ana".into())
                .in_campaign("spring-webinar".into()),
        },
        Event::QualifiedMql,
        Event::HandedOff {
            to: Owner::queue("inbound-emea").in_team("emea"),
        },
        Event::Accepted {
            owner: Owner::user("ana").in_team("emea"),
        },
        Event::Rejected {
            reason: Reason::new("bad_timing").with_note("budget in Q3"),
            to: RejectTo::Nurture,
        },
        Event::QualifiedSql,
        Event::ConvertedToOpportunity {
            amount: eur(24_000_00),
            expected_close: chrono::NaiveDate::from_ymd_opt(2026, 6, 30),
        },
        Event::Won {
            amount: eur(22_500_00),
        },
        Event::Lost {
            reason: Reason::new("price"),
        },
        Event::Recycled {
            reason: Reason::new("not_ready"),
        },
        Event::Disqualified {
            reason: Reason::new("competitor"),
        },
        Event::PromotedToAdvocate,
        Event::Reassigned {
            from: Some(Owner::user("ana").in_team("emea")),
            to: Owner::user("bob").in_team("emea"),
        },
        Event::SubStatusSet {
            sub_status: Some("attempting_contact".to_owned()),
        },
        // Added after the first release of the format: new kinds go last, so the files
        // written before keep their sequence numbers.
        Event::OpportunityUpdated {
            amount: Some(eur(26_000_00)),
            expected_close: chrono::NaiveDate::from_ymd_opt(2026, 7, 15),
            forecast_category: Some(leadflow::ForecastCategory::Commit),
        },
    ]
}

fn envelope(n: u64, event: Event) -> EventEnvelope {
    EventEnvelope {
        lead_id: LEAD,
        seq: n,
        occurred_at: t0() + chrono::TimeDelta::minutes(n as i64),
        actor: Actor::new("ana", Role::SalesRep)
            .in_team("emea")
            .in_queue("inbound-emea"),
        command_id: CommandId::from_u128(1000 + u128::from(n)),
        schema_version: SCHEMA_VERSION,
        event,
    }
}

fn golden_dir(version: u16) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/events")
        .join(format!("v{version}"))
}

#[test]
fn every_event_kind_matches_its_golden_file() {
    let dir = golden_dir(SCHEMA_VERSION);
    let bless = std::env::var_os("LEADFLOW_BLESS").is_some();
    let events = every_event();
    assert_eq!(events.len(), 17, "one golden file per event kind");
    for (n, event) in events.into_iter().enumerate() {
        let expected = envelope(n as u64 + 1, event);
        let path = dir.join(format!("{}.json", expected.event.name()));
        if bless && !path.exists() {
            std::fs::create_dir_all(&dir).unwrap();
            let json = serde_json::to_string_pretty(&expected).unwrap();
            std::fs::write(&path, json + "\n").unwrap();
        }
        let text = std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{}: {e} (run with LEADFLOW_BLESS=1)", path.display()));
        let read: EventEnvelope = serde_json::from_str(&text).unwrap();
        assert_eq!(read, expected, "{}", path.display());
        // Writing gives the same document back.
        let written: serde_json::Value = serde_json::to_value(&expected).unwrap();
        let stored: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(written, stored, "{}", path.display());
    }
}

#[test]
fn every_golden_file_of_every_version_still_reads() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/golden/events");
    let mut read = 0;
    for version in std::fs::read_dir(&root).unwrap() {
        for file in std::fs::read_dir(version.unwrap().path()).unwrap() {
            let path = file.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            let envelope: EventEnvelope = serde_json::from_str(&text)
                .unwrap_or_else(|e| panic!("{} no longer reads: {e}", path.display()));
            assert!(envelope.schema_version <= SCHEMA_VERSION);
            read += 1;
        }
    }
    assert!(read >= 16);
}

#[test]
fn action_kinds_are_named_as_serialized() {
    for kind in leadflow::ActionKind::ALL {
        let json = serde_json::to_string(&kind).unwrap();
        assert_eq!(json, format!("\"{}\"", kind.as_str()));
        assert_eq!(kind.to_string(), kind.as_str());
    }
    assert_eq!(leadflow::ActionKind::HandOff.as_str(), "hand_off");
}

#[test]
fn zones_are_named_and_read_back_by_name() {
    use leadflow::Zone;
    let fixed = Zone::parse("+05:30").unwrap();
    assert_eq!(fixed.name(), "+05:30");
    assert_eq!(serde_json::to_string(&fixed).unwrap(), r#""+05:30""#);
    assert_eq!(serde_json::from_str::<Zone>(r#""+05:30""#).unwrap(), fixed);
    assert_eq!(Zone::utc().name(), "UTC");
    assert!(serde_json::from_str::<Zone>(r#""Mars/Olympus""#).is_err());
    #[cfg(feature = "tz")]
    {
        let new_york = Zone::parse("America/New_York").unwrap();
        assert_eq!(new_york.name(), "America/New_York");
        assert_eq!(
            serde_json::from_str::<Zone>(r#""America/New_York""#).unwrap(),
            new_york
        );
    }
}
