//! IAM: emulated token issuance (`--iam-users`), the token rules of API
//! calls, the console's sign-in route (`--iam`) and the server-side token
//! renewal of upstream mode, each against an in-process emulator.

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use sdrs_console_server::token_renewal::ServerIamUser;
use serde_json::{json, Value};
use std::time::Duration;

const USERS: &str = r#"[
  {"domain":"acme","user":"alice","password":"alice-pw-1","may_delete":true},
  {"domain":"acme","user":"reader","password":"reader-pw-1"},
  {"domain":"acme","user":"svc","password":"svc-pw-1"}
]"#;

/// A users file of its own for each test.
fn users_file() -> String {
    file_with(USERS)
}

fn file_with(content: &str) -> String {
    use std::sync::atomic::{AtomicU32, Ordering};
    static N: AtomicU32 = AtomicU32::new(0);
    let path = std::env::temp_dir().join(format!(
        "sdrs-iam-users-{}-{}.json",
        std::process::id(),
        N.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::write(&path, content).unwrap();
    path.display().to_string()
}

/// An emulator with IAM users and a token lifetime.
async fn emulator(ttl_secs: &str) -> String {
    let file = users_file();
    start(&["--iam-users", &file, "--iam-token-ttl", ttl_secs]).await
}

fn password_auth(user: &str, password: &str, scope: Value) -> Value {
    json!({"auth":{"identity":{"methods":["password"],
        "password":{"user":{"name":user,"password":password,"domain":{"name":"acme"}}}},
        "scope":{"project":scope}}})
}

async fn iam_token(base: &str, user: &str, password: &str) -> Reply {
    send(
        client()
            .post(format!("{base}/v3/auth/tokens"))
            .json(&password_auth(user, password, json!({ "id": PROJECT }))),
    )
    .await
}

async fn get_with(url: &str, token: &str) -> Reply {
    send(client().get(url).header("x-auth-token", token)).await
}

async fn delete_with(url: &str, token: &str) -> Reply {
    send(client().delete(url).header("x-auth-token", token)).await
}

/// Polls `check` every 50 ms until it holds; fails after `secs`.
async fn wait_for<F, Fut>(secs: u64, what: &str, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = tokio::time::Instant::now() + Duration::from_secs(secs);
    while !check().await {
        assert!(
            tokio::time::Instant::now() < deadline,
            "timed out waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

fn apigw_code(r: &Reply) -> String {
    r.json()["error_code"].as_str().unwrap_or_default().to_owned()
}

#[tokio::test]
async fn emulated_iam_issues_tokens_as_iam_does() {
    let emu = emulator("3600").await;
    let r = iam_token(&emu, "alice", "alice-pw-1").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let token = r.header("x-subject-token").expect("X-Subject-Token").to_owned();
    assert!(token.starts_with("MII"));
    let body = r.json();
    assert_eq!(body["token"]["user"]["name"], "alice");
    assert_eq!(body["token"]["user"]["domain"]["name"], "acme");
    assert_eq!(body["token"]["project"]["id"], PROJECT);
    assert_eq!(body["token"]["methods"], json!(["password"]));
    let expires = body["token"]["expires_at"].as_str().unwrap();
    let expires_ms = sdrs_console_server::iso_time::parse_iso_ms(expires).expect("ISO 8601");
    let lifetime = expires_ms - sdrs_console_server::timefmt::now_ms();
    assert!((3_590_000..=3_600_000).contains(&lifetime), "{expires}");
    assert!(!r.text.contains(&token), "the token is in the header only");

    // Scoped by project name too.
    let by_name = send(
        client()
            .post(format!("{emu}/v3/auth/tokens"))
            .json(&password_auth(
                "reader",
                "reader-pw-1",
                json!({"name":"ap-southeast-3"}),
            )),
    )
    .await;
    assert_eq!(by_name.status, StatusCode::CREATED, "{}", by_name.text);
    assert_eq!(by_name.json()["token"]["project"]["name"], "ap-southeast-3");

    // The token opens the API; nothing else does.
    let list = api(&emu, "task-center/failure-jobs?limit=2");
    assert_eq!(get_with(&list, &token).await.status, StatusCode::OK);
    let none = get(&list).await;
    assert_eq!(
        (none.status, apigw_code(&none)),
        (StatusCode::UNAUTHORIZED, "APIGW.0301".into())
    );
    assert!(none.json()["error_msg"].as_str().unwrap().contains("no token"));
    assert_eq!(none.json()["request_id"].as_str(), Some(none.request_id()));
    let forged = get_with(&list, "MIIforged").await;
    assert_eq!(
        (forged.status, apigw_code(&forged)),
        (StatusCode::UNAUTHORIZED, "APIGW.0301".into())
    );
    assert!(forged.json()["error_msg"].as_str().unwrap().contains("not valid"));
}

#[tokio::test]
async fn wrong_password_and_bad_requests_get_iams_envelope() {
    let emu = emulator("3600").await;
    for (user, password) in [
        ("alice", "bad-pw-9"),
        ("nobody", "alice-pw-1"),
        ("ALICE", "ALICE-PW-1"),
    ] {
        let r = iam_token(&emu, user, password).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{user}");
        assert!(r.header("x-subject-token").is_none());
        let e = &r.json()["error"];
        assert_eq!(
            (e["code"].as_u64(), e["title"].as_str()),
            (Some(401), Some("Unauthorized"))
        );
        assert_eq!(e["message"], "The username or password is wrong.");
        assert!(!r.text.contains(password));
    }
    let r = send(client().post(format!("{emu}/v3/auth/tokens")).body("{not json")).await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(400))
    );
    let r = send(
        client()
            .post(format!("{emu}/v3/auth/tokens"))
            .json(&password_auth(
                "alice",
                "alice-pw-1",
                json!({"id":"ffffffffffffffffffffffffffffffff"}),
            )),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = call(Method::GET, &format!("{emu}/v3/auth/tokens")).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn an_emulated_token_expires() {
    let emu = emulator("1").await;
    let token = iam_token(&emu, "alice", "alice-pw-1").await;
    let token = token.header("x-subject-token").unwrap().to_owned();
    let list = api(&emu, "task-center/failure-jobs?limit=1");
    assert_eq!(get_with(&list, &token).await.status, StatusCode::OK);
    wait_for(5, "the token to expire", || async {
        get_with(&list, &token).await.status == StatusCode::UNAUTHORIZED
    })
    .await;
    let r = get_with(&list, &token).await;
    assert_eq!(apigw_code(&r), "APIGW.0301");
    assert!(
        r.json()["error_msg"].as_str().unwrap().contains("expired"),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn a_read_only_user_reads_but_may_not_delete() {
    let emu = emulator("3600").await;
    let reader = iam_token(&emu, "reader", "reader-pw-1").await;
    let reader = reader.header("x-subject-token").unwrap().to_owned();
    let alice = iam_token(&emu, "alice", "alice-pw-1").await;
    let alice = alice.header("x-subject-token").unwrap().to_owned();

    let list = get_with(&api(&emu, "task-center/failure-jobs?limit=1"), &reader).await;
    assert_eq!(list.status, StatusCode::OK);
    let id = rows(&list.json())[0]["resource_id"].as_str().unwrap().to_owned();
    let one = api(&emu, &format!("task-center/failure-jobs/{id}"));
    for url in [one.clone(), api(&emu, "task-center/failure-jobs/batch")] {
        let r = delete_with(&url, &reader).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::FORBIDDEN, "SDRS.0005".into()),
            "{url}"
        );
        assert!(r.text.contains("Policy doesn't allow"), "{}", r.text);
    }
    // Nothing was deleted; reading goes on; a user with the right deletes.
    let again = get_with(&api(&emu, "task-center/failure-jobs?limit=1"), &reader).await;
    assert_eq!(rows(&again.json())[0]["resource_id"], id.as_str());
    assert_eq!(delete_with(&one, &alice).await.status, StatusCode::NO_CONTENT);
}

/// A console server proxying `upstream` with IAM sign-in at `iam`.
async fn console(upstream: &str, iam: &str, extra: &[&str]) -> String {
    let mut args = vec!["--upstream", upstream, "--iam", iam];
    args.extend_from_slice(extra);
    start(&args).await
}

fn sign_in_form(user: &str, password: &str) -> Value {
    json!({"domain":"acme","user":user,"password":password})
}

async fn sign_in(base: &str, form: &Value) -> Reply {
    send(client().post(format!("{base}/auth/iam/sign-in")).json(form)).await
}

/// The IAM calls `base` has seen.
async fn iam_calls(base: &str) -> Vec<Value> {
    let v = get(&format!("{base}/__emulator/requests")).await.json();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"].as_str().unwrap().starts_with("/v3/"))
        .cloned()
        .collect()
}

#[tokio::test]
async fn sign_in_route_forwards_one_call_to_iam() {
    let emu = emulator("3600").await;
    let px = console(&emu, &emu, &[]).await;
    assert_eq!(get(&format!("{px}/config.json")).await.json()["iamSignIn"], true);
    assert_eq!(get(&format!("{emu}/config.json")).await.json()["iamSignIn"], true);

    let r = sign_in(&px, &sign_in_form("reader", "reader-pw-1")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let body = r.json();
    assert_eq!(
        (body["user"].as_str(), body["domain"].as_str()),
        (Some("reader"), Some("acme"))
    );
    assert!(sdrs_console_server::iso_time::parse_iso_ms(body["expires_at"].as_str().unwrap()).is_some());
    assert!(!r.text.contains("reader-pw-1"));
    let token = body["token"].as_str().unwrap().to_owned();
    let calls = iam_calls(&emu).await;
    assert_eq!(calls.len(), 1);
    assert_eq!(
        (calls[0]["method"].as_str(), calls[0]["path"].as_str()),
        (Some("POST"), Some("/v3/auth/tokens"))
    );

    // The browser's token works through the proxy, with the user's rights.
    let list = get_with(&api(&px, "task-center/failure-jobs?limit=1"), &token).await;
    assert_eq!(list.status, StatusCode::OK);
    let id = rows(&list.json())[0]["resource_id"].as_str().unwrap().to_owned();
    let r = delete_with(&api(&px, &format!("task-center/failure-jobs/{id}")), &token).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "SDRS.0005".into()));

    // Wrong password: 401 with a message saying what to check.
    let r = sign_in(&px, &sign_in_form("reader", "nope")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNAUTHORIZED, "SDRS.0002".into())
    );
    assert!(r.text.contains("check the account name"), "{}", r.text);
    // Bad forms, other origins, wrong method.
    for form in [
        json!({"domain":"acme","user":"reader"}),
        json!({"domain":"","user":"r","password":"p"}),
    ] {
        let r = sign_in(&px, &form).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::BAD_REQUEST, "SDRS.0201".into())
        );
    }
    let r = send(
        client()
            .post(format!("{px}/auth/iam/sign-in"))
            .header("origin", "http://evil.example")
            .json(&sign_in_form("reader", "reader-pw-1")),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        call(Method::GET, &format!("{px}/auth/iam/sign-in")).await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(
        iam_calls(&emu).await.len(),
        2,
        "only the good form and the wrong password reached IAM"
    );
}

#[tokio::test]
async fn emulate_mode_signs_in_with_its_own_iam() {
    let emu = emulator("3600").await;
    let r = sign_in(&emu, &sign_in_form("alice", "alice-pw-1")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let token = r.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(
        get_with(&api(&emu, "server-groups"), &token).await.status,
        StatusCode::OK
    );
    // Without IAM users or --iam there is no sign-in.
    let plain = start(&[]).await;
    assert_eq!(
        sign_in(&plain, &sign_in_form("a", "b")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&format!("{plain}/config.json")).await.json()["iamSignIn"],
        false
    );
}

#[tokio::test]
async fn iam_unreachable_or_slow_is_a_clear_gateway_error() {
    let emu = emulator("3600").await;
    // Nothing listens on port 9 (discard) here.
    let px = console(&emu, "http://127.0.0.1:9", &[]).await;
    let r = sign_in(&px, &sign_in_form("reader", "reader-pw-1")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_GATEWAY, "SDRS.0013".into())
    );
    assert!(
        r.text.contains("could not be reached") && r.text.contains("127.0.0.1:9"),
        "{}",
        r.text
    );
    assert!(!r.text.contains("reader-pw-1"));

    let slow = console(&emu, &emu, &["--upstream-timeout-ms", "300"]).await;
    send(
        client()
            .post(format!("{emu}/__emulator/faults"))
            .json(&json!({"path_prefix":"/v3/","delay_ms":3000})),
    )
    .await;
    let r = sign_in(&slow, &sign_in_form("reader", "reader-pw-1")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::GATEWAY_TIMEOUT, "SDRS.0013".into())
    );
    assert!(r.text.contains("did not answer within 300 ms"), "{}", r.text);
}

fn service_user(password: &str) -> ServerIamUser {
    ServerIamUser {
        domain: "acme".into(),
        user: "svc".into(),
        password: password.into(),
        agency: None,
    }
}

/// A console server whose proxy signs in as the service user itself.
async fn renewing_console(emu: &str) -> String {
    let mut c = cli(&["--upstream", emu, "--iam", emu]);
    c.server_iam_user = Some(service_user("svc-pw-1"));
    start_cli(c).await
}

async fn renewal(base: &str) -> (StatusCode, Value) {
    let r = get(&format!("{base}/healthz")).await;
    (r.status, r.json()["token_renewal"].clone())
}

#[tokio::test]
async fn server_side_token_is_renewed_before_it_expires() {
    let emu = emulator("2").await;
    let px = renewing_console(&emu).await;
    // Renewal at 80% of a 2 s lifetime: a third token within a few seconds.
    wait_for(15, "two renewals", || async {
        renewal(&px).await.1["renewals"].as_u64() >= Some(2)
    })
    .await;
    let (status, state) = renewal(&px).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(state["state"], "valid");
    assert_eq!(state["consecutive_failures"], 0);
    assert!(state["expires_at"].is_string() && state["next_attempt_at"].is_string());
    let health = get(&format!("{px}/healthz")).await.text;
    assert!(
        !health.contains("svc-pw-1") && !health.contains("MII"),
        "{health}"
    );
    assert!(iam_calls(&emu).await.len() >= 3);

    // The proxy's server-side credential is the current token, and the
    // upstream accepts it (it would answer 401 to an expired one).
    call(Method::DELETE, &format!("{emu}/__emulator/requests")).await;
    let r = get(&api(&px, "task-center/failure-jobs?limit=1")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let seen = get(&format!("{emu}/__emulator/requests")).await.json();
    let sent = seen
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["path"].as_str().unwrap().starts_with("/v1/"))
        .unwrap();
    assert!(sent["token"].as_str().unwrap().starts_with("MII"));
}

#[tokio::test]
async fn failed_renewal_backs_off_and_recovers() {
    let emu = emulator("3600").await;
    // The first two sign-ins fail.
    let fault = json!({"path_prefix":"/v3/","status":503,"body":"{\"error\":{\"code\":503,\"message\":\"IAM is busy\",\"title\":\"Service Unavailable\"}}","times":2});
    send(client().post(format!("{emu}/__emulator/faults")).json(&fault)).await;
    let px = renewing_console(&emu).await;

    wait_for(10, "the first failure", || async {
        renewal(&px).await.1["consecutive_failures"] == 1
    })
    .await;
    let (status, state) = renewal(&px).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(state["state"], "failing");
    assert!(
        state["last_error"]
            .as_str()
            .unwrap()
            .contains("IAM answered 503: IAM is busy"),
        "{state}"
    );
    // Without a token the proxy says so instead of sending nothing.
    let r = get(&api(&px, "task-center/failure-jobs?limit=1")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::SERVICE_UNAVAILABLE, "SDRS.0013".into())
    );
    assert!(r.text.contains("could not be renewed"), "{}", r.text);

    wait_for(10, "the second failure", || async {
        renewal(&px).await.1["consecutive_failures"] == 2
    })
    .await;
    wait_for(15, "recovery", || async {
        renewal(&px).await.1["state"] == "valid"
    })
    .await;
    let (status, state) = renewal(&px).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            state["consecutive_failures"].as_u64(),
            state["tokens_obtained"].as_u64()
        ),
        (Some(0), Some(1))
    );
    assert!(state["last_error"].is_null());
    // Two failures then one success: backoff, not a retry storm.
    assert_eq!(iam_calls(&emu).await.len(), 3);
    assert_eq!(
        get(&api(&px, "task-center/failure-jobs?limit=1")).await.status,
        StatusCode::OK
    );
}

#[tokio::test]
async fn server_side_agency_token_through_assume_role() {
    let file = file_with(
        r#"{"users":[{"domain":"partner","user":"ops","password":"ops-pw-1"}],
            "agencies":[{"domain":"acme","name":"sdrs-ops","trusts":"partner","may_delete":true}]}"#,
    );
    let emu = start(&["--iam-users", &file]).await;
    let mut c = cli(&["--upstream", &emu, "--iam", &emu, "--allow-delete"]);
    c.server_iam_user = Some(ServerIamUser {
        domain: "partner".into(),
        user: "ops".into(),
        password: "ops-pw-1".into(),
        agency: Some(("acme".into(), "sdrs-ops".into())),
    });
    let px = start_cli(c).await;
    wait_for(10, "the agency token", || async {
        renewal(&px).await.1["state"] == "valid"
    })
    .await;
    assert_eq!(renewal(&px).await.1["agency"], "acme/sdrs-ops");
    // The user's own token, then assume_role with it.
    assert_eq!(iam_calls(&emu).await.len(), 2);
    let list = get(&api(&px, "task-center/failure-jobs?limit=1")).await;
    assert_eq!(list.status, StatusCode::OK, "{}", list.text);
    // The agency may delete; the user's account-scoped token could not.
    let id = rows(&list.json())[0]["resource_id"].as_str().unwrap().to_owned();
    let r = call(
        Method::DELETE,
        &api(&px, &format!("task-center/failure-jobs/{id}")),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
}

#[tokio::test]
async fn an_account_scoped_token_does_not_open_the_api() {
    let emu = emulator("3600").await;
    let body = json!({"auth":{"identity":{"methods":["password"],
        "password":{"user":{"name":"alice","password":"alice-pw-1","domain":{"name":"acme"}}}},
        "scope":{"domain":{"name":"acme"}}}});
    let r = send(client().post(format!("{emu}/v3/auth/tokens")).json(&body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert!(r.json()["token"]["project"].is_null());
    let token = r.header("x-subject-token").unwrap().to_owned();
    let r = get_with(&api(&emu, "server-groups"), &token).await;
    assert_eq!(
        (r.status, apigw_code(&r)),
        (StatusCode::UNAUTHORIZED, "APIGW.0301".into())
    );
    assert!(r.text.contains("not scoped to a project"), "{}", r.text);
}

#[tokio::test]
async fn a_wrong_server_password_keeps_the_server_up() {
    let emu = emulator("3600").await;
    let mut c = cli(&["--upstream", &emu, "--iam", &emu]);
    c.server_iam_user = Some(service_user("not-the-password"));
    let px = start_cli(c).await;
    wait_for(10, "a failed attempt", || async {
        renewal(&px).await.1["consecutive_failures"].as_u64() >= Some(1)
    })
    .await;
    let (status, state) = renewal(&px).await;
    assert_eq!(status, StatusCode::SERVICE_UNAVAILABLE);
    let error = state["last_error"].as_str().unwrap();
    assert!(
        error.contains("check the account name") && !error.contains("not-the-password"),
        "{error}"
    );
    // The console itself is still served.
    assert_eq!(get(&format!("{px}/config.json")).await.status, StatusCode::OK);
}

#[tokio::test]
async fn credential_flags_that_do_not_fit_fail_at_start() {
    let emu = emulator("3600").await;
    let mut no_iam = cli(&["--upstream", &emu]);
    no_iam.server_iam_user = Some(service_user("x"));
    let mut emulate = cli(&["--iam", &emu]);
    emulate.server_iam_user = Some(service_user("x"));
    let mut both = cli(&["--upstream", &emu, "--iam", &emu]);
    both.server_iam_user = Some(service_user("x"));
    both.upstream_token = Some("t".into());
    let users = users_file();
    for (c, says) in [
        (no_iam, "needs --iam"),
        (emulate, "is for upstream mode"),
        (both, "not both"),
        (
            cli(&["--upstream", &emu, "--iam-users", &users]),
            "does not go with --upstream",
        ),
        (cli(&["--iam", "not a url"]), "expected an IAM URL"),
        (
            cli(&["--iam-users", "/nonexistent/users.json"]),
            "/nonexistent/users.json",
        ),
    ] {
        let err = sdrs_console_server::spawn(c).await.unwrap_err().to_string();
        assert!(err.contains(says), "{err}");
    }
}
