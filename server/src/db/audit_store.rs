//! The `audit_records` table: a record is inserted `pending` before a
//! delete is sent and completed after; queries filter by user, action and
//! time, newest first. Acknowledging and withdrawing write theirs in their
//! own transaction (`acks.rs`).

use super::{Database, DbError};
use crate::audit::record::{Action, AuditFilter, AuditRecord, NewRecord, Outcome};
use sqlx::any::AnyArguments;
use sqlx::Row;

const COLUMNS: &str = "id, user_name, method, action, project_id, region, scope, failure_job_id, \
    server_group_id, started_at_ms, completed_at_ms, outcome, upstream_status, request_id, removed_json, comment";

/// `WHERE …` of a filter, with its `$n` values in order.
enum Value {
    Text(String),
    Number(i64),
}

fn where_clause(filter: &AuditFilter) -> (String, Vec<Value>) {
    let mut parts = Vec::new();
    let mut values = Vec::new();
    let mut add = |column: &str, op: &str, value: Value| {
        values.push(value);
        parts.push(format!("{column} {op} ${}", values.len()));
    };
    if let Some(user) = &filter.user {
        add("user_name", "=", Value::Text(user.clone()));
    }
    if let Some(action) = filter.action {
        add("action", "=", Value::Text(action.as_str().to_owned()));
    }
    if let Some(from) = filter.from_ms {
        add("started_at_ms", ">=", Value::Number(from));
    }
    if let Some(to) = filter.to_ms {
        add("started_at_ms", "<=", Value::Number(to));
    }
    let clause = if parts.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", parts.join(" AND "))
    };
    (clause, values)
}

fn bind_all<'q>(
    mut query: sqlx::query::Query<'q, sqlx::Any, AnyArguments<'q>>,
    values: Vec<Value>,
) -> sqlx::query::Query<'q, sqlx::Any, AnyArguments<'q>> {
    for v in values {
        query = match v {
            Value::Text(t) => query.bind(t),
            Value::Number(n) => query.bind(n),
        };
    }
    query
}

fn record_from_row(row: &sqlx::any::AnyRow) -> Result<AuditRecord, DbError> {
    fn get<T>(row: &sqlx::any::AnyRow, name: &str) -> Result<T, DbError>
    where
        T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
    {
        row.try_get::<T, _>(name)
            .map_err(|e| DbError(format!("audit_records.{name}: {e}")))
    }
    let action: String = get(row, "action")?;
    let outcome: String = get(row, "outcome")?;
    let removed: String = get(row, "removed_json")?;
    Ok(AuditRecord {
        id: get(row, "id")?,
        user: get(row, "user_name")?,
        method: get(row, "method")?,
        action: Action::parse(&action).ok_or_else(|| DbError(format!("unknown action {action:?}")))?,
        project_id: get(row, "project_id")?,
        region: get(row, "region")?,
        scope: get(row, "scope")?,
        failure_job_id: get(row, "failure_job_id")?,
        server_group_id: get(row, "server_group_id")?,
        started_at_ms: get(row, "started_at_ms")?,
        completed_at_ms: get(row, "completed_at_ms")?,
        outcome: Outcome::parse(&outcome).ok_or_else(|| DbError(format!("unknown outcome {outcome:?}")))?,
        upstream_status: get::<Option<i64>>(row, "upstream_status")?.and_then(|s| u16::try_from(s).ok()),
        request_id: get(row, "request_id")?,
        removed: serde_json::from_str(&removed).unwrap_or_default(),
        comment: get(row, "comment")?,
    })
}

impl Database {
    /// Writes a `pending` record; returns its id. When this fails the
    /// delete must not be sent.
    pub async fn insert_pending(&self, record: &NewRecord) -> Result<i64, DbError> {
        let removed = serde_json::to_string(&record.removed).map_err(|e| DbError(e.to_string()))?;
        let row = sqlx::query(
            "INSERT INTO audit_records (user_name, method, action, project_id, region, failure_job_id, \
             server_group_id, started_at_ms, outcome, removed_count, removed_json, scope) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) RETURNING id",
        )
        .bind(record.user.clone())
        .bind(record.method.clone())
        .bind(record.action.as_str())
        .bind(record.project_id.clone())
        .bind(record.region.clone())
        .bind(record.failure_job_id.clone())
        .bind(record.server_group_id.clone())
        .bind(record.started_at_ms)
        .bind(Outcome::Pending.as_str())
        .bind(i64::try_from(record.removed.len()).unwrap_or(i64::MAX))
        .bind(removed)
        .bind(record.scope.clone())
        .fetch_one(self.pool()?)
        .await
        .map_err(|e| self.error(e))?;
        row.try_get::<i64, _>("id").map_err(|e| self.error(e))
    }

    /// Completes a record with the answer of the call.
    pub async fn complete(
        &self,
        id: i64,
        outcome: Outcome,
        upstream_status: Option<u16>,
        request_id: Option<String>,
        completed_at_ms: i64,
    ) -> Result<(), DbError> {
        let query = sqlx::query(
            "UPDATE audit_records SET outcome = $1, upstream_status = $2, request_id = $3, \
             completed_at_ms = $4 WHERE id = $5",
        )
        .bind(outcome.as_str())
        .bind(upstream_status.map(i64::from))
        .bind(request_id)
        .bind(completed_at_ms)
        .bind(id);
        self.execute(query).await.map(|_| ())
    }

    /// The records matching `filter` (newest first, its page) and how many
    /// match in all, both from one statement (one snapshot).
    pub async fn audit_records(&self, filter: &AuditFilter) -> Result<(Vec<AuditRecord>, i64), DbError> {
        let (clause, values) = where_clause(filter);
        let n = values.len();
        let sql = format!(
            "SELECT {COLUMNS}, COUNT(*) OVER () AS total FROM audit_records{clause} \
             ORDER BY started_at_ms DESC, id DESC LIMIT ${} OFFSET ${}",
            n + 1,
            n + 2
        );
        let rows = bind_all(sqlx::query(&sql), values)
            .bind(filter.limit)
            .bind(filter.offset)
            .fetch_all(self.pool()?)
            .await
            .map_err(|e| self.error(e))?;
        let records = rows.iter().map(record_from_row).collect::<Result<Vec<_>, _>>()?;
        let total = match rows.first() {
            Some(row) => row.try_get::<i64, _>("total").map_err(|e| self.error(e))?,
            None if filter.offset == 0 => 0,
            // A page past the end: count on its own.
            None => {
                let (clause, values) = where_clause(filter);
                let count_sql = format!("SELECT COUNT(*) AS total FROM audit_records{clause}");
                bind_all(sqlx::query(&count_sql), values)
                    .fetch_one(self.pool()?)
                    .await
                    .map_err(|e| self.error(e))?
                    .try_get::<i64, _>("total")
                    .map_err(|e| self.error(e))?
            }
        };
        Ok((records, total))
    }
}
