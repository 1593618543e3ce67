//! OpenID Connect sign-in against a real provider: npm `oidc-provider`
//! started by `e2e/oidc/provider.mjs` (from the directory in
//! `SDRS_OIDC_PROVIDER`, which `scripts/test` installs and sets). A reqwest
//! client with a cookie jar plays the browser: it follows every redirect
//! by hand and submits the provider's login and consent forms. Without the
//! variable (a bare `cargo test`) the provider tests say that they skipped
//! (a failure with `SDRS_REQUIRE_ALL_TOOLS=1`); with it, a provider that
//! does not start is a failure.

mod common;
mod oidc_common;

use common::*;
use oidc_common::*;
use reqwest::redirect::Policy;
use reqwest::{Client, Method, StatusCode};
use sdrs_console_server::team::oidc::ClientSecretText;
use sdrs_console_server::Server;

/// A server with OIDC sign-in on a port bound first, so the provider can
/// be told the redirect URI; returns its base URL.
async fn start_server(issuer: &str, listener: tokio::net::TcpListener) -> String {
    let base = format!("http://{}", listener.local_addr().unwrap());
    let mut cli = cli(&[
        "--oidc-issuer",
        issuer,
        "--oidc-client-id",
        CLIENT_ID,
        "--public-url",
        &base,
    ]);
    cli.oidc.oidc_client_secret = Some(ClientSecretText::new(SECRET));
    let server = Server::new(cli).expect("server with OIDC sign-in");
    tokio::spawn(server.run(listener, std::future::pending()));
    base
}

#[tokio::test]
async fn alice_signs_in_as_operator_and_bob_as_viewer() {
    let listener = bind().await;
    let redirect = format!("http://{}/auth/oidc/callback", listener.local_addr().unwrap());
    let Some(provider) = start_provider(&redirect) else {
        return;
    };
    let base = start_server(&provider.issuer, listener).await;

    let config = get(&format!("{base}/config.json")).await.json();
    assert_eq!(
        config["teamSignIn"]["oidc"]["label"],
        "Sign in with OpenID Connect"
    );

    let alice = browser();
    assert_eq!(session_of(&alice, &base).await.status, StatusCode::UNAUTHORIZED);
    sign_in(&alice, &base, "alice").await;
    let session = session_of(&alice, &base).await;
    assert_eq!(session.status, StatusCode::OK, "{}", session.text);
    let s = session.json();
    assert_eq!(
        (s["user"].as_str(), s["role"].as_str(), s["method"].as_str()),
        (Some("alice"), Some("operator"), Some("oidc"))
    );
    let list = send(alice.get(api(&base, "task-center/failure-jobs?limit=1"))).await;
    assert_eq!(list.status, StatusCode::OK);

    let bob = browser();
    sign_in(&bob, &base, "bob").await;
    let s = session_of(&bob, &base).await.json();
    assert_eq!(
        (s["user"].as_str(), s["role"].as_str()),
        (Some("bob"), Some("viewer"))
    );
    // The server enforces the role the provider's groups gave.
    let csrf = s["csrfToken"].as_str().unwrap().to_owned();
    let delete = send(
        bob.request(Method::DELETE, api(&base, "task-center/failure-jobs/batch"))
            .header("x-csrf-token", csrf),
    )
    .await;
    assert_eq!(delete.status, StatusCode::FORBIDDEN);
    assert_eq!(delete.code(), "SDRS.0005");

    let metrics = get(&format!("{base}/metrics")).await.text;
    let line = metrics
        .lines()
        .find(|l| l.starts_with(r#"sdrs_sign_ins_total{method="oidc",outcome="succeeded"}"#))
        .unwrap_or_else(|| panic!("{metrics}"));
    let count: f64 = line.rsplit(' ').next().unwrap().parse().unwrap();
    assert!(count >= 2.0, "{line}");
}

#[tokio::test]
async fn tampered_replayed_and_stolen_callbacks_are_refused() {
    let listener = bind().await;
    let redirect = format!("http://{}/auth/oidc/callback", listener.local_addr().unwrap());
    let Some(provider) = start_provider(&redirect) else {
        return;
    };
    let base = start_server(&provider.issuer, listener).await;

    let alice = browser();
    let callback = provider_sign_in(&alice, &base, "alice").await;
    let mut tampered = reqwest::Url::parse(&callback).unwrap();
    let pairs: Vec<(String, String)> = tampered
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == "state" {
                format!("{v}x")
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    tampered.query_pairs_mut().clear().extend_pairs(pairs);
    refused_with(&alice.get(tampered).send().await.unwrap(), "oidc_state");
    assert_eq!(session_of(&alice, &base).await.status, StatusCode::UNAUTHORIZED);

    // The untampered callback still works once, and only once.
    let ok = alice.get(&callback).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::FOUND);
    assert_eq!(ok.headers()["location"], "/?view=audit");
    refused_with(&alice.get(&callback).send().await.unwrap(), "oidc_state");

    // A callback URL that leaked to another browser signs nobody in there.
    let alice2 = browser();
    let leaked = provider_sign_in(&alice2, &base, "alice").await;
    let mallory = browser();
    refused_with(&mallory.get(&leaked).send().await.unwrap(), "oidc_state");
    assert_eq!(session_of(&mallory, &base).await.status, StatusCode::UNAUTHORIZED);
    // …and it is burnt for its own browser too.
    refused_with(&alice2.get(&leaked).send().await.unwrap(), "oidc_state");

    // No state at all.
    refused_with(
        &alice
            .get(format!("{base}/auth/oidc/callback?code=x"))
            .send()
            .await
            .unwrap(),
        "oidc_state",
    );
}

/// `url` with the query parameter `name` set to `value`.
fn with_param(url: &str, name: &str, value: &str) -> String {
    let mut url = reqwest::Url::parse(url).unwrap();
    let pairs: Vec<(String, String)> = url
        .query_pairs()
        .map(|(k, v)| {
            let v = if k == name {
                value.to_owned()
            } else {
                v.into_owned()
            };
            (k.into_owned(), v)
        })
        .collect();
    url.query_pairs_mut().clear().extend_pairs(pairs);
    url.to_string()
}

fn param(url: &str, name: &str) -> String {
    let url = reqwest::Url::parse(url).unwrap();
    let value = url
        .query_pairs()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.into_owned());
    value.unwrap_or_else(|| panic!("no {name} in {url}"))
}

#[tokio::test]
async fn two_tabs_sign_in_separately_and_a_code_cannot_take_another_login() {
    let listener = bind().await;
    let redirect = format!("http://{}/auth/oidc/callback", listener.local_addr().unwrap());
    let Some(provider) = start_provider(&redirect) else {
        return;
    };
    let base = start_server(&provider.issuer, listener).await;

    // One browser, three logins started (tabs); each has its own state,
    // PKCE verifier and nonce on the server.
    let tabs = browser();
    let first = provider_sign_in(&tabs, &base, "alice").await;
    let second = provider_sign_in(&tabs, &base, "alice").await;
    let third = provider_sign_in(&tabs, &base, "alice").await;
    assert_ne!(param(&first, "state"), param(&second, "state"));
    // The first login's code under the second login's state: the code was
    // issued for another PKCE challenge, so the provider refuses it.
    let mixed = with_param(&second, "code", &param(&first, "code"));
    refused_with(&tabs.get(&mixed).send().await.unwrap(), "oidc_token");
    assert_eq!(session_of(&tabs, &base).await.status, StatusCode::UNAUTHORIZED);
    // The third tab, untouched, still signs in.
    let ok = tabs.get(&third).send().await.unwrap();
    assert_eq!(ok.status(), StatusCode::FOUND);
    assert_eq!(ok.headers()["location"], "/?view=audit");
    assert_eq!(session_of(&tabs, &base).await.json()["user"], "alice");
}

#[tokio::test]
async fn cancelling_at_the_provider_is_refused_and_others_are_viewers() {
    let listener = bind().await;
    let redirect = format!("http://{}/auth/oidc/callback", listener.local_addr().unwrap());
    let Some(provider) = start_provider(&redirect) else {
        return;
    };
    let base = start_server(&provider.issuer, listener).await;

    // "[ Cancel ]" on the provider's login page: it redirects back with
    // error=access_denied.
    let carol = browser();
    let start = carol.get(format!("{base}/auth/oidc/start")).send().await.unwrap();
    let mut url = location(&start);
    while !url.contains("/interaction/") {
        url = location(&carol.get(&url).send().await.unwrap());
    }
    let page = carol.get(&url).send().await.unwrap();
    let page_url = page.url().clone();
    let html = page.text().await.unwrap();
    let cancel = html
        .split("href=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .expect("a cancel link");
    let mut url = page_url.join(cancel).unwrap().to_string();
    while !url.starts_with(&format!("{base}/auth/oidc/callback")) {
        url = location(&carol.get(&url).send().await.unwrap());
    }
    assert!(url.contains("error=access_denied"), "{url}");
    refused_with(&carol.get(&url).send().await.unwrap(), "oidc_denied");
    assert_eq!(session_of(&carol, &base).await.status, StatusCode::UNAUTHORIZED);

    // A user outside the operator group is a viewer.
    sign_in(&carol, &base, "carol").await;
    let s = session_of(&carol, &base).await.json();
    assert_eq!(
        (s["user"].as_str(), s["role"].as_str()),
        (Some("carol"), Some("viewer"))
    );
}

#[tokio::test]
async fn an_unreachable_issuer_answers_503_on_start_and_the_server_runs() {
    // Port 1 on loopback: nothing listens there.
    let listener = bind().await;
    let base = start_server("http://127.0.0.1:1", listener).await;
    assert_eq!(get(&format!("{base}/healthz")).await.status, StatusCode::OK);
    let r = send(
        Client::builder()
            .no_proxy()
            .redirect(Policy::none())
            .build()
            .unwrap()
            .get(format!("{base}/auth/oidc/start?next=/")),
    )
    .await;
    assert_eq!(r.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(r.code(), "SDRS.0013");
    assert!(
        r.json()["error"]["message"]
            .as_str()
            .unwrap()
            .contains("http://127.0.0.1:1"),
        "{}",
        r.text
    );
    assert!(r.header("set-cookie").is_none());
    // A next outside this site is refused before the provider is asked.
    let bad = get(&format!("{base}/auth/oidc/start?next=//evil.example/")).await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);
    assert_eq!(bad.code(), "SDRS.0201");
}

#[tokio::test]
async fn a_provider_that_comes_up_later_is_discovered_then() {
    // A free port for the provider, not listening yet.
    let port = bind().await.local_addr().unwrap().port();
    let listener = bind().await;
    let redirect = format!("http://{}/auth/oidc/callback", listener.local_addr().unwrap());
    let issuer = format!("http://127.0.0.1:{port}");
    let base = start_server(&issuer, listener).await;
    let start = format!("{base}/auth/oidc/start");
    let no_redirects = Client::builder()
        .no_proxy()
        .redirect(Policy::none())
        .build()
        .unwrap();
    assert_eq!(
        send(no_redirects.get(&start)).await.status,
        StatusCode::SERVICE_UNAVAILABLE
    );

    let Some(provider) = start_provider_on(&redirect, port) else {
        return;
    };
    assert_eq!(provider.issuer, issuer);
    // The failure is remembered a few seconds; then discovery succeeds.
    let mut status = StatusCode::SERVICE_UNAVAILABLE;
    for _ in 0..150 {
        status = send(no_redirects.get(&start)).await.status;
        if status != StatusCode::SERVICE_UNAVAILABLE {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, StatusCode::FOUND);
    let alice = browser();
    sign_in(&alice, &base, "alice").await;
    assert_eq!(session_of(&alice, &base).await.json()["role"], "operator");
}

#[tokio::test]
async fn new_signing_keys_at_the_provider_are_fetched_when_a_token_needs_them() {
    let port = bind().await.local_addr().unwrap().port();
    let listener = bind().await;
    let redirect = format!("http://{}/auth/oidc/callback", listener.local_addr().unwrap());
    let Some(first) = start_provider_on(&redirect, port) else {
        return;
    };
    let base = start_server(&first.issuer, listener).await;
    // The server discovers the first provider's metadata and keys.
    let alice = browser();
    sign_in(&alice, &base, "alice").await;
    // The provider restarts with a new signing key under the same key id:
    // the cached key no longer verifies its tokens.
    drop(first);
    let _second = start_provider_on(&redirect, port).expect("the provider again");
    let bob = browser();
    sign_in(&bob, &base, "bob").await;
    assert_eq!(session_of(&bob, &base).await.json()["role"], "viewer");
}

#[test]
fn the_client_secret_is_required_and_never_shown() {
    let mut cli = cli(&[
        "--oidc-issuer",
        "http://127.0.0.1:1",
        "--oidc-client-id",
        CLIENT_ID,
    ]);
    cli.oidc.oidc_client_secret = None;
    let err = Server::new(cli)
        .err()
        .expect("refused without a secret")
        .to_string();
    assert!(err.contains("SDRS_OIDC_CLIENT_SECRET"), "{err}");
    let secret = ClientSecretText::new(SECRET);
    assert!(!format!("{secret:?}").contains(SECRET));
    // The flag does not exist: the secret is never on a command line.
    use clap::Parser;
    assert!(sdrs_console_server::Cli::try_parse_from(["x", "--oidc-client-secret", "s"]).is_err());
}
