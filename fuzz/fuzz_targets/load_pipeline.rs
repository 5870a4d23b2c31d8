//! Fuzz target `load_pipeline`: see `tests/fuzz_support/pipeline.rs`, which holds the harness
//! (shared with the regression test `tests/fuzz_regressions.rs`).
#![no_main]

#[path = "../../tests/fuzz_support/pipeline.rs"]
mod pipeline;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    pipeline::load_pipeline(data);
});
