//! The database layer on SQLite and on a real PostgreSQL server:
//! migrations, the sessions store, start-up errors, and a database that
//! goes away while the server runs.

mod common;
mod db_common;

use common::{api, client, send};
use reqwest::StatusCode;
use sdrs_console_server::db::oidc_pending::DbPendingLogins;
use sdrs_console_server::db::sessions::DbSessionStore;
use sdrs_console_server::team::identity::{Role, SignInMethod};
use sdrs_console_server::team::oidc::pending::{
    state_hash, take, PendingLogin, PendingLoginStore, TakeError, CAPACITY, TTL,
};
use sdrs_console_server::team::session_store::{SessionStore, StoredSession};
use sqlx::Connection;

/// Starts the database layer on `url` (running the migrations), then
/// counts the migrations applied.
async fn count_migrations(url: &str) -> i64 {
    db_common::open(url).await;
    let mut conn = sqlx::AnyConnection::connect(url).await.unwrap();
    let row: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM _sqlx_migrations")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    row.0
}

#[tokio::test]
async fn migrations_run_from_empty_and_again() {
    sqlx::any::install_default_drivers();
    for db in db_common::all().await {
        let applied = std::fs::read_dir(format!("migrations/{}", db.name))
            .unwrap()
            .count() as i64;
        assert_eq!(
            count_migrations(&db.url).await,
            applied,
            "{}: first start",
            db.name
        );
        // A second start finds them applied and changes nothing.
        assert_eq!(
            count_migrations(&db.url).await,
            applied,
            "{}: second start",
            db.name
        );
        let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
        for table in ["sessions", "audit_records", "oidc_pending"] {
            let n: (i64,) = sqlx::query_as(&format!("SELECT COUNT(*) FROM {table}"))
                .fetch_one(&mut conn)
                .await
                .unwrap_or_else(|e| panic!("{}: table {table}: {e}", db.name));
            assert_eq!(n.0, 0, "{}: {table} empty", db.name);
        }
    }
}

fn session(id: &str, user: &str, created_ms: i64, last_seen_ms: i64) -> StoredSession {
    StoredSession {
        id_hash: id.into(),
        user: user.into(),
        role: Role::Viewer,
        method: SignInMethod::Oidc,
        csrf_token: format!("csrf-{id}"),
        created_ms,
        last_seen_ms,
    }
}

#[tokio::test]
async fn sessions_round_trip_and_expire() {
    for db in db_common::all().await {
        let store = DbSessionStore::new(db_common::open(&db.url).await);
        let alice = StoredSession {
            role: Role::Operator,
            method: SignInMethod::Local,
            ..session("a1", "alice", 1_000, 1_000)
        };
        store.insert(alice.clone()).await.unwrap();
        store.insert(session("b1", "bob", 1_000, 1_000)).await.unwrap();
        store.insert(session("c1", "carol", 50, 9_000)).await.unwrap();
        assert_eq!(store.get("a1").await.unwrap(), Some(alice.clone()), "{}", db.name);
        assert_eq!(store.get("nope").await.unwrap(), None);
        // The same id twice is refused, never a second session.
        assert!(
            store.insert(session("a1", "mallory", 0, 0)).await.is_err(),
            "{}",
            db.name
        );

        store.touch("a1", 8_000).await.unwrap();
        assert_eq!(store.get("a1").await.unwrap().unwrap().last_seen_ms, 8_000);
        // Idle before 5000 drops bob; created before 100 drops carol.
        assert_eq!(store.remove_expired(5_000, 100).await.unwrap(), 2, "{}", db.name);
        assert_eq!(store.get("b1").await.unwrap(), None);
        assert_eq!(store.get("c1").await.unwrap(), None);
        assert!(store.get("a1").await.unwrap().is_some());
        store.remove("a1").await.unwrap();
        assert_eq!(store.get("a1").await.unwrap(), None, "{}", db.name);
    }
}

fn pending_login(browser: &str, created_ms: i64) -> PendingLogin {
    PendingLogin {
        browser_hash: browser.into(),
        pkce_verifier: format!("verifier-{browser}"),
        nonce: format!("nonce-{browser}"),
        next: "/?view=audit".into(),
        created_ms,
    }
}

const NOW_MS: i64 = 1_700_000_000_000;

#[tokio::test]
async fn pending_logins_are_taken_once_by_their_browser() {
    for db in db_common::all().await {
        let database = db_common::open(&db.url).await;
        let store = DbPendingLogins::new(database.clone());
        // Another handle on the same database: another server instance.
        let other = DbPendingLogins::new(db_common::open(&db_common::same(&db).url).await);
        store
            .insert(state_hash("s1"), pending_login("b1", NOW_MS))
            .await
            .unwrap();
        let got = take(&other, "s1", Some("b1"), NOW_MS + 1).await.unwrap();
        assert_eq!(got, pending_login("b1", NOW_MS), "{}", db.name);
        for s in [&store, &other] {
            assert_eq!(
                take(s, "s1", Some("b1"), NOW_MS + 1).await.unwrap_err(),
                TakeError::Unknown,
                "{}: used once",
                db.name
            );
        }
        // Another browser burns the state for its own browser too.
        store
            .insert(state_hash("s2"), pending_login("b1", NOW_MS))
            .await
            .unwrap();
        assert_eq!(
            take(&other, "s2", Some("b2"), NOW_MS).await.unwrap_err(),
            TakeError::OtherBrowser
        );
        assert_eq!(
            take(&store, "s2", Some("b1"), NOW_MS).await.unwrap_err(),
            TakeError::Unknown
        );
        // Two callbacks with one state at once: one login at most.
        store
            .insert(state_hash("s3"), pending_login("b1", NOW_MS))
            .await
            .unwrap();
        let (x, y) = tokio::join!(
            take(&store, "s3", Some("b1"), NOW_MS),
            take(&other, "s3", Some("b1"), NOW_MS)
        );
        assert_eq!(u8::from(x.is_ok()) + u8::from(y.is_ok()), 1, "{}", db.name);
        // Only the hash of the state is stored.
        let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
        store
            .insert(state_hash("s4"), pending_login("b1", NOW_MS))
            .await
            .unwrap();
        let keys: Vec<(String,)> = sqlx::query_as("SELECT state_hash FROM oidc_pending")
            .fetch_all(&mut conn)
            .await
            .unwrap();
        assert_eq!(keys, vec![(state_hash("s4"),)], "{}", db.name);
    }
}

#[tokio::test]
async fn expired_pending_logins_are_refused_and_dropped() {
    let ttl = TTL.as_millis() as i64;
    for db in db_common::all().await {
        let store = DbPendingLogins::new(db_common::open(&db.url).await);
        store
            .insert(state_hash("old"), pending_login("b1", NOW_MS - ttl - 1))
            .await
            .unwrap();
        assert_eq!(
            take(&store, "old", Some("b1"), NOW_MS).await.unwrap_err(),
            TakeError::Expired,
            "{}",
            db.name
        );
        store
            .insert(state_hash("old"), pending_login("b1", NOW_MS - ttl - 1))
            .await
            .unwrap();
        store
            .insert(state_hash("new"), pending_login("b1", NOW_MS))
            .await
            .unwrap();
        // Inserting at NOW_MS dropped the expired login already.
        assert_eq!(
            take(&store, "old", Some("b1"), NOW_MS).await.unwrap_err(),
            TakeError::Unknown,
            "{}",
            db.name
        );
        assert_eq!(store.remove_expired(NOW_MS + 1).await.unwrap(), 1, "{}", db.name);
        assert_eq!(
            take(&store, "new", Some("b1"), NOW_MS).await.unwrap_err(),
            TakeError::Unknown
        );
    }
}

#[tokio::test]
async fn a_full_pending_login_store_drops_the_oldest() {
    // SQLite only: filling PostgreSQL row by row adds nothing but time.
    let db = db_common::sqlite();
    let database = db_common::open(&db.url).await;
    let mut conn = sqlx::AnyConnection::connect(&db.url).await.unwrap();
    // CAPACITY - 1 rows in one statement, each a millisecond newer.
    sqlx::query(
        "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $1) \
         INSERT INTO oidc_pending (state_hash, browser_hash, pkce_verifier, nonce, next_path, created_ms) \
         SELECT 'h' || i, 'b', 'v', 'n', '/', $2 + i FROM n",
    )
    .bind(CAPACITY - 1)
    .bind(NOW_MS)
    .execute(&mut conn)
    .await
    .unwrap();
    let store = DbPendingLogins::new(database);
    let latest = NOW_MS + CAPACITY;
    store
        .insert(state_hash("a"), pending_login("b1", latest))
        .await
        .unwrap();
    store
        .insert(state_hash("b"), pending_login("b1", latest))
        .await
        .unwrap();
    let count: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM oidc_pending")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(count.0, CAPACITY);
    let oldest: (i64,) = sqlx::query_as("SELECT COUNT(*) FROM oidc_pending WHERE state_hash = 'h1'")
        .fetch_one(&mut conn)
        .await
        .unwrap();
    assert_eq!(oldest.0, 0, "the oldest made room");
    assert!(take(&store, "a", Some("b1"), latest).await.is_ok());
    assert!(take(&store, "b", Some("b1"), latest).await.is_ok());
}

#[tokio::test]
async fn a_bad_database_url_stops_the_start_naming_it_without_the_password() {
    let err = sdrs_console_server::spawn(common::cli(&["--database", "mysql://app:hunter22@db/x"]))
        .await
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("mysql://app:***@db/x") && !err.contains("hunter22"),
        "{err}"
    );

    // Nothing listens on port 1: a clear error at start, not later.
    let err = sdrs_console_server::spawn(common::cli(&[
        "--database",
        "postgres://app:hunter22@127.0.0.1:1/audit",
    ]))
    .await
    .unwrap_err()
    .to_string();
    assert!(err.contains("postgres://app:***@127.0.0.1:1/audit"), "{err}");
    assert!(!err.contains("hunter22"), "{err}");

    let err = sdrs_console_server::spawn(common::cli(&["--database", "sqlite:///proc/no-such/dir/a.db"]))
        .await
        .unwrap_err()
        .to_string();
    assert!(err.contains("/proc/no-such/dir"), "{err}");

    // The binary says so and exits non-zero.
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_sdrs-console-server"))
        .args([
            "--port",
            "0",
            "--database",
            "postgres://app:hunter22@127.0.0.1:1/audit",
        ])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!out.status.success());
    assert!(
        stderr.contains("127.0.0.1:1") && !stderr.contains("hunter22"),
        "{stderr}"
    );
    assert!(!String::from_utf8_lossy(&out.stdout).contains("listening"));
}

#[tokio::test]
async fn the_data_dir_holds_the_default_sqlite_file() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("state");
    let base = common::start(&["--data-dir", data.to_str().unwrap()]).await;
    let health = common::get(&format!("{base}/healthz")).await;
    assert_eq!(health.json()["database"], "ok");
    assert!(data.join("sdrs-console.db").is_file());
}

/// A TCP relay to the database that the test can cut: the database "goes
/// away" for the server while the test keeps it.
async fn cuttable_relay(target: std::net::SocketAddr) -> (u16, tokio::sync::watch::Sender<bool>) {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let (cut_tx, cut_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        loop {
            let Ok((mut inbound, _)) = listener.accept().await else {
                return;
            };
            let mut cut = cut_rx.clone();
            if *cut.borrow() {
                continue; // dropped: connection refused in effect
            }
            tokio::spawn(async move {
                let Ok(mut outbound) = tokio::net::TcpStream::connect(target).await else {
                    return;
                };
                tokio::select! {
                    _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound) => {}
                    _ = cut.wait_for(|c| *c) => {}
                }
            });
        }
    });
    (port, cut_tx)
}

#[tokio::test]
async fn a_database_that_goes_away_gives_503_envelopes_and_sends_no_delete() {
    let Some(db) = db_common::postgres().await else {
        return;
    };
    let url: reqwest::Url = db.url.parse().unwrap();
    let target = format!("{}:{}", url.host_str().unwrap(), url.port().unwrap())
        .parse()
        .unwrap();
    let (port, cut) = cuttable_relay(target).await;
    let relayed = format!("postgres://sdrs@127.0.0.1:{port}{}", url.path());
    let base = common::start(&["--database", &relayed]).await;
    assert_eq!(
        common::get(&format!("{base}/healthz")).await.json()["database"],
        "ok"
    );
    let before = common::rows(&common::get(&api(&base, "task-center/failure-jobs")).await.json()).len();
    assert!(before > 0);

    cut.send(true).unwrap();
    let health = common::get(&format!("{base}/healthz")).await;
    assert_eq!(health.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(health.json()["database"], "unreachable");
    // Alive all the same: a liveness probe does not restart it.
    let live = common::get(&format!("{base}/livez")).await;
    assert_eq!(live.status, StatusCode::OK, "{}", live.text);

    let del = send(client().delete(api(&base, "task-center/failure-jobs/batch"))).await;
    assert_eq!(del.status, StatusCode::SERVICE_UNAVAILABLE, "{}", del.text);
    assert_eq!(del.code(), "SDRS.0013");
    assert!(del.text.contains("nothing was deleted"), "{}", del.text);
    assert!(
        !del.text.contains("127.0.0.1:"),
        "no connection details: {}",
        del.text
    );
    let after = common::rows(&common::get(&api(&base, "task-center/failure-jobs")).await.json()).len();
    assert_eq!(after, before, "the delete was not sent");

    let audit = common::get(&format!("{base}/audit/records")).await;
    assert_eq!(audit.status, StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(audit.code(), "SDRS.0013");

    // Back again: the next delete is recorded and sent.
    cut.send(false).unwrap();
    let del = send(client().delete(api(&base, "task-center/failure-jobs/batch"))).await;
    assert_eq!(del.status, StatusCode::NO_CONTENT, "{}", del.text);
}
