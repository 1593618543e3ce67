//! The `failure_journal` table: every failure the watcher listed, per scope,
//! kept after it is gone upstream. A polling round is recorded in one
//! transaction: new failures are inserted (`ON CONFLICT DO NOTHING …
//! RETURNING` decides "first seen" exactly once, even with two server
//! instances recording the same round), open ones that changed (compared
//! with what the scope's open rows hold, read first) and gone ones listed
//! again are rewritten, open ones the round no longer lists get "gone
//! since", and the scope's round time is kept. An unchanged open row is
//! not written at all: its last sighting is its scope's last round, so a
//! round costs writes for what changed only. A delete through the console
//! links its audit record. Reading is in [`super::journal_query`], the
//! rows and statements in [`super::journal_rows`], the kept totals in
//! [`super::journal_counts`] and [`super::journal_names`] (every write
//! collects how its rows moved between names, states, statuses and types,
//! and applies that before it commits).

use super::alert_outbox::{self, OutboxRule};
use super::journal_counts::{recount_all, recount_scope};
use super::journal_names::{drop_empty, NameDeltas, NameKey, KEY_COLUMNS};
use super::journal_rows::{
    bind_row, insert_sql, rows_of, tuples, AnyQuery, JournalRow, StoredRow, OPEN_ROWS_SQL, REFRESH_SQL,
};
use super::{Database, DbError};
use sdrs_models::FailureJob;
use sqlx::Row;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::time::Duration;

pub use super::journal_rows::resource_type_key;

/// The scope a round was polled in.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScopeRef {
    pub name: String,
    pub region: String,
    pub project_id: String,
}

/// A failure listed by a round: group-level (`server_group_id: None`) or
/// under a protection group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeenFailure {
    pub server_group_id: Option<String>,
    pub job: FailureJob,
}

/// What a round changed, decided in its transaction.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoundResult {
    /// Job ids seen for the first time.
    pub new: Vec<String>,
    /// Job ids of open failures this round no longer lists.
    pub gone: Vec<String>,
    /// Failures open in the scope after the round.
    pub open: u64,
}

/// Rows per `INSERT` statement: 10 values a row stays far below the bind
/// limits of SQLite (32,766) and PostgreSQL (65,535).
const CHUNK: usize = 500;

/// Ids per `IN (…)` list (failures gone, a console delete).
const ID_CHUNK: usize = 400;

// Statements whose text depends on how many rows or ids they carry are not
// kept prepared (`persistent(false)`): each length would be one more
// cached statement of thousands of parameters per connection, which grew
// the server's memory round after round.

/// Attempts of a round that lost a lock race (a deadlock between two
/// instances on PostgreSQL, a busy SQLite file).
const ATTEMPTS: u32 = 4;

/// The failure journal in the server's database (cheap to create and to
/// clone: it holds the shared database handle only).
#[derive(Clone)]
pub struct Journal {
    db: Arc<Database>,
    /// The alert channels' filters: a round queues what they match in the
    /// alert outbox, in its own transaction.
    alerts: Arc<[OutboxRule]>,
}

/// A lock race worth running the round again for.
fn is_contention(e: &sqlx::Error) -> bool {
    let Some(db) = e.as_database_error() else {
        return false;
    };
    // PostgreSQL deadlock / serialization failure; SQLite busy / locked.
    matches!(
        db.code().as_deref(),
        Some("40P01" | "40001" | "5" | "6" | "517" | "261")
    )
}

/// Binds the project id, then the ids.
fn bind_ids<'q>(mut query: AnyQuery<'q>, project_id: &str, ids: &[String]) -> AnyQuery<'q> {
    query = query.bind(project_id.to_owned());
    for id in ids {
        query = query.bind(id.clone());
    }
    query
}

fn job_ids(rows: &[sqlx::any::AnyRow]) -> Result<Vec<String>, sqlx::Error> {
    rows.iter().map(|r| r.try_get::<String, _>("job_id")).collect()
}

impl Journal {
    pub fn new(db: Arc<Database>) -> Journal {
        Journal {
            db,
            alerts: Arc::new([]),
        }
    }

    /// A journal whose rounds queue alerts for `rules`.
    pub fn with_alerts(self, rules: Vec<OutboxRule>) -> Journal {
        Journal {
            alerts: rules.into(),
            ..self
        }
    }

    pub(crate) fn db(&self) -> &Database {
        &self.db
    }

    /// Records one polling round of `scope` in one transaction.
    pub async fn record_round(
        &self,
        scope: &ScopeRef,
        seen: &[SeenFailure],
        now_ms: i64,
    ) -> Result<RoundResult, DbError> {
        let rows = rows_of(seen);
        let mut attempt = 0;
        loop {
            attempt += 1;
            match self.try_round(scope, &rows, now_ms).await {
                Err(e) if attempt < ATTEMPTS && is_contention(&e) => {
                    tokio::time::sleep(Duration::from_millis(
                        20 * u64::from(attempt) + fastrand::u64(..20),
                    ))
                    .await;
                }
                other => return other.map_err(|e| self.db.error(e)),
            }
        }
    }

    async fn try_round(
        &self,
        scope: &ScopeRef,
        rows: &[JournalRow],
        now_ms: i64,
    ) -> Result<RoundResult, sqlx::Error> {
        let pool = self.db.pool().map_err(|e| sqlx::Error::Protocol(e.0))?;
        let mut tx = pool.begin().await?;
        // The first statement writes, so SQLite takes its write lock here
        // (waiting for another writer) rather than failing to upgrade a
        // read later; it reads the time of the scope's previous round.
        let previous: Option<i64> = sqlx::query(
            "UPDATE failure_journal_scopes SET last_round_ms = last_round_ms WHERE scope = $1 \
             RETURNING last_round_ms",
        )
        .bind(scope.name.clone())
        .fetch_optional(&mut *tx)
        .await?
        .map(|row| row.try_get("last_round_ms"))
        .transpose()?;
        let mut new = Vec::new();
        let mut refreshed = 0;
        let mut names = NameDeltas::default();
        // What the scope's open rows hold now.
        let mut open_now: HashMap<String, StoredRow> = HashMap::new();
        for r in sqlx::query(OPEN_ROWS_SQL)
            .bind(scope.name.clone())
            .fetch_all(&mut *tx)
            .await?
        {
            open_now.insert(
                r.try_get("job_id")?,
                StoredRow {
                    job_json: r.try_get("job_json")?,
                    server_group_id: r.try_get("server_group_id")?,
                    region: r.try_get("region")?,
                    project_id: r.try_get("project_id")?,
                },
            );
        }
        for chunk in rows.chunks(CHUNK) {
            // The others are inserted; one already there (gone and listed
            // again, or inserted first by another instance) comes back as
            // not inserted and is rewritten.
            let unknown: Vec<&JournalRow> = chunk
                .iter()
                .filter(|r| !open_now.contains_key(&r.job_id))
                .collect();
            let mut inserted = HashSet::new();
            if !unknown.is_empty() {
                let sql = insert_sql(unknown.len());
                let mut query = sqlx::query(&sql)
                    .persistent(false)
                    .bind(scope.name.clone())
                    .bind(scope.region.clone())
                    .bind(scope.project_id.clone())
                    .bind(now_ms);
                for row in &unknown {
                    query = bind_row(query, row);
                }
                inserted = job_ids(&query.fetch_all(&mut *tx).await?)?.into_iter().collect();
            }
            let rewrite = chunk.iter().filter(|r| match open_now.get(&r.job_id) {
                Some(now) => now.changed_by(r, &scope.region, &scope.project_id),
                None => !inserted.contains(&r.job_id),
            });
            for row in rewrite {
                // What the row held, locked until the transaction ends so
                // that its count moves from exactly there.
                let sql = format!(
                    "SELECT {KEY_COLUMNS}, gone_since_ms FROM failure_journal \
                     WHERE scope = $1 AND job_id = $2{}",
                    self.db.backend().lock_rows()
                );
                let before = sqlx::query(&sql)
                    .bind(scope.name.clone())
                    .bind(row.job_id.clone())
                    .fetch_optional(&mut *tx)
                    .await?;
                let query = sqlx::query(REFRESH_SQL)
                    .bind(scope.name.clone())
                    .bind(scope.region.clone())
                    .bind(scope.project_id.clone())
                    .bind(now_ms);
                let written = bind_row(query, row).execute(&mut *tx).await?.rows_affected();
                if let (Some(before), 1) = (before, written) {
                    let was_open = before.try_get::<Option<i64>, _>("gone_since_ms")?.is_none();
                    names.add(NameKey::of_row(&before, was_open)?, -1);
                    names.add(row.name_key(), 1);
                }
                refreshed += written;
            }
            for row in chunk.iter().filter(|r| inserted.contains(&r.job_id)) {
                new.push(row.job_id.clone());
                names.add(row.name_key(), 1);
            }
        }
        // Open rows this round did not list are gone; they were last seen
        // by the previous round.
        let listed: HashSet<&str> = rows.iter().map(|r| r.job_id.as_str()).collect();
        let mut gone: Vec<String> = open_now
            .into_keys()
            .filter(|id| !listed.contains(id.as_str()))
            .collect();
        gone.sort();
        for chunk in gone.chunks(ID_CHUNK) {
            let list = tuples(chunk.len(), 1, 4, |n| n.to_owned());
            let sql = format!(
                "UPDATE failure_journal SET gone_since_ms = $2, last_seen_ms = COALESCE($3, last_seen_ms) \
                 WHERE scope = $1 AND gone_since_ms IS NULL AND job_id IN ({list}) RETURNING {KEY_COLUMNS}"
            );
            let mut query = sqlx::query(&sql)
                .persistent(false)
                .bind(scope.name.clone())
                .bind(now_ms)
                .bind(previous);
            for id in chunk {
                query = query.bind(id.clone());
            }
            for row in query.fetch_all(&mut *tx).await? {
                names.moved(NameKey::of_row(&row, false)?);
            }
        }
        sqlx::query(
            "INSERT INTO failure_journal_scopes (scope, last_round_ms) VALUES ($1, $2) \
             ON CONFLICT (scope) DO UPDATE SET last_round_ms = excluded.last_round_ms",
        )
        .bind(scope.name.clone())
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        if !new.is_empty() || !gone.is_empty() || refreshed > 0 {
            recount_scope(&mut tx, &scope.name).await?;
        }
        names.apply(&mut tx).await?;
        alert_outbox::enqueue(&mut tx, &self.alerts, &scope.name, rows, &new, &gone, now_ms).await?;
        tx.commit().await?;
        Ok(RoundResult {
            new,
            // Every listed row is open now, and no other.
            open: rows.len() as u64,
            gone,
        })
    }

    /// A delete through the console succeeded: the failures of `project_id`
    /// whose job id or resource id is in `ids` (the delete rule matches
    /// either) are gone since `now_ms`, cleared by audit record `audit_id`.
    /// Rows a poll already found gone after that delete started are linked
    /// too. Returns how many rows were linked.
    pub async fn cleared_by_console(
        &self,
        project_id: &str,
        ids: &[String],
        audit_id: i64,
        now_ms: i64,
    ) -> Result<u64, DbError> {
        if ids.is_empty() {
            return Ok(0);
        }
        self.linked(project_id, ids, audit_id, now_ms)
            .await
            .map_err(|e| self.db.error(e))
    }

    async fn linked(
        &self,
        project_id: &str,
        ids: &[String],
        audit_id: i64,
        now_ms: i64,
    ) -> Result<u64, sqlx::Error> {
        let pool = self.db.pool().map_err(|e| sqlx::Error::Protocol(e.0))?;
        let mut tx = pool.begin().await?;
        let mut scopes = Vec::new();
        let mut names = NameDeltas::default();
        for chunk in ids.chunks(ID_CHUNK) {
            // Open rows go (their counts move to gone); then the rows a
            // poll found gone since the delete started are linked (those
            // just linked are left alone).
            let list = tuples(chunk.len(), 1, 4, |n| n.to_owned());
            let sql = format!(
                "UPDATE failure_journal SET gone_since_ms = $1, audit_id = $2, \
                 last_seen_ms = COALESCE((SELECT s.last_round_ms FROM failure_journal_scopes s \
                 WHERE s.scope = failure_journal.scope), last_seen_ms) \
                 WHERE project_id = $3 AND (job_id IN ({list}) OR resource_id IN ({list})) \
                 AND gone_since_ms IS NULL RETURNING scope, {KEY_COLUMNS}"
            );
            let query = sqlx::query(&sql).persistent(false).bind(now_ms);
            for row in bind_ids(query.bind(audit_id), project_id, chunk)
                .fetch_all(&mut *tx)
                .await?
            {
                scopes.push(row.try_get::<String, _>("scope")?);
                names.moved(NameKey::of_row(&row, false)?);
            }
            let list = tuples(chunk.len(), 1, 3, |n| n.to_owned());
            let sql = format!(
                "UPDATE failure_journal SET audit_id = $1 \
                 WHERE project_id = $2 AND (job_id IN ({list}) OR resource_id IN ({list})) \
                 AND gone_since_ms >= (SELECT started_at_ms FROM audit_records WHERE id = $1) \
                 AND (audit_id IS NULL OR audit_id <> $1) RETURNING scope"
            );
            let query = sqlx::query(&sql).persistent(false).bind(audit_id);
            for row in bind_ids(query, project_id, chunk).fetch_all(&mut *tx).await? {
                scopes.push(row.try_get::<String, _>("scope")?);
            }
        }
        let linked = scopes.len() as u64;
        scopes.sort();
        scopes.dedup();
        for scope in &scopes {
            recount_scope(&mut tx, scope).await?;
        }
        names.apply(&mut tx).await?;
        tx.commit().await?;
        Ok(linked)
    }

    /// Deletes the failures gone before `before_ms`; returns how many.
    pub async fn prune(&self, before_ms: i64) -> Result<u64, DbError> {
        self.pruned(before_ms).await.map_err(|e| self.db.error(e))
    }

    async fn pruned(&self, before_ms: i64) -> Result<u64, sqlx::Error> {
        let pool = self.db.pool().map_err(|e| sqlx::Error::Protocol(e.0))?;
        let mut tx = pool.begin().await?;
        let mut names = NameDeltas::default();
        let deleted = sqlx::query(&format!(
            "DELETE FROM failure_journal WHERE gone_since_ms IS NOT NULL AND gone_since_ms < $1 \
             RETURNING {KEY_COLUMNS}"
        ))
        .bind(before_ms)
        .fetch_all(&mut *tx)
        .await?;
        for row in &deleted {
            names.add(NameKey::of_row(row, false)?, -1);
        }
        if !deleted.is_empty() {
            recount_all(&mut tx).await?;
            names.apply(&mut tx).await?;
            drop_empty(&mut tx).await?;
        }
        tx.commit().await?;
        let deleted = deleted.len() as u64;
        Ok(deleted)
    }
}
