//! Regression tests of the emulator findings of probing from outside:
//! anyone could put their own HTML at `/` through fault injection, from
//! any origin, without signing in, and read tokens from the request log.

mod common;
mod team_common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::{json, Value};
use team_common::*;

async fn queue(base: &str, origin: Option<&str>, fault: Value) -> Reply {
    let mut req = client().post(format!("{base}/__emulator/faults")).json(&fault);
    if let Some(o) = origin {
        req = req.header("origin", o);
    }
    send(req).await
}

const PAGE: &str = "<html><script>steal()</script></html>";

/// Finding 4: `POST /__emulator/faults` with path prefix `/` and an HTML
/// body answered 201 and the next `GET /` served that HTML on the
/// console's origin. Faults reach API calls only, and an injected answer
/// is sandboxed.
#[tokio::test]
async fn emulator_faults_never_reach_the_consoles_pages() {
    let base = start(&[]).await;
    for prefix in ["/", "/index.html", "/config.json", "/codes/"] {
        let r = queue(
            &base,
            None,
            json!({"path_prefix": prefix, "status": 200, "body": PAGE, "content_type": "text/html", "times": 5}),
        )
        .await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (StatusCode::BAD_REQUEST, "SDRS.0201"),
            "{prefix}"
        );
    }
    assert_eq!(get(&format!("{base}/__emulator/faults")).await.json(), json!([]));
    let page = get(&format!("{base}/")).await;
    assert!(!page.text.contains("steal()"));
    // Header faults do not reach pages either.
    let r = send(
        client()
            .get(format!("{base}/config.json"))
            .header("x-emulator-status", "500"),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);

    // An injected API answer runs no script on the console's origin.
    let r = queue(
        &base,
        None,
        json!({"path_prefix": "/v1/", "status": 200, "body": PAGE, "content_type": "text/html"}),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED);
    let r = get(&api(&base, "server-groups")).await;
    assert_eq!(r.text, PAGE);
    let csp = r.header("content-security-policy").unwrap_or_default();
    assert!(csp.starts_with("sandbox"), "{csp}");
}

/// Finding 4: the control endpoints answered any origin (CORS `*`). A page
/// of another origin is refused now, preflight included, with no CORS
/// answer; this server's own pages and loopback origins (the browser
/// tests' runner) still may.
#[tokio::test]
async fn emulator_control_refuses_other_origins() {
    let base = start(&[]).await;
    for origin in [
        "http://evil.example",
        "null",
        "http://rebind.attacker.example:8080",
    ] {
        let r = queue(&base, Some(origin), json!({"status": 500})).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{origin}: {}", r.text);
        assert!(r.header("access-control-allow-origin").is_none());
        let r = send(
            client()
                .request(Method::OPTIONS, format!("{base}/__emulator/faults"))
                .header("origin", origin)
                .header("access-control-request-method", "POST"),
        )
        .await;
        assert!(r.header("access-control-allow-origin").is_none(), "{origin}");
        let r = send(
            client()
                .get(format!("{base}/__emulator/requests"))
                .header("origin", origin),
        )
        .await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{origin}");
    }
    assert_eq!(get(&format!("{base}/__emulator/faults")).await.json(), json!([]));
    for origin in [base.as_str(), "http://127.0.0.1:9", "http://localhost:5173"] {
        let r = queue(&base, Some(origin), json!({"status": 500})).await;
        assert_eq!(r.status, StatusCode::CREATED, "{origin}: {}", r.text);
    }
    // The API itself keeps its CORS for the browser tests.
    let r = send(
        client()
            .get(api(&base, "server-groups"))
            .header("origin", "http://evil.example"),
    )
    .await;
    assert_eq!(r.header("access-control-allow-origin"), Some("*"));
}

/// Finding 4: with team sign-in, anyone could inject faults. The control
/// endpoints need an operator's session (and its CSRF token to change
/// anything).
#[tokio::test]
async fn emulator_control_needs_an_operator_with_team_sign_in() {
    let base = team_server(&[]).await;
    let url = format!("{base}/__emulator/faults");
    let r = queue(&base, None, json!({"status": 500})).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
    assert_eq!(
        get(&format!("{base}/__emulator/requests")).await.status,
        StatusCode::UNAUTHORIZED
    );
    let bob = sign_in(&base, "bob", BOB_PASSWORD).await;
    let r = send(
        client()
            .post(&url)
            .header("cookie", &bob.cookie)
            .header("x-csrf-token", &bob.csrf)
            .json(&json!({"status": 500})),
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0005")
    );
    let alice = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let r = send(
        client()
            .post(&url)
            .header("cookie", &alice.cookie)
            .json(&json!({"status": 500})),
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0004")
    );
    let r = send(
        client()
            .post(&url)
            .header("cookie", &alice.cookie)
            .header("x-csrf-token", &alice.csrf)
            .json(&json!({"status": 500})),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let r = with_session(Method::GET, &url, &alice, false).await;
    assert_eq!(r.json().as_array().map(Vec::len), Some(1));
}

/// Finding 4: the request log showed the `X-Auth-Token` of every call.
/// It says only whether one was sent, unless `--emulator-log-tokens`.
#[tokio::test]
async fn emulator_request_log_hides_tokens() {
    let mut c = cli(&[]);
    c.emulator.emulator_log_tokens = false;
    let base = start_cli(c).await;
    let secret = "probe-secret-token-1";
    let r = send(
        client()
            .get(api(&base, "server-groups"))
            .header("x-auth-token", secret),
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let log = get(&format!("{base}/__emulator/requests")).await;
    assert!(!log.text.contains(secret), "{}", log.text);
    let entry = &log.json()[0];
    assert_eq!(
        (entry["has_token"].as_bool(), entry["token"].is_null()),
        (Some(true), true)
    );
}
