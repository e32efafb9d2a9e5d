//! Fuzz target `mailmap`: the checks are in `fuzz/checks.rs`, shared with `tests/fuzz_replay.rs`.
#![no_main]
#[allow(dead_code)]
#[path = "../checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::mailmap(data));
