//! Job drill-down: `GET /v1/{project_id}/jobs/{job_id}`.

use crate::enums::JobStatus;
use crate::lenient;
use serde::{Deserialize, Serialize};

/// Status of one job; sub-jobs have the same shape.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JobStatusRecord {
    pub status: JobStatus,
    #[serde(deserialize_with = "lenient::string")]
    pub job_id: String,
    #[serde(deserialize_with = "lenient::string")]
    pub job_type: String,
    #[serde(deserialize_with = "lenient::string")]
    pub begin_time: String,
    #[serde(deserialize_with = "lenient::string")]
    pub end_time: String,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub error_code: Option<String>,
    #[serde(deserialize_with = "lenient::opt_string")]
    pub fail_reason: Option<String>,
    #[serde(deserialize_with = "entities")]
    pub entities: JobEntities,
}

/// What a job touched. Unknown keys are ignored.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct JobEntities {
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub server_group_id: Option<String>,
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub protected_instance_id: Option<String>,
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub replication_pair_id: Option<String>,
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub native_server_id: Option<String>,
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub volume_ids: Option<String>,
    #[serde(
        deserialize_with = "lenient::opt_string",
        skip_serializing_if = "Option::is_none"
    )]
    pub nic_id: Option<String>,
    #[serde(deserialize_with = "sub_jobs", skip_serializing_if = "Vec::is_empty")]
    pub sub_jobs: Vec<JobStatusRecord>,
}

/// A record decoded only from a JSON object.
struct ObjectOnly(JobStatusRecord);

impl<'de> Deserialize<'de> for ObjectOnly {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lenient::object_only(d).map(ObjectOnly)
    }
}

fn entities<'de, D: serde::Deserializer<'de>>(d: D) -> Result<JobEntities, D::Error> {
    Ok(Option::<JobEntities>::deserialize(d)?.unwrap_or_default())
}

fn sub_jobs<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<JobStatusRecord>, D::Error> {
    Ok(lenient::Rows::<JobStatusRecord>::deserialize(d)?.rows)
}

impl JobStatusRecord {
    /// Decodes a response body; fails only when it is not a JSON object.
    pub fn from_json(body: impl AsRef<[u8]>) -> Result<Self, serde_json::Error> {
        lenient::decode::<ObjectOnly>(body.as_ref()).map(|o| o.0)
    }

    /// Sub-jobs that failed.
    pub fn failed_sub_jobs(&self) -> usize {
        self.entities
            .sub_jobs
            .iter()
            .filter(|j| j.status == JobStatus::Fail)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_a_group_job_with_sub_jobs() {
        let rec = JobStatusRecord::from_json(
            r#"{"status":"FAIL","job_id":"j1","job_type":"createProtectedInstance","begin_time":"2019-01-21T12:56:35.754Z",
                "end_time":"2019-01-21T12:58:49.000Z","error_code":"EVS.2024","fail_reason":"volume is error",
                "entities":{"server_group_id":"g1","volume_ids":"v1,v2","sub_jobs":[
                  {"status":"SUCCESS","job_id":"s1","entities":{}},
                  {"status":"FAIL","job_id":"s2","error_code":"EVS.2024","fail_reason":"x","entities":null},
                  "junk"]}}"#,
        )
        .unwrap();
        assert_eq!(rec.status, JobStatus::Fail);
        assert_eq!(rec.entities.server_group_id.as_deref(), Some("g1"));
        assert_eq!(rec.entities.sub_jobs.len(), 2);
        assert_eq!(rec.failed_sub_jobs(), 1);
    }

    #[test]
    fn empty_object_and_null_entities_decode() {
        let rec = JobStatusRecord::from_json(r#"{"entities":null,"status":"PAUSED"}"#).unwrap();
        assert_eq!(rec.status, JobStatus::Other("PAUSED".into()));
        assert_eq!(rec.entities, JobEntities::default());
    }
}
