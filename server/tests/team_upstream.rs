//! Team sign-in in upstream mode, against an emulator as the upstream:
//! the anonymous `curl -X DELETE` is refused, roles and CSRF hold,
//! and without sign-in a server-side credential is served on a loopback
//! address only.

mod common;
mod team_common;

use common::*;
use reqwest::{Method, StatusCode};
use sdrs_console_server::Server;
use serde_json::Value;
use team_common::*;

const SERVER_TOKEN: &str = "server-secret-token";

fn proxy_cli(upstream: &str, extra: &[&str]) -> sdrs_console_server::Cli {
    let mut args = vec!["--upstream", upstream];
    args.extend_from_slice(extra);
    let mut c = cli(&args);
    c.proxy.upstream_token = Some(SERVER_TOKEN.to_owned());
    c
}

async fn seen(upstream: &str) -> Vec<Value> {
    let v = get(&format!("{upstream}/__emulator/requests")).await.json();
    call(Method::DELETE, &format!("{upstream}/__emulator/requests")).await;
    v.as_array().unwrap().clone()
}

#[tokio::test]
async fn anonymous_calls_never_use_the_server_token() {
    let up = start(&[]).await;
    let users = users_file();
    let base = start_cli(proxy_cli(
        &up,
        &["--allow-delete", "--users", users.to_str().unwrap()],
    ))
    .await;
    seen(&up).await;
    for method in [Method::GET, Method::DELETE] {
        let r = call(method.clone(), &api(&base, "task-center/failure-jobs/batch")).await;
        assert_eq!(
            (r.status, r.code().as_str()),
            (StatusCode::UNAUTHORIZED, "SDRS.0002"),
            "{method}"
        );
    }
    let r = call(Method::GET, &api(&base, "task-center/failure-jobs")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(seen(&up).await.is_empty(), "nothing reached the upstream");

    let bob = sign_in(&base, "bob", BOB_PASSWORD).await;
    let r = with_session(
        Method::GET,
        &api(&base, "task-center/failure-jobs?limit=2"),
        &bob,
        false,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    let r = with_session(
        Method::DELETE,
        &api(&base, "task-center/failure-jobs/batch"),
        &bob,
        true,
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0005")
    );
    let alice = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let r = with_session(
        Method::DELETE,
        &api(&base, "task-center/failure-jobs/batch"),
        &alice,
        false,
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0004")
    );
    let log = seen(&up).await;
    assert_eq!(log.len(), 1, "only bob's list went upstream: {log:?}");
    assert_eq!(log[0]["method"], "GET");
    assert_eq!(log[0]["token"], SERVER_TOKEN);

    let r = with_session(
        Method::DELETE,
        &api(&base, "task-center/failure-jobs/batch"),
        &alice,
        true,
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    // The audit trail reads what the delete removes first; the DELETE
    // itself is last and carries the server's token.
    let log = seen(&up).await;
    let last = log.last().unwrap();
    assert_eq!(
        (last["method"].as_str(), last["token"].as_str()),
        (Some("DELETE"), Some(SERVER_TOKEN))
    );
}

#[tokio::test]
async fn without_sign_in_a_server_credential_serves_loopback_only() {
    let up = start(&[]).await;
    let err = Server::new(proxy_cli(&up, &["--addr", "0.0.0.0"]))
        .err()
        .expect("refused");
    let message = err.to_string();
    assert!(
        message.contains("0.0.0.0") && message.contains("loopback"),
        "{message}"
    );
    assert!(!message.contains(SERVER_TOKEN));
    let err = Server::new(proxy_cli(&up, &["--addr", "::"]))
        .err()
        .expect("refused");
    assert!(err.to_string().contains("loopback"));

    let local = Server::new(proxy_cli(&up, &["--addr", "127.0.0.1"])).unwrap();
    assert!(
        local
            .notes()
            .iter()
            .any(|n| n.contains("single-user mode, like kubectl proxy")),
        "{:?}",
        local.notes()
    );
    assert!(Server::new(proxy_cli(&up, &["--addr", "::1"])).is_ok());
    // With team sign-in, any address; without a server credential too.
    let users = users_file();
    assert!(Server::new(proxy_cli(
        &up,
        &["--addr", "0.0.0.0", "--users", users.to_str().unwrap()]
    ))
    .is_ok());
    let mut tokenless = proxy_cli(&up, &["--addr", "0.0.0.0"]);
    tokenless.proxy.upstream_token = None;
    assert!(Server::new(tokenless).is_ok());
    assert!(
        Server::new(cli(&["--addr", "0.0.0.0"])).is_ok(),
        "emulate mode holds no credential"
    );

    // The loopback server still answers anonymous calls (single user).
    let base = start_cli(proxy_cli(&up, &[])).await;
    assert_eq!(get(&api(&base, "server-groups")).await.status, StatusCode::OK);
    assert_eq!(
        get(&format!("{base}/config.json")).await.json()["teamSignIn"],
        Value::Null
    );
}
