//! The Task Center client in the browser, against a running
//! sdrs-console-server (emulate mode) whose URL is `SDRS_TEST_API` at build
//! time (scripts/test sets it).
#![cfg(target_arch = "wasm32")]

use sdrs_console::api::{ApiClient, ErrorKind, LatestRequest, TokenSource};
use sdrs_console::models::FailureJobQuery;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const PROJECT: &str = "0123456789abcdef0123456789abcdef";

fn api_base() -> &'static str {
    match option_env!("SDRS_TEST_API") {
        Some(url) => url,
        None => panic!("SDRS_TEST_API: the URL of a running sdrs-console-server, at build time"),
    }
}

fn client() -> ApiClient {
    ApiClient::new(api_base(), PROJECT, TokenSource::None)
}

#[wasm_bindgen_test]
async fn lists_a_page_of_failed_tasks() {
    let page = client()
        .list_failure_jobs(&FailureJobQuery::default().with_limit(20), None)
        .await
        .unwrap();
    assert_eq!(page.failure_jobs.len(), 20);
    assert!(page.count.unwrap() >= 20);
    assert!(page.failure_jobs.iter().all(|j| !j.job_id.is_empty()));
}

#[wasm_bindgen_test]
async fn unknown_project_is_an_http_error_with_request_id() {
    let other = ApiClient::new(api_base(), "ffffffffffffffffffffffffffffffff", TokenSource::None);
    let err = other
        .list_failure_jobs(&FailureJobQuery::default(), None)
        .await
        .unwrap_err();
    assert!(matches!(err.kind, ErrorKind::Http(s) if s >= 400), "{err:?}");
    assert!(err.request_id.is_some(), "{err:?}");
}

#[wasm_bindgen_test]
async fn a_superseded_request_is_aborted() {
    let latest = LatestRequest::default();
    let first = latest.begin();
    let second = latest.begin();
    let c = client();
    let q = FailureJobQuery::default();
    let (old, new) = futures::join!(
        c.list_failure_jobs(&q, first.signal.as_ref()),
        c.list_failure_jobs(&q, second.signal.as_ref())
    );
    assert_eq!(old.unwrap_err().kind, ErrorKind::Aborted);
    assert!(!latest.is_current(&first));
    assert!(latest.is_current(&second));
    assert!(new.is_ok());
}
