//! [`SessionStore`] on the database, so several server instances share
//! sign-ins. Only the SHA-256 of a session id is stored.

use super::{Database, DbError};
use crate::team::identity::{Role, SignInMethod};
use crate::team::session_store::{SessionStore, StoreError, StoreFuture, StoredSession};
use sqlx::Row;
use std::sync::Arc;

/// The `sessions` table.
#[derive(Clone)]
pub struct DbSessionStore {
    db: Arc<Database>,
}

impl DbSessionStore {
    pub fn new(db: Arc<Database>) -> Self {
        DbSessionStore { db }
    }
}

fn store_error(e: DbError) -> StoreError {
    StoreError(e.0)
}

fn session_from_row(row: &sqlx::any::AnyRow) -> Result<StoredSession, StoreError> {
    let text = |name: &str| {
        row.try_get::<String, _>(name)
            .map_err(|e| StoreError(format!("sessions.{name}: {e}")))
    };
    let number = |name: &str| {
        row.try_get::<i64, _>(name)
            .map_err(|e| StoreError(format!("sessions.{name}: {e}")))
    };
    let role = text("role")?;
    let method = text("method")?;
    Ok(StoredSession {
        id_hash: text("id_hash")?,
        user: text("user_name")?,
        role: Role::parse(&role)
            .ok_or_else(|| StoreError(format!("sessions.role: unknown role {role:?}")))?,
        method: SignInMethod::parse(&method)
            .ok_or_else(|| StoreError(format!("sessions.method: unknown method {method:?}")))?,
        csrf_token: text("csrf_token")?,
        created_ms: number("created_ms")?,
        last_seen_ms: number("last_seen_ms")?,
    })
}

impl SessionStore for DbSessionStore {
    fn insert(&self, session: StoredSession) -> StoreFuture<'_, ()> {
        Box::pin(async move {
            let query = sqlx::query(
                "INSERT INTO sessions (id_hash, user_name, role, method, csrf_token, created_ms, last_seen_ms) \
                 VALUES ($1, $2, $3, $4, $5, $6, $7)",
            )
            .bind(session.id_hash)
            .bind(session.user)
            .bind(session.role.as_str())
            .bind(session.method.as_str())
            .bind(session.csrf_token)
            .bind(session.created_ms)
            .bind(session.last_seen_ms);
            self.db.execute(query).await.map(|_| ()).map_err(store_error)
        })
    }

    fn get<'a>(&'a self, id_hash: &'a str) -> StoreFuture<'a, Option<StoredSession>> {
        Box::pin(async move {
            let row = sqlx::query(
                "SELECT id_hash, user_name, role, method, csrf_token, created_ms, last_seen_ms \
                 FROM sessions WHERE id_hash = $1",
            )
            .bind(id_hash)
            .fetch_optional(self.db.pool().map_err(store_error)?)
            .await
            .map_err(|e| store_error(self.db.error(e)))?;
            row.as_ref().map(session_from_row).transpose()
        })
    }

    fn touch<'a>(&'a self, id_hash: &'a str, now_ms: i64) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let query = sqlx::query("UPDATE sessions SET last_seen_ms = $1 WHERE id_hash = $2")
                .bind(now_ms)
                .bind(id_hash);
            self.db.execute(query).await.map(|_| ()).map_err(store_error)
        })
    }

    fn remove<'a>(&'a self, id_hash: &'a str) -> StoreFuture<'a, ()> {
        Box::pin(async move {
            let query = sqlx::query("DELETE FROM sessions WHERE id_hash = $1").bind(id_hash);
            self.db.execute(query).await.map(|_| ()).map_err(store_error)
        })
    }

    fn remove_expired(&self, idle_before_ms: i64, created_before_ms: i64) -> StoreFuture<'_, u64> {
        Box::pin(async move {
            let query = sqlx::query("DELETE FROM sessions WHERE last_seen_ms < $1 OR created_ms < $2")
                .bind(idle_before_ms)
                .bind(created_before_ms);
            self.db
                .execute(query)
                .await
                .map(|r| r.rows_affected())
                .map_err(store_error)
        })
    }
}
