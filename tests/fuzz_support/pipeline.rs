//! The harness of the fuzz target `load_pipeline`, shared by `fuzz/` (which includes this file
//! by path, beside `mod.rs`) and by `tests/fuzz_regressions.rs` (feature `config`), which
//! replays every input kept under `tests/fuzz_regressions/load_pipeline/`.
#![allow(
    dead_code,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

use chrono::{DateTime, TimeDelta, Utc};
use leadflow::config::Pipeline;
use leadflow::{Action, Actor, Command, CommandId, LeadId, Role, replay};

/// Load and validate a pipeline configuration: the first byte picks the reader (even: JSON,
/// odd: TOML), the rest is the document. A pipeline that validates builds its machine, which
/// captures and qualifies a lead; its SLA evaluator builds (it was validated against the same
/// calendars); its calendars answer; and it survives a JSON round trip unchanged.
pub fn load_pipeline(data: &[u8]) {
    let Some((&which, text)) = data.split_first() else {
        return;
    };
    let Ok(text) = std::str::from_utf8(text) else {
        return;
    };
    let loaded = if which % 2 == 0 {
        Pipeline::from_json_str(text)
    } else {
        Pipeline::from_toml_str(text)
    };
    let pipeline = match loaded {
        Ok(pipeline) => pipeline,
        Err(error) => {
            let _ = error.to_string();
            return;
        }
    };

    let at = DateTime::<Utc>::from_timestamp(1_772_442_000, 0).unwrap(); // 2026-03-02 09:00Z
    let machine = pipeline.machine();
    let mia = Actor::new("mia", Role::Marketer);
    let id = LeadId::from_u128(1);
    let capture = Command::new(
        id,
        CommandId::from_u128(1),
        mia.clone(),
        at,
        0,
        Action::capture(),
    );
    if let Ok(decision) = machine.decide(None, &capture) {
        let mut history = decision.into_events();
        let lead = replay(&history).unwrap().unwrap();
        let qualify = Command::new(id, CommandId::from_u128(2), mia, at, 1, Action::QualifyMql);
        if let Ok(decision) = machine.decide(Some(&lead), &qualify) {
            history.extend(decision.into_events());
            assert!(replay(&history).is_ok());
        }
        let evaluator = pipeline
            .sla_evaluator()
            .expect("the SLA policy was validated against these calendars");
        if let Some(evaluator) = evaluator {
            let _ = evaluator.evaluate(&history, at + TimeDelta::days(3));
        }
    }
    for calendar in pipeline.calendars().values() {
        let _ = calendar.is_open(at);
        let _ = calendar.add(at, TimeDelta::hours(4));
        let _ = calendar.elapsed(at, at + TimeDelta::days(7));
    }
    let roster = pipeline.roster();
    let _ = pipeline.router(&roster);
    let _ = format!("{pipeline:?}");

    // What validated, written back as JSON, reads back as the same pipeline.
    let json = serde_json::to_string(&pipeline).unwrap();
    let again = Pipeline::from_json_str(&json)
        .unwrap_or_else(|e| panic!("the written pipeline does not load again: {e}\n{json}"));
    assert_eq!(again, pipeline, "{json}");
}
