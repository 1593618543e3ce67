//! Upstream mode against a second in-process emulator (and a raw mock):
//! allow-list, token rules, origin rule, `--allow-delete`, pass-through,
//! timeout and connection errors, no CORS, no emulator endpoints.

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;

const SERVER_TOKEN: &str = "server-secret-token";
const REFUSED: &str = r#"{"error":{"code":"SDRS.0004","message":"Not allowed through this console proxy"}}"#;

/// A proxy in front of `upstream`, with or without a server-side token.
async fn proxy(upstream: &str, token: Option<&str>, extra: &[&str]) -> String {
    let mut args = vec!["--upstream", upstream];
    args.extend_from_slice(extra);
    let mut c = cli(&args);
    c.proxy.upstream_token = token.map(str::to_owned);
    start_cli(c).await
}

/// What the upstream emulator saw, then forgets it.
async fn seen(upstream: &str) -> Vec<Value> {
    let v = get(&format!("{upstream}/__emulator/requests")).await.json();
    call(Method::DELETE, &format!("{upstream}/__emulator/requests")).await;
    v.as_array().unwrap().clone()
}

fn token_of(req: &Value) -> Option<&str> {
    req["token"].as_str()
}

#[tokio::test]
async fn only_the_consoles_calls_pass() {
    let up = start(&[]).await;
    let px = proxy(&up, Some(SERVER_TOKEN), &[]).await;
    seen(&up).await;

    // Allowed calls answer exactly what the upstream answers.
    for rest in [
        "task-center/failure-jobs?limit=5&failure_status=createFail",
        "server-groups?limit=3",
    ] {
        let (via, direct) = (get(&api(&px, rest)).await, get(&api(&up, rest)).await);
        assert_eq!((via.status, &via.text), (direct.status, &direct.text), "{rest}");
    }
    let job = rows(&get(&api(&up, "task-center/failure-jobs?limit=1")).await.json())[0]["job_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let r = get(&api(&px, &format!("jobs/{job}"))).await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["job_id"], job.as_str());
    // Upstream errors pass through with status and body.
    let r = get(&api(&px, "task-center/failure-jobs?limit=0")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "SDRS.0221".to_owned())
    );
    assert_eq!(seen(&up).await.len(), 7);

    let refused = [
        (Method::POST, format!("/v1/{PROJECT}/server-groups/g1/action")),
        (Method::DELETE, format!("/v1/{PROJECT}/server-groups/g1")),
        (Method::GET, format!("/v1/{PROJECT}/protected-instances")),
        (Method::PUT, format!("/v1/{PROJECT}/task-center/failure-jobs")),
        (Method::POST, format!("/v1/{PROJECT}/task-center/failure-jobs")),
        (
            Method::GET,
            format!("/v1/{PROJECT}/task-center/failure-jobs/batch"),
        ),
        (Method::GET, format!("/v1/{PROJECT}/jobs/..")),
        (Method::GET, format!("/v1/{PROJECT}/jobs/%2e%2e")),
        (Method::GET, format!("/v1/{PROJECT}/jobs/a%2Fb")),
        (
            Method::DELETE,
            format!("/v1/{PROJECT}/task-center/failure-jobs/..%2F..%2Fserver-groups%2Fg1"),
        ),
        (Method::GET, "/v1".to_owned()),
        (Method::GET, format!("/v1/{PROJECT}/server-groups/")),
    ];
    for (method, path) in refused {
        let r = send(
            client()
                .request(method.clone(), format!("{px}{path}"))
                .header("X-Auth-Token", "browser"),
        )
        .await;
        assert_eq!(
            (r.status, r.text.as_str()),
            (StatusCode::FORBIDDEN, REFUSED),
            "{method} {path}"
        );
        assert_eq!(r.request_id().len(), 32);
    }
    assert!(seen(&up).await.is_empty(), "nothing refused reached the upstream");
}

#[tokio::test]
async fn server_token_only_for_same_origin_requests_without_their_own() {
    let up = start(&["--require-token"]).await;
    let px = proxy(&up, Some(SERVER_TOKEN), &[]).await;
    let url = api(&px, "server-groups");
    seen(&up).await;

    let r = get(&url).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = send(client().get(&url).header("X-Auth-Token", "browser-token")).await;
    assert_eq!(r.status, StatusCode::OK);
    let own_origin = px.clone();
    let r = send(
        client()
            .get(&url)
            .header("Origin", own_origin.as_str())
            .header("Sec-Fetch-Site", "same-origin"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let log = seen(&up).await;
    let tokens: Vec<Option<&str>> = log.iter().map(token_of).collect();
    assert_eq!(
        tokens,
        [Some(SERVER_TOKEN), Some("browser-token"), Some(SERVER_TOKEN)]
    );

    // Another origin never gets the server's token: the upstream says 401.
    for (name, value) in [
        ("Origin", "http://evil.example"),
        ("Origin", "null"),
        ("Sec-Fetch-Site", "cross-site"),
        ("Sec-Fetch-Site", "same-site"),
    ] {
        let r = send(client().get(&url).header(name, value)).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::UNAUTHORIZED, "SDRS.0002".to_owned()),
            "{name}: {value}"
        );
    }
    let log = seen(&up).await;
    assert_eq!(log.len(), 4);
    assert!(log.iter().all(|r| r["has_token"] == false));

    // A foreign page with its own token is just a client of its own.
    let r = send(
        client()
            .get(&url)
            .header("Origin", "http://evil.example")
            .header("X-Auth-Token", "theirs"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(token_of(&seen(&up).await[0]), Some("theirs"));
}

#[tokio::test]
async fn deletes_with_the_server_token_need_allow_delete() {
    let up = start(&[]).await;
    let guarded = proxy(&up, Some(SERVER_TOKEN), &[]).await;
    let open = proxy(&up, Some(SERVER_TOKEN), &["--allow-delete"]).await;
    let tokenless = proxy(&up, None, &[]).await;
    let first = rows(&get(&api(&up, "task-center/failure-jobs?limit=4")).await.json());
    let rid = |i: usize| first[i]["resource_id"].as_str().unwrap().to_owned();
    seen(&up).await;

    for rest in [
        format!("task-center/failure-jobs/{}", rid(0)),
        "task-center/failure-jobs/batch".to_owned(),
    ] {
        let r = call(Method::DELETE, &api(&guarded, &rest)).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{rest}");
        assert_eq!(r.code(), "SDRS.0004");
    }
    let groups = group_ids(&up).await;
    seen(&up).await;
    let r = call(
        Method::DELETE,
        &api(&guarded, &format!("task-center/{}/failure-jobs/batch", groups[0])),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert!(seen(&up).await.is_empty());

    // The browser's own token: passes.
    let r = send(
        client()
            .delete(api(&guarded, &format!("task-center/failure-jobs/{}", rid(0))))
            .header("X-Auth-Token", "mine"),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // --allow-delete: passes with the server's token.
    let r = call(
        Method::DELETE,
        &api(&open, &format!("task-center/failure-jobs/{}", rid(1))),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // No server-side token at all: nothing to lend, passes without one.
    let r = call(
        Method::DELETE,
        &api(&tokenless, &format!("task-center/failure-jobs/{}", rid(2))),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    // The deletes (the audit trail's reads before each go with the same token).
    let log = seen(&up).await;
    let deletes = log.iter().filter(|r| r["method"] == "DELETE");
    let tokens: Vec<Option<&str>> = deletes.map(token_of).collect();
    assert_eq!(tokens, [Some("mine"), Some(SERVER_TOKEN), None]);

    let left = rows(&get(&api(&up, "task-center/failure-jobs?limit=2")).await.json());
    assert_eq!(left[0], first[3]);
}

#[tokio::test]
async fn timeout_is_504_and_unreachable_is_502() {
    let slow = start(&["--latency-ms", "2000"]).await;
    let px = proxy(&slow, None, &["--upstream-timeout-ms", "300"]).await;
    let r = get(&api(&px, "server-groups")).await;
    assert_eq!(r.status, StatusCode::GATEWAY_TIMEOUT);
    assert_eq!(
        r.text,
        r#"{"error":{"code":"SDRS.0013","message":"Upstream timed out after 300 ms"}}"#
    );
    assert_eq!(r.request_id().len(), 32);

    let closed = {
        let l = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        l.local_addr().unwrap()
    };
    let px = proxy(&format!("http://{closed}"), Some(SERVER_TOKEN), &[]).await;
    let r = get(&api(&px, "server-groups")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_GATEWAY, "SDRS.0013".to_owned())
    );
    assert!(!r.text.contains(SERVER_TOKEN));
}

#[tokio::test]
async fn passes_status_body_type_and_request_id_and_forwards_only_what_it_should() {
    let (up, head) = mock_upstream(
        "HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/html\r\nX-Request-Id: upstream-req-42\r\nSet-Cookie: a=b\r\nContent-Length: 19\r\nConnection: close\r\n\r\n<html>gateway</html",
    )
    .await;
    let px = proxy(&up, Some(SERVER_TOKEN), &[]).await;
    let r = send(
        client()
            .get(api(&px, "task-center/failure-jobs?limit=10&resource_name=a%20b"))
            .header("Content-Type", "application/json")
            .header("Cookie", "session=1")
            .header("Authorization", "Basic x")
            .header("X-Emulator-Status", "200"),
    )
    .await;
    assert_eq!(
        (r.status, r.text.as_str()),
        (StatusCode::BAD_GATEWAY, "<html>gateway</html")
    );
    assert_eq!(r.header("content-type"), Some("text/html"));
    assert_eq!(r.request_id(), "upstream-req-42");
    assert_eq!(r.header("set-cookie"), None);

    let head = head.await.unwrap().to_lowercase();
    assert!(
        head.starts_with(&format!(
            "get /v1/{PROJECT}/task-center/failure-jobs?limit=10&resource_name=a%20b http/1.1"
        )),
        "{head}"
    );
    assert!(head.contains(&format!("x-auth-token: {SERVER_TOKEN}")));
    assert!(head.contains("content-type: application/json"));
    for absent in ["cookie", "authorization", "x-emulator-status"] {
        assert!(
            !head.contains(&format!("\r\n{absent}:")),
            "{absent} forwarded: {head}"
        );
    }
}

#[tokio::test]
async fn no_cors_and_no_emulator_endpoints_in_upstream_mode() {
    let up = start(&[]).await;
    let px = proxy(&up, None, &[]).await;
    let r = send(
        client()
            .get(api(&px, "server-groups"))
            .header("Origin", "http://other.example"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.header("access-control-allow-origin"), None);
    let res = client()
        .request(Method::OPTIONS, api(&px, "server-groups"))
        .header("Origin", "http://other.example")
        .header("Access-Control-Request-Method", "GET")
        .send()
        .await
        .unwrap();
    assert!(res.headers().get("access-control-allow-origin").is_none());

    // Fault headers are neither honoured nor forwarded.
    let r = send(
        client()
            .get(api(&px, "server-groups"))
            .header("X-Emulator-Status", "503"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    for path in ["/__emulator/requests", "/__emulator/faults", "/__emulator/reset"] {
        assert_eq!(
            get(&format!("{px}{path}")).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
        assert_eq!(
            call(Method::POST, &format!("{px}{path}")).await.status,
            StatusCode::NOT_FOUND,
            "{path}"
        );
    }
    assert_eq!(
        get(&format!("{px}/config.json")).await.json()["projectId"],
        PROJECT
    );

    assert!(sdrs_console_server::spawn(cli(&["--upstream", "ftp://x"]))
        .await
        .is_err());
}
