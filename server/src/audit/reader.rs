//! Reads the failed tasks a delete is about to remove, just before it is
//! sent, through the backend and credential the delete will use: a backend
//! in this process ([`RemovedTasks`], the emulator), or `GET`s upstream with
//! the delete's own headers (so the proxy adds the same server-side
//! credential, or passes the same browser token).

use crate::http::api_path::{ApiCall, ApiRoute};
use crate::http::error::ApiError;
use crate::upstream::proxy::{self, Upstream};
use axum::extract::State;
use axum::http::{HeaderMap, Method, Uri};
use axum::response::{IntoResponse, Response};
use sdrs_models::DeleteMatch;
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

/// A backend in this process that answers the deletes itself and can say
/// what one would remove.
pub trait RemovedTasks: Send + Sync {
    /// The tasks `route` (one of the three deletes) removes, as listed
    /// rows; the error is the answer the delete would get.
    fn removed(&self, route: &ApiRoute) -> Result<Vec<Value>, ApiError>;
}

/// Where the failed tasks are.
#[derive(Clone)]
pub enum Source {
    Local(Arc<dyn RemovedTasks>),
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
        let up = match self {
            Source::Local(tasks) => return tasks.removed(route).map_err(|e| ReadFailed(e.into_response())),
            Source::Upstream(up) => up,
        };
        if let Some(refusal) = up.refusal(&Method::DELETE, uri.path(), headers) {
            return Err(ReadFailed(refusal));
        }
        match &route.call {
            ApiCall::DeleteGroupLevelFailures => scope(up, route, headers, None).await,
            ApiCall::DeleteGroupFailures(group) => scope(up, route, headers, Some(group)).await,
            ApiCall::DeleteFailureJob(id) => {
                let mut all = scope(up, route, headers, None).await?;
                for group in group_ids(up, route, headers).await? {
                    all.extend(scope(up, route, headers, Some(&group)).await?);
                }
                Ok(matching_one(all, id))
            }
            _ => Ok(Vec::new()),
        }
    }
}

/// Every task of one scope (`None`: protection-group level).
async fn scope(
    up: &Arc<Upstream>,
    route: &ApiRoute,
    headers: &HeaderMap,
    group: Option<&str>,
) -> Result<Vec<Value>, ReadFailed> {
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

/// Ids of every protection group.
async fn group_ids(
    up: &Arc<Upstream>,
    route: &ApiRoute,
    headers: &HeaderMap,
) -> Result<Vec<String>, ReadFailed> {
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

fn encode(text: &str) -> String {
    percent_encoding::utf8_percent_encode(text, percent_encoding::NON_ALPHANUMERIC).to_string()
}

fn text(row: &Value, field: &str) -> Option<String> {
    row.get(field).and_then(Value::as_str).map(str::to_owned)
}

/// The rows under `key` of a list answer.
pub fn list_rows(body: &Value, key: &str) -> Vec<Value> {
    body.get(key)
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default()
}

/// What `DELETE failure-jobs/{id}` removes, by the rule of
/// [`sdrs_models::delete_rule`]: every task of the resource with that
/// `resource_id`, else the task with that `job_id`.
pub fn matching_one(all: Vec<Value>, id: &str) -> Vec<Value> {
    let resource_ids = all.iter().filter_map(|r| text_ref(r, "resource_id"));
    let field = DeleteMatch::for_id(id, resource_ids).field();
    all.into_iter()
        .filter(|r| text_ref(r, field) == Some(id))
        .collect()
}

fn text_ref<'a>(row: &'a Value, field: &str) -> Option<&'a str> {
    row.get(field).and_then(Value::as_str)
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
        .map_err(|_| ReadFailed(ApiError::no_such_api().into_response()))?;
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
    ApiError::new(
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
