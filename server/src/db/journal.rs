//! The `failure_journal` table: every failure the watcher listed, per scope,
//! kept after it is gone upstream. A polling round is recorded in one
//! transaction: new failures are inserted (`ON CONFLICT DO NOTHING …
//! RETURNING` decides "first seen" exactly once, even with two server
//! instances recording the same round), known ones that changed or had
//! gone are rewritten, open ones the round no longer lists get "gone
//! since", and the scope's round time is kept. An unchanged open row is
//! not written at all: its last sighting is its scope's last round, so a
//! round costs writes for what changed only. A delete through the console
//! links its audit record.
//! Reading is in [`super::journal_query`].

use super::{Database, DbError};
use crate::util::iso_time::parse_iso_ms;
use sdrs_models::{FailureJob, ResourceKind};
use sqlx::any::AnyArguments;
use sqlx::Row;
use std::collections::HashSet;
use std::sync::Arc;
use std::time::Duration;

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

/// Rows per `INSERT`/`UPDATE` statement: 10 values a row stays far below
/// the bind limits of SQLite (32,766) and PostgreSQL (65,535).
const CHUNK: usize = 500;

/// Ids per `IN (…)` list of a console delete.
const ID_CHUNK: usize = 400;

/// Attempts of a round that lost a lock race (a deadlock between two
/// instances on PostgreSQL, a busy SQLite file).
const ATTEMPTS: u32 = 4;

pub struct Journal {
    db: Arc<Database>,
}

/// One failure as the journal's columns hold it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct JournalRow {
    pub server_group_id: Option<String>,
    pub job_id: String,
    pub resource_id: String,
    pub job_json: String,
    pub failure_status: String,
    pub resource_type: String,
    pub resource_name: String,
    pub resource_name_lower: String,
    pub begin_ms: i64,
    pub begin_time: String,
}

/// The column value of a resource type: the documented filter spelling
/// for every spelling of a known kind (`protectedInstance` and
/// `protected_instances` are one kind), the text as received otherwise.
pub fn resource_type_key(raw: &str) -> String {
    match ResourceKind::from_any(raw) {
        Some(kind) => kind.filter_value().to_owned(),
        None => raw.to_owned(),
    }
}

impl JournalRow {
    pub(crate) fn from_seen(seen: &SeenFailure) -> JournalRow {
        let job = &seen.job;
        JournalRow {
            server_group_id: seen.server_group_id.clone().filter(|g| !g.is_empty()),
            job_id: job.job_id.clone(),
            resource_id: job.resource_id.clone(),
            // A `FailureJob` always serialises (strings and open enums).
            job_json: serde_json::to_string(job).unwrap_or_else(|_| "{}".into()),
            failure_status: job.failure_status.as_str().to_owned(),
            resource_type: resource_type_key(job.resource_type.as_str()),
            resource_name: job.resource_name.clone(),
            resource_name_lower: job.resource_name.to_lowercase(),
            // An unreadable begin time sorts last.
            begin_ms: parse_iso_ms(&job.begin_time).unwrap_or(0),
            begin_time: job.begin_time.clone(),
        }
    }
}

/// The rows of a round: one per job id (the first listing wins), sorted by
/// job id so two instances lock rows in the same order; a failure without
/// a job id cannot be keyed and is left out.
pub(crate) fn rows_of(seen: &[SeenFailure]) -> Vec<JournalRow> {
    let mut ids = HashSet::new();
    let mut rows: Vec<JournalRow> = seen
        .iter()
        .filter(|s| !s.job.job_id.is_empty() && ids.insert(s.job.job_id.as_str()))
        .map(JournalRow::from_seen)
        .collect();
    rows.sort_by(|a, b| a.job_id.cmp(&b.job_id));
    rows
}

/// `($a, $b, …), (…)`: `rows` tuples of `width` placeholders numbered from
/// `first`, each tuple wrapped by `shape` (which gets its placeholders).
pub(crate) fn tuples(rows: usize, width: usize, first: usize, shape: impl Fn(&str) -> String) -> String {
    (0..rows)
        .map(|r| {
            let start = first + r * width;
            let list: Vec<String> = (start..start + width).map(|n| format!("${n}")).collect();
            shape(&list.join(", "))
        })
        .collect::<Vec<_>>()
        .join(", ")
}

type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, AnyArguments<'q>>;

fn bind_row<'q>(query: AnyQuery<'q>, row: &JournalRow) -> AnyQuery<'q> {
    query
        .bind(row.server_group_id.clone())
        .bind(row.job_id.clone())
        .bind(row.resource_id.clone())
        .bind(row.job_json.clone())
        .bind(row.failure_status.clone())
        .bind(row.resource_type.clone())
        .bind(row.resource_name.clone())
        .bind(row.resource_name_lower.clone())
        .bind(row.begin_ms)
        .bind(row.begin_time.clone())
}

/// Values a row binds, in [`bind_row`] order.
const ROW_WIDTH: usize = 10;

fn insert_sql(rows: usize) -> String {
    // $1 scope, $2 region, $3 project id, $4 now.
    let values = tuples(rows, ROW_WIDTH, 5, |row| format!("($1, $2, $3, {row}, $4, $4)"));
    format!(
        "INSERT INTO failure_journal (scope, region, project_id, server_group_id, job_id, \
         resource_id, job_json, failure_status, resource_type, resource_name, resource_name_lower, \
         begin_ms, begin_time, first_seen_ms, last_seen_ms) VALUES {values} \
         ON CONFLICT (scope, job_id) DO NOTHING RETURNING job_id"
    )
}

/// Rewrites the known rows whose fields changed or that had gone (the
/// others keep their index entries untouched). `VALUES` columns are named
/// column1… on both engines. The audit link stays while a row reopens: a
/// poll that listed a failure just before a console delete must not turn
/// that delete into "cleared outside".
fn refresh_sql(rows: usize) -> String {
    let values = tuples(rows, ROW_WIDTH, 5, |row| format!("({row})"));
    format!(
        "UPDATE failure_journal SET region = $2, project_id = $3, last_seen_ms = $4, \
         gone_since_ms = NULL, server_group_id = v.column1, resource_id = v.column3, \
         job_json = v.column4, failure_status = v.column5, resource_type = v.column6, \
         resource_name = v.column7, resource_name_lower = v.column8, begin_ms = v.column9, \
         begin_time = v.column10 FROM (VALUES {values}) AS v \
         WHERE failure_journal.scope = $1 AND failure_journal.job_id = v.column2 \
         AND (failure_journal.gone_since_ms IS NOT NULL OR failure_journal.job_json <> v.column4 \
         OR failure_journal.server_group_id IS DISTINCT FROM v.column1 \
         OR failure_journal.region <> $2 OR failure_journal.project_id <> $3)"
    )
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

fn job_ids(rows: &[sqlx::any::AnyRow]) -> Result<Vec<String>, sqlx::Error> {
    rows.iter().map(|r| r.try_get::<String, _>("job_id")).collect()
}

impl Journal {
    pub fn new(db: Arc<Database>) -> Journal {
        Journal { db }
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
        for chunk in rows.chunks(CHUNK) {
            let sql = insert_sql(chunk.len());
            let mut query = sqlx::query(&sql)
                .bind(scope.name.clone())
                .bind(scope.region.clone())
                .bind(scope.project_id.clone())
                .bind(now_ms);
            for row in chunk {
                query = bind_row(query, row);
            }
            let inserted: HashSet<String> = job_ids(&query.fetch_all(&mut *tx).await?)?.into_iter().collect();
            let known: Vec<&JournalRow> = chunk.iter().filter(|r| !inserted.contains(&r.job_id)).collect();
            if !known.is_empty() {
                let sql = refresh_sql(known.len());
                let mut query = sqlx::query(&sql)
                    .bind(scope.name.clone())
                    .bind(scope.region.clone())
                    .bind(scope.project_id.clone())
                    .bind(now_ms);
                for row in known {
                    query = bind_row(query, row);
                }
                query.execute(&mut *tx).await?;
            }
            new.extend(
                chunk
                    .iter()
                    .filter(|r| inserted.contains(&r.job_id))
                    .map(|r| r.job_id.clone()),
            );
        }
        // Open rows this round did not list are gone; they were last seen
        // by the previous round.
        let open_rows =
            sqlx::query("SELECT job_id FROM failure_journal WHERE scope = $1 AND gone_since_ms IS NULL")
                .bind(scope.name.clone())
                .fetch_all(&mut *tx)
                .await?;
        let listed: HashSet<&str> = rows.iter().map(|r| r.job_id.as_str()).collect();
        let open_ids = job_ids(&open_rows)?;
        let open = open_ids.len();
        let mut gone: Vec<String> = open_ids
            .into_iter()
            .filter(|id| !listed.contains(id.as_str()))
            .collect();
        gone.sort();
        for chunk in gone.chunks(ID_CHUNK) {
            let list = tuples(chunk.len(), 1, 4, |n| n.to_owned());
            let sql = format!(
                "UPDATE failure_journal SET gone_since_ms = $2, last_seen_ms = COALESCE($3, last_seen_ms) \
                 WHERE scope = $1 AND gone_since_ms IS NULL AND job_id IN ({list})"
            );
            let mut query = sqlx::query(&sql)
                .bind(scope.name.clone())
                .bind(now_ms)
                .bind(previous);
            for id in chunk {
                query = query.bind(id.clone());
            }
            query.execute(&mut *tx).await?;
        }
        sqlx::query(
            "INSERT INTO failure_journal_scopes (scope, last_round_ms) VALUES ($1, $2) \
             ON CONFLICT (scope) DO UPDATE SET last_round_ms = excluded.last_round_ms",
        )
        .bind(scope.name.clone())
        .bind(now_ms)
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(RoundResult {
            new,
            open: (open - gone.len()) as u64,
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
        let mut linked = 0;
        for chunk in ids.chunks(ID_CHUNK) {
            let list = tuples(chunk.len(), 1, 4, |n| n.to_owned());
            let sql = format!(
                "UPDATE failure_journal SET gone_since_ms = COALESCE(gone_since_ms, $1), audit_id = $2, \
                 last_seen_ms = CASE WHEN gone_since_ms IS NULL THEN COALESCE((SELECT s.last_round_ms \
                 FROM failure_journal_scopes s WHERE s.scope = failure_journal.scope), last_seen_ms) \
                 ELSE last_seen_ms END \
                 WHERE project_id = $3 AND (job_id IN ({list}) OR resource_id IN ({list})) \
                 AND (gone_since_ms IS NULL OR gone_since_ms >= \
                 (SELECT started_at_ms FROM audit_records WHERE id = $2))"
            );
            let mut query = sqlx::query(&sql)
                .bind(now_ms)
                .bind(audit_id)
                .bind(project_id.to_owned());
            for id in chunk {
                query = query.bind(id.clone());
            }
            linked += self.db.execute(query).await?.rows_affected();
        }
        Ok(linked)
    }

    /// Deletes the failures gone before `before_ms`; returns how many.
    pub async fn prune(&self, before_ms: i64) -> Result<u64, DbError> {
        let query =
            sqlx::query("DELETE FROM failure_journal WHERE gone_since_ms IS NOT NULL AND gone_since_ms < $1")
                .bind(before_ms);
        Ok(self.db.execute(query).await?.rows_affected())
    }

    /// Open failures per scope (scopes without any left out), by scope name.
    pub async fn open_counts(&self) -> Result<Vec<(String, u64)>, DbError> {
        let rows = sqlx::query(
            "SELECT scope, COUNT(*) AS n FROM failure_journal WHERE gone_since_ms IS NULL \
             GROUP BY scope ORDER BY scope",
        )
        .fetch_all(self.db.pool()?)
        .await
        .map_err(|e| self.db.error(e))?;
        rows.iter()
            .map(|r| {
                let scope: String = r.try_get("scope").map_err(|e| self.db.error(e))?;
                let n: i64 = r.try_get("n").map_err(|e| self.db.error(e))?;
                Ok((scope, u64::try_from(n).unwrap_or(0)))
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdrs_models::{FailureStatus, ResourceType};

    fn seen(job_id: &str, group: Option<&str>) -> SeenFailure {
        SeenFailure {
            server_group_id: group.map(str::to_owned),
            job: FailureJob {
                job_id: job_id.into(),
                resource_name: "Web-Ä1".into(),
                resource_type: ResourceType("protectedInstance".into()),
                failure_status: FailureStatus::CreateFail,
                begin_time: "2019-01-21T12:56:35.754Z".into(),
                ..FailureJob::default()
            },
        }
    }

    #[test]
    fn a_row_keeps_the_fields_filtered_and_sorted_on() {
        let row = JournalRow::from_seen(&seen("j1", Some("")));
        assert_eq!(row.server_group_id, None, "an empty group id is group level");
        assert_eq!(row.resource_name_lower, "web-ä1");
        assert_eq!(row.resource_type, "protected_instances");
        assert_eq!(row.failure_status, "createFail");
        assert_eq!(row.begin_ms, 1_548_075_395_754);
        let back: FailureJob = serde_json::from_str(&row.job_json).unwrap();
        assert_eq!(back, seen("j1", None).job);
        let mut odd = seen("j2", None);
        odd.job.begin_time = "yesterday".into();
        odd.job.resource_type = ResourceType("tapeLibrary".into());
        let row = JournalRow::from_seen(&odd);
        assert_eq!((row.begin_ms, row.resource_type.as_str()), (0, "tapeLibrary"));
    }

    #[test]
    fn a_round_keeps_one_row_per_job_id_in_id_order() {
        let rows = rows_of(&[
            seen("b", Some("g1")),
            seen("a", None),
            seen("b", Some("g2")),
            seen("", None),
        ]);
        let ids: Vec<(&str, Option<&str>)> = rows
            .iter()
            .map(|r| (r.job_id.as_str(), r.server_group_id.as_deref()))
            .collect();
        assert_eq!(ids, [("a", None), ("b", Some("g1"))]);
    }

    #[test]
    fn statements_number_their_placeholders_in_bind_order() {
        assert_eq!(tuples(2, 2, 3, |r| format!("({r})")), "($3, $4), ($5, $6)");
        let insert = insert_sql(2);
        assert!(insert.contains("($1, $2, $3, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $4, $4)"));
        assert!(insert.contains("$24, $4, $4)"), "{insert}");
        assert!(!insert.contains("$25"));
        let refresh = refresh_sql(1);
        assert!(refresh.contains("(VALUES ($5, $6, $7, $8, $9, $10, $11, $12, $13, $14))"));
    }
}
