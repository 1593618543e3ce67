//! The failed-task list: `GET /v1/{project_id}/task-center/failure-jobs`.

use crate::enums::{FailureStatus, JobStatus, ResourceType};
use crate::lenient;
use crate::list_page::ListPage;
use serde::{Deserialize, Serialize};

/// One failed task. Every field is lenient: a missing field, `null` or a
/// scalar of the wrong type gives the default, never a decode failure.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct FailureJob {
    #[serde(deserialize_with = "lenient::string")]
    pub job_id: String,
    #[serde(deserialize_with = "lenient::string")]
    pub job_type: String,
    pub job_status: JobStatus,
    pub failure_status: FailureStatus,
    #[serde(deserialize_with = "lenient::string")]
    pub resource_id: String,
    #[serde(deserialize_with = "lenient::string")]
    pub resource_name: String,
    pub resource_type: ResourceType,
    #[serde(deserialize_with = "lenient::string")]
    pub begin_time: String,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub error_code: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub fail_reason: Option<String>,
}

impl AsRef<FailureJob> for FailureJob {
    fn as_ref(&self) -> &FailureJob {
        self
    }
}

/// A page of failed tasks.
///
/// Malformed rows: an element of `failure_jobs` that is not an object (a
/// string, a number, a list, `null`) is dropped and counted in
/// [`FailureJobList::malformed_rows`], so one broken row never blanks the
/// page; the console says how many rows could not be read. An object with
/// odd fields is kept, its odd fields defaulted. `failure_jobs: null` or
/// absent is an empty page.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct FailureJobList {
    /// Absent when the server did not send a usable `count`. Whether it is
    /// the page's count or the total is not documented: see [`crate::Paging`].
    pub count: Option<u64>,
    pub failure_jobs: Vec<FailureJob>,
    #[serde(skip)]
    pub malformed_rows: usize,
}

impl<'de> Deserialize<'de> for FailureJobList {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let page = ListPage::deserialize(d)?;
        Ok(FailureJobList {
            count: page.count,
            failure_jobs: page.rows,
            malformed_rows: page.malformed_rows,
        })
    }
}

impl FailureJobList {
    pub fn new(count: Option<u64>, failure_jobs: Vec<FailureJob>) -> Self {
        FailureJobList {
            count,
            failure_jobs,
            malformed_rows: 0,
        }
    }

    /// Decodes a response body. Fails only when the body is not a JSON
    /// object at all (HTML, truncated JSON, a bare array).
    pub fn from_json(body: impl AsRef<[u8]>) -> Result<Self, serde_json::Error> {
        lenient::decode(body.as_ref())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::enums::ResourceKind;

    #[test]
    fn decodes_the_official_example() {
        let list = FailureJobList::from_json(include_str!("../tests/data/official_example.json")).unwrap();
        assert_eq!(list.count, Some(2));
        assert_eq!(list.failure_jobs.len(), 2);
        let job = &list.failure_jobs[0];
        assert_eq!(job.job_id, "ff808082686f229a0168707beaab014e");
        assert_eq!(job.job_status, JobStatus::Fail);
        assert_eq!(job.failure_status, FailureStatus::CreateFail);
        assert_eq!(job.resource_type.kind(), Some(ResourceKind::ProtectedInstance));
        assert_eq!(job.error_code.as_deref(), Some("EVS.2024"));
        assert_eq!(job.begin_time, "2019-01-21T12:56:35.754Z");
    }

    #[test]
    fn missing_and_null_fields_default() {
        let list =
            FailureJobList::from_json(r#"{"failure_jobs":[{"job_id":null,"error_code":null},{}]}"#).unwrap();
        assert_eq!(list.count, None);
        assert_eq!(list.failure_jobs.len(), 2);
        assert_eq!(list.failure_jobs[0], FailureJob::default());
    }

    #[test]
    fn extra_fields_and_wrong_scalars_are_tolerated() {
        let list = FailureJobList::from_json(
            r#"{"count":"7","extra":{"a":[1]},"failure_jobs":[{"job_id":42,"resource_name":true,"fail_reason":{"nested":1},"x":[]}]}"#,
        )
        .unwrap();
        assert_eq!(list.count, Some(7));
        let job = &list.failure_jobs[0];
        assert_eq!(job.job_id, "42");
        assert_eq!(job.resource_name, "true");
        assert_eq!(job.fail_reason, None);
    }

    #[test]
    fn malformed_rows_are_counted_not_fatal() {
        let list = FailureJobList::from_json(
            r#"{"count":4,"failure_jobs":[{"job_id":"a"},"junk",7,null,[1,2],{"job_id":"b"}]}"#,
        )
        .unwrap();
        assert_eq!(list.failure_jobs.len(), 2);
        assert_eq!(list.malformed_rows, 4);
    }

    #[test]
    fn a_repeated_key_does_not_fail_the_page() {
        let list = FailureJobList::from_json(
            r#"{"failure_jobs":[{"job_id":"a","job_id":"b"},{"job_id":"c"}],"count":2}"#,
        )
        .unwrap();
        assert_eq!(list.failure_jobs.len(), 2);
        assert_eq!(list.failure_jobs[0].job_id, "b");
        assert_eq!(list.count, Some(2));
    }

    #[test]
    fn null_or_odd_list_is_empty() {
        let list = FailureJobList::from_json(r#"{"count":0,"failure_jobs":null}"#).unwrap();
        assert!(list.failure_jobs.is_empty());
        let list = FailureJobList::from_json(r#"{"failure_jobs":"nope"}"#).unwrap();
        assert!(list.failure_jobs.is_empty());
        assert_eq!(list.malformed_rows, 1);
        let list = FailureJobList::from_json(r#"{"count":-3}"#).unwrap();
        assert_eq!(list.count, None);
    }

    #[test]
    fn non_objects_fail_to_decode() {
        assert!(FailureJobList::from_json("<html>502</html>").is_err());
        assert!(FailureJobList::from_json(r#"{"count":1,"failure_jobs":[{"job_id":"a""#).is_err());
        assert!(FailureJobList::from_json("[]").is_err());
        assert!(FailureJobList::from_json("").is_err());
    }

    #[test]
    fn bytes_decode_like_browser_text() {
        // A byte-order mark is skipped; invalid UTF-8 is replaced, not fatal.
        let mut body =
            b"\xEF\xBB\xBF{\"count\":1,\"failure_jobs\":[{\"job_id\":\"a\",\"resource_name\":\"x".to_vec();
        body.extend_from_slice(b"\xFF\"}]}");
        let list = FailureJobList::from_json(&body).unwrap();
        assert_eq!(list.count, Some(1));
        assert_eq!(list.failure_jobs[0].job_id, "a");
        assert_eq!(list.failure_jobs[0].resource_name, "x\u{FFFD}");
    }

    #[test]
    fn serializes_back_to_the_wire_shape() {
        let list = FailureJobList::from_json(include_str!("../tests/data/official_example.json")).unwrap();
        let text = serde_json::to_string(&list).unwrap();
        let again = FailureJobList::from_json(&text).unwrap();
        assert_eq!(again, list);
        assert!(text.contains("\"resource_type\":\"protectedInstance\""));
        assert!(!text.contains("malformed"));
    }
}
