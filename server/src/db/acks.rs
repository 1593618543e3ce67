//! `failure_acks`: a user acknowledges journal entries with a comment; the
//! latest acknowledgement of an entry is kept and shown with it. Each
//! acknowledgement and withdrawal is an audit record too, written in the
//! same transaction.

use super::{Database, DbError};
use sdrs_models::EntryKey;
use std::sync::Arc;

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, sqlx::any::AnyArguments<'q>>;

/// Who acknowledges or withdraws, as the audit records name them.
pub struct AckActor {
    pub user: String,
    /// The sign-in method (`local`, `oidc`, ... or `anonymous`).
    pub method: String,
}

/// One statement of [`AckStore::per_key`]: `$1` and `$2` are the key's,
/// `bind` adds the rest.
struct Statement<'a> {
    sql: &'static str,
    bind: &'a (dyn for<'q> Fn(AnyQuery<'q>) -> AnyQuery<'q> + Sync),
}

/// The audit record of an acknowledgement, for an entry in the journal
/// (`$3` user, `$4` method, `$5` time, `$6` comment).
const AUDIT_ACKNOWLEDGE: &str = "INSERT INTO audit_records (user_name, method, action, project_id, \
    region, scope, failure_job_id, server_group_id, started_at_ms, completed_at_ms, outcome, \
    removed_count, removed_json, comment) \
    SELECT $3, $4, 'acknowledge', project_id, region, scope, job_id, server_group_id, $5, $5, \
    'succeeded', 0, '[]', $6 FROM failure_journal WHERE scope = $1 AND job_id = $2";

/// The audit record of a withdrawal, for an acknowledged entry, with the
/// comment withdrawn (`$3` user, `$4` method, `$5` time).
const AUDIT_WITHDRAW: &str = "INSERT INTO audit_records (user_name, method, action, project_id, \
    region, scope, failure_job_id, server_group_id, started_at_ms, completed_at_ms, outcome, \
    removed_count, removed_json, comment) \
    SELECT $3, $4, 'withdraw_ack', j.project_id, j.region, j.scope, j.job_id, j.server_group_id, \
    $5, $5, 'succeeded', 0, '[]', a.comment FROM failure_acks a JOIN failure_journal j \
    ON j.scope = a.scope AND j.job_id = a.job_id WHERE a.scope = $1 AND a.job_id = $2";

#[derive(Clone)]
pub struct AckStore {
    db: Arc<Database>,
}

impl AckStore {
    pub fn new(db: Arc<Database>) -> AckStore {
        AckStore { db }
    }

    /// Acknowledges the entries of `keys` that are in the journal, in one
    /// transaction with an audit record for each; answers how many were.
    pub async fn acknowledge(
        &self,
        keys: &[EntryKey],
        by: &AckActor,
        comment: &str,
        now_ms: i64,
    ) -> Result<u64, DbError> {
        let audit = Statement {
            sql: AUDIT_ACKNOWLEDGE,
            bind: &|q| {
                q.bind(by.user.clone())
                    .bind(by.method.clone())
                    .bind(now_ms)
                    .bind(comment.to_owned())
            },
        };
        let change = Statement {
            sql: "INSERT INTO failure_acks (scope, job_id, user_name, comment, acked_at_ms) \
             SELECT scope, job_id, $3, $4, $5 FROM failure_journal WHERE scope = $1 AND job_id = $2 \
             ON CONFLICT (scope, job_id) DO UPDATE SET user_name = excluded.user_name, \
             comment = excluded.comment, acked_at_ms = excluded.acked_at_ms",
            bind: &|q| q.bind(by.user.clone()).bind(comment.to_owned()).bind(now_ms),
        };
        self.per_key(keys, audit, change).await
    }

    /// Withdraws the acknowledgements of `keys`, in one transaction with an
    /// audit record for each (carrying the comment withdrawn); answers how
    /// many there were.
    pub async fn withdraw(&self, keys: &[EntryKey], by: &AckActor, now_ms: i64) -> Result<u64, DbError> {
        let audit = Statement {
            sql: AUDIT_WITHDRAW,
            bind: &|q| q.bind(by.user.clone()).bind(by.method.clone()).bind(now_ms),
        };
        let change = Statement {
            sql: "DELETE FROM failure_acks WHERE scope = $1 AND job_id = $2",
            bind: &|q| q,
        };
        self.per_key(keys, audit, change).await
    }

    /// Runs `audit`, then `change`, once per key (`$1` its scope, `$2` its
    /// job id, then what each binds) in one transaction; answers the rows
    /// `change` changed.
    async fn per_key(
        &self,
        keys: &[EntryKey],
        audit: Statement<'_>,
        change: Statement<'_>,
    ) -> Result<u64, DbError> {
        let pool = self.db.pool()?;
        let mut tx = pool.begin().await.map_err(|e| self.db.error(e))?;
        let mut changed = 0;
        for key in keys {
            for (statement, counted) in [(&audit, false), (&change, true)] {
                let query = sqlx::query(statement.sql)
                    .bind(key.scope.clone())
                    .bind(key.job_id.clone());
                let done = (statement.bind)(query)
                    .execute(&mut *tx)
                    .await
                    .map_err(|e| self.db.error(e))?;
                if counted {
                    changed += done.rows_affected();
                }
            }
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
