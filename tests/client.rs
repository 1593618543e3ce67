//! The Task Center client in the browser, against a running
//! sdrs-console-server (emulate mode) whose URL is `SDRS_TEST_API` at build
//! time (scripts/test sets it).
//!
//! Answers the emulator cannot give by itself (envelopes, HTML pages,
//! hostile bodies, delays) are queued with `POST /__emulator/faults`. A
//! fault that answers does so before the project id is checked, so each
//! such test uses a project id of its own (`client-...`) as the fault's
//! `path_prefix`: no other test's request can consume it, and one left
//! behind by a failed test harms nobody.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use sdrs_console::api::{ApiClient, ErrorKind, LatestRequest, TokenProvider, TokenSource};
use sdrs_console::models::query::encode_component;
use sdrs_console::models::{FailureJobQuery, FailureStatus, ResourceKind};
use serde_json::json;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn client() -> ApiClient {
    ApiClient::new(api_base(), PROJECT, TokenSource::None)
}

/// A client of a project id only this test uses, and the path prefix of
/// its list calls.
/// A fresh suffix per run, so that the request log of an earlier run on
/// the same server never counts.
/// The id of the seeded group tests may add jobs to.
async fn sandbox_group(c: &ApiClient) -> String {
    let groups = c.protection_groups(1000, 0).await.unwrap();
    groups
        .server_groups
        .iter()
        .find(|g| g.name == "test-drill-sandbox")
        .unwrap_or(&groups.server_groups[1])
        .id
        .clone()
}

fn scoped(project: &str) -> (ApiClient, String) {
    let project = format!("{project}-{}", run_id());
    (
        ApiClient::new(api_base(), &project, TokenSource::None),
        list_path(&project),
    )
}

fn all_rows() -> FailureJobQuery {
    FailureJobQuery::default().with_limit(1000)
}

/// Requests the emulator saw whose path and query contain `needle`.
async fn seen_with(needle: &str) -> Vec<serde_json::Value> {
    seen_requests()
        .await
        .into_iter()
        .filter(|r| r["path"].as_str().is_some_and(|p| p.contains(needle)))
        .collect()
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

#[wasm_bindgen_test]
async fn every_filter_is_sent_and_applied() {
    let c = client();
    let groups = c.protection_groups(1000, 0).await.unwrap();
    assert!(groups.server_groups.len() >= 10, "{groups:?}");
    // The seeded first group has over 1000 failures.
    let group = groups.server_groups[0].id.clone();
    let base = query(|q| {
        q.failure_status = Some(FailureStatus::CreateFail);
        q.resource_type = Some(ResourceKind::ProtectedInstance);
        q.server_group_id = Some(group.clone());
    });
    let wide = c
        .list_failure_jobs(&base.clone().with_limit(1000), None)
        .await
        .unwrap();
    assert!(
        wide.failure_jobs.len() > 3,
        "too few rows to filter: {}",
        wide.failure_jobs.len()
    );
    for j in &wide.failure_jobs {
        assert_eq!(j.failure_status, FailureStatus::CreateFail, "{j:?}");
        // Both spellings (`protected_instances`, `protectedInstance`) count.
        assert_eq!(
            j.resource_type.kind(),
            Some(ResourceKind::ProtectedInstance),
            "{j:?}"
        );
    }

    // A name fragment, upper-cased: the emulator matches any case.
    let name = &wide.failure_jobs[0].resource_name;
    let fragment: String = name.chars().take(6).collect::<String>().to_uppercase();
    let matching: Vec<String> = wide
        .failure_jobs
        .iter()
        .filter(|j| j.resource_name.to_lowercase().contains(&fragment.to_lowercase()))
        .map(|j| j.job_id.clone())
        .collect();
    assert!(matching.len() >= 2, "fragment {fragment:?} matches {matching:?}");

    let mut narrow = base.with_limit(2).with_offset(1);
    narrow.resource_name = Some(fragment.clone());
    let page = c.list_failure_jobs(&narrow, None).await.unwrap();
    let ids: Vec<String> = page.failure_jobs.iter().map(|j| j.job_id.clone()).collect();
    let expected: Vec<String> = matching.iter().skip(1).take(2).cloned().collect();
    assert_eq!(ids, expected, "offset 1, limit 2 of the name-filtered rows");

    let sent = seen_with(&format!("resource_name={}", encode_component(&fragment))).await;
    let path = sent.last().expect("the filtered request in the log")["path"]
        .as_str()
        .unwrap()
        .to_owned();
    for part in [
        "failure_status=createFail",
        "resource_type=protected_instances",
        &format!("server_group_id={group}"),
        "limit=2",
        "offset=1",
    ] {
        assert!(path.contains(part), "{part} missing from {path}");
    }
}

#[wasm_bindgen_test]
async fn text_reaches_the_server_intact() {
    let c = client();
    let group = sandbox_group(&c).await;
    let name = "q&a #1 100% + x=y?z/ünï 数据 \u{202e}rtl";
    let stored = add_job(json!({
        "job_type": "createProtectedInstance",
        "failure_status": "createFail",
        "resource_name": name,
        "resource_type": "protected_instances",
        "error_code": "SDRS.1820",
        "fail_reason": "encoding check",
        "server_group_id": group,
    }))
    .await;
    let resource_id = stored["resource_id"].as_str().unwrap().to_owned();

    let q = query(|q| {
        q.server_group_id = Some(group.clone());
        q.resource_name = Some(name.into());
    });
    let found = c.list_failure_jobs(&q, None).await;
    // Clean up before asserting: the task must not outlive the test.
    let deleted = c.delete_failure_job(&resource_id).await;
    let found = found.unwrap();
    assert_eq!(found.failure_jobs.len(), 1, "{found:?}");
    assert_eq!(found.failure_jobs[0].resource_name, name);
    deleted.unwrap();

    let encoded = encode_component(name);
    for raw in ["&", "#", "+", " ", "=", "?", "/", "数"] {
        assert!(!encoded.contains(raw), "{raw:?} left unencoded in {encoded}");
    }
    assert!(encoded.contains("100%25%20%2B"), "{encoded}");
    let sent = seen_with(&format!("resource_name={encoded}&")).await;
    assert!(!sent.is_empty(), "no request carried resource_name={encoded}");

    let gone = c.list_failure_jobs(&q, None).await.unwrap();
    assert!(gone.failure_jobs.is_empty(), "the task survived its delete");
}

#[wasm_bindgen_test]
async fn every_error_envelope_gives_code_message_and_request_id() {
    let cases = [
        (
            400,
            r#"{"error":{"code":"SDRS.0221","message":"limit is invalid"}}"#,
            "SDRS.0221",
            "limit is invalid",
        ),
        (
            400,
            r#"{"badrequest":{"code":"SDRS.0201","message":"bad parameter"}}"#,
            "SDRS.0201",
            "bad parameter",
        ),
        (
            404,
            r#"{"itemNotFound":{"code":"SDRS.1013","message":"no such group"}}"#,
            "SDRS.1013",
            "no such group",
        ),
        (
            401,
            r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}"#,
            "APIGW.0301",
            "Incorrect IAM authentication information",
        ),
        (
            403,
            r#"{"errorCode":"IAM.0002","errorMsg":"denied"}"#,
            "IAM.0002",
            "denied",
        ),
        (
            500,
            r#"{"wrapper":{"error_code":"SDRS.0013","error_msg":"internal"}}"#,
            "SDRS.0013",
            "internal",
        ),
    ];
    for (i, (status, body, code, message)) in cases.into_iter().enumerate() {
        let (c, prefix) = scoped(&format!("client-envelope-{i}"));
        Fault::on(&prefix).status(status).body(body).queue().await;
        let err = c.list_failure_jobs(&all_rows(), None).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Http(status), "{body}");
        assert_eq!(
            (err.code.as_str(), err.message.as_str()),
            (code, message),
            "{body}"
        );
        let id = err.request_id.clone().unwrap_or_default();
        assert!(is_request_id(&id), "request id {id:?} for {body}");
        assert!(err.summary().contains(&id), "{}", err.summary());
    }
}

#[wasm_bindgen_test]
async fn every_error_status_with_and_without_a_body() {
    for status in [401u16, 403, 404, 429, 500, 502, 503, 504] {
        let (c, prefix) = scoped(&format!("client-status-{status}"));
        Fault::on(&prefix)
            .status(status)
            .body(format!(
                r#"{{"error":{{"code":"SDRS.X{status}","message":"m{status}"}}}}"#
            ))
            .queue()
            .await;
        Fault::on(&prefix).status(status).body("").queue().await;
        let with = c.list_failure_jobs(&all_rows(), None).await.unwrap_err();
        assert_eq!(with.kind, ErrorKind::Http(status));
        assert_eq!(with.code, format!("SDRS.X{status}"));
        assert_eq!(with.message, format!("m{status}"));
        let empty = c.list_failure_jobs(&all_rows(), None).await.unwrap_err();
        assert_eq!(empty.kind, ErrorKind::Http(status));
        assert_eq!(
            (empty.code.as_str(), empty.message.as_str()),
            (status.to_string().as_str(), "")
        );
        assert!(
            empty.request_id.as_deref().is_some_and(is_request_id),
            "{empty:?}"
        );
        assert_eq!(empty.is_transient(), status == 429 || status >= 500, "{status}");
        assert_eq!(empty.is_unauthorized(), status == 401);
    }
}

#[wasm_bindgen_test]
async fn a_gateway_html_page_gives_the_status_and_a_text_excerpt() {
    let (c, prefix) = scoped("client-html-502");
    let page = "<html>\n<head><title>502 Bad Gateway</title><script>var x = 1;</script></head>\n\
                <body><center><h1>502 Bad Gateway</h1></center><hr><center>nginx/1.25</center></body></html>";
    Fault::on(&prefix)
        .status(502)
        .body(page)
        .content_type("text/html")
        .queue()
        .await;
    let err = c.list_failure_jobs(&all_rows(), None).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Http(502));
    assert_eq!(err.code, "502");
    assert!(err.message.contains("502 Bad Gateway"), "{:?}", err.message);
    assert!(err.message.contains("nginx/1.25"), "{:?}", err.message);
    assert!(!err.message.contains('<'), "markup kept: {:?}", err.message);
    assert!(err.request_id.as_deref().is_some_and(is_request_id), "{err:?}");
}

#[wasm_bindgen_test]
async fn bodies_that_are_not_a_list_are_decode_errors() {
    let cases = [
        (
            "<!doctype html><html><body><h1>Portal login</h1></body></html>",
            "text/html",
            "Portal login",
        ),
        (r#"[{"job_id":"a"}]"#, "application/json", "job_id"),
        (
            r#"{"count":1,"failure_jobs":[{"job_id":"a""#,
            "application/json",
            "job_id",
        ),
        ("", "application/json", ""),
        ("null", "application/json", "null"),
    ];
    for (i, (body, ct, shown)) in cases.into_iter().enumerate() {
        let (c, prefix) = scoped(&format!("client-decode-{i}"));
        Fault::on(&prefix)
            .status(200)
            .body(body)
            .content_type(ct)
            .queue()
            .await;
        let err = c.list_failure_jobs(&all_rows(), None).await.unwrap_err();
        assert_eq!(err.kind, ErrorKind::Decode, "{body:?}: {err:?}");
        assert_eq!(err.code, "200", "{body:?}");
        assert!(err.message.contains(shown), "{body:?}: {:?}", err.message);
        assert!(!err.message.contains('<'), "markup kept: {:?}", err.message);
        assert!(err.request_id.as_deref().is_some_and(is_request_id), "{err:?}");
        assert!(!err.is_transient() && !err.is_abort());
    }
}

/// The console links with a 512 KiB stack (`.cargo/config.toml`). The
/// deepest decoding must fit in it: JSON nested up to serde_json's recursion
/// limit on both decode paths (streaming, and the `Value` fallback a
/// repeated key takes); deeper nesting is skipped (streaming) or an error
/// (fallback), never a trap.
#[wasm_bindgen_test]
async fn deep_nesting_decodes_within_the_stack() {
    let row = |repeated_key: bool, depth: usize| {
        let nest = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let extra = if repeated_key { r#""job_id":"b","# } else { "" };
        format!(r#"{{"count":1,"failure_jobs":[{{"job_id":"a",{extra}"fail_reason":{nest}}}]}}"#)
    };
    let cases = [
        (row(false, 120), true),
        (row(true, 120), true),
        (row(false, 20_000), true),
        (row(true, 20_000), false),
    ];
    for (i, (body, decodes)) in cases.into_iter().enumerate() {
        let (c, prefix) = scoped(&format!("client-deep-{i}"));
        Fault::on(&prefix).status(200).body(body).queue().await;
        let result = c.list_failure_jobs(&all_rows(), None).await;
        if decodes {
            let list = result.unwrap_or_else(|e| panic!("case {i}: {e:?}"));
            assert_eq!(list.failure_jobs.len(), 1, "case {i}");
            assert_eq!(list.failure_jobs[0].fail_reason, None, "case {i}");
        } else {
            assert_eq!(result.unwrap_err().kind, ErrorKind::Decode, "case {i}");
        }
    }
}

#[wasm_bindgen_test]
async fn lenient_lists_decode() {
    let cases = [
        // failure_jobs null: an empty page.
        (r#"{"count":0,"failure_jobs":null}"#, 0, 0, Some(0)),
        // Absent: the same.
        (r#"{"count":3}"#, 0, 0, Some(3)),
        // Rows that are not objects are dropped and counted.
        (
            r#"{"count":6,"failure_jobs":[{"job_id":"a"},"junk",7,null,[1],{"job_id":"b","extra":{"x":1}}]}"#,
            2,
            4,
            Some(6),
        ),
        // count as a string; wrong scalar types in a row.
        (
            r#"{"count":"2","failure_jobs":[{"job_id":5,"begin_time":null},{}]}"#,
            2,
            0,
            Some(2),
        ),
        // A negative count is no count.
        (r#"{"count":-1,"failure_jobs":[{"job_id":"a"}]}"#, 1, 0, None),
    ];
    for (i, (body, rows, malformed, count)) in cases.into_iter().enumerate() {
        let (c, prefix) = scoped(&format!("client-lenient-{i}"));
        Fault::on(&prefix).status(200).body(body).queue().await;
        let list = c.list_failure_jobs(&all_rows(), None).await.unwrap();
        assert_eq!(list.failure_jobs.len(), rows, "{body}");
        assert_eq!(list.malformed_rows, malformed, "{body}");
        assert_eq!(list.count, count, "{body}");
    }
}

/// The emulator takes at most 2 MB per admin request, so the 10 MB answer
/// is six real tasks of 1.75 MB each, added to one group and deleted after.
#[wasm_bindgen_test]
async fn a_ten_megabyte_body_decodes() {
    let c = client();
    let group = sandbox_group(&c).await;
    let marker = format!("big-{}", run_id());
    let reason = "x".repeat(1_750_000);
    let mut resource_ids = Vec::new();
    for i in 0..6 {
        let stored = add_job(json!({
            "failure_status": "createFail",
            "resource_name": format!("{marker}-{i}"),
            "resource_type": "protected_instances",
            "fail_reason": reason,
            "server_group_id": group,
        }))
        .await;
        resource_ids.push(stored["resource_id"].as_str().unwrap().to_owned());
    }
    let q = query(|q| {
        q.server_group_id = Some(group.clone());
        q.resource_name = Some(marker.clone());
    });
    let list = c.list_failure_jobs(&q, None).await;
    for id in &resource_ids {
        c.delete_failure_job(id).await.unwrap();
    }
    let list = list.unwrap();
    assert_eq!(list.failure_jobs.len(), 6);
    let bytes: usize = list
        .failure_jobs
        .iter()
        .map(|j| j.fail_reason.as_ref().map_or(0, String::len))
        .sum();
    assert!(bytes >= 10_000_000, "{bytes} bytes");
}

#[wasm_bindgen_test]
async fn a_slow_answer_is_a_timeout() {
    let (c, prefix) = scoped("client-timeout");
    let c = c.with_timeout_ms(200);
    Fault::on(&prefix)
        .status(200)
        .body(r#"{"count":0,"failure_jobs":[]}"#)
        .delay(2000)
        .queue()
        .await;
    let err = c.list_failure_jobs(&all_rows(), None).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Timeout, "{err:?}");
    assert!(err.is_transient() && !err.is_abort());
}

#[wasm_bindgen_test]
async fn a_refused_connection_is_a_network_error() {
    let c = ApiClient::new("http://127.0.0.1:9", PROJECT, TokenSource::None);
    let err = c.list_failure_jobs(&all_rows(), None).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Network, "{err:?}");
    assert!(err.is_transient() && !err.is_abort());
    assert_eq!(err.request_id, None);
}

#[wasm_bindgen_test]
async fn an_abort_is_aborted_and_never_a_failure() {
    // Aborted before it starts.
    let controller = web_sys::AbortController::new().unwrap();
    controller.abort();
    let err = client()
        .list_failure_jobs(&all_rows(), Some(&controller.signal()))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Aborted);
    assert!(err.is_abort() && !err.is_transient());

    // Aborted while the server takes its time.
    let (c, prefix) = scoped("client-abort");
    Fault::on(&prefix)
        .status(200)
        .body(r#"{"count":0,"failure_jobs":[]}"#)
        .delay(1500)
        .queue()
        .await;
    let controller = web_sys::AbortController::new().unwrap();
    let signal = controller.signal();
    let q = all_rows();
    let call = c.list_failure_jobs(&q, Some(&signal));
    let abort_soon = async {
        gloo_timers::future::TimeoutFuture::new(100).await;
        controller.abort();
    };
    let (result, ()) = futures::join!(call, abort_soon);
    let err = result.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Aborted, "{err:?}");
    assert!(err.is_abort() && !err.is_transient());
}

#[wasm_bindgen_test]
async fn a_static_token_is_sent_as_x_auth_token() {
    let marker = format!("static-{}", js_sys::Date::now() as u64);
    let c = ApiClient::new(api_base(), PROJECT, TokenSource::Static("tok-static-1".into()));
    assert!(c.has_token());
    let q = query(|q| q.resource_name = Some(marker.clone()));
    let list = c.list_failure_jobs(&q, None).await.unwrap();
    assert!(list.failure_jobs.is_empty());
    let sent = seen_with(&marker).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["token"], json!("tok-static-1"), "{sent:?}");
    assert_eq!(sent[0]["has_token"], json!(true));

    // Without a token no header is sent.
    let marker = format!("none-{}", js_sys::Date::now() as u64);
    let q = query(|q| q.resource_name = Some(marker.clone()));
    client().list_failure_jobs(&q, None).await.unwrap();
    let sent = seen_with(&marker).await;
    assert_eq!(sent.len(), 1, "{sent:?}");
    assert_eq!(sent[0]["has_token"], json!(false), "{sent:?}");
}

#[wasm_bindgen_test]
async fn a_static_token_refused_is_not_retried() {
    let (c, prefix) = scoped("client-static-401");
    c.set_token(TokenSource::Static("tok-refused".into()));
    Fault::on(&prefix).status(401).queue().await;
    let err = c.list_failure_jobs(&all_rows(), None).await.unwrap_err();
    assert!(err.is_unauthorized(), "{err:?}");
    assert_eq!(seen_with(&prefix).await.len(), 1, "a static token was retried");
}

#[wasm_bindgen_test]
async fn a_token_provider_is_asked_again_after_a_401() {
    let calls: Rc<RefCell<Vec<bool>>> = Rc::default();
    let provider: TokenProvider = {
        let calls = calls.clone();
        Rc::new(move |refresh: bool| {
            calls.borrow_mut().push(refresh);
            let token = if refresh { "tok-fresh" } else { "tok-first" };
            Box::pin(async move { Some(token.to_owned()) })
        })
    };
    let (c, prefix) = scoped("client-provider");
    c.set_token(TokenSource::Provider(provider));
    Fault::on(&prefix).status(401).queue().await;
    Fault::on(&prefix)
        .status(200)
        .body(r#"{"count":1,"failure_jobs":[{"job_id":"after-refresh"}]}"#)
        .queue()
        .await;
    let list = c.list_failure_jobs(&all_rows(), None).await.unwrap();
    assert_eq!(list.failure_jobs[0].job_id, "after-refresh");
    assert_eq!(*calls.borrow(), vec![false, true]);
    let tokens: Vec<serde_json::Value> = seen_with(&prefix)
        .await
        .iter()
        .map(|r| r["token"].clone())
        .collect();
    assert_eq!(tokens, vec![json!("tok-first"), json!("tok-fresh")]);

    // Without a 401 the provider is asked once, without refresh.
    calls.borrow_mut().clear();
    Fault::on(&prefix)
        .status(200)
        .body(r#"{"count":0,"failure_jobs":[]}"#)
        .queue()
        .await;
    c.list_failure_jobs(&all_rows(), None).await.unwrap();
    assert_eq!(*calls.borrow(), vec![false]);
}

#[wasm_bindgen_test]
async fn job_status_and_groups() {
    let c = client();
    let page = c
        .list_failure_jobs(&FailureJobQuery::default().with_limit(1), None)
        .await
        .unwrap();
    let job = &page.failure_jobs[0];
    let record = c.job_status(&job.job_id, None).await.unwrap();
    assert_eq!(record.job_id, job.job_id);
    let err = c.job_status("no-such-job", None).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Http(404));
    assert!(err.code.starts_with("SDRS."), "{err:?}");
    let groups = c.protection_groups(1000, 0).await.unwrap();
    assert_eq!(groups.count, Some(groups.server_groups.len() as u64));
    assert!(groups.server_groups.iter().all(|g| !g.id.is_empty()));
}
