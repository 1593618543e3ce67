//! Any error body gives a code and a bounded message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdrs_models::error::{parse_error_body, EXCERPT_CHARS};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let detail = parse_error_body(502, &text);
    assert!(detail.from_envelope || detail.message.chars().count() <= EXCERPT_CHARS + 1);
    assert!(!detail.code.is_empty() || detail.from_envelope);
});
