//! The failure journal over HTTP: `GET /api/journal` (a JSON page),
//! `GET /api/journal.csv` and `GET /api/journal/trends`, for signed-in
//! users, and `POST /api/journal/ack` for operators; and what a delete through
//! the console tells the journal (see [`deleted_ids`]). The table itself
//! is in [`crate::db::journal`].

pub mod acks;
pub mod csv_export;
pub mod query;
pub mod routes;
pub mod trends;

use serde_json::Value;

/// The ids a successful delete cleared, for
/// [`crate::db::journal::Journal::cleared_by_console`]: the job ids of the
/// tasks read just before it, and the id a single delete was sent with (a
/// resource id or a job id, by the delete rule). Not the removed tasks'
/// resource ids: clearing a group must not mark another group's task of
/// the same resource.
pub fn deleted_ids(removed: &[Value], sent_id: Option<&str>) -> Vec<String> {
    let mut ids: Vec<String> = removed
        .iter()
        .map(|task| task.get("job_id").and_then(Value::as_str))
        .chain([sent_id])
        .flatten()
        .filter(|id| !id.is_empty())
        .map(str::to_owned)
        .collect();
    ids.sort();
    ids.dedup();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_delete_clears_the_ids_it_read_and_sent() {
        let removed = [
            json!({"job_id": "j1", "resource_id": "r1"}),
            json!({"job_id": "j2", "resource_id": ""}),
            json!({"job_id": 7}),
        ];
        assert_eq!(deleted_ids(&removed, Some("r1")), ["j1", "j2", "r1"]);
        assert_eq!(
            deleted_ids(&removed, None),
            ["j1", "j2"],
            "a clear names its tasks only"
        );
        assert_eq!(deleted_ids(&[], Some("j9")), ["j9"]);
        assert!(deleted_ids(&[], None).is_empty());
    }
}
