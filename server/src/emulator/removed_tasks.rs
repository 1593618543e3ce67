//! What an emulated delete removes, read from the store for the audit
//! trail, by the store's own rule.

use crate::audit::reader::{list_rows, RemovedTasks};
use crate::cli::CountMode;
use crate::emulator::params::ListParams;
use crate::emulator::projects::read;
use crate::emulator::state::Emulator;
use crate::emulator::store::Store;
use crate::http::api_path::{ApiCall, ApiRoute};
use crate::http::error::ApiError;
use serde_json::Value;

impl RemovedTasks for Emulator {
    fn removed(&self, route: &ApiRoute) -> Result<Vec<Value>, ApiError> {
        let Some(store) = self.store_of(&route.project_id) else {
            return Ok(Vec::new());
        };
        match &route.call {
            ApiCall::DeleteGroupLevelFailures => scope(&read(store), None),
            ApiCall::DeleteGroupFailures(group) => scope(&read(store), Some(group)),
            ApiCall::DeleteFailureJob(id) => {
                // Without a JSON round trip of every task.
                let store = read(store);
                Ok(store
                    .delete_one_preview(id)
                    .iter()
                    .filter_map(|j| serde_json::from_str(j.json()).ok())
                    .collect())
            }
            _ => Ok(Vec::new()),
        }
    }
}

/// Every task of one scope (`None`: protection-group level).
fn scope(store: &Store, group: Option<&str>) -> Result<Vec<Value>, ApiError> {
    let params = ListParams {
        failure_status: None,
        resource_kind: None,
        resource_name: None,
        server_group_id: group.map(str::to_owned),
        limit: usize::MAX,
        offset: 0,
    };
    let body = store.list_json(&params, CountMode::Page)?;
    Ok(list_rows(
        &serde_json::from_str(&body).unwrap_or_default(),
        "failure_jobs",
    ))
}
