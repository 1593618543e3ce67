//! The OpenID provider and the browser of the OIDC tests: npm
//! `oidc-provider` started by `e2e/oidc/provider.mjs` (from the directory
//! in `SDRS_OIDC_PROVIDER`), and a reqwest client with a cookie jar that
//! follows every redirect by hand and submits the provider's login and
//! consent forms.
#![allow(dead_code)]

use crate::common::*;
use reqwest::redirect::Policy;
use reqwest::{Client, StatusCode};
use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};

pub const ENV: &str = "SDRS_OIDC_PROVIDER";
pub const CLIENT_ID: &str = "sdrs-console";
pub const SECRET: &str = "test-client-secret-0123456789";

/// The provider process; killed when dropped.
pub struct Provider {
    child: Child,
    pub issuer: String,
}

impl Drop for Provider {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub fn start_provider(redirect_uri: &str) -> Option<Provider> {
    start_provider_on(redirect_uri, 0)
}

/// The provider on `port` (0: any free one).
pub fn start_provider_on(redirect_uri: &str, port: u16) -> Option<Provider> {
    let package = require_tool("oidc-provider", ENV)?;
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../e2e/oidc/provider.mjs");
    let mut child = Command::new("node")
        .arg(script)
        .args(["--exit-with-stdin", "--port", &port.to_string()])
        .env("SDRS_OIDC_PROVIDER", package)
        .env("OIDC_CLIENT_ID", CLIENT_ID)
        .env("OIDC_CLIENT_SECRET", SECRET)
        .env("OIDC_REDIRECT_URIS", redirect_uri)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("node runs e2e/oidc/provider.mjs");
    let mut stdout = BufReader::new(child.stdout.take().unwrap());
    let mut line = String::new();
    stdout.read_line(&mut line).expect("provider stdout");
    // The provider's notices follow on stdout: keep reading them.
    std::thread::spawn(move || std::io::copy(&mut stdout, &mut std::io::sink()));
    let issuer = line.trim().to_owned();
    assert!(
        issuer.starts_with("http://127.0.0.1:"),
        "provider printed {line:?}"
    );
    Some(Provider { child, issuer })
}

pub async fn bind() -> tokio::net::TcpListener {
    tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap()
}

/// A browser: cookies kept, redirects followed by hand.
pub fn browser() -> Client {
    Client::builder()
        .no_proxy()
        .cookie_store(true)
        .redirect(Policy::none())
        .build()
        .unwrap()
}

pub fn location(res: &reqwest::Response) -> String {
    let loc = res.headers()["location"].to_str().unwrap();
    res.url().join(loc).unwrap().to_string()
}

/// The `action` of the page's form.
pub fn form_action(html: &str) -> &str {
    let start = html.find("action=\"").expect("a form") + "action=\"".len();
    let end = start + html[start..].find('"').unwrap();
    &html[start..end]
}

/// From `/auth/oidc/start` through the provider's login and consent pages
/// as `user`, up to (not into) the redirect back to our callback: the
/// callback URL the provider sent the browser to.
pub async fn provider_sign_in(browser: &Client, base: &str, user: &str) -> String {
    provider_sign_in_behind(browser, base, base, user).await
}

/// [`provider_sign_in`] started on the instance at `base` of a console
/// whose public URL is `public`: the callback URL names `public`.
pub async fn provider_sign_in_behind(browser: &Client, base: &str, public: &str, user: &str) -> String {
    let start = browser
        .get(format!("{base}/auth/oidc/start?next=/?view=audit"))
        .send()
        .await
        .unwrap();
    assert_eq!(start.status(), StatusCode::FOUND);
    let mut url = location(&start);
    let callback = format!("{public}/auth/oidc/callback");
    for _ in 0..20 {
        if url.starts_with(&callback) {
            return url;
        }
        let res = browser.get(&url).send().await.unwrap();
        if res.status().is_redirection() {
            url = location(&res);
            continue;
        }
        assert_eq!(res.status(), StatusCode::OK, "{url}");
        let page = res.url().clone();
        let html = res.text().await.unwrap();
        let action = page.join(form_action(&html)).unwrap();
        let form: Vec<(&str, &str)> = if html.contains("name=\"login\"") {
            vec![("prompt", "login"), ("login", user), ("password", "any password")]
        } else {
            assert!(html.contains("value=\"consent\""), "a consent page: {html}");
            vec![("prompt", "consent")]
        };
        let posted = browser.post(action).form(&form).send().await.unwrap();
        assert!(posted.status().is_redirection(), "{}", posted.status());
        url = location(&posted);
    }
    panic!("no redirect back to {callback}");
}

/// The whole sign-in: the callback's answer must send the browser to
/// `next` with a session.
pub async fn sign_in(browser: &Client, base: &str, user: &str) -> String {
    let callback = provider_sign_in(browser, base, user).await;
    let res = browser.get(&callback).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(res.headers()["location"], "/?view=audit");
    let cookies: Vec<_> = res.headers().get_all("set-cookie").iter().collect();
    assert!(
        cookies
            .iter()
            .any(|c| c.to_str().unwrap().starts_with("sdrs_session=")),
        "{cookies:?}"
    );
    callback
}

pub async fn session_of(browser: &Client, base: &str) -> Reply {
    send(browser.get(format!("{base}/auth/session"))).await
}

pub fn refused_with(res: &reqwest::Response, code: &str) {
    assert_eq!(res.status(), StatusCode::FOUND);
    assert_eq!(
        res.headers()["location"],
        format!("/?signInError={code}").as_str()
    );
    let sets_session = res
        .headers()
        .get_all("set-cookie")
        .iter()
        .any(|c| c.to_str().unwrap().starts_with("sdrs_session="));
    assert!(!sets_session, "a refused callback starts no session");
}
