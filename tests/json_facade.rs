//! The JSON facade: every outcome is a structured response, and the wire format is golden.
#![cfg(feature = "json")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support;

use std::path::PathBuf;

use leadflow::json::{Request, Response, decide_json, decide_request};
use leadflow::{Action, Command, CommandId, Machine, Refusal, Stage};
use serde_json::{Value, json};
use support::*;

fn golden(name: &str) -> Value {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden/json/v1")
        .join(name);
    serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap()
}

#[test]
fn a_golden_request_gives_the_golden_response() {
    let request = golden("capture_request.json");
    let response: Value =
        serde_json::from_str(&decide_json(&Machine::new(), &request.to_string())).unwrap();
    assert_eq!(response, golden("capture_response.json"));
}

#[test]
fn refusals_are_structured() {
    let scenario = given().in_stage(Stage::Inquiry);
    let request = Request {
        command: Command::new(
            LEAD,
            CommandId::from_u128(77),
            rep(),
            t0() + chrono::TimeDelta::hours(1),
            1,
            Action::Accept,
        ),
        history: scenario.history().to_vec(),
    };
    let text = decide_json(&Machine::new(), &serde_json::to_string(&request).unwrap());
    let value: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(
        value,
        json!({"type": "refused", "refusal": {"type": "transition_not_allowed", "from": "inquiry", "action": "accept"}})
    );
    let typed: Response = serde_json::from_str(&text).unwrap();
    assert_eq!(
        typed,
        Response::Refused {
            refusal: Refusal::TransitionNotAllowed {
                from: Stage::Inquiry,
                action: leadflow::ActionKind::Accept
            }
        }
    );
}

#[test]
fn duplicates_and_bad_histories_and_bad_json_are_answered() {
    let scenario = given().in_stage(Stage::Mql);
    let history = scenario.history().to_vec();
    let resend = Command::new(
        LEAD,
        CommandId::from_u128(1),
        admin(),
        t0(),
        0,
        Action::capture(),
    );
    let response = decide_request(
        &Machine::new(),
        &Request {
            command: resend.clone(),
            history: history.clone(),
        },
    );
    assert_eq!(
        response,
        Response::Duplicate {
            command_id: CommandId::from_u128(1)
        }
    );

    let mut broken = history.clone();
    broken.remove(0);
    let response = decide_request(
        &Machine::new(),
        &Request {
            command: resend,
            history: broken,
        },
    );
    assert!(
        matches!(response, Response::InvalidHistory { ref error, .. } if error == "not_started_by_capture")
    );

    for bad in ["", "null", "{", r#"{"command": 3}"#, r#"{"history": []}"#] {
        let value: Value = serde_json::from_str(&decide_json(&Machine::new(), bad)).unwrap();
        assert_eq!(value["type"], "invalid_request", "{bad}");
    }
}
