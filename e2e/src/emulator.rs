//! The server's HTTP API as the tests call it: the failed-task list, the
//! protection groups, and the emulator's own endpoints (request log,
//! queued faults, added tasks).

use crate::{Server, HARNESS_TOKEN, PROJECT_ID};
use sdrs_models::{FailureJob, FailureJobList};
use serde_json::Value;

impl Server {
    /// The list API's path for a query string (`failure_status=...&limit=10`).
    pub fn list_path(query: &str) -> String {
        format!("/v1/{PROJECT_ID}/task-center/failure-jobs?{query}")
    }

    /// GETs `path` and returns status and body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let res = self
            .http
            .get(self.url(path))
            .header("x-auth-token", HARNESS_TOKEN)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = res.status().as_u16();
        (status, res.text().await.unwrap_or_default())
    }

    /// GETs `path`, which must answer 200 with JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        let (status, body) = self.get(path).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"))
    }

    /// POSTs JSON to `path`, which must answer 2xx.
    pub async fn post_json(&self, path: &str, body: &Value) -> Value {
        let res = self
            .http
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert!(status.is_success(), "POST {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// One page of failed tasks as the API returns it for `query`.
    pub async fn list_jobs(&self, query: &str) -> FailureJobList {
        let path = Self::list_path(query);
        let (status, body) = self.get(&path).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        FailureJobList::from_json(&body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
    }

    /// The protection groups (`id`, `name`) of the emulator.
    pub async fn groups(&self) -> Vec<(String, String)> {
        let v = self
            .get_json(&format!("/v1/{PROJECT_ID}/server-groups?limit=1000"))
            .await;
        v["server_groups"]
            .as_array()
            .map(|gs| {
                gs.iter()
                    .map(|g| {
                        (
                            g["id"].as_str().unwrap_or_default().to_owned(),
                            g["name"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The emulator's log of the last 200 API requests, oldest first
    /// (`method`, `path` with query, `token`, ...).
    pub async fn requests(&self) -> Vec<Value> {
        match self.get_json("/__emulator/requests").await {
            Value::Array(a) => a,
            other => panic!("GET /__emulator/requests: not a list: {other}"),
        }
    }

    /// Empties the emulator's request log.
    pub async fn clear_requests(&self) {
        let res = self
            .http
            .delete(self.url("/__emulator/requests"))
            .send()
            .await
            .expect("DELETE /__emulator/requests");
        assert!(
            res.status().is_success(),
            "DELETE /__emulator/requests: {}",
            res.status()
        );
    }

    /// Query strings of the failed-task lists the browser asked for (not
    /// the harness), oldest first, from the request log.
    pub async fn console_list_queries(&self) -> Vec<String> {
        let marker = "/task-center/failure-jobs?";
        self.requests()
            .await
            .iter()
            .filter(|r| r["method"].as_str() == Some("GET") && r["token"].as_str() != Some(HARNESS_TOKEN))
            .filter_map(|r| r["path"].as_str()?.split_once(marker).map(|(_, q)| q.to_owned()))
            .collect()
    }

    /// The query string of the last failed-task list the browser asked for.
    pub async fn last_list_query(&self) -> Option<String> {
        page_query(&self.console_list_queries().await)
    }

    /// Queues a one-shot fault (`POST /__emulator/faults`).
    pub async fn queue_fault(&self, fault: Value) {
        self.post_json("/__emulator/faults", &fault).await;
    }

    /// `/v1/{PROJECT_ID}/` + `rest`.
    pub fn api_path(rest: &str) -> String {
        format!("/v1/{PROJECT_ID}/{rest}")
    }

    /// The request log without the harness's own calls, oldest first.
    pub async fn console_requests(&self) -> Vec<Value> {
        self.requests()
            .await
            .into_iter()
            .filter(|r| r["token"].as_str() != Some(HARNESS_TOKEN))
            .collect()
    }

    /// `count` of the list for `query` (count mode `total`).
    pub async fn total(&self, query: &str) -> u64 {
        let q = if query.is_empty() {
            "limit=1".to_owned()
        } else {
            format!("{query}&limit=1")
        };
        self.list_jobs(&q)
            .await
            .count
            .unwrap_or_else(|| panic!("no count for {q}: start the server with --count total"))
    }

    /// Job ids of the page the API answers for `query`, in order.
    pub async fn job_ids(&self, query: &str) -> Vec<String> {
        self.list_jobs(query)
            .await
            .failure_jobs
            .into_iter()
            .map(|j| j.job_id)
            .collect()
    }

    /// Adds a failed task through `POST /__emulator/jobs` and returns the
    /// stored task (ids and begin time filled in).
    pub async fn add_job(&self, job: &Value) -> FailureJob {
        let stored = self.post_json("/__emulator/jobs", job).await;
        serde_json::from_value(stored.clone())
            .unwrap_or_else(|e| panic!("POST /__emulator/jobs answered {stored}: {e}"))
    }
}

/// Whether `query` is one of the timeline's walk over all pages (the API's
/// largest page, `limit=1000`), not a page the console shows.
pub fn is_timeline_walk(query: &str) -> bool {
    query.split('&').any(|p| p == "limit=1000")
}

/// The last of `queries` the page asked for: the timeline's walk over all
/// pages follows the page's request; a page of 1000 rows is the walk's
/// first page anyway.
pub(crate) fn page_query(queries: &[String]) -> Option<String> {
    queries
        .iter()
        .rev()
        .find(|q| !is_timeline_walk(q))
        .or(queries.last())
        .cloned()
}
