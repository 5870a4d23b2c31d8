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

use std::path::Path;

#[test]
fn every_kept_input_runs_without_panicking() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut ran = 0;
    for (name, harness) in fuzz_support::TARGETS {
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
