//! Scopes from a `--config` file against in-process emulators: each scope
//! reaches its own upstream with its own credential (AK/SK checked by
//! `--verify-aksk`, an IAM user and an agency of emulated IAM), a wrong key
//! is refused with 401, `Retry-After` comes back, and `/scopes/{name}/v1`
//! forwards to the named scope only.

mod common;
mod iam_common;

use common::*;
use iam_common::{file_with, wait_for};
use reqwest::StatusCode;
use sdrs_console_server::aksk::credentials::{KeyPair, SdkCredentials, Secret, Source};
use sdrs_console_server::cli::AkSkSource;
use sdrs_console_server::scopes::{ScopeOptions, ScopeSet};
use sdrs_console_server::upstream::proxy::UpstreamFailure;
use std::collections::HashMap;
use std::path::PathBuf;
use std::time::Duration;

const AK_A: &str = "AKSCOPEALPHA0123456789";
const SK_A: &str = "AlphaSecret0123456789abcdefghijklmnopqrst";
const AK_B: &str = "AKSCOPEBETA0123456789";
const SK_B: &str = "BetaSecret0123456789abcdefghijklmnopqrstu";
const WRONG_SK: &str = "WrongSecret0123456789abcdefghijklmnopqrs";
const OPS_PASSWORD: &str = "ops-pw-1";

/// The flags of a test emulator, with a database of its own.
fn emulator_cli(extra: &[&str]) -> sdrs_console_server::Cli {
    let mut c = cli(extra);
    c.storage.data_dir = Some(tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap().keep());
    c
}

/// An emulator accepting only the key pair `ak`/`sk`.
async fn verifying_emulator(ak: &str, sk: &str) -> String {
    let mut c = emulator_cli(&["--verify-aksk"]);
    c.aksk_source = AkSkSource::Given(Some(SdkCredentials {
        keys: KeyPair {
            ak: ak.into(),
            sk: Secret::new(sk),
            security_token: None,
        },
        project_id: None,
        iam_endpoint: None,
        source: Source::Environment,
    }));
    start_cli(c).await
}

/// The variables the config file names; nothing of the process's own.
fn environment() -> HashMap<String, String> {
    [
        ("A_AK", AK_A),
        ("A_SK", SK_A),
        ("B_AK", AK_B),
        ("B_SK", SK_B),
        ("WRONG_SK", WRONG_SK),
        ("OPS_PASSWORD", OPS_PASSWORD),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect()
}

fn config_file(text: &str) -> PathBuf {
    let dir = tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap().keep();
    let path = dir.join("scopes.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn load(text: &str) -> std::io::Result<ScopeSet> {
    let env = environment();
    ScopeSet::load(
        &config_file(text),
        &|name| env.get(name).cloned(),
        &ScopeOptions::default(),
    )
}

fn aksk_config(a: &str, b: &str) -> String {
    format!(
        r#"
[watcher]
period_secs = 5
jitter_secs = 1

[credentials.alpha]
kind = "aksk"
ak_env = "A_AK"
sk_env = "A_SK"

[credentials.beta]
kind = "aksk"
ak_env = "B_AK"
sk_env = "B_SK"

[credentials.beta-wrong]
kind = "aksk"
ak_env = "B_AK"
sk_env = "WRONG_SK"

[[scope]]
name = "alpha"
endpoint = "{a}"
region = "lab-a"
project_id = "{PROJECT}"
credential = "alpha"

[[scope]]
name = "beta"
endpoint = "{b}"
region = "lab-b"
project_id = "{PROJECT}"
credential = "beta"

[[scope]]
name = "beta-wrong-key"
endpoint = "{b}"
project_id = "{PROJECT}"
credential = "beta-wrong"

[[scope]]
name = "alpha-with-beta-key"
endpoint = "{a}"
project_id = "{PROJECT}"
credential = "beta"
"#
    )
}

fn groups_path() -> String {
    format!("/v1/{PROJECT}/server-groups?limit=3")
}

#[tokio::test]
async fn each_scope_reaches_its_upstream_with_its_own_key_pair() {
    let a = verifying_emulator(AK_A, SK_A).await;
    let b = verifying_emulator(AK_B, SK_B).await;
    let set = load(&aksk_config(&a, &b)).unwrap();
    assert_eq!(set.watcher.period, Duration::from_secs(5));
    assert!(set.tasks.is_empty(), "key pairs need no renewal");
    let names: Vec<&str> = set.scopes.iter().map(|s| s.name.as_str()).collect();
    assert_eq!(names, ["alpha", "beta", "beta-wrong-key", "alpha-with-beta-key"]);
    let notes = set.notes.join("\n");
    for secret in [SK_A, SK_B, WRONG_SK] {
        assert!(!notes.contains(secret), "{notes}");
    }
    assert!(notes.contains("A_SK"), "{notes}");

    let mut statuses = Vec::new();
    for scope in &set.scopes {
        let answer = scope.upstream.get(&groups_path()).await.unwrap();
        if answer.status == StatusCode::OK {
            let v: serde_json::Value = serde_json::from_slice(&answer.body).unwrap();
            assert_eq!(v["server_groups"].as_array().unwrap().len(), 3, "{}", scope.name);
        }
        statuses.push((scope.name.as_str(), answer.status));
    }
    assert_eq!(
        statuses,
        [
            ("alpha", StatusCode::OK),
            ("beta", StatusCode::OK),
            ("beta-wrong-key", StatusCode::UNAUTHORIZED),
            ("alpha-with-beta-key", StatusCode::UNAUTHORIZED),
        ]
    );
    let alpha = set.get("alpha").unwrap();
    assert_eq!(
        (alpha.region.as_str(), alpha.endpoint.as_str()),
        ("lab-a", a.as_str())
    );
    assert_eq!(alpha.credential, "alpha");
}

#[tokio::test]
async fn a_missing_secret_stops_loading_and_names_its_line() {
    let text = aksk_config("http://127.0.0.1:1", "http://127.0.0.1:2").replace("\"A_SK\"", "\"UNSET_SK\"");
    let e = load(&text).map(|_| ()).unwrap_err().to_string();
    assert!(
        e.contains("scopes.toml:9: credentials.alpha.sk_env: the environment variable UNSET_SK is not set"),
        "{e}"
    );
    for secret in [SK_A, SK_B, WRONG_SK, AK_A] {
        assert!(!e.contains(secret), "{e}");
    }
    let e = ScopeSet::load(
        std::path::Path::new("/nonexistent/scopes.toml"),
        &|_| None,
        &ScopeOptions::default(),
    )
    .map(|_| ())
    .unwrap_err()
    .to_string();
    assert!(
        e.contains("cannot read the config file /nonexistent/scopes.toml"),
        "{e}"
    );
}

#[tokio::test]
async fn iam_user_and_agency_tokens_are_renewed_per_scope() {
    let users = file_with(
        r#"{"users":[{"domain":"partner","user":"ops","password":"ops-pw-1"}],
            "agencies":[{"domain":"acme","name":"sdrs-ops","trusts":"partner","may_delete":true}]}"#,
    );
    let emu = start_cli(emulator_cli(&["--iam-users", &users])).await;
    let text = format!(
        r#"
[credentials.org]
kind = "iam_user"
iam = "{emu}"
domain = "partner"
user = "ops"
password_env = "OPS_PASSWORD"

[credentials.member]
kind = "agency"
via = "org"
agency_domain = "acme"
agency_name = "sdrs-ops"

[[scope]]
name = "member"
endpoint = "{emu}"
project_id = "{PROJECT}"
credential = "member"
"#
    );
    let set = load(&text).unwrap();
    assert!(!set.notes.join("\n").contains(OPS_PASSWORD));
    let scope = set.get("member").unwrap().clone();
    // Before the renewer ran: no token yet, said without a secret.
    match scope.upstream.get(&groups_path()).await {
        Err(UpstreamFailure::CredentialUnavailable(why)) => {
            assert!(why.contains("still obtaining"), "{why}")
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(set.tasks.len(), 1);
    let tasks: Vec<_> = set.tasks.into_iter().map(tokio::spawn).collect();
    wait_for(10, "the agency token", || async {
        scope.upstream.get(&groups_path()).await.is_ok()
    })
    .await;
    let answer = scope.upstream.get(&groups_path()).await.unwrap();
    assert_eq!(answer.status, StatusCode::OK, "{:?}", answer.body);
    for t in tasks {
        t.abort();
    }
}

#[tokio::test]
async fn retry_after_comes_back_with_the_status() {
    let (up, seen) = mock_upstream(
        "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 7\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}",
    )
    .await;
    let text = format!(
        "[credentials.t]\nkind = \"token\"\ntoken_env = \"T\"\n[[scope]]\nname = \"s\"\nendpoint = \"{up}\"\nproject_id = \"{PROJECT}\"\ncredential = \"t\"\n"
    );
    let set = ScopeSet::load(
        &config_file(&text),
        &|name| (name == "T").then(|| "token-of-t".to_owned()),
        &ScopeOptions::default(),
    )
    .unwrap();
    let answer = set.scopes[0].upstream.get(&groups_path()).await.unwrap();
    assert_eq!(answer.status, StatusCode::TOO_MANY_REQUESTS);
    assert_eq!(answer.retry_after, Some(Duration::from_secs(7)));
    assert_eq!(&answer.body[..], b"{}");
    let head = seen.await.unwrap().to_lowercase();
    assert!(head.contains("x-auth-token: token-of-t"), "{head}");
}

#[tokio::test]
async fn an_unreachable_upstream_is_a_failure_not_a_panic() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let closed = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    let set = ScopeSet::single(
        std::sync::Arc::new(
            sdrs_console_server::upstream::proxy::Upstream::new(
                &closed,
                2_000,
                None,
                false,
                reqwest::Client::new(),
            )
            .unwrap(),
        ),
        None,
        PROJECT.to_owned(),
    );
    assert_eq!(set.scopes[0].name, "default");
    assert_eq!(set.scopes[0].region, "upstream");
    assert_eq!(
        set.scopes[0].upstream.get(&groups_path()).await.unwrap_err(),
        UpstreamFailure::Unreachable
    );
}

#[tokio::test]
async fn scope_routes_forward_to_the_named_scope_only() {
    let a = verifying_emulator(AK_A, SK_A).await;
    let b = verifying_emulator(AK_B, SK_B).await;
    let set = load(&aksk_config(&a, &b)).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    let router = sdrs_console_server::scopes::forward::routes(&set);
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });

    let at = |scope: &str, rest: &str| format!("{base}/scopes/{scope}/v1/{PROJECT}/{rest}");
    for scope in ["alpha", "beta"] {
        let r = get(&at(scope, "server-groups?limit=2")).await;
        assert_eq!(r.status, StatusCode::OK, "{scope}: {}", r.text);
        assert_eq!(r.json()["server_groups"].as_array().unwrap().len(), 2);
    }
    assert_eq!(
        get(&at("beta-wrong-key", "server-groups")).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = get(&at("nope", "server-groups")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::NOT_FOUND, "SDRS.0004".to_owned())
    );
    assert!(r.text.contains("No scope is named nope"), "{}", r.text);
    // Another project than the scope's: refused before any call.
    let r = get(&format!("{base}/scopes/alpha/v1/fedcba9876543210/server-groups")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "SDRS.0004".to_owned())
    );
    // The rules of /v1 hold: no delete with the scope's key without
    // --allow-delete, nothing outside the console's calls.
    let r = call(
        reqwest::Method::DELETE,
        &at("alpha", "task-center/failure-jobs/batch"),
    )
    .await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "SDRS.0004".to_owned())
    );
    let r = get(&at("alpha", "protected-instances")).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
}
