//! Fuzz target `replay_history`: see `tests/fuzz_support/mod.rs`, which holds the harness (shared with
//! the regression test `tests/fuzz_regressions.rs`).
#![no_main]

#[path = "../../tests/fuzz_support/mod.rs"]
mod fuzz_support;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    fuzz_support::replay_history(data);
});
