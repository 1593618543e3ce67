//! Databases for the database and audit tests: every test runs on a fresh
//! SQLite file and, when `scripts/test` started one
//! (`SDRS_TEST_POSTGRES_URL`), on a fresh database of a real PostgreSQL
//! server. Without it the PostgreSQL half is skipped with the reason
//! printed, or fails with `SDRS_REQUIRE_ALL_TOOLS=1`.
#![allow(dead_code)]

use sqlx::Connection;

/// One database to run a test on; a SQLite file lives as long as this.
pub struct TestDb {
    pub url: String,
    pub name: &'static str,
    _dir: Option<tempfile::TempDir>,
}

/// The PostgreSQL server of the tests, or why there is none.
fn postgres_base() -> Result<String, String> {
    match std::env::var("SDRS_TEST_POSTGRES_URL") {
        Ok(url) if !url.is_empty() => Ok(url),
        _ => Err(std::env::var("SDRS_TEST_POSTGRES_SKIP").unwrap_or_else(|_| {
            "SDRS_TEST_POSTGRES_URL is not set, scripts/test starts a server and sets it".into()
        })),
    }
}

pub fn sqlite() -> TestDb {
    let dir = tempfile::tempdir().unwrap();
    TestDb {
        url: format!("sqlite://{}", dir.path().join("audit.db").display()),
        name: "sqlite",
        _dir: Some(dir),
    }
}

/// A new, empty database on the test PostgreSQL server.
pub async fn postgres() -> Option<TestDb> {
    let base = match postgres_base() {
        Ok(base) => base,
        Err(reason) => return crate::common::tool_missing("PostgreSQL", &reason),
    };
    let name = format!("sdrs_test_{:016x}", fastrand::u64(..));
    let mut conn = sqlx::PgConnection::connect(&base)
        .await
        .unwrap_or_else(|e| panic!("SDRS_TEST_POSTGRES_URL {base}: {e}"));
    sqlx::query(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    conn.close().await.ok();
    let (server, _) = base.rsplit_once('/').unwrap();
    Some(TestDb {
        url: format!("{server}/{name}"),
        name: "postgres",
        _dir: None,
    })
}

/// SQLite, then PostgreSQL when available.
pub async fn all() -> Vec<TestDb> {
    let mut dbs = vec![sqlite()];
    dbs.extend(postgres().await);
    dbs
}

/// A second handle on the same database (a restart).
pub fn same(db: &TestDb) -> TestDb {
    TestDb {
        url: db.url.clone(),
        name: db.name,
        _dir: None,
    }
}

/// A prepared (migrated) database handle.
pub async fn open(url: &str) -> std::sync::Arc<sdrs_console_server::db::Database> {
    let target = sdrs_console_server::db::DatabaseTarget::from_url(url).unwrap();
    let db = sdrs_console_server::db::Database::new(target).unwrap();
    db.prepare().await.unwrap();
    std::sync::Arc::new(db)
}
