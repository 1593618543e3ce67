//! Regression tests of the sign-in findings of probing team mode from
//! outside: parallel wrong passwords, sessions of removed users and
//! changed roles, the IAM sign-in limit.

mod common;
mod iam_common;
mod team_common;

use common::*;
use reqwest::{Method, StatusCode};
use sdrs_console_server::team::identity::Role;
use sdrs_console_server::team::users_file::user_line;
use team_common::*;

/// Finding 1: the limit was checked before the argon2 check and failures
/// recorded after it, so 24 parallel wrong passwords were all checked
/// (24 × 401, each costing an argon2 hash). Now each attempt is counted
/// first: at most the limit (5) are checked, the rest answer 429.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_wrong_passwords_are_throttled_before_hashing() {
    let base = team_server(&[]).await;
    let tries: Vec<_> = (0..24)
        .map(|_| {
            let base = base.clone();
            tokio::spawn(async move { try_sign_in(&base, "alice", "wrong-password").await.status })
        })
        .collect();
    let mut statuses = Vec::new();
    for t in tries {
        statuses.push(t.await.unwrap());
    }
    let checked = statuses
        .iter()
        .filter(|s| **s == StatusCode::UNAUTHORIZED)
        .count();
    let throttled = statuses
        .iter()
        .filter(|s| **s == StatusCode::TOO_MANY_REQUESTS)
        .count();
    assert_eq!(checked + throttled, 24, "{statuses:?}");
    assert!(checked <= 5, "{checked} passwords checked: {statuses:?}");
    assert!(throttled >= 19, "{statuses:?}");
}

/// Finding 8: `POST /auth/iam/sign-in` was not throttled (8 wrong
/// passwords, 8 × 401). It is counted like the local sign-in.
#[tokio::test]
async fn iam_sign_in_wrong_passwords_are_throttled_like_local_sign_in() {
    let emu = iam_common::emulator("3600").await;
    let mut statuses = Vec::new();
    for _ in 0..8 {
        let r = iam_common::sign_in(&emu, &iam_common::sign_in_form("alice", "bad-pw-9")).await;
        statuses.push(r.status);
    }
    assert_eq!(
        statuses,
        [
            [StatusCode::UNAUTHORIZED; 5].as_slice(),
            [StatusCode::TOO_MANY_REQUESTS; 3].as_slice()
        ]
        .concat()
    );
    let r = iam_common::sign_in(&emu, &iam_common::sign_in_form("alice", "alice-pw-1")).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    assert_eq!(r.code(), "APIGW.0308");
    assert!(r.header("retry-after").is_some());
    // Another address's user is not locked out by these: a fresh server
    // signs in at once.
    let other = iam_common::emulator("3600").await;
    let r = iam_common::sign_in(&other, &iam_common::sign_in_form("alice", "alice-pw-1")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
}

/// A users file with these lines.
fn users_with(lines: &[(&str, Role, &str)]) -> String {
    let text: Vec<String> = lines
        .iter()
        .map(|(name, role, pw)| user_line(name, *role, pw).unwrap())
        .collect();
    temp_file("users", &text.join("\n")).display().to_string()
}

/// Finding 3: alice signed in, the server restarted with a users file
/// without her on the same database, and her cookie still read and
/// deleted; roles were frozen at sign-in. Now the users file decides at
/// every request.
#[tokio::test]
async fn removed_users_lose_their_sessions_and_changed_roles_apply_at_once() {
    let data_dir = temp_file("marker", "").parent().unwrap().display().to_string();
    let first = users_with(&[
        ("alice", Role::Operator, ALICE_PASSWORD),
        ("bob", Role::Viewer, BOB_PASSWORD),
    ]);
    let before = start(&["--users", &first, "--data-dir", &data_dir]).await;
    let alice = sign_in(&before, "alice", ALICE_PASSWORD).await;
    let bob = sign_in(&before, "bob", BOB_PASSWORD).await;

    // Restarted without alice, bob now an operator.
    let second = users_with(&[("bob", Role::Operator, BOB_PASSWORD)]);
    let after = start(&["--users", &second, "--data-dir", &data_dir]).await;
    let r = with_session(Method::GET, &format!("{after}/auth/session"), &alice, false).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
    let batch = api(&after, "task-center/failure-jobs/batch");
    let r = with_session(Method::DELETE, &batch, &alice, true).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
    // Ended for good: the first server does not take it back either.
    let r = with_session(Method::GET, &format!("{before}/auth/session"), &alice, false).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);

    // viewer → operator: bob's session says so and may delete.
    let r = with_session(Method::GET, &format!("{after}/auth/session"), &bob, false).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["role"], "operator");
    let list = with_session(
        Method::GET,
        &api(&after, "task-center/failure-jobs?limit=1"),
        &bob,
        false,
    )
    .await;
    let id = rows(&list.json())[0]["resource_id"].as_str().unwrap().to_owned();
    let one = api(&after, &format!("task-center/failure-jobs/{id}"));
    let r = with_session(Method::DELETE, &one, &bob, true).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);

    // operator → viewer: alice signs in again, then is made a viewer.
    let alice = sign_in(&before, "alice", ALICE_PASSWORD).await;
    let third = users_with(&[("alice", Role::Viewer, ALICE_PASSWORD)]);
    let demoted = start(&["--users", &third, "--data-dir", &data_dir]).await;
    let r = with_session(Method::GET, &format!("{demoted}/auth/session"), &alice, false).await;
    assert_eq!(r.json()["role"], "viewer", "{}", r.text);
    let r = with_session(
        Method::DELETE,
        &api(&demoted, "task-center/failure-jobs/batch"),
        &alice,
        true,
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0005")
    );
}

async fn sign_in_from(base: &str, extra: &[(&str, &str)]) -> Reply {
    let mut req = client()
        .post(format!("{base}/auth/local/sign-in"))
        .json(&serde_json::json!({"user": "alice", "password": ALICE_PASSWORD}));
    for (name, value) in extra {
        req = req.header(*name, *value);
    }
    send(req).await
}

/// Behind a reverse proxy that rewrites `Host`, sign-in answered 403: the
/// Origin check compared with `Host` only. The origin of `--public-url` is
/// this server's too.
#[tokio::test]
async fn sign_in_behind_a_proxy_that_rewrites_host_accepts_the_public_url_origin() {
    let base = team_server(&["--public-url", "https://console.example.test"]).await;
    let r = sign_in_from(&base, &[("origin", "https://console.example.test")]).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let alice = Session {
        cookie: cookie_of(&r),
        csrf: r.json()["csrfToken"].as_str().unwrap().to_owned(),
        json: r.json(),
    };
    let batch = api(&base, "task-center/failure-jobs/batch");
    let delete = |origin: &'static str| {
        send(
            client()
                .delete(&batch)
                .header("cookie", &alice.cookie)
                .header("x-csrf-token", &alice.csrf)
                .header("origin", origin),
        )
    };
    let r = delete("https://console.example.test").await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    let r = delete("https://evil.example").await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0004")
    );
    let r = sign_in_from(&base, &[("origin", "http://console.example.test")]).await;
    assert_eq!(
        r.status,
        StatusCode::FORBIDDEN,
        "another scheme is another origin"
    );
}

/// `X-Forwarded-Proto` and `X-Forwarded-Host` name the origin the browser
/// used, from a `--trusted-proxy` peer only.
#[tokio::test]
async fn forwarded_host_and_proto_count_only_from_trusted_proxies() {
    let forwarded = [
        ("origin", "https://sdrs.example.org"),
        ("x-forwarded-host", "sdrs.example.org"),
        ("x-forwarded-proto", "https"),
    ];
    let behind_proxy = team_server(&["--trusted-proxy", "127.0.0.1"]).await;
    let r = sign_in_from(&behind_proxy, &forwarded).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let r = sign_in_from(
        &behind_proxy,
        &[
            ("origin", "https://evil.example"),
            ("x-forwarded-host", "sdrs.example.org"),
            ("x-forwarded-proto", "https"),
        ],
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    let elsewhere = team_server(&["--trusted-proxy", "10.9.9.9"]).await;
    let r = sign_in_from(&elsewhere, &forwarded).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0004"),
        "forwarded headers from a peer that is no trusted proxy are ignored"
    );
}

/// Finding 3, without a restart: the users file was read only at start, so
/// removing alice from it, or making bob an operator, waited for the next
/// restart. The running server now reads the file again when it changes.
#[tokio::test]
async fn editing_the_users_file_applies_to_the_running_server() {
    let path = users_with(&[
        ("alice", Role::Operator, ALICE_PASSWORD),
        ("bob", Role::Viewer, BOB_PASSWORD),
    ]);
    let base = start(&["--users", &path]).await;
    let alice = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let bob = sign_in(&base, "bob", BOB_PASSWORD).await;

    let edited: Vec<String> = [("bob", Role::Operator, BOB_PASSWORD)]
        .iter()
        .map(|(name, role, pw)| user_line(name, *role, pw).unwrap())
        .collect();
    std::fs::write(&path, edited.join("\n")).unwrap();

    let r = with_session(Method::GET, &format!("{base}/auth/session"), &alice, false).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{}", r.text);
    let r = with_session(Method::GET, &format!("{base}/auth/session"), &bob, false).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["role"], "operator");
    // A file that no longer parses keeps the last good list.
    std::fs::write(&path, "not a users line\n").unwrap();
    let r = with_session(Method::GET, &format!("{base}/auth/session"), &bob, false).await;
    assert_eq!(r.json()["role"], "operator", "{}", r.text);
}
