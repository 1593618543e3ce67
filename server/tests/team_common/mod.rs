//! Helpers of the team sign-in tests: users files, sign-in, requests with
//! the session cookie and the CSRF header.
#![allow(dead_code)]

use crate::common::*;
use reqwest::{Method, StatusCode};
use sdrs_console_server::team::identity::Role;
use sdrs_console_server::team::users_file::user_line;
use serde_json::{json, Value};
use std::path::PathBuf;

pub const ALICE_PASSWORD: &str = "alice-operator-pw";
pub const BOB_PASSWORD: &str = "bob-viewer-pw";

/// A fresh file with `text`, under the target's temporary directory.
pub fn temp_file(name: &str, text: &str) -> PathBuf {
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!(
        "sdrs-team-{}-{:016x}",
        std::process::id(),
        fastrand::u64(..)
    ));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// alice (operator) and bob (viewer).
pub fn users_file() -> PathBuf {
    let text = format!(
        "# test users\n{}\n\n{}\n",
        user_line("alice", Role::Operator, ALICE_PASSWORD).unwrap(),
        user_line("bob", Role::Viewer, BOB_PASSWORD).unwrap()
    );
    temp_file("users", &text)
}

/// A signed-in session as a client holds it.
pub struct Session {
    pub cookie: String,
    pub csrf: String,
    pub json: Value,
}

/// The `sdrs_session=…` pair of a `Set-Cookie` answer.
pub fn cookie_of(reply: &Reply) -> String {
    let set = reply.header("set-cookie").expect("set-cookie");
    set.split(';').next().unwrap().to_owned()
}

pub async fn try_sign_in(base: &str, user: &str, password: &str) -> Reply {
    send(
        client()
            .post(format!("{base}/auth/local/sign-in"))
            .json(&json!({"user": user, "password": password})),
    )
    .await
}

pub async fn sign_in(base: &str, user: &str, password: &str) -> Session {
    let r = try_sign_in(base, user, password).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let json = r.json();
    Session {
        cookie: cookie_of(&r),
        csrf: json["csrfToken"].as_str().unwrap().to_owned(),
        json,
    }
}

/// A request with the session's cookie (and CSRF header when `csrf`).
pub async fn with_session(method: Method, url: &str, session: &Session, csrf: bool) -> Reply {
    let mut req = client().request(method, url).header("cookie", &session.cookie);
    if csrf {
        req = req.header("x-csrf-token", &session.csrf);
    }
    send(req).await
}

/// A local sign-in server in emulate mode with `extra` flags.
pub async fn team_server(extra: &[&str]) -> String {
    let users = users_file();
    let mut args = vec!["--users", users.to_str().unwrap()];
    args.extend_from_slice(extra);
    start(&args).await
}
