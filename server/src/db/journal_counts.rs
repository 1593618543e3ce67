//! `failure_journal_counts`: how many failures each scope holds, open or
//! gone, per status and resource type, rewritten for a scope in the same
//! transaction as every change to its rows. The exact total of a query
//! without a name or group filter is summed from these few rows rather
//! than counted over the journal (a million rows take PostgreSQL hundreds
//! of milliseconds to count even from an index).

use super::journal::{resource_type_key, Journal};
use super::DbError;
use sdrs_models::{JournalQuery, JournalState};
use sqlx::{AnyConnection, Row};

fn recount_sql(filter: &str) -> String {
    format!(
        "INSERT INTO failure_journal_counts (scope, is_open, failure_status, resource_type, n) \
         SELECT scope, CASE WHEN gone_since_ms IS NULL THEN 1 ELSE 0 END, failure_status, \
         resource_type, COUNT(*) FROM failure_journal WHERE {filter} GROUP BY 1, 2, 3, 4 \
         ON CONFLICT (scope, is_open, failure_status, resource_type) DO UPDATE SET n = excluded.n"
    )
}

/// Recounts one scope (inside the caller's transaction).
pub(crate) async fn recount_scope(conn: &mut AnyConnection, scope: &str) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM failure_journal_counts WHERE scope = $1")
        .bind(scope.to_owned())
        .execute(&mut *conn)
        .await?;
    sqlx::query(&recount_sql("scope = $1"))
        .bind(scope.to_owned())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Recounts every scope (inside the caller's transaction).
pub(crate) async fn recount_all(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM failure_journal_counts")
        .execute(&mut *conn)
        .await?;
    // SQLite needs a WHERE before an upsert's ON CONFLICT.
    sqlx::query(&recount_sql("true")).execute(&mut *conn).await?;
    Ok(())
}

/// `WHERE …` over the counts for `q`, with its `$n` values; `None` when
/// `q` filters by name or group, which the counts do not hold.
pub(crate) fn counts_where(q: &JournalQuery) -> Option<(String, Vec<String>)> {
    let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    if [
        &q.resource_name,
        &q.server_group_id,
        &q.error_code,
        &q.begun_from,
        &q.begun_before,
    ]
    .into_iter()
    .any(|v| given(v).is_some())
    {
        return None;
    }
    let mut parts: Vec<String> = Vec::new();
    let mut values = Vec::new();
    let mut add = |column: &str, value: String| {
        values.push(value);
        parts.push(format!("{column} = ${}", values.len()));
    };
    if let Some(scope) = given(&q.scope) {
        add("scope", scope);
    }
    if let Some(status) = given(&q.failure_status) {
        add("failure_status", status);
    }
    if let Some(kind) = given(&q.resource_type) {
        add("resource_type", resource_type_key(&kind));
    }
    match q.state {
        JournalState::Open => parts.push("is_open = 1".into()),
        JournalState::Cleared => parts.push("is_open = 0".into()),
        JournalState::All => {}
    }
    let clause = if parts.is_empty() {
        String::new()
    } else {
        format!(" WHERE {}", parts.join(" AND "))
    };
    Some((clause, values))
}

impl Journal {
    /// The total of `q` from the counts, when they can answer it.
    pub(crate) async fn counted_total(&self, q: &JournalQuery) -> Result<Option<u64>, DbError> {
        let Some((clause, values)) = counts_where(q) else {
            return Ok(None);
        };
        let db = self.db();
        // SUM is NUMERIC on PostgreSQL: cast back to a 64-bit integer.
        let sql = format!(
            "SELECT CAST(COALESCE(SUM(n), 0) AS BIGINT) AS total FROM failure_journal_counts{clause}"
        );
        let mut query = sqlx::query(&sql);
        for v in values {
            query = query.bind(v);
        }
        let row = query.fetch_one(db.pool()?).await.map_err(|e| db.error(e))?;
        let total: i64 = row.try_get("total").map_err(|e| db.error(e))?;
        Ok(Some(u64::try_from(total).unwrap_or(0)))
    }

    /// Open failures per scope (scopes without any left out), by scope name.
    pub async fn open_counts(&self) -> Result<Vec<(String, u64)>, DbError> {
        let db = self.db();
        let rows = sqlx::query(
            "SELECT scope, CAST(SUM(n) AS BIGINT) AS n FROM failure_journal_counts WHERE is_open = 1 \
             GROUP BY scope ORDER BY scope",
        )
        .fetch_all(db.pool()?)
        .await
        .map_err(|e| db.error(e))?;
        rows.iter()
            .map(|r| {
                let scope: String = r.try_get("scope").map_err(|e| db.error(e))?;
                let n: i64 = r.try_get("n").map_err(|e| db.error(e))?;
                Ok((scope, u64::try_from(n).unwrap_or(0)))
            })
            .filter(|r| !matches!(r, Ok((_, 0))))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_counts_answer_queries_without_a_name_or_group() {
        let q = JournalQuery {
            scope: Some("prod".into()),
            state: JournalState::Open,
            failure_status: Some("createFail".into()),
            resource_type: Some("replication".into()),
            ..JournalQuery::default()
        };
        assert_eq!(
            counts_where(&q),
            Some((
                " WHERE scope = $1 AND failure_status = $2 AND resource_type = $3 AND is_open = 1".into(),
                vec!["prod".into(), "createFail".into(), "replications".into()]
            ))
        );
        assert_eq!(
            counts_where(&JournalQuery::default()),
            Some((String::new(), vec![]))
        );
        for q in [
            JournalQuery {
                resource_name: Some("web".into()),
                ..JournalQuery::default()
            },
            JournalQuery {
                server_group_id: Some("g1".into()),
                ..JournalQuery::default()
            },
        ] {
            assert_eq!(counts_where(&q), None);
        }
    }
}
