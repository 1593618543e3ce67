//! Reads the failed tasks a delete is about to remove, just before it is
//! sent, through the backend and credential the delete will use: the
//! emulator's store, or `GET`s upstream with the delete's own headers (so
//! the proxy adds the same server-side credential, or passes the same
//! browser token).

use crate::emulator::params::ListParams;
use crate::emulator::state::Emulator;
use crate::http::api_path::{ApiCall, ApiRoute};
use crate::upstream::proxy::{self, Upstream};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use serde_json::Value;
use std::sync::Arc;

/// Rows asked for per page (the API's largest page).
pub const PAGE: usize = 1000;
/// Pages read per scope at most (100,000 tasks).
pub const MAX_PAGES: usize = 100;
/// Protection groups asked for per page of `server-groups`.
const GROUP_PAGE: usize = 100;
/// Largest list body read from upstream.
const MAX_BODY: usize = 64 << 20;

/// Where the failed tasks are.
#[derive(Clone)]
pub enum Source {
    Store(Arc<Emulator>),
    Upstream(Arc<Upstream>),
}

/// A read that failed: the answer to pass to the caller (the delete is then
/// not sent; it would have failed the same way).
pub struct ReadFailed(pub Response);

impl Source {
    /// The tasks `route` (one of the three deletes) removes.
    /// A delete the proxy refuses is not read: its refusal is the answer.
    pub async fn removed(
        &self,
        route: &ApiRoute,
        uri: &Uri,
        headers: &HeaderMap,
    ) -> Result<Vec<Value>, ReadFailed> {
        if let Source::Upstream(up) = self {
            if let Some(refusal) = up.refusal(&Method::DELETE, uri.path(), headers) {
                return Err(ReadFailed(refusal));
            }
        }
        match &route.call {
            ApiCall::DeleteGroupLevelFailures => self.scope(route, headers, None).await,
            ApiCall::DeleteGroupFailures(group) => self.scope(route, headers, Some(group)).await,
            ApiCall::DeleteFailureJob(id) => {
                if let Source::Store(emu) = self {
                    // The store applies its own rule, without a JSON round trip of every task.
                    if route.project_id != emu.project_id {
                        return Ok(Vec::new());
                    }
                    let store = emu.read();
                    let hits = store.delete_one_preview(id);
                    return Ok(hits
                        .iter()
                        .filter_map(|j| serde_json::from_str(j.json()).ok())
                        .collect());
                }
                let mut all = self.scope(route, headers, None).await?;
                for group in self.group_ids(route, headers).await? {
                    all.extend(self.scope(route, headers, Some(&group)).await?);
                }
                Ok(matching_one(all, id))
            }
            _ => Ok(Vec::new()),
        }
    }

    /// Every task of one scope (`None`: protection-group level).
    async fn scope(
        &self,
        route: &ApiRoute,
        headers: &HeaderMap,
        group: Option<&str>,
    ) -> Result<Vec<Value>, ReadFailed> {
        match self {
            Source::Store(emu) => {
                if route.project_id != emu.project_id {
                    return Ok(Vec::new());
                }
                let params = ListParams {
                    failure_status: None,
                    resource_kind: None,
                    resource_name: None,
                    server_group_id: group.map(str::to_owned),
                    limit: usize::MAX,
                    offset: 0,
                };
                let body = emu
                    .read()
                    .list_json(&params, crate::cli::CountMode::Page)
                    .map_err(|e| ReadFailed(e.into_response()))?;
                Ok(list_rows(
                    &serde_json::from_str(&body).unwrap_or_default(),
                    "failure_jobs",
                ))
            }
            Source::Upstream(up) => {
                let mut rows = Vec::new();
                for page in 0..MAX_PAGES {
                    let mut query = format!("limit={PAGE}&offset={}", page * PAGE);
                    if let Some(g) = group {
                        query = format!("server_group_id={}&{query}", encode(g));
                    }
                    let path = format!(
                        "/v1/{}/task-center/failure-jobs?{query}",
                        encode(&route.project_id)
                    );
                    let body = get_upstream(up, &path, headers).await?;
                    let got = list_rows(&body, "failure_jobs");
                    let last = got.len() < PAGE;
                    rows.extend(got);
                    if last {
                        break;
                    }
                }
                Ok(rows)
            }
        }
    }

    /// Ids of every protection group.
    async fn group_ids(&self, route: &ApiRoute, headers: &HeaderMap) -> Result<Vec<String>, ReadFailed> {
        match self {
            Source::Store(emu) => Ok(emu.read().groups().iter().map(|g| g.id.clone()).collect()),
            Source::Upstream(up) => {
                let mut ids = Vec::new();
                for page in 0..MAX_PAGES {
                    let path = format!(
                        "/v1/{}/server-groups?limit={GROUP_PAGE}&offset={}",
                        encode(&route.project_id),
                        page * GROUP_PAGE
                    );
                    let body = get_upstream(up, &path, headers).await?;
                    let got = list_rows(&body, "server_groups");
                    let last = got.len() < GROUP_PAGE;
                    ids.extend(got.iter().filter_map(|g| text(g, "id")));
                    if last {
                        break;
                    }
                }
                Ok(ids)
            }
        }
    }
}

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn text(row: &Value, field: &str) -> Option<String> {
    row.get(field).and_then(Value::as_str).map(str::to_owned)
}

fn list_rows(body: &Value, key: &str) -> Vec<Value> {
    body.get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// What `DELETE failure-jobs/{id}` removes, by the emulator's rule: every
/// task of the resource with that `resource_id`, else the task with that
/// `job_id`.
pub fn matching_one(all: Vec<Value>, id: &str) -> Vec<Value> {
    let is = |row: &Value, field: &str| row.get(field).and_then(Value::as_str) == Some(id);
    let by_resource = all.iter().any(|r| is(r, "resource_id"));
    let field = if by_resource { "resource_id" } else { "job_id" };
    all.into_iter().filter(|r| is(r, field)).collect()
}

/// One `GET` through the proxy with the delete's headers; a non-2xx answer
/// (or a body that is not JSON) fails the read.
async fn get_upstream(
    up: &Arc<Upstream>,
    path_and_query: &str,
    headers: &HeaderMap,
) -> Result<Value, ReadFailed> {
    let uri: Uri = path_and_query
        .parse()
        .map_err(|_| ReadFailed(crate::http::error::ApiError::no_such_api().into_response()))?;
    let res = proxy::forward(State(up.clone()), Method::GET, uri, headers.clone()).await;
    if !res.status().is_success() {
        return Err(ReadFailed(res));
    }
    if res.headers().contains_key(axum::http::header::CONTENT_ENCODING) {
        return Err(ReadFailed(unreadable(
            "Upstream answered the list of failed tasks compressed",
        )));
    }
    let bytes = axum::body::to_bytes(res.into_body(), MAX_BODY)
        .await
        .map_err(|_| {
            ReadFailed(unreadable(
                "The failed tasks to delete could not be read from upstream",
            ))
        })?;
    serde_json::from_slice(&bytes).map_err(|_| {
        ReadFailed(unreadable(
            "Upstream answered the list of failed tasks with something that is not JSON",
        ))
    })
}

fn unreadable(message: &str) -> Response {
    crate::http::error::ApiError::new(
        axum::http::StatusCode::BAD_GATEWAY,
        "error",
        crate::http::error::codes::INTERNAL,
        format!("{message}; nothing was deleted"),
    )
    .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn one_delete_matches_the_resource_first() {
        let rows = vec![
            json!({"job_id": "j1", "resource_id": "r1"}),
            json!({"job_id": "j2", "resource_id": "r1"}),
            json!({"job_id": "r1", "resource_id": "r9"}),
            json!({"job_id": "j3", "resource_id": "r3"}),
        ];
        let ids = |v: Vec<Value>| {
            v.iter()
                .map(|r| r["job_id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        };
        assert_eq!(ids(matching_one(rows.clone(), "r1")), ["j1", "j2"]);
        assert_eq!(ids(matching_one(rows.clone(), "j3")), ["j3"]);
        assert!(matching_one(rows, "nope").is_empty());
    }
}
