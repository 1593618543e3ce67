//! Property tests: whatever a server or a URL holds, decoding and parsing
//! never panic, and what the console builds round-trips. `scripts/test`
//! runs the default case count; `scripts/fuzz` runs the libFuzzer targets
//! for long runs.

use proptest::prelude::*;
use sdrs_models::paging::{MoreRows, Paging};
use sdrs_models::{parse_error_body, FailureJobList, FailureJobQuery, JobStatusRecord, ProtectionGroupList};

/// JSON-like text: fragments of real responses glued at random, so the
/// decoder meets both near-valid and broken documents.
fn jsonish() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "{",
        "}",
        "[",
        "]",
        ",",
        ":",
        "\"count\"",
        "\"failure_jobs\"",
        "\"job_id\"",
        "\"error_code\"",
        "null",
        "true",
        "-1",
        "1e999",
        "\"x\"",
        "\"\\u0000\"",
        "\"<script>\"",
        "0",
        "\"2019-01-21T12:56:35.754Z\"",
        "\"entities\"",
        "\"sub_jobs\"",
        "\"server_groups\"",
        "\"error\"",
        "\"code\"",
        "\"message\"",
        "\"\\ud800\"",
    ]);
    prop::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn list_of_rows() -> impl Strategy<Value = String> {
    let value = prop_oneof![
        Just("null".to_owned()),
        any::<i64>().prop_map(|n| n.to_string()),
        "[a-zA-Z0-9 <>&\"'\\\\]{0,12}".prop_map(|s| serde_json::to_string(&s).unwrap()),
        Just("{\"nested\":[1,2]}".to_owned()),
        Just("[]".to_owned()),
    ];
    let key = prop::sample::select(vec![
        "job_id",
        "job_type",
        "job_status",
        "failure_status",
        "resource_id",
        "resource_name",
        "resource_type",
        "begin_time",
        "error_code",
        "fail_reason",
        "extra",
    ]);
    let row = prop::collection::vec((key, value.clone()), 0..8).prop_map(|fields| {
        let body: Vec<String> = fields.iter().map(|(k, v)| format!("\"{k}\":{v}")).collect();
        format!("{{{}}}", body.join(","))
    });
    let element = prop_oneof![row, value];
    (
        prop::collection::vec(element, 0..20),
        prop::option::of(any::<i64>()),
    )
        .prop_map(|(rows, count)| {
            let count = count.map(|c| format!("\"count\":{c},")).unwrap_or_default();
            format!("{{{count}\"failure_jobs\":[{}]}}", rows.join(","))
        })
}

proptest! {
    // PROPTEST_CASES sets the case count (scripts/fuzz runs long ones).
    #![proptest_config(ProptestConfig { failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn decoding_never_panics(text in jsonish()) {
        let _ = FailureJobList::from_json(&text);
        let _ = JobStatusRecord::from_json(&text);
        let _ = ProtectionGroupList::from_json(&text);
        let d = parse_error_body(500, &text);
        prop_assert!(d.message.chars().count() <= sdrs_models::error::EXCERPT_CHARS + 1 || d.from_envelope);
    }

    #[test]
    fn a_list_of_odd_rows_always_decodes(text in list_of_rows()) {
        let list = FailureJobList::from_json(&text).unwrap();
        let elements = serde_json::from_str::<serde_json::Value>(&text).unwrap()["failure_jobs"].as_array().unwrap().len();
        prop_assert_eq!(list.failure_jobs.len() + list.malformed_rows, elements);
    }

    #[test]
    fn arbitrary_text_never_panics(text in any::<String>()) {
        let _ = FailureJobList::from_json(&text);
        let _ = parse_error_body(502, &text);
        let q = FailureJobQuery::from_query_string(&text);
        prop_assert!((1..=1000).contains(&q.limit()));
    }

    #[test]
    fn query_strings_are_stable(text in "[a-z_=&%+#0-9A-F数 -]{0,60}") {
        let once = FailureJobQuery::from_query_string(&text);
        let twice = FailureJobQuery::from_query_string(&once.to_query_string());
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn names_round_trip(name in "\\PC{1,40}", offset in 0u64..1_000_000, limit in 0u64..5000) {
        let mut q = FailureJobQuery::default().with_limit(limit).with_offset(offset);
        q.resource_name = Some(name.clone());
        let back = FailureJobQuery::from_query_string(&q.to_query_string());
        prop_assert_eq!(back, q.normalized());
    }

    #[test]
    fn paging_is_consistent(offset in 0u64..10_000, limit in 1u32..=1000, rows in 0usize..=1000, count in prop::option::of(0u64..20_000)) {
        let rows = rows.min(limit as usize);
        let p = Paging::from_response(offset, limit, rows, count);
        if let Some(total) = p.total {
            prop_assert!(total >= offset + rows as u64 || rows == 0);
            prop_assert_eq!(p.more == MoreRows::Yes, total > offset + rows as u64);
        }
        if let Some((from, to)) = p.row_range() {
            prop_assert!(from <= to && to == offset + rows as u64);
        }
        for b in p.page_buttons(2).into_iter().flatten() {
            prop_assert!(b < p.page_count().unwrap());
        }
    }
}
