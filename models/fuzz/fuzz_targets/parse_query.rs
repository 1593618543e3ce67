//! Any page URL query parses; what the console sends parses back the same.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdrs_models::FailureJobQuery;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let once = FailureJobQuery::from_query_string(&text);
    assert!((1..=1000).contains(&once.limit()));
    let again = FailureJobQuery::from_query_string(&once.to_query_string());
    assert_eq!(once, again);
});
