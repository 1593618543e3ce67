//! The `alert_outbox` table: what each alert channel still has to say.
//!
//! Rows are written by [`enqueue`] inside the journal's round transaction
//! (`Journal::record_round`), from the failures that round found first
//! (and, for channels that announce it, those it found gone): "first seen"
//! is decided once by the journal's insert, and the outbox's unique key
//! (channel, scope, job id, event) keeps a row from being queued twice, so
//! each failure is announced once per channel across restarts and
//! instances.
//!
//! The sender claims due rows for a while ([`Outbox::claim`], a lease: a
//! sender that dies leaves them to the next after it), then marks them
//! sent or due again later. A crash between a channel's answer and the
//! mark sends that message again: a duplicate is preferred to a miss.

use super::journal_rows::{tuples, JournalRow};
use super::{Database, DbError};
use crate::alerts::filter::{AlertFilter, FailureFacts};
use sqlx::Row;
use std::collections::HashSet;
use std::sync::Arc;

/// A channel's filter as the round transaction applies it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutboxRule {
    pub channel: String,
    pub filter: AlertFilter,
    /// Whether failures found gone are queued too.
    pub send_cleared: bool,
}

pub const EVENT_NEW: &str = "new";
pub const EVENT_CLEARED: &str = "cleared";
pub const EVENT_REMINDER: &str = "reminder";

/// Rows per insert: 6 values a row, far below the bind limits.
const CHUNK: usize = 300;
/// Ids per `IN (…)` list.
const ID_CHUNK: usize = 400;

/// The error code inside a journal row's `job_json`.
fn error_code(job_json: &str) -> Option<String> {
    let job: serde_json::Value = serde_json::from_str(job_json).ok()?;
    job.get("error_code")?.as_str().map(str::to_owned)
}

/// Queues the round's first-seen failures (`new`, job ids of `rows`) and
/// the failures it found gone for every channel whose filter matches;
/// runs in the round's transaction.
pub(crate) async fn enqueue(
    tx: &mut sqlx::Transaction<'_, sqlx::Any>,
    rules: &[OutboxRule],
    scope: &str,
    rows: &[JournalRow],
    new: &[String],
    gone: &[String],
    now_ms: i64,
) -> Result<(), sqlx::Error> {
    if rules.is_empty() || (new.is_empty() && gone.is_empty()) {
        return Ok(());
    }
    let mut queued: Vec<(String, String, &'static str)> = Vec::new();
    let new_ids: HashSet<&str> = new.iter().map(String::as_str).collect();
    for row in rows.iter().filter(|r| new_ids.contains(r.job_id.as_str())) {
        let code = error_code(&row.job_json);
        let facts = FailureFacts {
            scope,
            failure_status: &row.failure_status,
            error_code: code.as_deref(),
            resource_name: &row.resource_name,
        };
        for rule in rules.iter().filter(|r| r.filter.matches(&facts)) {
            queued.push((rule.channel.clone(), row.job_id.clone(), EVENT_NEW));
        }
    }
    if rules.iter().any(|r| r.send_cleared) {
        for chunk in gone.chunks(ID_CHUNK) {
            let sql = format!(
                "SELECT job_id, failure_status, resource_name, job_json FROM failure_journal \
                 WHERE scope = $1 AND job_id IN ({})",
                tuples(chunk.len(), 1, 2, |n| n.to_owned())
            );
            let mut query = sqlx::query(&sql).persistent(false).bind(scope.to_owned());
            for id in chunk {
                query = query.bind(id.clone());
            }
            for r in query.fetch_all(&mut **tx).await? {
                let job_id: String = r.try_get("job_id")?;
                let status: String = r.try_get("failure_status")?;
                let name: String = r.try_get("resource_name")?;
                let code = error_code(&r.try_get::<String, _>("job_json")?);
                let facts = FailureFacts {
                    scope,
                    failure_status: &status,
                    error_code: code.as_deref(),
                    resource_name: &name,
                };
                for rule in rules
                    .iter()
                    .filter(|r| r.send_cleared && r.filter.matches(&facts))
                {
                    queued.push((rule.channel.clone(), job_id.clone(), EVENT_CLEARED));
                }
            }
        }
    }
    for chunk in queued.chunks(CHUNK) {
        let sql = format!(
            "INSERT INTO alert_outbox (channel, scope, job_id, event, created_ms, due_ms) VALUES {} \
             ON CONFLICT (channel, scope, job_id, event) DO NOTHING",
            tuples(chunk.len(), 4, 3, |p| format!("({p}, $1, $2)"))
        );
        let mut query = sqlx::query(&sql).persistent(false).bind(now_ms).bind(now_ms);
        for (channel, job_id, event) in chunk {
            query = query
                .bind(channel.clone())
                .bind(scope.to_owned())
                .bind(job_id.clone())
                .bind(*event);
        }
        query.execute(&mut **tx).await?;
    }
    Ok(())
}

/// A claimed row.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pending {
    pub id: i64,
    pub scope: String,
    pub job_id: String,
    pub event: String,
    pub created_ms: i64,
    pub attempts: i64,
}

/// The sender's side of the outbox.
#[derive(Clone)]
pub struct Outbox {
    db: Arc<Database>,
}

/// Whether a row is free to claim at `$now`.
const FREE: &str = "sent_ms IS NULL AND (claimed_until_ms IS NULL OR claimed_until_ms <= $1)";

impl Outbox {
    pub fn new(db: Arc<Database>) -> Outbox {
        Outbox { db }
    }

    fn pool(&self) -> Result<&sqlx::AnyPool, DbError> {
        self.db.pool()
    }

    /// When the channel's earliest free row is ready: due, and its batching
    /// window (`batch_ms` after it was queued) over. `None`: nothing waits.
    pub async fn next_ready(
        &self,
        channel: &str,
        batch_ms: i64,
        now_ms: i64,
    ) -> Result<Option<i64>, DbError> {
        let sql = format!(
            "SELECT MIN(CASE WHEN due_ms > created_ms + $2 THEN due_ms ELSE created_ms + $2 END) AS ready \
             FROM alert_outbox WHERE channel = $3 AND {FREE}"
        );
        let row = sqlx::query(&sql)
            .bind(now_ms)
            .bind(batch_ms)
            .bind(channel.to_owned())
            .fetch_one(self.pool()?)
            .await
            .map_err(|e| self.db.error(e))?;
        row.try_get::<Option<i64>, _>("ready")
            .map_err(|e| self.db.error(e))
    }

    /// Claims up to `limit` free rows of `channel` due by `now_ms` until
    /// `until_ms`; a row claimed by another sender is not returned.
    pub async fn claim(
        &self,
        channel: &str,
        now_ms: i64,
        until_ms: i64,
        limit: i64,
    ) -> Result<Vec<Pending>, DbError> {
        // The outer condition is checked again on rows another sender
        // claimed meanwhile (PostgreSQL re-reads a row it waited for).
        let sql = format!(
            "UPDATE alert_outbox SET claimed_until_ms = $2 WHERE id IN \
             (SELECT id FROM alert_outbox WHERE channel = $3 AND due_ms <= $1 AND {FREE} ORDER BY id LIMIT $4) \
             AND {FREE} RETURNING id, scope, job_id, event, created_ms, attempts"
        );
        let rows = sqlx::query(&sql)
            .bind(now_ms)
            .bind(until_ms)
            .bind(channel.to_owned())
            .bind(limit)
            .fetch_all(self.pool()?)
            .await
            .map_err(|e| self.db.error(e))?;
        let mut out = rows
            .iter()
            .map(|r| {
                Ok(Pending {
                    id: r.try_get("id")?,
                    scope: r.try_get("scope")?,
                    job_id: r.try_get("job_id")?,
                    event: r.try_get("event")?,
                    created_ms: r.try_get("created_ms")?,
                    attempts: r.try_get("attempts")?,
                })
            })
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(|e| self.db.error(e))?;
        out.sort_by_key(|p| p.id);
        Ok(out)
    }

    /// The rows went out.
    pub async fn mark_sent(&self, ids: &[i64], now_ms: i64) -> Result<(), DbError> {
        self.update_ids(
            "UPDATE alert_outbox SET sent_ms = $1, claimed_until_ms = NULL WHERE id IN",
            ids,
            now_ms,
        )
        .await
    }

    /// The rows are due again at `due_ms`, one attempt more.
    pub async fn retry_at(&self, ids: &[i64], due_ms: i64) -> Result<(), DbError> {
        self.update_ids(
            "UPDATE alert_outbox SET due_ms = $1, claimed_until_ms = NULL, attempts = attempts + 1 WHERE id IN",
            ids,
            due_ms,
        )
        .await
    }

    /// The rows are free again without an attempt counted (not sent for a
    /// reason of this side: over the rate, a channel misconfigured).
    pub async fn release(&self, ids: &[i64], due_ms: i64) -> Result<(), DbError> {
        self.update_ids(
            "UPDATE alert_outbox SET due_ms = $1, claimed_until_ms = NULL WHERE id IN",
            ids,
            due_ms,
        )
        .await
    }

    async fn update_ids(&self, head: &str, ids: &[i64], value: i64) -> Result<(), DbError> {
        for chunk in ids.chunks(ID_CHUNK) {
            let sql = format!("{head} ({})", tuples(chunk.len(), 1, 2, |n| n.to_owned()));
            let mut query = sqlx::query(&sql).persistent(false).bind(value);
            for id in chunk {
                query = query.bind(*id);
            }
            query.execute(self.pool()?).await.map_err(|e| self.db.error(e))?;
        }
        Ok(())
    }

    /// Removes outbox rows queued before `before_ms` whose failure the
    /// journal no longer holds (pruned by its retention: nothing is left
    /// to say, and a row of a failure still held keeps it from being
    /// announced again), and delivery log lines older than that. Answers
    /// how many rows went.
    pub async fn prune(&self, before_ms: i64) -> Result<u64, DbError> {
        let outbox = sqlx::query(
            "DELETE FROM alert_outbox WHERE created_ms < $1 AND NOT EXISTS \
             (SELECT 1 FROM failure_journal j WHERE j.scope = alert_outbox.scope AND j.job_id = alert_outbox.job_id)",
        )
        .bind(before_ms);
        let log = sqlx::query("DELETE FROM alert_deliveries WHERE at_ms < $1").bind(before_ms);
        let a = self.db.execute(outbox).await?.rows_affected();
        let b = self.db.execute(log).await?.rows_affected();
        Ok(a + b)
    }

    /// Queues one reminder for each failure announced to `channel` at
    /// least `after_ms` ago that is still open and not acknowledged (the
    /// outbox's unique key makes it once per failure, across instances);
    /// returns how many were queued.
    pub async fn queue_reminders(
        &self,
        channel: &str,
        after_ms: i64,
        now_ms: i64,
        limit: i64,
    ) -> Result<u64, DbError> {
        let done = sqlx::query(
            "INSERT INTO alert_outbox (channel, scope, job_id, event, created_ms, due_ms) \
             SELECT o.channel, o.scope, o.job_id, 'reminder', $1, $1 FROM alert_outbox o \
             JOIN failure_journal j ON j.scope = o.scope AND j.job_id = o.job_id \
             LEFT JOIN failure_acks ak ON ak.scope = o.scope AND ak.job_id = o.job_id \
             WHERE o.channel = $2 AND o.event = 'new' AND o.sent_ms IS NOT NULL AND o.sent_ms <= $3 \
             AND j.gone_since_ms IS NULL AND ak.job_id IS NULL \
             AND NOT EXISTS (SELECT 1 FROM alert_outbox r WHERE r.channel = o.channel \
             AND r.scope = o.scope AND r.job_id = o.job_id AND r.event = 'reminder') \
             ORDER BY o.id LIMIT $4 \
             ON CONFLICT (channel, scope, job_id, event) DO NOTHING",
        )
        .bind(now_ms)
        .bind(channel.to_owned())
        .bind(now_ms.saturating_sub(after_ms))
        .bind(limit)
        .execute(self.pool()?)
        .await
        .map_err(|e| self.db.error(e))?;
        Ok(done.rows_affected())
    }

    /// Failures announced to `channel` as new and still open: what
    /// Alertmanager is told again so that it does not resolve them.
    pub async fn open_announced(&self, channel: &str, limit: i64) -> Result<Vec<(String, String)>, DbError> {
        let rows = sqlx::query(
            "SELECT o.scope, o.job_id FROM alert_outbox o JOIN failure_journal j \
             ON j.scope = o.scope AND j.job_id = o.job_id \
             WHERE o.channel = $1 AND o.event = 'new' AND o.sent_ms IS NOT NULL AND j.gone_since_ms IS NULL \
             ORDER BY o.id LIMIT $2",
        )
        .bind(channel.to_owned())
        .bind(limit)
        .fetch_all(self.pool()?)
        .await
        .map_err(|e| self.db.error(e))?;
        rows.iter()
            .map(|r| Ok((r.try_get("scope")?, r.try_get("job_id")?)))
            .collect::<Result<Vec<_>, sqlx::Error>>()
            .map_err(|e| self.db.error(e))
    }
}

/// A failure of the journal, as a message shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JournalFailure {
    pub job_id: String,
    pub region: String,
    pub server_group_id: Option<String>,
    pub job: sdrs_models::FailureJob,
    pub gone_since_ms: Option<i64>,
}

impl Outbox {
    /// The journal's rows of `job_ids` in `scope` (a pruned one is absent).
    pub async fn failures(&self, scope: &str, job_ids: &[String]) -> Result<Vec<JournalFailure>, DbError> {
        let mut out = Vec::new();
        for chunk in job_ids.chunks(ID_CHUNK) {
            let sql = format!(
                "SELECT job_id, region, server_group_id, job_json, gone_since_ms FROM failure_journal \
                 WHERE scope = $1 AND job_id IN ({})",
                tuples(chunk.len(), 1, 2, |n| n.to_owned())
            );
            let mut query = sqlx::query(&sql).persistent(false).bind(scope.to_owned());
            for id in chunk {
                query = query.bind(id.clone());
            }
            let rows = query
                .fetch_all(self.pool()?)
                .await
                .map_err(|e| self.db.error(e))?;
            for r in rows {
                let read = || -> Result<JournalFailure, sqlx::Error> {
                    let json: String = r.try_get("job_json")?;
                    Ok(JournalFailure {
                        job_id: r.try_get("job_id")?,
                        region: r.try_get("region")?,
                        server_group_id: r.try_get("server_group_id")?,
                        // The journal wrote it from a `FailureJob`.
                        job: serde_json::from_str(&json).unwrap_or_default(),
                        gone_since_ms: r.try_get("gone_since_ms")?,
                    })
                };
                out.push(read().map_err(|e| self.db.error(e))?);
            }
        }
        Ok(out)
    }
}
