//! OpenID Connect sign-in with several server instances on one database,
//! behind one public address (as behind a round-robin proxy): a login
//! started on one instance finishes on another, once, and not after it
//! expired. On SQLite and, when `SDRS_TEST_POSTGRES_URL` is set, on
//! PostgreSQL; the provider as in `oidc.rs`.

mod common;
mod db_common;
mod oidc_common;

use common::*;
use oidc_common::*;
use reqwest::StatusCode;
use sdrs_console_server::team::oidc::ClientSecretText;
use sqlx::Connection;

/// One of several instances behind the public URL `public`, all on the
/// database `database`; returns its own base URL.
async fn start_instance(issuer: &str, public: &str, database: &str) -> String {
    let mut cli = cli(&[
        "--oidc-issuer",
        issuer,
        "--oidc-client-id",
        CLIENT_ID,
        "--public-url",
        public,
        "--database",
        database,
    ]);
    cli.oidc.oidc_client_secret = Some(ClientSecretText::new(SECRET));
    start_cli(cli).await
}

/// The callback URL of the public address, sent to the instance at `base`
/// instead (what a round-robin proxy does).
fn on_instance(callback: &str, base: &str) -> String {
    let callback = reqwest::Url::parse(callback).unwrap();
    let mut url = reqwest::Url::parse(base).unwrap();
    url.set_path(callback.path());
    url.set_query(callback.query());
    url.to_string()
}

/// A port kept bound and never served: the address of the proxy in front
/// of the instances, which the provider redirects back to.
async fn public_address() -> (tokio::net::TcpListener, String) {
    let front = bind().await;
    let public = format!("http://{}", front.local_addr().unwrap());
    (front, public)
}

/// Regression: pending logins were kept in the memory of the instance that
/// started them, so the provider's redirect back to another instance was
/// refused as an unknown state.
#[tokio::test]
async fn a_login_started_on_one_instance_finishes_on_another_and_only_once() {
    let (_front, public) = public_address().await;
    let Some(provider) = start_provider(&format!("{public}/auth/oidc/callback")) else {
        return;
    };
    for db in db_common::all().await {
        let a = start_instance(&provider.issuer, &public, &db.url).await;
        let b = start_instance(&provider.issuer, &public, &db.url).await;
        let alice = browser();
        let callback = provider_sign_in_behind(&alice, &a, &public, "alice").await;
        let res = alice.get(on_instance(&callback, &b)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FOUND, "{}", db.name);
        assert_eq!(res.headers()["location"], "/?view=audit", "{}", db.name);
        // Sessions are shared too: the one started on B works on A.
        let s = session_of(&alice, &a).await;
        assert_eq!(s.status, StatusCode::OK, "{}: {}", db.name, s.text);
        assert_eq!(s.json()["user"], "alice", "{}", db.name);
        // The callback replayed, on either instance, is refused.
        for base in [&a, &b] {
            let replay = browser().get(on_instance(&callback, base)).send().await.unwrap();
            refused_with(&replay, "oidc_state");
            let replay = alice.get(on_instance(&callback, base)).send().await.unwrap();
            refused_with(&replay, "oidc_state");
        }
        // And the other way round: started on B, finished on A.
        let bob = browser();
        let callback = provider_sign_in_behind(&bob, &b, &public, "bob").await;
        let res = bob.get(on_instance(&callback, &a)).send().await.unwrap();
        assert_eq!(res.status(), StatusCode::FOUND, "{}", db.name);
        assert_eq!(res.headers()["location"], "/?view=audit", "{}", db.name);
        assert_eq!(session_of(&bob, &b).await.json()["user"], "bob", "{}", db.name);
        refused_with(
            &bob.get(on_instance(&callback, &b)).send().await.unwrap(),
            "oidc_state",
        );
    }
}

async fn pending_rows(url: &str) -> i64 {
    let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
    let n: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM oidc_pending")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    n.0
}

#[tokio::test]
async fn an_expired_pending_login_is_refused_on_any_instance() {
    let (_front, public) = public_address().await;
    let Some(provider) = start_provider(&format!("{public}/auth/oidc/callback")) else {
        return;
    };
    sqlx::any::install_default_drivers();
    for db in db_common::all().await {
        let a = start_instance(&provider.issuer, &public, &db.url).await;
        let b = start_instance(&provider.issuer, &public, &db.url).await;
        let alice = browser();
        let callback = provider_sign_in_behind(&alice, &a, &public, "alice").await;
        assert_eq!(pending_rows(&db.url).await, 1, "{}", db.name);
        // The login was started eleven minutes ago (the limit is ten).
        let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
        sqlx::query("UPDATE oidc_pending SET created_ms = created_ms - 660000")
            .execute(&mut conn)
            .await
            .unwrap();
        conn.close().await.ok();
        let res = alice.get(on_instance(&callback, &b)).send().await.unwrap();
        // `oidc_expired`; `oidc_state` if the minutely sweep dropped the
        // row first. Either way no session, and nothing is left.
        let code = res.headers()["location"].to_str().unwrap().to_owned();
        assert!(
            code == "/?signInError=oidc_expired" || code == "/?signInError=oidc_state",
            "{}: {code}",
            db.name
        );
        refused_with(&res, code.trim_start_matches("/?signInError="));
        assert_eq!(session_of(&alice, &a).await.status, StatusCode::UNAUTHORIZED);
        assert_eq!(pending_rows(&db.url).await, 0, "{}", db.name);
    }
}

/// The sweep drops expired pending logins, with their PKCE verifiers and
/// nonces, without waiting for a callback that may never come.
#[tokio::test]
async fn expired_pending_logins_are_swept() {
    sqlx::any::install_default_drivers();
    for db in db_common::all().await {
        db_common::open(&db.url).await;
        let now_ms = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .as_millis() as i64;
        let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
        for (key, created_ms) in [("old", now_ms - 660_000), ("new", now_ms)] {
            sqlx::query(
                "INSERT INTO oidc_pending (state_hash, browser_hash, pkce_verifier, nonce, next_path, created_ms) \
                 VALUES ($1, 'b', 'v', 'n', '/', $2)",
            )
            .bind(key)
            .bind(created_ms)
            .execute(&mut conn)
            .await
            .unwrap();
        }
        // Nothing asks the provider before a sign-in: none is needed here.
        start_instance("http://127.0.0.1:1", "http://127.0.0.1:1", &db.url).await;
        // The sweep runs at start, then every minute.
        let mut left = Vec::new();
        for _ in 0..300 {
            left = sqlx::query_as::<_, (String,)>("SELECT state_hash FROM oidc_pending")
                .fetch_all(&mut conn)
                .await
                .unwrap();
            if left.len() < 2 {
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        assert_eq!(left, vec![("new".to_owned(),)], "{}", db.name);
    }
}
