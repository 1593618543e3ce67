//! The rows on screen: the loaded page, refined and sorted, each with an
//! identity that survives sorting and a key that changes with its content.
//!
//! A response may repeat a job id. The first occurrence (in the server's
//! order) is known by its job id, later ones by `job_id#n`, so each row
//! opens its own job. The render key hashes the identity with the row's
//! fields, so a refresh that answers other content under the same id
//! redraws it. It is a number, not text: the table keeps the keys of every
//! row on screen, and 1000 texts of ~50 bytes, twice, were wasm memory.

use crate::view_model::sort::Sort;
use sdrs_models::FailureJob;
use std::collections::{HashMap, HashSet};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub struct ViewRow {
    /// Identity of the row: the job id, or `job_id#n` for a repeat.
    pub id: String,
    /// Key of the keyed list: the identity and the content, hashed;
    /// unique among the rows of one call of [`view_rows`].
    pub key: u64,
    pub job: Arc<FailureJob>,
}

impl AsRef<FailureJob> for ViewRow {
    fn as_ref(&self) -> &FailureJob {
        &self.job
    }
}

/// The key of the row `id` showing `job`. `DefaultHasher::new()` has fixed
/// keys, so the same row gets the same key in every call.
fn row_key(id: &str, job: &FailureJob) -> u64 {
    let mut h = DefaultHasher::new();
    (
        id,
        &job.job_id,
        &job.job_type,
        job.job_status.as_str(),
        job.failure_status.as_str(),
        &job.resource_id,
        &job.resource_name,
        job.resource_type.as_str(),
        &job.begin_time,
        &job.error_code,
        &job.fail_reason,
    )
        .hash(&mut h);
    h.finish()
}

/// Rows of `loaded` that `keep` accepts, ordered by `sort` (stable; the
/// server's order otherwise).
pub fn view_rows(
    loaded: &[Arc<FailureJob>],
    keep: impl Fn(&FailureJob) -> bool,
    sort: Option<Sort>,
) -> Vec<ViewRow> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    let mut keys: HashSet<u64> = HashSet::with_capacity(loaded.len());
    let mut rows: Vec<ViewRow> = Vec::with_capacity(loaded.len());
    for job in loaded {
        let n = seen.entry(job.job_id.as_str()).or_insert(0);
        let id = if *n == 0 {
            job.job_id.clone()
        } else {
            format!("{}#{n}", job.job_id)
        };
        *n += 1;
        if keep(job) {
            // Two rows hashing alike (never seen, but a server chooses the
            // rows) still get keys of their own.
            let mut key = row_key(&id, job);
            while !keys.insert(key) {
                key = key.wrapping_add(1);
            }
            rows.push(ViewRow {
                id,
                key,
                job: job.clone(),
            });
        }
    }
    if let Some(sort) = sort {
        sort.apply(&mut rows);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::view_model::sort::{SortDir, SortKey};

    fn job(id: &str, name: &str) -> Arc<FailureJob> {
        Arc::new(FailureJob {
            job_id: id.into(),
            resource_name: name.into(),
            ..Default::default()
        })
    }

    #[test]
    fn repeated_ids_keep_their_identity_through_sorting() {
        let loaded = vec![job("d", "b-second"), job("d", "a-first"), job("e", "c")];
        let sort = Sort {
            key: SortKey::Resource,
            dir: SortDir::Asc,
        };
        let rows = view_rows(&loaded, |_| true, Some(sort));
        let shown: Vec<(&str, &str)> = rows
            .iter()
            .map(|r| (r.id.as_str(), r.job.resource_name.as_str()))
            .collect();
        assert_eq!(shown, vec![("d#1", "a-first"), ("d", "b-second"), ("e", "c")]);
        let keys: HashSet<u64> = rows.iter().map(|r| r.key).collect();
        assert_eq!(keys.len(), 3);
    }

    #[test]
    fn keys_follow_content_and_identity_follows_order() {
        let before = view_rows(&[job("d", "old")], |_| true, None);
        let after = view_rows(&[job("d", "new")], |_| true, None);
        assert_eq!(before[0].id, after[0].id);
        assert_ne!(before[0].key, after[0].key);
        let same = view_rows(&[job("d", "old")], |_| true, None);
        assert_eq!(before[0].key, same[0].key);
    }

    #[test]
    fn refined_rows_keep_their_numbering() {
        let loaded = vec![job("d", "x"), job("d", "y")];
        let rows = view_rows(&loaded, |j| j.resource_name == "y", None);
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].id, "d#1");
    }
}
