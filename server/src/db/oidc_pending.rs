//! [`PendingLoginStore`] on the database: an OpenID Connect login started
//! on one server instance finishes on any other. Rows are keyed by the
//! hash of `state`; the PKCE verifier and nonce stay only until the login
//! is used or expires (the sweep drops expired rows).

use super::{Database, DbError};
use crate::team::oidc::pending::{expired_before, PendingLogin, PendingLoginStore, CAPACITY};
use crate::team::session_store::{StoreError, StoreFuture};
use sqlx::Row;
use std::sync::Arc;

/// The `oidc_pending` table.
#[derive(Clone)]
pub struct DbPendingLogins {
    db: Arc<Database>,
}

impl DbPendingLogins {
    pub fn new(db: Arc<Database>) -> Self {
        DbPendingLogins { db }
    }

    async fn count(&self) -> Result<i64, StoreError> {
        let row = sqlx::query("SELECT COUNT(*) AS n FROM oidc_pending")
            .fetch_one(self.db.pool().map_err(store_error)?)
            .await
            .map_err(|e| store_error(self.db.error(e)))?;
        row.try_get::<i64, _>("n")
            .map_err(|e| StoreError(format!("oidc_pending count: {e}")))
    }

    async fn delete_expired(&self, created_before_ms: i64) -> Result<u64, StoreError> {
        let query = sqlx::query("DELETE FROM oidc_pending WHERE created_ms < $1").bind(created_before_ms);
        self.db
            .execute(query)
            .await
            .map(|r| r.rows_affected())
            .map_err(store_error)
    }
}

fn store_error(e: DbError) -> StoreError {
    StoreError(e.0)
}

fn login_from_row(row: &sqlx::any::AnyRow) -> Result<PendingLogin, StoreError> {
    let text = |name: &str| {
        row.try_get::<String, _>(name)
            .map_err(|e| StoreError(format!("oidc_pending.{name}: {e}")))
    };
    Ok(PendingLogin {
        browser_hash: text("browser_hash")?,
        pkce_verifier: text("pkce_verifier")?,
        nonce: text("nonce")?,
        next: text("next_path")?,
        created_ms: row
            .try_get::<i64, _>("created_ms")
            .map_err(|e| StoreError(format!("oidc_pending.created_ms: {e}")))?,
    })
}

impl PendingLoginStore for DbPendingLogins {
    fn insert(&self, state_hash: String, login: PendingLogin) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            self.delete_expired(expired_before(login.created_ms)).await?;
            // Full (a flood of started logins): the oldest make room.
            let over = self.count().await? - CAPACITY + 1;
            if over > 0 {
                let query = sqlx::query(
                    "DELETE FROM oidc_pending WHERE state_hash IN \
                     (SELECT state_hash FROM oidc_pending ORDER BY created_ms LIMIT $1)",
                )
                .bind(over);
                self.db.execute(query).await.map_err(store_error)?;
            }
            let query = sqlx::query(
                "INSERT INTO oidc_pending (state_hash, browser_hash, pkce_verifier, nonce, next_path, created_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6)",
            )
            .bind(state_hash)
            .bind(login.browser_hash)
            .bind(login.pkce_verifier)
            .bind(login.nonce)
            .bind(login.next)
            .bind(login.created_ms);
            self.db.execute(query).await.map(|_| ()).map_err(store_error)
        })
    }

    fn remove<'a>(&'a self, state_hash: &'a str) -> StoreFuture<'a, Option<PendingLogin>> {
        Box::pin(async move {
            // One statement: of two callbacks with the same state, on any
            // instances, one at most gets the row.
            let row = sqlx::query(
                "DELETE FROM oidc_pending WHERE state_hash = $1 \
                 RETURNING browser_hash, pkce_verifier, nonce, next_path, created_ms",
            )
            .bind(state_hash)
            .fetch_optional(self.db.pool().map_err(store_error)?)
            .await
            .map_err(|e| store_error(self.db.error(e)))?;
            row.as_ref().map(login_from_row).transpose()
        })
    }

    fn remove_expired(&self, created_before_ms: i64) -> StoreFuture<'_, u64> {
        Box::pin(async move { self.delete_expired(created_before_ms).await })
    }
}
