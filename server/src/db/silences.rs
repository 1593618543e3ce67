//! `alert_silences`: silences are added, listed newest first, and expired
//! (their end set to the time of expiry; the row is kept as a record).

use super::{Database, DbError};
use crate::silences::rules::{state, ValidSilence};
use crate::util::timefmt::format_ms;
use sdrs_models::{Silence, SilenceMatchers};
use sqlx::Row;
use std::sync::Arc;

/// Most silences `GET /api/silences` lists.
pub const LIST_LIMIT: i64 = 500;

const COLUMNS: &str = "id, scope, failure_status, error_code, resource_name, starts_at_ms, ends_at_ms, \
    created_by, created_at_ms, comment";

#[derive(Clone)]
pub struct SilenceStore {
    db: Arc<Database>,
}

fn silence_of(row: &sqlx::any::AnyRow, now_ms: i64) -> Result<Silence, sqlx::Error> {
    let starts: i64 = row.try_get("starts_at_ms")?;
    let ends: i64 = row.try_get("ends_at_ms")?;
    Ok(Silence {
        id: row.try_get("id")?,
        matchers: SilenceMatchers {
            scope: row.try_get("scope")?,
            failure_status: row.try_get("failure_status")?,
            error_code: row.try_get("error_code")?,
            resource_name: row.try_get("resource_name")?,
        },
        starts_at: format_ms(starts),
        ends_at: format_ms(ends),
        created_by: row.try_get("created_by")?,
        created_at: format_ms(row.try_get("created_at_ms")?),
        comment: row.try_get("comment")?,
        state: state(starts, ends, now_ms).to_owned(),
    })
}

impl SilenceStore {
    pub fn new(db: Arc<Database>) -> SilenceStore {
        SilenceStore { db }
    }

    /// Adds a silence; answers it as listed.
    pub async fn add(&self, s: &ValidSilence, created_by: &str, now_ms: i64) -> Result<Silence, DbError> {
        let m = &s.matchers;
        let row = sqlx::query(&format!(
            "INSERT INTO alert_silences (scope, failure_status, error_code, resource_name, starts_at_ms, \
             ends_at_ms, created_by, created_at_ms, comment) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) \
             RETURNING {COLUMNS}"
        ))
        .bind(m.scope.clone())
        .bind(m.failure_status.clone())
        .bind(m.error_code.clone())
        .bind(m.resource_name.clone())
        .bind(s.starts_at_ms)
        .bind(s.ends_at_ms)
        .bind(created_by.to_owned())
        .bind(now_ms)
        .bind(s.comment.clone())
        .fetch_one(self.db.pool()?)
        .await
        .map_err(|e| self.db.error(e))?;
        silence_of(&row, now_ms).map_err(|e| self.db.error(e))
    }

    /// The newest [`LIST_LIMIT`] silences, with their state at `now_ms`.
    pub async fn list(&self, now_ms: i64) -> Result<Vec<Silence>, DbError> {
        let sql = format!("SELECT {COLUMNS} FROM alert_silences ORDER BY id DESC LIMIT {LIST_LIMIT}");
        self.read(sqlx::query(&sql), now_ms).await
    }

    /// The silences in force at `now_ms`.
    pub async fn active(&self, now_ms: i64) -> Result<Vec<Silence>, DbError> {
        let sql = format!(
            "SELECT {COLUMNS} FROM alert_silences WHERE starts_at_ms <= $1 AND ends_at_ms > $1 ORDER BY id"
        );
        self.read(sqlx::query(&sql).bind(now_ms), now_ms).await
    }

    /// The silences `query` selects, with their state at `now_ms`.
    async fn read<'q>(
        &self,
        query: sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>,
        now_ms: i64,
    ) -> Result<Vec<Silence>, DbError> {
        let rows = query
            .fetch_all(self.db.pool()?)
            .await
            .map_err(|e| self.db.error(e))?;
        rows.iter()
            .map(|r| silence_of(r, now_ms))
            .collect::<Result<_, _>>()
            .map_err(|e| self.db.error(e))
    }

    /// Ends silence `id` at `now_ms` (one that has ended stays as it was);
    /// `None` when there is no such silence.
    pub async fn expire(&self, id: i64, now_ms: i64) -> Result<Option<Silence>, DbError> {
        sqlx::query("UPDATE alert_silences SET ends_at_ms = $1 WHERE id = $2 AND ends_at_ms > $1")
            .bind(now_ms)
            .bind(id)
            .execute(self.db.pool()?)
            .await
            .map_err(|e| self.db.error(e))?;
        let row = sqlx::query(&format!("SELECT {COLUMNS} FROM alert_silences WHERE id = $1"))
            .bind(id)
            .fetch_optional(self.db.pool()?)
            .await
            .map_err(|e| self.db.error(e))?;
        row.map(|r| silence_of(&r, now_ms))
            .transpose()
            .map_err(|e| self.db.error(e))
    }
}
