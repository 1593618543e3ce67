//! `failure_acks`: a user acknowledges journal entries with a comment; the
//! latest acknowledgement of an entry is kept and shown with it.

use super::{Database, DbError};
use sdrs_models::EntryKey;
use std::sync::Arc;

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

#[derive(Clone)]
pub struct AckStore {
    db: Arc<Database>,
}

impl AckStore {
    pub fn new(db: Arc<Database>) -> AckStore {
        AckStore { db }
    }

    /// Acknowledges the entries of `keys` that are in the journal, in one
    /// transaction; answers how many were.
    pub async fn acknowledge(
        &self,
        keys: &[EntryKey],
        user: &str,
        comment: &str,
        now_ms: i64,
    ) -> Result<u64, DbError> {
        self.per_key(
            keys,
            "INSERT INTO failure_acks (scope, job_id, user_name, comment, acked_at_ms) \
             SELECT scope, job_id, $3, $4, $5 FROM failure_journal WHERE scope = $1 AND job_id = $2 \
             ON CONFLICT (scope, job_id) DO UPDATE SET user_name = excluded.user_name, \
             comment = excluded.comment, acked_at_ms = excluded.acked_at_ms",
            |q| q.bind(user.to_owned()).bind(comment.to_owned()).bind(now_ms),
        )
        .await
    }

    /// Withdraws the acknowledgements of `keys`, in one transaction;
    /// answers how many there were.
    pub async fn withdraw(&self, keys: &[EntryKey]) -> Result<u64, DbError> {
        self.per_key(
            keys,
            "DELETE FROM failure_acks WHERE scope = $1 AND job_id = $2",
            |q| q,
        )
        .await
    }

    /// Runs `sql` once per key (`$1` its scope, `$2` its job id, then what
    /// `bind` adds) in one transaction; answers the rows it changed.
    async fn per_key<'q>(
        &self,
        keys: &[EntryKey],
        sql: &'q str,
        bind: impl Fn(AnyQuery<'q>) -> AnyQuery<'q>,
    ) -> Result<u64, DbError> {
        let pool = self.db.pool()?;
        let mut tx = pool.begin().await.map_err(|e| self.db.error(e))?;
        let mut changed = 0;
        for key in keys {
            let query = sqlx::query(sql).bind(key.scope.clone()).bind(key.job_id.clone());
            let done = bind(query)
                .execute(&mut *tx)
                .await
                .map_err(|e| self.db.error(e))?;
            changed += done.rows_affected();
        }
        tx.commit().await.map_err(|e| self.db.error(e))?;
        Ok(changed)
    }

    /// Removes the acknowledgements of entries the journal no longer holds
    /// (pruned); answers how many went.
    pub async fn prune_orphans(&self) -> Result<u64, DbError> {
        self.db
            .execute(sqlx::query(
                "DELETE FROM failure_acks WHERE NOT EXISTS (SELECT 1 FROM failure_journal j \
                 WHERE j.scope = failure_acks.scope AND j.job_id = failure_acks.job_id)",
            ))
            .await
            .map(|r| r.rows_affected())
    }
}

impl AckStore {
    /// Of `job_ids` in `scope`, those acknowledged, with who did it.
    pub async fn acked(&self, scope: &str, job_ids: &[String]) -> Result<Vec<(String, String)>, DbError> {
        let mut out = Vec::new();
        for chunk in job_ids.chunks(400) {
            let sql = format!(
                "SELECT job_id, user_name FROM failure_acks WHERE scope = $1 AND job_id IN ({})",
                super::journal_rows::tuples(chunk.len(), 1, 2, |n| n.to_owned())
            );
            let mut query = sqlx::query(&sql).persistent(false).bind(scope.to_owned());
            for id in chunk {
                query = query.bind(id.clone());
            }
            let rows = query
                .fetch_all(self.db.pool()?)
                .await
                .map_err(|e| self.db.error(e))?;
            for r in rows {
                use sqlx::Row;
                let job_id: String = r.try_get("job_id").map_err(|e| self.db.error(e))?;
                let user: String = r.try_get("user_name").map_err(|e| self.db.error(e))?;
                out.push((job_id, user));
            }
        }
        Ok(out)
    }
}
