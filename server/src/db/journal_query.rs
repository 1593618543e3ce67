//! Reading the failure journal: a page of entries matching a
//! [`JournalQuery`], newest begin time first (then scope and job id), with
//! the exact number of matches. The page's keys are read with its `LIMIT`
//! from the index of its filter (which holds every filtered column), then
//! its rows by key; the total is counted from the index on its own (a
//! window count would read every matching row); the audit record's user
//! is joined to the page's rows only. A name filter ("contains") is
//! answered with `failure_journal_names`: its total is summed over the
//! matching names, and when those names hold few failures the page reads
//! them by name rather than walk the begin time order for its matches.

use super::journal::{resource_type_key, Journal};
use super::journal_names::{matching_names, names_answer, NamedTotals};
use super::{Backend, DbError};
use crate::util::iso_time::parse_iso_ms;
use crate::util::timefmt::format_ms;
use sdrs_models::{Ack, Clearance, FailureJob, JournalEntry, JournalPage, JournalQuery, JournalState};
use sqlx::any::AnyArguments;
use sqlx::Row;

/// An open row was seen by its scope's last round.
const COLUMNS: &str = "j.scope, j.region, j.project_id, j.server_group_id, j.job_id, j.job_json, \
    j.resource_name, j.begin_time, j.first_seen_ms, j.gone_since_ms, j.audit_id, \
    CASE WHEN j.gone_since_ms IS NULL THEN COALESCE(s.last_round_ms, j.last_seen_ms) \
    ELSE j.last_seen_ms END AS last_seen_ms, a.user_name AS audit_user, \
    ak.user_name AS ack_user, ak.comment AS ack_comment, ak.acked_at_ms AS ack_at_ms";

const ORDER: &str = "begin_ms DESC, scope, job_id";

/// `%part%` for `LIKE … ESCAPE '\'`: the lowercased part with `%`, `_` and
/// `\` taken literally.
pub(crate) fn contains_pattern(part: &str) -> String {
    let mut pattern = String::from("%");
    for c in part.to_lowercase().chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// An entry's error code, read from its stored job.
pub(crate) fn error_code_expr(backend: Backend) -> &'static str {
    match backend {
        Backend::Sqlite => "json_extract(job_json, '$.error_code')",
        Backend::Postgres => "(job_json::json ->> 'error_code')",
    }
}

/// `WHERE …` of a query, with its `$n` values in order. Empty filters are
/// no filter; begin times that do not read (the routes refuse them) are
/// none either.
pub(crate) fn where_clause(q: &JournalQuery, backend: Backend) -> (String, Vec<String>) {
    let mut parts: Vec<String> = Vec::new();
    let mut values = Vec::new();
    let given = |v: &Option<String>| v.clone().filter(|v| !v.is_empty());
    let mut add = |sql: &str, value: String| {
        values.push(value);
        parts.push(sql.replace("$?", &format!("${}", values.len())));
    };
    if let Some(scope) = given(&q.scope) {
        add("scope = $?", scope);
    }
    if let Some(status) = given(&q.failure_status) {
        add("failure_status = $?", status);
    }
    if let Some(kind) = given(&q.resource_type) {
        add("resource_type = $?", resource_type_key(&kind));
    }
    if let Some(name) = given(&q.resource_name) {
        add("resource_name_lower LIKE $? ESCAPE '\\'", contains_pattern(&name));
    }
    if let Some(group) = given(&q.server_group_id) {
        add("server_group_id = $?", group);
    }
    if let Some(code) = given(&q.error_code) {
        add(&format!("{} = $?", error_code_expr(backend)), code);
    }
    // Whole numbers read from the query: written into the SQL, since every
    // bound value here is text.
    if let Some(ms) = q.begun_from.as_deref().and_then(parse_iso_ms) {
        parts.push(format!("begin_ms >= {ms}"));
    }
    if let Some(ms) = q.begun_before.as_deref().and_then(parse_iso_ms) {
        parts.push(format!("begin_ms < {ms}"));
    }
    match q.state {
        JournalState::Open => parts.push("gone_since_ms IS NULL".into()),
        JournalState::Cleared => parts.push("gone_since_ms IS NOT NULL".into()),
        JournalState::All => {}
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
    values: Vec<String>,
) -> sqlx::query::Query<'q, sqlx::Any, AnyArguments<'q>> {
    for v in values {
        query = query.bind(v);
    }
    query
}

fn get<T>(row: &sqlx::any::AnyRow, name: &str) -> Result<T, DbError>
where
    T: for<'r> sqlx::Decode<'r, sqlx::Any> + sqlx::Type<sqlx::Any>,
{
    row.try_get::<T, _>(name)
        .map_err(|e| DbError(format!("failure_journal.{name}: {e}")))
}

fn entry_from_row(row: &sqlx::any::AnyRow) -> Result<JournalEntry, DbError> {
    let job_json: String = get(row, "job_json")?;
    // The columns stand in for a job whose stored fields cannot be read.
    let job = serde_json::from_str::<FailureJob>(&job_json).unwrap_or_else(|_| FailureJob {
        job_id: get(row, "job_id").unwrap_or_default(),
        resource_name: get(row, "resource_name").unwrap_or_default(),
        begin_time: get(row, "begin_time").unwrap_or_default(),
        ..FailureJob::default()
    });
    let gone_since: Option<i64> = get(row, "gone_since_ms")?;
    let audit_id: Option<i64> = get(row, "audit_id")?;
    let cleared = gone_since.map(|_| match audit_id {
        Some(audit_id) => Clearance::Console {
            audit_id,
            user: get::<Option<String>>(row, "audit_user")
                .ok()
                .flatten()
                .unwrap_or_default(),
        },
        None => Clearance::Outside,
    });
    Ok(JournalEntry {
        scope: get(row, "scope")?,
        region: get(row, "region")?,
        project_id: get(row, "project_id")?,
        server_group_id: get(row, "server_group_id")?,
        job,
        first_seen: format_ms(get(row, "first_seen_ms")?),
        last_seen: format_ms(get(row, "last_seen_ms")?),
        gone_since: gone_since.map(format_ms),
        cleared,
        ack: ack_of(row)?,
    })
}

/// The row's acknowledgement, when it has one.
fn ack_of(row: &sqlx::any::AnyRow) -> Result<Option<Ack>, DbError> {
    let Some(at_ms) = get::<Option<i64>>(row, "ack_at_ms")? else {
        return Ok(None);
    };
    Ok(Some(Ack {
        user: get::<Option<String>>(row, "ack_user")?.unwrap_or_default(),
        at: format_ms(at_ms),
        comment: get::<Option<String>>(row, "ack_comment")?.unwrap_or_default(),
    }))
}

impl Journal {
    /// The entries matching `q` (its page; `limit` capped at
    /// [`JournalQuery::MAX_LIMIT`]) and how many match in all.
    pub async fn page(&self, q: &JournalQuery) -> Result<JournalPage, DbError> {
        let limit = q.limit.min(JournalQuery::MAX_LIMIT);
        let named = match q.resource_name.as_deref() {
            Some(name) if names_answer(q) => Some(self.named_totals(q.state, &contains_pattern(name)).await?),
            _ => None,
        };
        let total = match (named, self.counted_total(q).await?) {
            (Some(named), _) => named.in_state,
            (None, Some(total)) => total,
            (None, None) => self.count(q).await?,
        };
        if limit == 0 || q.offset >= total {
            return Ok(JournalPage {
                total,
                entries: Vec::new(),
            });
        }
        let by_name = match named {
            Some(named) => {
                let walked = self
                    .counted_total(&walked_by_the_page(q))
                    .await?
                    .unwrap_or(u64::MAX);
                read_by_name(named, walked, q.offset.saturating_add(u64::from(limit)))
            }
            None => false,
        };
        let entries = self.entries(q, limit, by_name).await?;
        Ok(JournalPage { total, entries })
    }

    async fn count(&self, q: &JournalQuery) -> Result<u64, DbError> {
        let db = self.db();
        let (clause, values) = where_clause(q, db.backend());
        let sql = format!("SELECT COUNT(*) AS total FROM failure_journal{clause}");
        let row = bind_all(sqlx::query(&sql), values)
            .fetch_one(db.pool()?)
            .await
            .map_err(|e| db.error(e))?;
        Ok(u64::try_from(get::<i64>(&row, "total")?).unwrap_or(0))
    }

    /// The page of `q` with `limit` entries at most, without the total;
    /// `by_name`: read from the rows of the names matching `q`'s name
    /// filter (which it must have) rather than in begin time order.
    pub(crate) async fn entries(
        &self,
        q: &JournalQuery,
        limit: u32,
        by_name: bool,
    ) -> Result<Vec<JournalEntry>, DbError> {
        let db = self.db();
        let (mut clause, mut values) = where_clause(q, db.backend());
        if let (true, Some(name)) = (by_name, q.resource_name.as_deref()) {
            values.push(contains_pattern(name));
            clause.push_str(&format!(
                " AND resource_name_lower IN ({})",
                matching_names(values.len())
            ));
        }
        let n = values.len();
        // The page's keys first, from the filter's index alone; then its
        // rows by primary key.
        let sql = format!(
            "SELECT {COLUMNS} FROM (SELECT scope, job_id, begin_ms FROM failure_journal{clause} \
             ORDER BY {ORDER} LIMIT ${} OFFSET ${}) k \
             JOIN failure_journal j ON j.scope = k.scope AND j.job_id = k.job_id \
             LEFT JOIN failure_journal_scopes s ON s.scope = j.scope \
             LEFT JOIN audit_records a ON a.id = j.audit_id \
             LEFT JOIN failure_acks ak ON ak.scope = j.scope AND ak.job_id = j.job_id \
             ORDER BY k.begin_ms DESC, k.scope, k.job_id",
            n + 1,
            n + 2
        );
        let rows = bind_all(sqlx::query(&sql), values)
            .bind(i64::from(limit))
            .bind(i64::try_from(q.offset).unwrap_or(i64::MAX))
            .fetch_all(db.pool()?)
            .await
            .map_err(|e| db.error(e))?;
        rows.iter().map(entry_from_row).collect()
    }
}

/// The query whose rows the page walks in begin time order to find those
/// of `q`'s name: the index of its other filters (the open rows have their
/// own; gone ones are found among all).
fn walked_by_the_page(q: &JournalQuery) -> JournalQuery {
    JournalQuery {
        resource_name: None,
        state: match q.state {
            JournalState::Open => JournalState::Open,
            JournalState::Cleared | JournalState::All => JournalState::All,
        },
        ..q.clone()
    }
}

/// Whether reading every failure of the matching names (`named.all`) costs
/// less than walking `walked` rows in begin time order until `wanted`
/// matches turn up (about `wanted` in every `walked / named.in_state`).
pub(crate) fn read_by_name(named: NamedTotals, walked: u64, wanted: u64) -> bool {
    u128::from(named.all) * u128::from(named.in_state) <= u128::from(wanted) * u128::from(walked)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_filter_is_a_numbered_condition() {
        let q = JournalQuery {
            scope: Some("prod".into()),
            state: JournalState::Cleared,
            failure_status: Some("createFail".into()),
            resource_type: Some("protectedInstance".into()),
            resource_name: Some("Web_1".into()),
            server_group_id: Some("g1".into()),
            error_code: Some("SDRS.1006".into()),
            begun_from: Some("2026-12-01T00:00:00Z".into()),
            begun_before: Some("2026-12-02T00:00:00.000Z".into()),
            limit: 10,
            offset: 0,
        };
        let (clause, values) = where_clause(&q, Backend::Sqlite);
        assert_eq!(
            clause,
            " WHERE scope = $1 AND failure_status = $2 AND resource_type = $3 \
             AND resource_name_lower LIKE $4 ESCAPE '\\' AND server_group_id = $5 \
             AND json_extract(job_json, '$.error_code') = $6 \
             AND begin_ms >= 1796083200000 AND begin_ms < 1796169600000 \
             AND gone_since_ms IS NOT NULL"
        );
        assert_eq!(
            values,
            [
                "prod",
                "createFail",
                "protected_instances",
                "%web\\_1%",
                "g1",
                "SDRS.1006"
            ]
        );
    }

    #[test]
    fn empty_filters_are_none_and_open_is_a_state() {
        let q = JournalQuery {
            scope: Some(String::new()),
            state: JournalState::Open,
            ..JournalQuery::default()
        };
        assert_eq!(
            where_clause(&q, Backend::Postgres),
            (" WHERE gone_since_ms IS NULL".into(), vec![])
        );
        assert_eq!(
            where_clause(&JournalQuery::default(), Backend::Postgres),
            (String::new(), vec![])
        );
    }

    #[test]
    fn few_matches_are_read_by_name_many_found_in_begin_order() {
        let named = |in_state, all| NamedTotals { in_state, all };
        // One name in ten of a million rows: 500 rows walked for a page of 50.
        assert!(!read_by_name(named(95_000, 100_000), 1_000_000, 50));
        // A thousand matches: the whole index walked, or a thousand read.
        assert!(read_by_name(named(1_000, 1_100), 1_000_000, 50));
        // Many of a name, few of them gone: reading the name is cheaper.
        assert!(read_by_name(named(60, 10_000), 1_000_000, 50));
        // Deep pages walk further.
        assert!(read_by_name(named(95_000, 100_000), 1_000_000, 20_000));
        // Gone rows have no index of their own: all rows are walked.
        let walked = walked_by_the_page(&JournalQuery {
            resource_name: Some("web".into()),
            state: JournalState::Cleared,
            failure_status: Some("createFail".into()),
            ..JournalQuery::default()
        });
        assert_eq!(
            walked,
            JournalQuery {
                failure_status: Some("createFail".into()),
                ..JournalQuery::default()
            }
        );
    }

    #[test]
    fn a_name_part_is_taken_literally() {
        assert_eq!(contains_pattern("50%_A\\b"), "%50\\%\\_a\\\\b%");
        assert_eq!(contains_pattern("ÄB"), "%äb%");
    }
}
