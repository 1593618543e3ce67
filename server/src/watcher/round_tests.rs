//! One round against a scripted upstream.

use super::*;
use crate::watcher::testing::{groups, jobs, ok, status, FakeApi};

const P: &str = "p1";

fn failures(offset: usize, group: Option<&str>) -> String {
    let filter = group.map(|g| format!("&server_group_id={g}")).unwrap_or_default();
    format!("/v1/{P}/task-center/failure-jobs?limit=1000&offset={offset}{filter}")
}

fn server_groups(offset: usize) -> String {
    format!("/v1/{P}/server-groups?limit=1000&offset={offset}")
}

async fn round(api: &FakeApi) -> Result<RoundReport, RoundError> {
    run_round(api, P, &CredentialLimiter::new(1000)).await
}

#[tokio::test(start_paused = true)]
async fn lists_group_level_failures_across_pages_of_a_thousand() {
    let api = FakeApi::new();
    api.on(&failures(0, None), ok(jobs("a", 0, 1000)))
        .on(&failures(1000, None), ok(jobs("a", 1000, 1005)))
        .on(&server_groups(0), ok(groups(&[])));
    let report = round(&api).await.unwrap();
    assert_eq!(report.seen.len(), 1005);
    assert!(report.seen.iter().all(|s| s.server_group_id.is_none()));
    assert_eq!(report.seen[1004].job.job_id, "a1004");
    assert_eq!(report.requests, 3);
    assert_eq!(
        api.asked(),
        [failures(0, None), failures(1000, None), server_groups(0)]
    );
}

#[tokio::test(start_paused = true)]
async fn lists_each_protection_groups_failures_under_its_id() {
    let api = FakeApi::new();
    api.on(&failures(0, None), ok(jobs("top", 0, 2)))
        .on(&server_groups(0), ok(groups(&["g1", "g2"])))
        .on(&failures(0, Some("g1")), ok(jobs("one", 0, 3)))
        .on(&failures(0, Some("g2")), ok(r#"{"failure_jobs":null}"#));
    let report = round(&api).await.unwrap();
    assert_eq!(report.groups, 2);
    let in_g1: Vec<&str> = report
        .seen
        .iter()
        .filter(|s| s.server_group_id.as_deref() == Some("g1"))
        .map(|s| s.job.job_id.as_str())
        .collect();
    assert_eq!(in_g1, ["one0", "one1", "one2"]);
    assert_eq!(report.seen.len(), 5);
    assert_eq!(
        api.asked(),
        [
            failures(0, None),
            server_groups(0),
            failures(0, Some("g1")),
            failures(0, Some("g2"))
        ]
    );
}

#[tokio::test(start_paused = true)]
async fn protection_groups_are_paged_too() {
    let api = FakeApi::new();
    let first: Vec<String> = (0..1000).map(|i| format!("g{i}")).collect();
    let first: Vec<&str> = first.iter().map(String::as_str).collect();
    api.on(&failures(0, None), ok(jobs("a", 0, 0)))
        .on(&server_groups(0), ok(groups(&first)))
        .on(&server_groups(1000), ok(groups(&["last"])));
    api.always(ok(jobs("x", 0, 0)));
    let report = round(&api).await.unwrap();
    assert_eq!(report.groups, 1001);
    assert!(api.asked().contains(&failures(0, Some("last"))));
    assert_eq!(report.requests, 1 + 2 + 1001);
}

#[tokio::test(start_paused = true)]
async fn a_throttled_call_ends_the_round_with_its_retry_after() {
    let api = FakeApi::new();
    api.on(
        &failures(0, None),
        status(
            429,
            Some(Duration::from_secs(7)),
            r#"{"error_code":"APIG.0308","error_msg":"The request is throttled."}"#,
        ),
    );
    assert_eq!(
        round(&api).await,
        Err(RoundError::Throttled {
            retry_after: Some(Duration::from_secs(7)),
            message: "HTTP 429 APIG.0308: The request is throttled.".into()
        })
    );
    assert_eq!(api.asked().len(), 1);
}

#[tokio::test(start_paused = true)]
async fn a_refused_credential_says_what_sdrs_said() {
    for code in [401, 403] {
        let api = FakeApi::new();
        api.on(&failures(0, None), ok(jobs("a", 0, 1))).on(
            &server_groups(0),
            status(
                code,
                None,
                r#"{"error":{"code":"SDRS.0002","message":"The token is invalid"}}"#,
            ),
        );
        assert_eq!(
            round(&api).await,
            Err(RoundError::Refused(format!(
                "HTTP {code} SDRS.0002: The token is invalid"
            )))
        );
    }
}

#[tokio::test(start_paused = true)]
async fn garbage_is_a_failed_round_not_a_panic() {
    for body in ["<html>502 Bad Gateway</html>", "[1,2]", "", "{\"failure_jobs\":"] {
        let api = FakeApi::new();
        api.on(&failures(0, None), ok(body));
        let outcome = round(&api).await;
        assert!(
            matches!(&outcome, Err(RoundError::Failed(m)) if m.contains("not a JSON object")),
            "{body}: {outcome:?}"
        );
    }
    let api = FakeApi::new();
    api.on(&failures(0, None), ok(jobs("a", 0, 1)))
        .on(&server_groups(0), ok("null"));
    assert!(matches!(round(&api).await, Err(RoundError::Failed(m)) if m.contains("protection group list")));
}

#[tokio::test(start_paused = true)]
async fn a_server_error_on_the_third_group_ends_the_round_without_a_result() {
    let api = FakeApi::new();
    api.on(&failures(0, None), ok(jobs("top", 0, 2)))
        .on(&server_groups(0), ok(groups(&["g1", "g2", "g3", "g4"])))
        .on(&failures(0, Some("g1")), ok(jobs("one", 0, 1)))
        .on(&failures(0, Some("g2")), ok(jobs("two", 0, 1)))
        .on(
            &failures(0, Some("g3")),
            status(
                500,
                None,
                r#"{"error":{"code":"SDRS.0013","message":"Internal error"}}"#,
            ),
        );
    assert_eq!(
        round(&api).await,
        Err(RoundError::Failed("HTTP 500 SDRS.0013: Internal error".into()))
    );
    // The round stopped there: g4 was not asked.
    assert_eq!(api.asked().last(), Some(&failures(0, Some("g3"))));
}

#[tokio::test(start_paused = true)]
async fn no_answer_and_unknown_statuses_fail_the_round() {
    let api = FakeApi::new();
    api.on(&failures(0, None), Err(Unreachable("connection refused".into())));
    assert_eq!(
        round(&api).await,
        Err(RoundError::Failed("no answer: connection refused".into()))
    );
    let api = FakeApi::new();
    api.on(&failures(0, None), status(502, None, "<h1>Bad gateway</h1>"));
    assert_eq!(
        round(&api).await,
        Err(RoundError::Failed("HTTP 502: Bad gateway".into()))
    );
    let api = FakeApi::new();
    api.on(&failures(0, None), status(503, None, ""));
    assert_eq!(round(&api).await, Err(RoundError::Failed("HTTP 503".into())));
}

#[tokio::test(start_paused = true)]
async fn unreadable_rows_are_counted_and_duplicates_listed_once() {
    let api = FakeApi::new();
    api.on(
        &failures(0, None),
        ok(r#"{"failure_jobs":[{"job_id":"j1"},"junk",{"job_id":""},{"job_id":"j1"},{"job_id":"j2"}]}"#),
    )
    .on(&server_groups(0), ok(groups(&["g1", "", "g1"])))
    .on(
        &failures(0, Some("g1")),
        ok(r#"{"failure_jobs":[{"job_id":"j2"},{"job_id":"j3"}]}"#),
    );
    let report = round(&api).await.unwrap();
    let ids: Vec<&str> = report.seen.iter().map(|s| s.job.job_id.as_str()).collect();
    assert_eq!(ids, ["j1", "j2", "j3"]);
    assert_eq!(report.unreadable_rows, 2);
    assert_eq!(report.groups, 1);
}

#[tokio::test(start_paused = true)]
async fn a_full_page_with_malformed_rows_still_asks_for_the_next() {
    let mut rows: Vec<String> = (0..999).map(|i| format!(r#"{{"job_id":"m{i}"}}"#)).collect();
    rows.push("42".into());
    let api = FakeApi::new();
    api.on(
        &failures(0, None),
        ok(format!(r#"{{"failure_jobs":[{}]}}"#, rows.join(","))),
    )
    .on(&failures(1000, None), ok(jobs("n", 0, 1)))
    .on(&server_groups(0), ok(groups(&[])));
    let report = round(&api).await.unwrap();
    assert_eq!(report.seen.len(), 1000);
    assert_eq!(report.unreadable_rows, 1);
}

#[tokio::test(start_paused = true)]
async fn an_upstream_answering_full_pages_forever_fails_the_round() {
    let api = FakeApi::new();
    api.always(ok(jobs("same", 0, 1000)));
    let outcome = run_round_with(api.as_ref(), P, &CredentialLimiter::new(1000), 3).await;
    assert_eq!(
        outcome,
        Err(RoundError::Failed(
            "the upstream answered more than 3 full pages of one list".into()
        ))
    );
    assert_eq!(api.asked().len(), 3);
}

#[tokio::test(start_paused = true)]
async fn ids_are_encoded_in_the_path_and_query() {
    let api = FakeApi::new();
    api.on(
        "/v1/p%2Fx/task-center/failure-jobs?limit=1000&offset=0",
        ok(jobs("a", 0, 0)),
    )
    .on(
        "/v1/p%2Fx/server-groups?limit=1000&offset=0",
        ok(groups(&["g 1&x=2"])),
    )
    .on(
        "/v1/p%2Fx/task-center/failure-jobs?limit=1000&offset=0&server_group_id=g%201%26x%3D2",
        ok(jobs("b", 0, 1)),
    );
    let report = run_round(api.as_ref(), "p/x", &CredentialLimiter::new(1000))
        .await
        .unwrap();
    assert_eq!(report.seen[0].server_group_id.as_deref(), Some("g 1&x=2"));
}

#[tokio::test(start_paused = true)]
async fn every_request_waits_for_the_credentials_rate() {
    let api = FakeApi::new();
    api.on(&failures(0, None), ok(jobs("top", 0, 1)))
        .on(&server_groups(0), ok(groups(&["g1", "g2", "g3"])));
    api.always(ok(jobs("x", 0, 0)));
    let start = tokio::time::Instant::now();
    let report = run_round(api.as_ref(), P, &CredentialLimiter::new(2))
        .await
        .unwrap();
    assert_eq!(report.requests, 5);
    // Five requests at two a second: the last one 2 s after the first.
    assert_eq!(start.elapsed(), Duration::from_secs(2));
}
