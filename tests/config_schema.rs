//! The committed JSON Schema of the pipeline configuration matches the types. After a change
//! to the configuration types, run `LEADFLOW_BLESS=1 cargo test --features schema --test
//! config_schema` to rewrite `schema/pipeline.schema.json`, and review the diff.
#![cfg(feature = "schema")]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use std::path::PathBuf;

fn committed_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/pipeline.schema.json")
}

fn generated() -> String {
    let mut text = serde_json::to_string_pretty(&leadflow::config::json_schema()).unwrap();
    text.push('\n');
    text
}

#[test]
fn the_committed_schema_matches_the_types() {
    let generated = generated();
    let path = committed_path();
    if std::env::var_os("LEADFLOW_BLESS").is_some_and(|v| v == "1") {
        std::fs::write(&path, &generated).unwrap();
        return;
    }
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == generated,
        "schema/pipeline.schema.json is out of date: run \
         `LEADFLOW_BLESS=1 cargo test --features schema --test config_schema` and commit it"
    );
}

#[test]
fn the_schema_describes_the_top_level_sections() {
    let schema = leadflow::config::json_schema();
    let properties = schema["properties"].as_object().unwrap();
    let names: Vec<&str> = properties.keys().map(String::as_str).collect();
    for section in [
        "version",
        "transitions",
        "sub_statuses",
        "calendars",
        "scoring",
        "qualification",
        "queues",
        "routing",
        "sla",
        "commitments",
    ] {
        assert!(names.contains(&section), "{section} missing from {names:?}");
    }
    assert_eq!(schema["required"], serde_json::json!(["version"]));
    assert_eq!(schema["additionalProperties"], serde_json::json!(false));
}

#[test]
fn the_golden_pipeline_has_only_schema_known_sections() {
    let golden: serde_json::Value =
        serde_json::from_str(include_str!("golden/pipeline/v1/pipeline.json")).unwrap();
    let schema = leadflow::config::json_schema();
    for key in golden.as_object().unwrap().keys() {
        assert!(schema["properties"].get(key).is_some(), "{key}");
    }
}
