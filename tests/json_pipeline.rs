//! The JSON facade with a pipeline configuration: decided with the pipeline's machine, or
//! with the pipeline sent alongside the command.
#![cfg(all(feature = "json", feature = "config"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod support;

use leadflow::config::Pipeline;
use leadflow::json::{Request, decide_json, decide_json_configured, decide_json_with};
use leadflow::{Action, Command, Machine, Stage};
use serde_json::{Value, json};
use support::*;

const GOLDEN: &str = include_str!("golden/pipeline/v1/pipeline.json");

/// A request to set `sub_status` on a lead in Inquiry.
fn set_sub_status(sub_status: &str) -> Value {
    let mut scenario = given().in_stage(Stage::Inquiry);
    let command: Command = scenario.command(
        marketer(),
        Action::SetSubStatus {
            sub_status: Some(sub_status.to_owned()),
        },
    );
    serde_json::to_value(Request {
        command,
        history: scenario.history().to_vec(),
    })
    .unwrap()
}

fn parse(text: &str) -> Value {
    serde_json::from_str(text).unwrap()
}

#[test]
fn the_pipeline_machine_refuses_an_unknown_sub_status() {
    let pipeline = Pipeline::from_json_str(GOLDEN).unwrap();
    let request = set_sub_status("attempting_contact").to_string();
    // The default machine accepts any sub-status; the golden pipeline lists Inquiry's.
    assert_eq!(
        parse(&decide_json(&Machine::new(), &request))["type"],
        "events"
    );
    let response = parse(&decide_json_with(&pipeline, &request));
    assert_eq!(
        response,
        json!({"type": "refused", "refusal": {
            "type": "unknown_sub_status", "stage": "inquiry", "sub_status": "attempting_contact"
        }})
    );
    let ok = parse(&decide_json_with(
        &pipeline,
        &set_sub_status("enriching").to_string(),
    ));
    assert_eq!(ok["type"], "events");
    assert_eq!(ok["events"][0]["event"]["sub_status"], "enriching");
}

#[test]
fn a_request_may_carry_its_pipeline() {
    let mut request = set_sub_status("new");
    request["pipeline"] = parse(GOLDEN);
    let response = parse(&decide_json_configured(&request.to_string()));
    assert_eq!(response["type"], "events");

    let mut request = set_sub_status("nope");
    request["pipeline"] = parse(GOLDEN);
    let response = parse(&decide_json_configured(&request.to_string()));
    assert_eq!(response["refusal"]["type"], "unknown_sub_status");
}

#[test]
fn a_refused_pipeline_is_answered_with_its_path() {
    let mut request = set_sub_status("new");
    let mut pipeline = parse(GOLDEN);
    pipeline["sla"]["goals"][1]["target"]["calendar"] = json!("emea");
    request["pipeline"] = pipeline;
    let response = parse(&decide_json_configured(&request.to_string()));
    assert_eq!(
        response,
        json!({"type": "invalid_config", "path": "sla.goals[1].target.calendar",
               "message": "unknown calendar \"emea\""})
    );
}

#[test]
fn a_request_without_its_pipeline_is_invalid() {
    let request = set_sub_status("new");
    let response = parse(&decide_json_configured(&request.to_string()));
    assert_eq!(response["type"], "invalid_request");
    assert_eq!(
        parse(&decide_json_configured("[1, 2"))["type"],
        "invalid_request"
    );
}
