//! A polled failure as the journal's columns hold it, and the multi-row
//! statements a round writes it with (`$n` placeholders, bound in order).

use super::journal::SeenFailure;
use super::journal_names::NameKey;
use crate::util::iso_time::parse_iso_ms;
use sdrs_models::ResourceKind;
use sqlx::any::AnyArguments;
use std::collections::HashSet;

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
    /// Where the row counts in `failure_journal_names` (a listed row is open).
    pub(crate) fn name_key(&self) -> NameKey {
        NameKey {
            name_lower: self.resource_name_lower.clone(),
            is_open: true,
        }
    }

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

pub(crate) type AnyQuery<'q> = sqlx::query::Query<'q, sqlx::Any, AnyArguments<'q>>;

pub(crate) fn bind_row<'q>(query: AnyQuery<'q>, row: &JournalRow) -> AnyQuery<'q> {
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
pub(crate) const ROW_WIDTH: usize = 10;

pub(crate) fn insert_sql(rows: usize) -> String {
    // $1 scope, $2 region, $3 project id, $4 now.
    let values = tuples(rows, ROW_WIDTH, 5, |row| format!("($1, $2, $3, {row}, $4, $4)"));
    format!(
        "INSERT INTO failure_journal (scope, region, project_id, server_group_id, job_id, \
         resource_id, job_json, failure_status, resource_type, resource_name, resource_name_lower, \
         begin_ms, begin_time, first_seen_ms, last_seen_ms) VALUES {values} \
         ON CONFLICT (scope, job_id) DO NOTHING RETURNING job_id"
    )
}

/// Rewrites one known row that changed or had gone, bound like an
/// insert: $1 scope, $2 region, $3 project id, $4 now, then the row (its
/// job id, $6, names it). The audit link stays while a row reopens: a poll
/// that listed a failure just before a console delete must not turn that
/// delete into "cleared outside".
pub(crate) const REFRESH_SQL: &str = "UPDATE failure_journal SET region = $2, project_id = $3, \
    last_seen_ms = $4, gone_since_ms = NULL, server_group_id = $5, resource_id = $7, job_json = $8, \
    failure_status = $9, resource_type = $10, resource_name = $11, resource_name_lower = $12, \
    begin_ms = $13, begin_time = $14 WHERE scope = $1 AND job_id = $6";

/// What an open row holds now, to tell whether a round changes it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct StoredRow {
    pub job_json: String,
    pub server_group_id: Option<String>,
    pub region: String,
    pub project_id: String,
}

impl StoredRow {
    /// Whether `row`, listed again in a round of a scope of `region` and
    /// `project_id`, rewrites this row.
    pub(crate) fn changed_by(&self, row: &JournalRow, region: &str, project_id: &str) -> bool {
        self.job_json != row.job_json
            || self.server_group_id != row.server_group_id
            || self.region != region
            || self.project_id != project_id
    }
}

/// The open rows of scope $1, as [`StoredRow`]s. One read of the scope's
/// open rows (not of its history), rather than lookups by lists of ids,
/// which PostgreSQL may plan as a scan per list.
pub(crate) const OPEN_ROWS_SQL: &str = "SELECT job_id, job_json, server_group_id, region, project_id \
    FROM failure_journal WHERE scope = $1 AND gone_since_ms IS NULL";

#[cfg(test)]
mod tests {
    use super::*;
    use sdrs_models::{FailureJob, FailureStatus, ResourceType};

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
        // The refresh binds like one inserted row.
        let mut numbers: Vec<usize> = REFRESH_SQL
            .split('$')
            .skip(1)
            .map(|rest| {
                rest.chars()
                    .take_while(char::is_ascii_digit)
                    .collect::<String>()
                    .parse()
                    .unwrap()
            })
            .collect();
        numbers.sort();
        assert_eq!(numbers, (1..=4 + ROW_WIDTH).collect::<Vec<_>>());
    }

    #[test]
    fn a_row_listed_again_is_rewritten_only_when_it_changed() {
        let row = JournalRow::from_seen(&seen("j1", Some("g1")));
        let stored = StoredRow {
            job_json: row.job_json.clone(),
            server_group_id: Some("g1".into()),
            region: "r".into(),
            project_id: "p".into(),
        };
        assert!(!stored.changed_by(&row, "r", "p"));
        assert!(stored.changed_by(&row, "r2", "p"));
        assert!(StoredRow {
            server_group_id: None,
            ..stored.clone()
        }
        .changed_by(&row, "r", "p"));
        let mut moved = seen("j1", Some("g1"));
        moved.job.fail_reason = Some("quota".into());
        assert!(stored.changed_by(&JournalRow::from_seen(&moved), "r", "p"));
    }
}
