//! Figures of the failure journal for monitors: open failures by scope and
//! failure status (from the kept counts), and each scope's last recorded
//! round (its last successful poll).

use super::journal::Journal;
use super::DbError;
use sqlx::Row;

/// Open failures of one scope in one failure status.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OpenCount {
    pub scope: String,
    pub failure_status: String,
    pub open: u64,
}

impl Journal {
    /// Open failures by scope and failure status; pairs without any are
    /// left out.
    pub async fn open_by_status(&self) -> Result<Vec<OpenCount>, DbError> {
        let db = self.db();
        let rows = sqlx::query(
            "SELECT scope, failure_status, CAST(SUM(n) AS BIGINT) AS n FROM failure_journal_counts \
             WHERE is_open = 1 GROUP BY scope, failure_status ORDER BY scope, failure_status",
        )
        .fetch_all(db.pool()?)
        .await
        .map_err(|e| db.error(e))?;
        let mut counts = Vec::with_capacity(rows.len());
        for r in &rows {
            let n: i64 = r.try_get("n").map_err(|e| db.error(e))?;
            if n > 0 {
                counts.push(OpenCount {
                    scope: r.try_get("scope").map_err(|e| db.error(e))?,
                    failure_status: r.try_get("failure_status").map_err(|e| db.error(e))?,
                    open: u64::try_from(n).unwrap_or(0),
                });
            }
        }
        Ok(counts)
    }

    /// Each scope's last recorded round, in Unix milliseconds.
    pub async fn last_rounds(&self) -> Result<Vec<(String, i64)>, DbError> {
        let db = self.db();
        let rows = sqlx::query("SELECT scope, last_round_ms FROM failure_journal_scopes ORDER BY scope")
            .fetch_all(db.pool()?)
            .await
            .map_err(|e| db.error(e))?;
        rows.iter()
            .map(|r| {
                Ok((
                    r.try_get("scope").map_err(|e| db.error(e))?,
                    r.try_get("last_round_ms").map_err(|e| db.error(e))?,
                ))
            })
            .collect()
    }
}
