//! Harness of the team sign-in tests: a users file made with the server's
//! own `add-user` command, the real OpenID provider (`e2e/oidc/provider.mjs`,
//! npm `oidc-provider`), and sign-in over HTTP the way a script would.
#![allow(dead_code)]

use reqwest::header::{COOKIE, ORIGIN, SET_COOKIE};
use sdrs_e2e::{check, repo_root, tools, wait_until, Browser, PROJECT_ID, ROWS};
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdout, Command, Stdio};

/// The team sign-in form of the standalone page.
pub const SIGN_IN_FORM: &str = "form.sdrs-sign-in-form";

pub const ALICE_PASSWORD: &str = "alice-operator-pw";
pub const BOB_PASSWORD: &str = "bob-viewer-pw";

/// `sdrs-console-server add-user NAME --role ROLE`, the password on stdin:
/// the line it prints for the users file.
pub fn add_user(name: &str, role: &str, password: &str) -> String {
    let mut child = Command::new(tools::server_binary())
        .args(["add-user", name, "--role", role])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("run add-user");
    writeln!(child.stdin.take().expect("stdin"), "{password}").expect("write the password");
    let out = child.wait_with_output().expect("add-user ends");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "add-user failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(!stdout.contains(password), "add-user printed the password");
    stdout.trim().to_owned()
}

/// A users file in `dir`: alice (operator) and bob (viewer).
pub fn users_file(dir: &Path) -> PathBuf {
    let text = format!(
        "# made by add-user\n{}\n{}\n",
        add_user("alice", "operator", ALICE_PASSWORD),
        add_user("bob", "viewer", BOB_PASSWORD)
    );
    let path = dir.join("users");
    std::fs::write(&path, text).expect("write the users file");
    path
}

/// The list API path of the group level.
pub fn group_level_path() -> String {
    format!("/v1/{PROJECT_ID}/task-center/failure-jobs?limit=1000")
}

/// The clear-the-group-level API path.
pub fn clear_group_level_path() -> String {
    format!("/v1/{PROJECT_ID}/task-center/failure-jobs/batch")
}

/// A session as a script holds it: the cookie pair and the CSRF token.
pub struct HttpSession {
    pub cookie: String,
    pub csrf: String,
}

pub fn http() -> reqwest::Client {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("reqwest client")
}

/// `POST /auth/local/sign-in` over HTTP.
pub async fn sign_in_http(base: &str, user: &str, password: &str) -> HttpSession {
    let res = http()
        .post(format!("{base}/auth/local/sign-in"))
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .body(json!({"user": user, "password": password}).to_string())
        .send()
        .await
        .expect("sign-in request");
    assert_eq!(res.status(), 200, "sign-in of {user}");
    let cookie = res
        .headers()
        .get(SET_COOKIE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .expect("a session cookie")
        .to_owned();
    let body: Value = serde_json::from_str(&res.text().await.expect("session body")).expect("session JSON");
    HttpSession {
        cookie,
        csrf: body["csrfToken"].as_str().expect("csrfToken").to_owned(),
    }
}

/// A request of `session` (with its CSRF token when `csrf`, and this
/// `Origin` when given); returns the status and body.
pub async fn send_as(
    method: reqwest::Method,
    url: &str,
    session: Option<&HttpSession>,
    csrf: bool,
    origin: Option<&str>,
) -> (u16, String) {
    let mut req = http().request(method, url);
    if let Some(s) = session {
        req = req.header(COOKIE, &s.cookie);
        if csrf {
            req = req.header("X-CSRF-Token", &s.csrf);
        }
    }
    if let Some(o) = origin {
        req = req.header(ORIGIN, o);
    }
    let res = req.send().await.expect("request");
    let status = res.status().as_u16();
    (status, res.text().await.unwrap_or_default())
}

/// The real OpenID provider of the tests, stopped with the test (it exits
/// when its stdin closes).
pub struct OidcProvider {
    pub issuer: String,
    child: Child,
    /// Kept open: the provider may write more lines.
    _stdout: BufReader<ChildStdout>,
}

pub const OIDC_CLIENT_ID: &str = "sdrs-console";
pub const OIDC_CLIENT_SECRET: &str = "e2e-client-secret";

impl OidcProvider {
    /// Starts `node e2e/oidc/provider.mjs` for a console on `console_port`.
    /// Needs `SDRS_OIDC_PROVIDER` (`scripts/tools.sh` `ensure_oidc_provider`).
    pub fn start(console_port: u16) -> OidcProvider {
        let package = tools::oidc_provider_package();
        let mut child = Command::new("node")
            .arg(repo_root().join("e2e/oidc/provider.mjs"))
            .arg("--exit-with-stdin")
            .env("SDRS_OIDC_PROVIDER", package)
            .env("OIDC_CLIENT_ID", OIDC_CLIENT_ID)
            .env("OIDC_CLIENT_SECRET", OIDC_CLIENT_SECRET)
            .env(
                "OIDC_REDIRECT_URIS",
                format!("http://127.0.0.1:{console_port}/auth/oidc/callback"),
            )
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start node e2e/oidc/provider.mjs");
        let mut line = String::new();
        let mut stdout = BufReader::new(child.stdout.take().expect("provider stdout"));
        stdout.read_line(&mut line).expect("the provider's issuer line");
        let issuer = line.trim().to_owned();
        assert!(
            issuer.starts_with("http://127.0.0.1:"),
            "provider said {issuer:?}"
        );
        OidcProvider {
            issuer,
            child,
            _stdout: stdout,
        }
    }
}

impl Drop for OidcProvider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Signs in with the users-file form.
pub async fn sign_in_form(b: &Browser, user: &str, password: &str) {
    b.wait_for(SIGN_IN_FORM).await;
    b.fill("input[name=team_user]", user).await;
    b.fill("input[name=team_password]", password).await;
    b.click("button[data-sign-in=local]").await;
}

/// Waits until the failed-task list shows rows; returns their job ids.
pub async fn wait_rows(b: &Browser) -> Vec<String> {
    wait_until("the failed tasks to load", || async {
        let status = b
            .try_text(".sdrs-panel .sdrs-status[aria-live]")
            .await
            .unwrap_or_default();
        let ids: Vec<String> = b.attrs(ROWS, "data-job-id").await.into_iter().flatten().collect();
        check(
            status.ends_with("rows loaded") && !ids.is_empty(),
            (status, ids.len()),
        )
        .map(|_| ids)
    })
    .await
}

/// A DELETE of `url` with `session`'s CSRF token from a foreign `Origin`
/// must be refused as another site's (403 `SDRS.0004`).
pub async fn assert_foreign_origin_refused(url: &str, session: &HttpSession) {
    let (status, body) = send_as(
        reqwest::Method::DELETE,
        url,
        Some(session),
        true,
        Some("http://evil.example"),
    )
    .await;
    assert_eq!(status, 403, "a foreign Origin: {body}");
    assert!(body.contains("SDRS.0004"), "{body}");
}
