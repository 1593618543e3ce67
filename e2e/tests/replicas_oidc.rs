//! Two replicas behind nginx (`deploy/nginx/sdrs-console.conf`) on one
//! PostgreSQL, with OpenID Connect sign-in (the real provider of
//! `e2e/oidc/provider.mjs`) and a watched scope each:
//!
//! - a sign-in that starts on one replica is finished by the other: the
//!   replica that answered `/auth/oidc/start` is stopped while the user is
//!   at the provider, so the callback can only reach the other, which reads
//!   the pending login (state, nonce, PKCE verifier) from the database;
//! - exactly one replica polls the scopes at any time (`/healthz` says
//!   `polling` or `standby`), and the one left takes over; "All scopes"
//!   through the proxy lists the shared journal.

mod team_support;

use sdrs_console_server::team::oidc::ClientSecretText;
use sdrs_e2e::{check, free_port, tools, wait_up_to, Browser, Nginx, ProxiedRequest, Server};
use serde_json::Value;
use std::time::Duration;
use team_support::{OidcProvider, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET};

const JOURNAL_ROW: &str = ".sdrs-journal tbody tr[data-row-id]";

/// The emulated scopes are polled every 10 s; a standby tries the lock
/// once a period.
const WATCHER_WAIT: Duration = Duration::from_secs(60);

async fn start_replica(port: u16, database: &str, public_url: &str, issuer: &str) -> Server {
    let mut cli = Server::cli(&[
        "--oidc-issuer",
        issuer,
        "--oidc-client-id",
        OIDC_CLIENT_ID,
        "--oidc-label",
        "Sign in with the test provider",
        "--database",
        database,
        "--public-url",
        public_url,
        "--seed",
        "11",
        "--emulated-scopes",
        "1",
    ]);
    // The port the proxy's configuration names.
    cli.listen.port = port;
    cli.oidc.oidc_client_secret = Some(ClientSecretText::new(OIDC_CLIENT_SECRET));
    Server::start_cli(cli).await
}

/// What a replica's own `/healthz` says of the watcher.
async fn watcher_role(replica: &Server) -> String {
    let (status, body) = replica.get("/healthz").await;
    assert_eq!(status, 200, "/healthz: {body}");
    let v: Value = serde_json::from_str(&body).expect("/healthz is JSON");
    v["watcher"].as_str().unwrap_or("none").to_owned()
}

/// The index of the one replica that polls, once exactly one does.
async fn the_poller(replicas: &[Option<Server>; 2]) -> usize {
    wait_up_to(WATCHER_WAIT, "exactly one replica to poll", || async {
        let mut roles = Vec::new();
        for replica in replicas {
            roles.push(match replica {
                Some(r) => watcher_role(r).await,
                None => "stopped".to_owned(),
            });
        }
        let polling: Vec<usize> = (0..2).filter(|&i| roles[i] == "polling").collect();
        check(polling.len() == 1, &roles).map(|_| polling[0])
    })
    .await
}

fn first_request(nginx: &Nginx, prefix: &str) -> Option<ProxiedRequest> {
    nginx
        .access_log()
        .into_iter()
        .find(|r| r.request.starts_with(prefix))
}

#[tokio::test]
async fn an_openid_sign_in_started_on_one_replica_is_finished_by_the_other() {
    let database = tools::fresh_postgres_database("replicas_oidc").await;
    let proxy_port = free_port();
    let public_url = format!("http://127.0.0.1:{proxy_port}");
    // The provider sends the browser back to the proxy.
    let provider = OidcProvider::start(proxy_port);
    let ports = [free_port(), free_port()];
    let addrs = ports.map(|p| format!("127.0.0.1:{p}"));
    // One at a time: the first runs the migrations.
    let first = start_replica(ports[0], &database, &public_url, &provider.issuer).await;
    let second = start_replica(ports[1], &database, &public_url, &provider.issuer).await;
    let mut replicas = [Some(first), Some(second)];
    let nginx = Nginx::start(proxy_port, [&addrs[0], &addrs[1]]).await;
    let poller = the_poller(&replicas).await;

    // The sign-in starts on whichever replica nginx picks...
    let b = Browser::start().await;
    b.goto(&nginx.url("/?limit=20")).await;
    b.wait_text("button[data-sign-in=oidc]", "the provider's button", |t| {
        t == "Sign in with the test provider"
    })
    .await;
    b.click("button[data-sign-in=oidc]").await;
    b.wait_for("input[name=login]").await;
    let start = first_request(&nginx, "GET /auth/oidc/start").expect("the start went through the proxy");
    let starter = addrs
        .iter()
        .position(|a| start.upstreams.last() == Some(a))
        .unwrap_or_else(|| panic!("served by neither replica: {start:?}"));
    assert!((300..400).contains(&start.status), "{start:?}");

    // ...which stops while the user is at the provider.
    replicas[starter].take().expect("running").stop().await;
    b.fill("input[name=login]", "alice").await;
    b.fill("input[name=password]", "any-password").await;
    b.click("button[type=submit]").await;
    b.wait_for("input[name=prompt][value=consent]").await;
    b.click("button[type=submit]").await;
    b.wait_for(".sdrs-team[data-team-user=\"alice\"][data-team-role=operator]")
        .await;
    let callback =
        first_request(&nginx, "GET /auth/oidc/callback").expect("the callback went through the proxy");
    assert_eq!(
        callback.upstreams.last(),
        Some(&addrs[1 - starter]),
        "the other replica finished the sign-in: {callback:?}"
    );
    assert!((300..400).contains(&callback.status), "{callback:?}");
    assert!(
        b.url().await.query().unwrap_or_default().contains("limit=20"),
        "back where the sign-in began"
    );

    // The replica left polls: it did already, or it took over; the page
    // (All scopes, with two scopes) lists the shared journal.
    let now_polling = the_poller(&replicas).await;
    assert_eq!(now_polling, 1 - starter, "was {poller}, {starter} stopped");
    wait_up_to(WATCHER_WAIT, "All scopes to list the journal", || async {
        let rows = b.count(JOURNAL_ROW).await;
        check(rows > 0, rows)
    })
    .await;

    let failed: Vec<ProxiedRequest> = nginx
        .access_log()
        .into_iter()
        .filter(|r| r.status >= 500)
        .collect();
    assert!(failed.is_empty(), "failed through the proxy: {failed:?}");
    b.close().await;
    if let Some(r) = replicas[1 - starter].take() {
        r.stop().await;
    }
}
