//! Which server instance polls. With several instances on one PostgreSQL,
//! exactly one: the holder of a session-level advisory lock taken on a
//! connection of its own, kept out of the pool. The lock goes with that
//! connection, so an instance that dies (or loses its connection) frees it
//! and another takes over at its next try. On SQLite the process is the
//! only poller.
//!
//! The lock is not safe behind a pooler in transaction mode (PgBouncer):
//! the connection must be the server's own.

use super::BoxFuture;
use crate::db::{Backend, Database, DbError};
use sqlx::{AnyConnection, Connection};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Mutex;
use tokio::time::{timeout, Instant};

/// The advisory lock's key: "SDRSWATC" in ASCII.
pub const LOCK_KEY: i64 = 0x5344_5253_5741_5443;

/// How long a check of the held connection, or a try for the lock, may
/// take before it counts as failed.
const CHECK_TIMEOUT: Duration = Duration::from_secs(3);

/// Whether this process may poll now.
pub trait LeaderGate: Send + Sync + 'static {
    /// True while this process leads. Checks that a held lock is still
    /// held; when none is, tries to take it (at most once per retry
    /// interval).
    fn hold(&self) -> BoxFuture<'_, bool>;

    /// True when this process is the only one that could lead, so it leads
    /// before its first [`LeaderGate::hold`].
    fn is_sole(&self) -> bool {
        false
    }
}

/// The only poller: one process on SQLite.
pub struct AlwaysLeader;

impl LeaderGate for AlwaysLeader {
    fn hold(&self) -> BoxFuture<'_, bool> {
        Box::pin(async { true })
    }

    fn is_sole(&self) -> bool {
        true
    }
}

/// The gate for `db`: the advisory lock on PostgreSQL, tried again every
/// `retry_every` while another instance holds it; always this process on
/// SQLite.
pub fn gate_for(db: Arc<Database>, retry_every: Duration) -> Arc<dyn LeaderGate> {
    match db.backend() {
        Backend::Sqlite => Arc::new(AlwaysLeader),
        Backend::Postgres => Arc::new(AdvisoryLock::new(db, retry_every)),
    }
}

/// `pg_try_advisory_lock(LOCK_KEY)` on a dedicated connection.
pub struct AdvisoryLock {
    db: Arc<Database>,
    retry_every: Duration,
    state: Mutex<LockState>,
}

#[derive(Default)]
struct LockState {
    /// The connection that holds the lock.
    held: Option<AnyConnection>,
    last_try: Option<Instant>,
    /// Whether "another instance leads" was logged since the last change.
    told_standby: bool,
}

impl AdvisoryLock {
    /// The database must have been prepared ([`Database::prepare`]) before
    /// the first [`LeaderGate::hold`]; until then this process does not
    /// lead.
    pub fn new(db: Arc<Database>, retry_every: Duration) -> AdvisoryLock {
        AdvisoryLock {
            db,
            retry_every,
            state: Mutex::new(LockState::default()),
        }
    }

    async fn hold_now(&self) -> bool {
        let mut state = self.state.lock().await;
        if let Some(conn) = state.held.as_mut() {
            match timeout(CHECK_TIMEOUT, sqlx::query("SELECT 1").execute(&mut *conn)).await {
                Ok(Ok(_)) => return true,
                Ok(Err(e)) => tracing::warn!(
                    error = %self.db.error(e),
                    "lost the watcher's leadership: its database connection failed"
                ),
                Err(_) => tracing::warn!(
                    "lost the watcher's leadership: its database connection did not answer within {} s",
                    CHECK_TIMEOUT.as_secs()
                ),
            }
            // Dropping the connection frees the lock if the server still
            // counts it held; the next try comes after the retry interval,
            // like another instance's.
            state.held = None;
            state.last_try = Some(Instant::now());
            state.told_standby = false;
            return false;
        }
        if state.last_try.is_some_and(|at| at.elapsed() < self.retry_every) {
            return false;
        }
        state.last_try = Some(Instant::now());
        match self.try_take().await {
            Ok(Some(conn)) => {
                state.held = Some(conn);
                state.told_standby = false;
                tracing::info!("took the watcher's leadership: this instance polls the scopes");
                true
            }
            Ok(None) => {
                if !state.told_standby {
                    state.told_standby = true;
                    tracing::info!(
                        "another server instance polls the scopes; this one takes over if it stops"
                    );
                }
                false
            }
            Err(e) => {
                tracing::warn!(error = %e, "could not ask for the watcher's leadership");
                false
            }
        }
    }

    /// A connection of its own holding the lock, or `None` when another
    /// instance holds it.
    async fn try_take(&self) -> Result<Option<AnyConnection>, DbError> {
        let pool = self.db.pool()?;
        let mut conn = pool.acquire().await.map_err(|e| self.db.error(e))?.detach();
        let ask = sqlx::query_as::<_, (bool,)>("SELECT pg_try_advisory_lock($1)")
            .bind(LOCK_KEY)
            .fetch_one(&mut conn);
        let Ok(taken) = timeout(CHECK_TIMEOUT, ask).await else {
            return Err(DbError(format!(
                "the database did not answer within {} s",
                CHECK_TIMEOUT.as_secs()
            )));
        };
        match taken {
            Ok((true,)) => Ok(Some(conn)),
            Ok((false,)) => {
                let _ = conn.close().await;
                Ok(None)
            }
            Err(e) => Err(self.db.error(e)),
        }
    }
}

impl LeaderGate for AdvisoryLock {
    fn hold(&self) -> BoxFuture<'_, bool> {
        Box::pin(self.hold_now())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::DatabaseTarget;

    #[tokio::test]
    async fn sqlite_makes_this_process_the_leader() {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("w.db").display());
        let db = Arc::new(Database::new(DatabaseTarget::from_url(&url).unwrap()).unwrap());
        let gate = gate_for(db, Duration::from_secs(60));
        assert!(gate.hold().await);
        assert!(gate.hold().await);
    }
}
