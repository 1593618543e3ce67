//! Server-side IAM token of upstream mode (`--iam` and `SDRS_IAM_*`):
//! renewal before expiry, backoff after failures, agencies, start-up
//! checks, against an in-process emulator with emulated IAM.

mod common;
mod iam_common;

use common::*;
use iam_common::*;
use reqwest::{Method, StatusCode};
use sdrs_console_server::upstream::token_renewal::ServerIamUser;
use serde_json::{json, Value};

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
    let mut c = cli(&["--upstream", emu, "--iam", emu, "--project-id", PROJECT]);
    c.proxy.server_iam_user = Some(service_user("svc-pw-1"));
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
    let mut c = cli(&[
        "--upstream",
        &emu,
        "--iam",
        &emu,
        "--allow-delete",
        "--project-id",
        PROJECT,
    ]);
    c.proxy.server_iam_user = Some(ServerIamUser {
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
async fn a_wrong_server_password_keeps_the_server_up() {
    let emu = emulator("3600").await;
    let mut c = cli(&["--upstream", &emu, "--iam", &emu, "--project-id", PROJECT]);
    c.proxy.server_iam_user = Some(service_user("not-the-password"));
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
    no_iam.proxy.server_iam_user = Some(service_user("x"));
    let mut emulate = cli(&["--iam", &emu]);
    emulate.proxy.server_iam_user = Some(service_user("x"));
    let mut both = cli(&["--upstream", &emu, "--iam", &emu]);
    both.proxy.server_iam_user = Some(service_user("x"));
    both.proxy.upstream_token = Some("t".into());
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
