//! Failures, scopes and queries of the journal tests.
#![allow(dead_code)]

use sdrs_console_server::db::journal::{ScopeRef, SeenFailure};
use sdrs_models::{FailureJob, FailureStatus, JournalEntry, JournalPage, JournalQuery, ResourceType};

pub const T0: i64 = 1_800_000_000_000;
pub const MINUTE: i64 = 60_000;

pub fn scope(name: &str, project_id: &str) -> ScopeRef {
    ScopeRef {
        name: name.into(),
        region: "ap-southeast-3".into(),
        project_id: project_id.into(),
    }
}

/// A failure that began `begin_min` minutes after `T0`.
pub fn failure(job_id: &str, name: &str, status: FailureStatus, kind: &str, begin_min: i64) -> SeenFailure {
    SeenFailure {
        server_group_id: None,
        job: FailureJob {
            job_id: job_id.into(),
            resource_id: format!("r-{job_id}"),
            resource_name: name.into(),
            resource_type: ResourceType(kind.into()),
            failure_status: status,
            begin_time: sdrs_console_server::util::timefmt::format_ms(T0 + begin_min * MINUTE),
            job_type: "createProtectedInstance".into(),
            ..FailureJob::default()
        },
    }
}

pub fn simple(job_id: &str, begin_min: i64) -> SeenFailure {
    failure(
        job_id,
        job_id,
        FailureStatus::CreateFail,
        "protectedInstance",
        begin_min,
    )
}

pub fn query() -> JournalQuery {
    JournalQuery {
        limit: 100,
        ..JournalQuery::default()
    }
}

pub fn ids(page: &JournalPage) -> Vec<&str> {
    page.entries.iter().map(|e| e.job.job_id.as_str()).collect()
}

pub fn entry<'a>(page: &'a JournalPage, job_id: &str) -> &'a JournalEntry {
    page.entries
        .iter()
        .find(|e| e.job.job_id == job_id)
        .unwrap_or_else(|| panic!("{job_id} not in {:?}", ids(page)))
}

pub fn time(ms: i64) -> String {
    sdrs_console_server::util::timefmt::format_ms(ms)
}
