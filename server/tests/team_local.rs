//! Team sign-in with the local users file, in emulate mode: anonymous
//! calls refused, sign-in and sessions, roles, CSRF, bad cookies,
//! timeouts, sign-out, the failed sign-in limit, the users file's errors.

mod common;
mod team_common;

use common::*;
use reqwest::{Method, StatusCode};
use team_common::*;

#[tokio::test]
async fn anonymous_get_and_delete_are_refused() {
    let base = team_server(&[]).await;
    for (method, rest) in [
        (Method::GET, "task-center/failure-jobs"),
        (Method::DELETE, "task-center/failure-jobs/batch"),
        (Method::GET, "server-groups"),
    ] {
        let r = call(method.clone(), &api(&base, rest)).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{method} {rest}");
        assert_eq!(r.code(), "SDRS.0002");
    }
    let r = get(&format!("{base}/auth/session")).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::UNAUTHORIZED, "SDRS.0002")
    );
    let r = get(&format!("{base}/audit/records")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    // Nothing was deleted: a signed-in user still sees every group-level row.
    let alice = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let r = with_session(
        Method::GET,
        &api(&base, "task-center/failure-jobs?limit=1"),
        &alice,
        false,
    )
    .await;
    assert!(r.json()["count"].as_u64().unwrap() > 0);
    // What needs no session still answers.
    assert_eq!(get(&format!("{base}/healthz")).await.status, StatusCode::OK);
    let config = get(&format!("{base}/config.json")).await.json();
    assert_eq!(
        config["teamSignIn"],
        serde_json::json!({"local": true, "oidc": null, "proxy": false})
    );
}

#[tokio::test]
async fn local_sign_in_gives_a_session_that_lists_rows() {
    let base = team_server(&[]).await;
    let r = try_sign_in(&base, "alice", ALICE_PASSWORD).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let set = r.header("set-cookie").unwrap();
    assert!(set.starts_with("sdrs_session="), "{set}");
    for attr in ["HttpOnly", "SameSite=Strict", "Path=/"] {
        assert!(set.contains(attr), "{set}");
    }
    assert!(!set.contains("Secure"), "plain http: {set}");
    let v = r.json();
    assert_eq!(v["user"], "alice");
    assert_eq!(v["role"], "operator");
    assert_eq!(v["method"], "local");
    assert_eq!(v["idleTimeoutSecs"], 1800);
    assert!(v["expiresAtMs"].as_i64().unwrap() > 1_700_000_000_000);
    assert_eq!(v["csrfToken"].as_str().unwrap().len(), 43);
    // The session id is not in the body.
    let id = cookie_of(&r).trim_start_matches("sdrs_session=").to_owned();
    assert!(!r.text.contains(&id));

    let alice = Session {
        cookie: cookie_of(&r),
        csrf: v["csrfToken"].as_str().unwrap().to_owned(),
        json: v,
    };
    let rows_reply = with_session(
        Method::GET,
        &api(&base, "task-center/failure-jobs?limit=5"),
        &alice,
        false,
    )
    .await;
    assert_eq!(rows_reply.status, StatusCode::OK);
    assert_eq!(rows(&rows_reply.json()).len(), 5);
    let session = with_session(Method::GET, &format!("{base}/auth/session"), &alice, false).await;
    assert_eq!(session.status, StatusCode::OK);
    assert_eq!(session.json(), alice.json);
}

#[tokio::test]
async fn wrong_password_is_401_and_the_sixth_try_429() {
    let base = team_server(&[]).await;
    let wrong = try_sign_in(&base, "alice", "nope").await;
    let unknown = try_sign_in(&base, "mallory", "nope").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        wrong.text, unknown.text,
        "one message for unknown user and wrong password"
    );
    assert!(wrong.header("set-cookie").is_none());
    for _ in 0..3 {
        assert_eq!(
            try_sign_in(&base, "alice", "nope").await.status,
            StatusCode::UNAUTHORIZED
        );
    }
    // Five failures from this address: the sixth is refused, even with the
    // right password.
    let r = try_sign_in(&base, "alice", ALICE_PASSWORD).await;
    assert_eq!(r.status, StatusCode::TOO_MANY_REQUESTS, "{}", r.text);
    assert_eq!(r.code(), "APIGW.0308");
    let retry: u64 = r.header("retry-after").unwrap().parse().unwrap();
    assert!((1..=300).contains(&retry), "{retry}");
    // Malformed bodies are 400 envelopes, not 500s.
    let r = send(
        client()
            .post(format!("{base}/auth/local/sign-in"))
            .header("content-type", "application/json")
            .body("{\"user\":1}"),
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::BAD_REQUEST, "SDRS.0201")
    );
}

#[tokio::test]
async fn viewer_delete_is_403_and_operator_delete_204() {
    let base = team_server(&[]).await;
    let alice = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let bob = sign_in(&base, "bob", BOB_PASSWORD).await;
    assert_eq!(bob.json["role"], "viewer");
    let list = with_session(
        Method::GET,
        &api(&base, "task-center/failure-jobs?limit=2"),
        &bob,
        false,
    )
    .await;
    let first = rows(&list.json());
    let one = api(
        &base,
        &format!(
            "task-center/failure-jobs/{}",
            first[0]["resource_id"].as_str().unwrap()
        ),
    );
    let r = with_session(Method::DELETE, &one, &bob, true).await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(r.code(), "SDRS.0005");
    assert!(
        r.text.contains("Your role (viewer) may not delete failed tasks"),
        "{}",
        r.text
    );
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
    let r = with_session(Method::DELETE, &one, &alice, true).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    let after = with_session(
        Method::GET,
        &api(&base, "task-center/failure-jobs?limit=1"),
        &bob,
        false,
    )
    .await;
    assert_eq!(rows(&after.json())[0], first[1]);
}

#[tokio::test]
async fn delete_without_csrf_header_or_from_another_site_is_403() {
    let base = team_server(&[]).await;
    let alice = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let batch = api(&base, "task-center/failure-jobs/batch");
    let r = with_session(Method::DELETE, &batch, &alice, false).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0004")
    );
    let wrong_token = send(
        client()
            .delete(&batch)
            .header("cookie", &alice.cookie)
            .header("x-csrf-token", "A".repeat(43)),
    )
    .await;
    assert_eq!(wrong_token.code(), "SDRS.0004");
    let cross_site = send(
        client()
            .delete(&batch)
            .header("cookie", &alice.cookie)
            .header("x-csrf-token", &alice.csrf)
            .header("origin", "http://evil.example"),
    )
    .await;
    assert_eq!(
        (cross_site.status, cross_site.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0004")
    );
    let fetch_site = send(
        client()
            .delete(&batch)
            .header("cookie", &alice.cookie)
            .header("x-csrf-token", &alice.csrf)
            .header("sec-fetch-site", "same-site"),
    )
    .await;
    assert_eq!(fetch_site.status, StatusCode::FORBIDDEN);
    // Another session's token does not do either.
    let other = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let r = send(
        client()
            .delete(&batch)
            .header("cookie", &alice.cookie)
            .header("x-csrf-token", &other.csrf),
    )
    .await;
    assert_eq!(r.code(), "SDRS.0004");
    // Sign-in from another site is refused too.
    let r = send(
        client()
            .post(format!("{base}/auth/local/sign-in"))
            .header("origin", "http://evil.example")
            .json(&serde_json::json!({"user": "alice", "password": ALICE_PASSWORD})),
    )
    .await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0004")
    );
    // The rows are all still there, and the real thing passes.
    let same_origin = send(
        client()
            .delete(&batch)
            .header("cookie", &alice.cookie)
            .header("x-csrf-token", &alice.csrf)
            .header("origin", base.as_str())
            .header("sec-fetch-site", "same-origin"),
    )
    .await;
    assert_eq!(same_origin.status, StatusCode::NO_CONTENT, "{}", same_origin.text);
}

#[tokio::test]
async fn tampered_unknown_and_forged_cookies_are_401() {
    let base = team_server(&[]).await;
    let alice = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let value = alice.cookie.trim_start_matches("sdrs_session=").to_owned();
    let mut flipped = value.clone().into_bytes();
    flipped[10] = if flipped[10] == b'a' { b'b' } else { b'a' };
    let cases = [
        format!("sdrs_session={}", String::from_utf8(flipped).unwrap()),
        format!("sdrs_session={}", "A".repeat(43)),
        format!("sdrs_session={value}x"),
        "sdrs_session=../../etc/passwd".to_owned(),
        "sdrs_session=%00%ff".to_owned(),
        "sdrs_session=".to_owned(),
    ];
    for cookie in cases {
        let r = send(
            client()
                .get(api(&base, "task-center/failure-jobs"))
                .header("cookie", &cookie),
        )
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{cookie}");
        assert_eq!(r.code(), "SDRS.0002");
        assert!(
            r.header("set-cookie").unwrap().contains("Max-Age=0"),
            "stale cookie cleared"
        );
    }
}

#[tokio::test]
async fn idle_timeout_ends_a_quiet_session() {
    // 0.01 minutes: 600 ms idle.
    let base = team_server(&["--session-idle-mins", "0.01"]).await;
    let alice = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let url = api(&base, "task-center/failure-jobs?limit=1");
    for _ in 0..3 {
        tokio::time::sleep(std::time::Duration::from_millis(300)).await;
        assert_eq!(
            with_session(Method::GET, &url, &alice, false).await.status,
            StatusCode::OK
        );
    }
    tokio::time::sleep(std::time::Duration::from_millis(900)).await;
    let r = with_session(Method::GET, &url, &alice, false).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn absolute_timeout_ends_a_busy_session() {
    // 0.0003 hours: 1.08 s after sign-in, however busy.
    let base = team_server(&["--session-max-hours", "0.0003"]).await;
    let alice = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let url = api(&base, "task-center/failure-jobs?limit=1");
    let started = std::time::Instant::now();
    let mut statuses = Vec::new();
    while started.elapsed() < std::time::Duration::from_millis(1500) {
        statuses.push(with_session(Method::GET, &url, &alice, false).await.status);
        tokio::time::sleep(std::time::Duration::from_millis(150)).await;
    }
    assert_eq!(statuses.first(), Some(&StatusCode::OK));
    assert_eq!(statuses.last(), Some(&StatusCode::UNAUTHORIZED));
    // Once ended, it stays ended.
    let ended = statuses
        .iter()
        .position(|s| *s == StatusCode::UNAUTHORIZED)
        .unwrap();
    assert!(
        statuses[ended..].iter().all(|s| *s == StatusCode::UNAUTHORIZED),
        "{statuses:?}"
    );
}

#[tokio::test]
async fn sign_out_ends_the_session() {
    let base = team_server(&[]).await;
    let alice = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let out = format!("{base}/auth/sign-out");
    // Sign-out is state-changing: it needs the CSRF header.
    let r = with_session(Method::POST, &out, &alice, false).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0004")
    );
    let r = with_session(Method::POST, &out, &alice, true).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT);
    assert!(r.header("set-cookie").unwrap().contains("Max-Age=0"));
    let r = with_session(Method::GET, &api(&base, "server-groups"), &alice, false).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = with_session(Method::GET, &format!("{base}/auth/session"), &alice, false).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn users_file_with_a_bad_line_stops_start_up_with_its_number() {
    let good = sdrs_console_server::team::users_file::user_line(
        "alice",
        sdrs_console_server::team::identity::Role::Operator,
        "pw",
    )
    .unwrap();
    let hash = good.split(':').nth(2).unwrap().to_owned();
    let path = temp_file("users", &format!("# ok\n{good}\n\nbob:admin:{hash}\n"));
    let err = sdrs_console_server::spawn(cli(&["--users", path.to_str().unwrap()]))
        .await
        .unwrap_err();
    let message = err.to_string();
    assert!(message.contains(path.to_str().unwrap()), "{message}");
    assert!(message.contains("line 4"), "{message}");
    assert!(message.contains("role must be viewer or operator"), "{message}");
    assert!(!message.contains(&hash), "the hash is never shown: {message}");
    let missing = sdrs_console_server::spawn(cli(&["--users", "/nonexistent/users"]))
        .await
        .unwrap_err();
    assert!(missing.to_string().contains("/nonexistent/users"), "{missing}");
}

#[tokio::test]
async fn add_user_prints_a_line_that_signs_in() {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_sdrs-console-server"))
        .args(["add-user", "carol", "--role", "operator"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(b"carol's pass phrase\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    let line = String::from_utf8(out.stdout).unwrap();
    assert!(line.starts_with("carol:operator:$argon2id$"), "{line}");
    assert!(!line.contains("pass phrase"));
    let path = temp_file("users", &line);
    let base = start(&["--users", path.to_str().unwrap()]).await;
    let carol = sign_in(&base, "carol", "carol's pass phrase").await;
    assert_eq!(carol.json["role"], "operator");
    // A bad name is refused with a reason, not a line.
    let out = Command::new(env!("CARGO_BIN_EXE_sdrs-console-server"))
        .args(["add-user", "a:b"])
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(out.stdout.is_empty());
}

#[tokio::test]
async fn security_headers_on_every_answer() {
    let dist = temp_file("index.html", "<!doctype html><title>console</title>");
    let dist_dir = dist.parent().unwrap().to_str().unwrap().to_owned();
    let base = team_server(&["--dist", &dist_dir]).await;
    let framed = start(&[
        "--dist",
        &dist_dir,
        "--frame-ancestors",
        "https://portal.example.com 'self'",
    ])
    .await;
    for url in [
        format!("{base}/"),
        format!("{base}/config.json"),
        api(&base, "task-center/failure-jobs"),
        format!("{base}/healthz"),
    ] {
        let r = get(&url).await;
        assert_eq!(r.header("x-content-type-options"), Some("nosniff"), "{url}");
        assert_eq!(r.header("referrer-policy"), Some("no-referrer"), "{url}");
        let csp = r.header("content-security-policy").unwrap_or_default();
        assert!(csp.contains("frame-ancestors 'none'"), "{url}: {csp}");
        assert!(
            r.header("strict-transport-security").is_none(),
            "plain http: {url}"
        );
    }
    let page = get(&format!("{base}/")).await;
    let csp = page.header("content-security-policy").unwrap();
    assert!(
        csp.starts_with(sdrs_console_server::http::static_files::CONTENT_SECURITY_POLICY),
        "{csp}"
    );
    let page = get(&format!("{framed}/")).await;
    assert!(page
        .header("content-security-policy")
        .unwrap()
        .ends_with("; frame-ancestors https://portal.example.com 'self'"));
    // A directive smuggled into the flag stops start-up.
    assert!(<sdrs_console_server::Cli as clap::Parser>::try_parse_from([
        "sdrs-console-server",
        "--frame-ancestors",
        "https://a.example; script-src *"
    ])
    .is_err());
}

#[tokio::test]
async fn https_public_url_makes_the_cookie_secure_and_adds_hsts() {
    let base = team_server(&["--public-url", "https://console.example.com"]).await;
    let r = try_sign_in(&base, "alice", ALICE_PASSWORD).await;
    assert!(r.header("set-cookie").unwrap().ends_with("; Secure"));
    assert_eq!(r.header("strict-transport-security"), Some("max-age=31536000"));
    assert_eq!(
        get(&format!("{base}/healthz"))
            .await
            .header("strict-transport-security"),
        Some("max-age=31536000")
    );
}

#[tokio::test]
async fn sessions_live_in_the_database_shared_by_instances() {
    let dir = temp_file("placeholder", "");
    let db = format!("sqlite://{}", dir.parent().unwrap().join("shared.db").display());
    let users = users_file();
    let users = users.to_str().unwrap();
    let first = start(&["--users", users, "--database", &db]).await;
    let second = start(&["--users", users, "--database", &db]).await;
    let alice = sign_in(&first, "alice", ALICE_PASSWORD).await;
    let r = with_session(Method::GET, &format!("{second}/auth/session"), &alice, false).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.json()["csrfToken"], alice.json["csrfToken"]);
    // Signed out on one, gone on the other.
    let out = with_session(Method::POST, &format!("{second}/auth/sign-out"), &alice, true).await;
    assert_eq!(out.status, StatusCode::NO_CONTENT);
    let r = with_session(Method::GET, &api(&first, "server-groups"), &alice, false).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn signing_in_again_ends_the_previous_session() {
    let base = team_server(&[]).await;
    let first = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let again = send(
        client()
            .post(format!("{base}/auth/local/sign-in"))
            .header("cookie", &first.cookie)
            .json(&serde_json::json!({"user": "bob", "password": BOB_PASSWORD})),
    )
    .await;
    assert_eq!(again.status, StatusCode::OK);
    assert_ne!(cookie_of(&again), first.cookie);
    let r = with_session(Method::GET, &api(&base, "server-groups"), &first, false).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
