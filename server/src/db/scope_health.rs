//! `watcher_scope_health`: each scope's health as the polling instance last
//! saw it, shared with the instances that do not poll, and the retries
//! operators ask of them.

use super::{Database, DbError};
use sdrs_models::ScopeHealth;
use sqlx::Row;
use std::sync::Arc;

/// The shared health of every scope (cheap to clone).
#[derive(Clone)]
pub struct ScopeHealthStore {
    db: Arc<Database>,
}

impl ScopeHealthStore {
    pub fn new(db: Arc<Database>) -> ScopeHealthStore {
        ScopeHealthStore { db }
    }

    /// Writes `health` as its scope's, keeping a retry asked meanwhile.
    pub async fn publish(&self, health: &ScopeHealth, now_ms: i64) -> Result<(), DbError> {
        let json = serde_json::to_string(health).map_err(|e| DbError(e.to_string()))?;
        self.db
            .execute(
                sqlx::query(
                    "INSERT INTO watcher_scope_health (scope, health_json, updated_ms) \
                     VALUES ($1, $2, $3) ON CONFLICT (scope) DO UPDATE \
                     SET health_json = excluded.health_json, updated_ms = excluded.updated_ms",
                )
                .bind(health.name.clone())
                .bind(json)
                .bind(now_ms),
            )
            .await
            .map(|_| ())
    }

    /// Every scope's last published health; a row that does not read as
    /// one (none published yet, or written by another version) is left out.
    pub async fn load(&self) -> Result<Vec<ScopeHealth>, DbError> {
        let rows = sqlx::query("SELECT health_json FROM watcher_scope_health ORDER BY scope")
            .fetch_all(self.db.pool()?)
            .await
            .map_err(|e| self.db.error(e))?;
        Ok(rows
            .iter()
            .filter_map(|row| row.try_get::<String, _>("health_json").ok())
            .filter_map(|json| serde_json::from_str::<ScopeHealth>(&json).ok())
            .collect())
    }

    /// Asks the polling instance to poll `scope` now.
    pub async fn request_retry(&self, scope: &str, now_ms: i64) -> Result<(), DbError> {
        self.db
            .execute(
                sqlx::query(
                    "INSERT INTO watcher_scope_health (scope, health_json, updated_ms, retry_requested_ms) \
                     VALUES ($1, 'null', 0, $2) ON CONFLICT (scope) DO UPDATE \
                     SET retry_requested_ms = excluded.retry_requested_ms",
                )
                .bind(scope.to_owned())
                .bind(now_ms),
            )
            .await
            .map(|_| ())
    }

    /// The scopes whose retry was asked since the last call; each request
    /// is answered once, even with two instances taking them.
    pub async fn take_retry_requests(&self) -> Result<Vec<String>, DbError> {
        let rows = sqlx::query(
            "UPDATE watcher_scope_health SET retry_requested_ms = NULL \
             WHERE retry_requested_ms IS NOT NULL RETURNING scope",
        )
        .fetch_all(self.db.pool()?)
        .await
        .map_err(|e| self.db.error(e))?;
        Ok(rows
            .iter()
            .filter_map(|row| row.try_get::<String, _>("scope").ok())
            .collect())
    }
}
