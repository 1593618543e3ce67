//! Helpers of the IAM tests: users files, emulated IAM calls, the sign-in
//! route, waiting.
#![allow(dead_code)]

use crate::common::*;
use serde_json::{json, Value};
use std::time::Duration;

pub const USERS: &str = r#"[
  {"domain":"acme","user":"alice","password":"alice-pw-1","may_delete":true},
  {"domain":"acme","user":"reader","password":"reader-pw-1"},
  {"domain":"acme","user":"svc","password":"svc-pw-1"}
]"#;

/// A users file of its own for each test.
pub fn users_file() -> String {
    file_with(USERS)
}

pub fn file_with(content: &str) -> String {
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
pub async fn emulator(ttl_secs: &str) -> String {
    let file = users_file();
    start(&["--iam-users", &file, "--iam-token-ttl", ttl_secs]).await
}

pub fn password_auth(user: &str, password: &str, scope: Value) -> Value {
    json!({"auth":{"identity":{"methods":["password"],
        "password":{"user":{"name":user,"password":password,"domain":{"name":"acme"}}}},
        "scope":{"project":scope}}})
}

pub async fn iam_token(base: &str, user: &str, password: &str) -> Reply {
    send(
        client()
            .post(format!("{base}/v3/auth/tokens"))
            .json(&password_auth(user, password, json!({ "id": PROJECT }))),
    )
    .await
}

pub async fn get_with(url: &str, token: &str) -> Reply {
    send(client().get(url).header("x-auth-token", token)).await
}

pub async fn delete_with(url: &str, token: &str) -> Reply {
    send(client().delete(url).header("x-auth-token", token)).await
}

/// Polls `check` every 50 ms until it holds; fails after `secs`.
pub async fn wait_for<F, Fut>(secs: u64, what: &str, mut check: F)
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

pub fn apigw_code(r: &Reply) -> String {
    r.json()["error_code"].as_str().unwrap_or_default().to_owned()
}

/// A console server proxying `upstream` with IAM sign-in at `iam`.
pub async fn console(upstream: &str, iam: &str, extra: &[&str]) -> String {
    let mut args = vec!["--upstream", upstream, "--iam", iam];
    args.extend_from_slice(extra);
    start(&args).await
}

pub fn sign_in_form(user: &str, password: &str) -> Value {
    json!({"domain":"acme","user":user,"password":password})
}

pub async fn sign_in(base: &str, form: &Value) -> Reply {
    send(client().post(format!("{base}/auth/iam/sign-in")).json(form)).await
}

/// The IAM calls `base` has seen.
pub async fn iam_calls(base: &str) -> Vec<Value> {
    let v = get(&format!("{base}/__emulator/requests")).await.json();
    v.as_array()
        .unwrap()
        .iter()
        .filter(|r| r["path"].as_str().unwrap().starts_with("/v3/"))
        .cloned()
        .collect()
}
