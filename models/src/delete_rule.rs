//! Which id `DELETE /v1/{project_id}/task-center/failure-jobs/{failure_job_id}`
//! takes, and which tasks it removes. The docs do not settle it: the
//! official delete example uses the UUID that is the listed job's
//! `resource_id`, not its `job_id`. So the console sends the `resource_id`
//! (the `job_id` of a task without one), and a delete removes every task of
//! the resource with that `resource_id`, else the task with that `job_id`.
//! The console, the emulator and the audit trail all follow this one rule.

use crate::job::FailureJob;

/// The id a delete of `job` sends.
pub fn failure_job_id(job: &FailureJob) -> &str {
    if job.resource_id.is_empty() {
        &job.job_id
    } else {
        &job.resource_id
    }
}

/// The field of the tasks a delete by one id is matched against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeleteMatch {
    ResourceId,
    JobId,
}

impl DeleteMatch {
    /// `resource_id` when some task has `id` as its resource id, else `job_id`.
    pub fn for_id<'a>(id: &str, mut resource_ids: impl Iterator<Item = &'a str>) -> Self {
        if resource_ids.any(|r| r == id) {
            DeleteMatch::ResourceId
        } else {
            DeleteMatch::JobId
        }
    }

    /// The wire name of the field.
    pub fn field(self) -> &'static str {
        match self {
            DeleteMatch::ResourceId => "resource_id",
            DeleteMatch::JobId => "job_id",
        }
    }

    /// Of a task's ids, the one compared with the delete's id.
    pub fn pick<'a>(self, resource_id: &'a str, job_id: &'a str) -> &'a str {
        match self {
            DeleteMatch::ResourceId => resource_id,
            DeleteMatch::JobId => job_id,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_console_sends_the_resource_id_else_the_job_id() {
        let mut job = FailureJob {
            job_id: "j1".into(),
            resource_id: "r1".into(),
            ..FailureJob::default()
        };
        assert_eq!(failure_job_id(&job), "r1");
        job.resource_id.clear();
        assert_eq!(failure_job_id(&job), "j1");
    }

    #[test]
    fn a_delete_matches_the_resource_first() {
        let resources = ["r1", "r1", "r9", "r3"];
        let by = DeleteMatch::for_id("r1", resources.into_iter());
        assert_eq!(
            (by, by.field(), by.pick("r1", "j1")),
            (DeleteMatch::ResourceId, "resource_id", "r1")
        );
        let by = DeleteMatch::for_id("j3", resources.into_iter());
        assert_eq!(
            (by, by.field(), by.pick("r3", "j3")),
            (DeleteMatch::JobId, "job_id", "j3")
        );
    }
}
