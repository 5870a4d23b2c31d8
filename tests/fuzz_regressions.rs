//! Every input kept under `tests/fuzz_regressions/<target>/` (crashes the fuzzers found,
//! and a few seeds) replayed through the same harness as the fuzz target of that name
//! (`tests/fuzz_support/mod.rs`, shared with `fuzz/`). A file that panics here is a bug.
#![cfg(all(feature = "serde", feature = "tz"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::pedantic
)]

mod fuzz_support;
#[cfg(feature = "config")]
#[path = "fuzz_support/pipeline.rs"]
mod fuzz_support_pipeline;

use std::path::Path;

#[test]
fn every_kept_input_runs_without_panicking() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut ran = 0;
    let mut targets = fuzz_support::TARGETS.to_vec();
    #[cfg(feature = "config")]
    targets.push((
        "load_pipeline",
        fuzz_support_pipeline::load_pipeline as fuzz_support::Harness,
    ));
    for (name, harness) in targets {
        let dir = root.join(name);
        let Ok(entries) = std::fs::read_dir(&dir) else {
            continue;
        };
        let mut files: Vec<_> = entries.map(|e| e.unwrap().path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap();
            harness(&data);
            ran += 1;
        }
    }
    assert!(ran > 0, "no inputs under {}", root.display());
}

#[test]
fn the_harnesses_accept_empty_and_garbage_input() {
    for (_, harness) in fuzz_support::TARGETS {
        harness(b"");
        harness(b"\x00\xff{[\"");
        harness(&[0xA5; 300]);
    }
}

/// The pipeline seeds (the golden pipeline, JSON and TOML) load, so the harness reaches the
/// machine, the SLA evaluator and the round trip on them.
#[cfg(feature = "config")]
#[test]
fn the_pipeline_seeds_validate() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions/load_pipeline");
    for name in ["seed-golden.json", "seed-golden.toml"] {
        let data = std::fs::read(root.join(name)).unwrap();
        let text = std::str::from_utf8(&data[1..]).unwrap();
        let loaded = if data[0] % 2 == 0 {
            leadflow::config::Pipeline::from_json_str(text)
        } else {
            leadflow::config::Pipeline::from_toml_str(text)
        };
        assert!(loaded.is_ok(), "{name}: {loaded:?}");
    }
    for garbage in [
        &b""[..],
        b"\x00",
        b"\x01",
        b"\x00{",
        b"\x01[[",
        &[0xA5; 300],
    ] {
        fuzz_support_pipeline::load_pipeline(garbage);
    }
}
