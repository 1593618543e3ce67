//! A page of failed tasks decoded straight into shared rows (`Arc`), for
//! the console, which keeps its rows shared: turning a `FailureJobList`'s
//! rows into `Arc`s afterwards copies every row once more while the page
//! is still held, and wasm memory keeps that peak. Same rules as every list
//! page (`list_page`).

use crate::job::FailureJob;
use crate::lenient;
use crate::list_page::ListPage;
use serde::Deserialize;
use std::sync::Arc;

/// A page of `GET /v1/{project_id}/task-center/failure-jobs`, rows shared.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SharedFailureJobList {
    pub count: Option<u64>,
    pub failure_jobs: Vec<Arc<FailureJob>>,
    /// Elements of `failure_jobs` that were not objects.
    pub malformed_rows: usize,
}

/// One row, put behind its `Arc` as it is decoded.
struct SharedJob(Arc<FailureJob>);

impl<'de> Deserialize<'de> for SharedJob {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        FailureJob::deserialize(d).map(|job| SharedJob(Arc::new(job)))
    }
}

impl<'de> Deserialize<'de> for SharedFailureJobList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let page = ListPage::<SharedJob>::deserialize(d)?;
        Ok(SharedFailureJobList {
            count: page.count,
            failure_jobs: page.rows.into_iter().map(|j| j.0).collect(),
            malformed_rows: page.malformed_rows,
        })
    }
}

impl SharedFailureJobList {
    pub fn from_json(body: impl AsRef<[u8]>) -> Result<Self, serde_json::Error> {
        lenient::decode(body.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::FailureJobList;

    #[test]
    fn shared_rows_follow_the_rules_of_a_list() {
        for body in [
            include_str!("../tests/data/official_example.json"),
            r#"{"count":"7","extra":{"a":[1]},"failure_jobs":[{"job_id":42,"resource_name":true,"fail_reason":{"nested":1},"x":[]}]}"#,
            r#"{"count":4,"failure_jobs":[{"job_id":"a"},"junk",7,null,[1,2],{"job_id":"b"}]}"#,
            r#"{"failure_jobs":[{"job_id":"a","job_id":"b"},{"job_id":"c"}],"count":2}"#,
            r#"{"count":0,"failure_jobs":null}"#,
            r#"{"failure_jobs":"nope"}"#,
            "\u{feff}{\"count\":1,\"failure_jobs\":[{\"job_id\":\"t\"}]}",
        ] {
            let list = FailureJobList::from_json(body).unwrap();
            let shared = SharedFailureJobList::from_json(body).unwrap();
            assert_eq!(shared.count, list.count, "{body}");
            assert_eq!(shared.malformed_rows, list.malformed_rows, "{body}");
            let rows: Vec<FailureJob> = shared.failure_jobs.iter().map(|j| (**j).clone()).collect();
            assert_eq!(rows, list.failure_jobs, "{body}");
        }
        for body in ["<html>502</html>", "[1,2]", ""] {
            assert!(SharedFailureJobList::from_json(body).is_err(), "{body}");
        }
    }
}
