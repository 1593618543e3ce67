//! The server's database: one schema on SQLite (default, one file created
//! on start) or PostgreSQL (`--database postgres://…`, for several server
//! instances). Queries are written once with `$n` placeholders through
//! sqlx's `Any` driver; only the migrations differ per engine (the id
//! column). Sessions, the audit trail and pending OpenID Connect logins
//! live here; later features (failure history, alerts, trends) add their
//! tables as new migrations.
//!
//! Errors: a bad URL or an unreachable database at start is a start-up
//! error naming the problem; a database that goes away later makes calls
//! fail with [`DbError`], which handlers answer with a 503 envelope.

pub mod acks;
pub mod alert_log;
pub mod alert_outbox;
pub mod audit_store;
pub mod journal;
pub mod journal_counts;
pub mod journal_names;
pub mod journal_query;
pub mod journal_rows;
pub mod journal_stats;
pub mod journal_trends;
pub mod oidc_pending;
pub mod scope_health;
pub mod sessions;
pub mod silences;
pub mod target;

pub use target::{Backend, DatabaseTarget};

use crate::http::error::{codes, ApiError};
use axum::http::StatusCode;
use sqlx::any::{AnyConnectOptions, AnyPoolOptions, AnyQueryResult};
use sqlx::AnyPool;
use std::io;
use std::str::FromStr;
use std::time::Duration;
use tokio::sync::OnceCell;

/// How long a call waits for a connection before the database counts as
/// unreachable.
const ACQUIRE_TIMEOUT: Duration = Duration::from_secs(3);

/// A database call that failed. The message names the cause, never the
/// URL's password.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DbError(pub String);

impl std::fmt::Display for DbError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for DbError {}

impl From<DbError> for ApiError {
    /// 503 `SDRS.0013`: the caller may retry when the database is back.
    fn from(e: DbError) -> Self {
        ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "error",
            codes::INTERNAL,
            format!("The console's database is unavailable: {e}"),
        )
    }
}

pub struct Database {
    options: AnyConnectOptions,
    /// Set by [`Database::prepare`].
    pool: OnceCell<AnyPool>,
    backend: Backend,
    /// The URL without its password.
    shown: String,
    /// The URL (for scrubbing the password out of driver messages).
    url: String,
    /// A temporary data directory, removed with the database.
    _temp_dir: Option<tempfile::TempDir>,
}

/// One migration at a time in this process: several servers of one test
/// binary may open the same new file at once.
static MIGRATING: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

impl Database {
    /// Checks the URL; nothing connects yet (see [`Database::prepare`]),
    /// so this needs no async runtime.
    pub fn new(target: DatabaseTarget) -> io::Result<Database> {
        sqlx::any::install_default_drivers();
        let options = AnyConnectOptions::from_str(&target.url).map_err(|e| {
            io::Error::new(
                io::ErrorKind::InvalidInput,
                format!(
                    "--database {}: {}",
                    target.shown,
                    target::scrub(&e.to_string(), &target.url)
                ),
            )
        })?;
        Ok(Database {
            options,
            pool: OnceCell::new(),
            backend: target.backend,
            shown: target.shown,
            url: target.url,
            _temp_dir: target.temp_dir,
        })
    }

    pub fn backend(&self) -> Backend {
        self.backend
    }

    /// The URL without its password, for the start-up log.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// The pool, once [`Database::prepare`] has opened it.
    pub(crate) fn pool(&self) -> Result<&AnyPool, DbError> {
        self.pool
            .get()
            .ok_or_else(|| DbError("the database has not been opened".into()))
    }

    /// A driver error as a [`DbError`], without the password.
    pub(crate) fn error(&self, e: sqlx::Error) -> DbError {
        let text = match &e {
            sqlx::Error::PoolTimedOut => "no connection within 3 s (is the database running?)".to_owned(),
            other => other.to_string(),
        };
        DbError(target::scrub(&text, &self.url))
    }

    /// Connects and runs the migrations (once); a start-up error names the
    /// database and the cause.
    pub async fn prepare(&self) -> io::Result<()> {
        self.pool
            .get_or_try_init(|| async {
                let failed = |e: sqlx::Error| {
                    io::Error::other(format!(
                        "database {}: {}",
                        self.shown,
                        target::scrub(&self.error(e).0, &self.url)
                    ))
                };
                let pool = AnyPoolOptions::new()
                    .max_connections(if self.backend == Backend::Sqlite { 4 } else { 8 })
                    .acquire_timeout(ACQUIRE_TIMEOUT)
                    .connect_with(self.options.clone())
                    .await
                    .map_err(failed)?;
                let _one = MIGRATING.lock().await;
                let mut attempt = 0;
                loop {
                    match self.migrate(&pool).await {
                        Ok(()) => return Ok(pool),
                        // Another process may be migrating the same new file.
                        Err(_) if attempt < 3 && self.backend == Backend::Sqlite => {
                            attempt += 1;
                            tokio::time::sleep(Duration::from_millis(100 * attempt)).await;
                        }
                        Err(e) => {
                            return Err(io::Error::other(format!(
                                "database {}: {}",
                                self.shown,
                                target::scrub(&e.to_string(), &self.url)
                            )))
                        }
                    }
                }
            })
            .await
            .map(|_| ())
    }

    async fn migrate(&self, pool: &AnyPool) -> Result<(), sqlx::Error> {
        let migrator = match self.backend {
            Backend::Sqlite => sqlx::migrate!("./migrations/sqlite"),
            Backend::Postgres => sqlx::migrate!("./migrations/postgres"),
        };
        migrator.run(pool).await.map_err(|e| match e {
            sqlx::migrate::MigrateError::Execute(inner) => inner,
            other => sqlx::Error::Migrate(Box::new(other)),
        })
    }

    /// `SELECT 1`: whether the database answers now.
    pub async fn ping(&self) -> Result<(), DbError> {
        self.execute(sqlx::query("SELECT 1")).await.map(|_| ())
    }

    pub(crate) async fn execute<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
    ) -> Result<AnyQueryResult, DbError> {
        query.execute(self.pool()?).await.map_err(|e| self.error(e))
    }
}
