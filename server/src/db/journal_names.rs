//! `failure_journal_names`: how many failures each resource name holds,
//! open and gone, over every scope. Each write to the journal collects the
//! change of every row it touches (a [`NameDeltas`]) and applies it before
//! its transaction commits, so the counts always match the rows. A name filter's exact total is summed
//! over the matching names here, and the page of a filter whose names hold
//! few failures reads them by name (see [`super::journal_query`]).

use super::journal::Journal;
use super::journal_rows::tuples;
use super::DbError;
use sdrs_models::{JournalQuery, JournalState};
use sqlx::{AnyConnection, Row};
use std::collections::BTreeMap;

/// Where a row counts: its lowercased resource name, open or gone.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct NameKey {
    pub name_lower: String,
    pub is_open: bool,
}

impl NameKey {
    /// The key of a journal row read back with the column
    /// `resource_name_lower` ([`KEY_COLUMNS`]).
    pub(crate) fn of_row(row: &sqlx::any::AnyRow, is_open: bool) -> Result<NameKey, sqlx::Error> {
        Ok(NameKey {
            name_lower: row.try_get("resource_name_lower")?,
            is_open,
        })
    }
}

/// The columns [`NameKey::of_row`] reads.
pub(crate) const KEY_COLUMNS: &str = "resource_name_lower";

/// The changes of one transaction, per name (open, gone), applied in name
/// order: two transactions updating the same names lock them in the same
/// order, so they wait for each other rather than deadlock.
#[derive(Debug, Default)]
pub(crate) struct NameDeltas(BTreeMap<String, (i64, i64)>);

/// Rows per upsert: 3 values a row.
const CHUNK: usize = 500;

impl NameDeltas {
    pub(crate) fn add(&mut self, key: NameKey, by: i64) {
        let counts = self.0.entry(key.name_lower).or_insert((0, 0));
        if key.is_open {
            counts.0 += by;
        } else {
            counts.1 += by;
        }
    }

    /// A row that went from open to gone (or back): `key` is where it is now.
    pub(crate) fn moved(&mut self, key: NameKey) {
        self.add(
            NameKey {
                is_open: !key.is_open,
                ..key.clone()
            },
            -1,
        );
        self.add(key, 1);
    }

    #[cfg(test)]
    fn changes(&self) -> Vec<(&str, (i64, i64))> {
        self.0
            .iter()
            .filter(|(_, n)| **n != (0, 0))
            .map(|(k, n)| (k.as_str(), *n))
            .collect()
    }

    /// Adds the changes to the counts (inside the caller's transaction).
    pub(crate) async fn apply(self, conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
        let changes: Vec<(String, (i64, i64))> = self.0.into_iter().filter(|(_, n)| *n != (0, 0)).collect();
        for chunk in changes.chunks(CHUNK) {
            let values = tuples(chunk.len(), 3, 1, |row| format!("({row})"));
            let sql = format!(
                "INSERT INTO failure_journal_names (resource_name_lower, n_open, n_gone) VALUES {values} \
                 ON CONFLICT (resource_name_lower) DO UPDATE SET \
                 n_open = failure_journal_names.n_open + excluded.n_open, \
                 n_gone = failure_journal_names.n_gone + excluded.n_gone"
            );
            // Sized by its rows: not kept prepared (see journal.rs).
            let mut query = sqlx::query(&sql).persistent(false);
            for (name, (open, gone)) in chunk {
                query = query.bind(name.clone()).bind(*open).bind(*gone);
            }
            query.execute(&mut *conn).await?;
        }
        Ok(())
    }
}

/// Removes the names no failure holds any more (inside the caller's
/// transaction; run by the prune).
pub(crate) async fn drop_empty(conn: &mut AnyConnection) -> Result<(), sqlx::Error> {
    sqlx::query("DELETE FROM failure_journal_names WHERE n_open = 0 AND n_gone = 0")
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// How many failures the names matching a name filter hold.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct NamedTotals {
    /// Those in the query's state: its exact total.
    pub in_state: u64,
    /// All of them, open or gone: what reading them by name costs.
    pub all: u64,
}

/// Whether the names answer `q`'s total: a name filter, and no filter the
/// names do not hold (scope, status, type, group).
pub(crate) fn names_answer(q: &JournalQuery) -> bool {
    let given = |v: &Option<String>| v.as_deref().is_some_and(|v| !v.is_empty());
    given(&q.resource_name)
        && !given(&q.scope)
        && !given(&q.failure_status)
        && !given(&q.resource_type)
        && !given(&q.server_group_id)
        && !given(&q.error_code)
        && !given(&q.begun_from)
        && !given(&q.begun_before)
}

/// The sum of `q`'s state over the counts.
fn in_state(state: JournalState) -> &'static str {
    match state {
        JournalState::Open => "n_open",
        JournalState::Cleared => "n_gone",
        JournalState::All => "n_open + n_gone",
    }
}

/// The names holding a failure that match `LIKE $n` (a subquery for `IN`).
pub(crate) fn matching_names(placeholder: usize) -> String {
    format!(
        "SELECT resource_name_lower FROM failure_journal_names \
         WHERE resource_name_lower LIKE ${placeholder} ESCAPE '\\' AND n_open + n_gone > 0"
    )
}

impl Journal {
    /// The totals of the names matching `pattern` (a [`super::journal_query::contains_pattern`]).
    pub(crate) async fn named_totals(
        &self,
        state: JournalState,
        pattern: &str,
    ) -> Result<NamedTotals, DbError> {
        let db = self.db();
        // SUM is NUMERIC on PostgreSQL: cast back to a 64-bit integer.
        let sql = format!(
            "SELECT CAST(COALESCE(SUM({}), 0) AS BIGINT) AS in_state, \
             CAST(COALESCE(SUM(n_open + n_gone), 0) AS BIGINT) AS all_states \
             FROM failure_journal_names WHERE resource_name_lower LIKE $1 ESCAPE '\\'",
            in_state(state)
        );
        let row = sqlx::query(&sql)
            .bind(pattern.to_owned())
            .fetch_one(db.pool()?)
            .await
            .map_err(|e| db.error(e))?;
        let get = |column: &str| -> Result<u64, DbError> {
            let n: i64 = row.try_get(column).map_err(|e| db.error(e))?;
            Ok(u64::try_from(n).unwrap_or(0))
        };
        Ok(NamedTotals {
            in_state: get("in_state")?,
            all: get("all_states")?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(name: &str, is_open: bool) -> NameKey {
        NameKey {
            name_lower: name.into(),
            is_open,
        }
    }

    #[test]
    fn a_row_that_goes_moves_its_count_and_opposite_changes_cancel() {
        let mut d = NameDeltas::default();
        d.add(key("web", true), 1);
        d.moved(key("web", false));
        assert_eq!(d.changes(), [("web", (0, 1))]);
        d.moved(key("web", true));
        assert_eq!(d.changes(), [("web", (1, 0))]);
        d.add(key("web", true), -1);
        assert_eq!(d.changes(), []);
        d.add(key("web", false), 1);
        d.add(key("db", true), 2);
        assert_eq!(
            d.changes(),
            [("db", (2, 0)), ("web", (0, 1))],
            "applied in name order"
        );
    }

    #[test]
    fn the_names_answer_a_name_filter_with_a_state_only() {
        let named = JournalQuery {
            resource_name: Some("Web".into()),
            state: JournalState::Cleared,
            ..JournalQuery::default()
        };
        assert!(names_answer(&named));
        let with = |f: fn(&mut JournalQuery)| {
            let mut q = named.clone();
            f(&mut q);
            q
        };
        for q in [
            JournalQuery::default(),
            with(|q| q.resource_name = Some(String::new())),
            with(|q| q.scope = Some("prod".into())),
            with(|q| q.failure_status = Some("createFail".into())),
            with(|q| q.resource_type = Some("replication".into())),
            with(|q| q.server_group_id = Some("g1".into())),
        ] {
            assert!(!names_answer(&q), "{q:?}");
        }
        assert!(names_answer(&with(|q| q.scope = Some(String::new()))));
    }
}
