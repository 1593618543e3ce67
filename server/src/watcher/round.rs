//! One polling round of one scope: the group-level failures, the
//! protection groups, then each group's failures, every list paged by 1000
//! (a full page means there may be more). Any answer other than a 2xx with
//! a readable body ends the round with a classified [`RoundError`], so a
//! round is either complete or nothing.

use super::pace::CredentialLimiter;
use super::{Answer, ScopeApi, SeenFailure, Unreachable};
use axum::body::Bytes;
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sdrs_models::{parse_error_body, FailureJobList, ProtectionGroupList};
use std::collections::HashSet;
use std::time::Duration;

/// Rows asked for per page: the API's largest page.
pub const PAGE_LIMIT: usize = 1000;

/// Pages of one list before the round gives up: an upstream that answers
/// full pages forever would otherwise keep the round going.
pub const MAX_PAGES: usize = 200;

/// The longest wait for one answer. A backstop: the upstream's own
/// timeout normally answers first; without one, a request that never
/// answers would stop its scope for good.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(60);

/// Longest upstream message kept in an error, in characters.
const MESSAGE_CHARS: usize = 300;

/// Characters left as they are in a path segment or query value.
const UNRESERVED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Why a round ended without a result. The texts name the upstream's code
/// and message, never a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RoundError {
    /// 401 or 403: the scope's credential was refused.
    Refused(String),
    /// 429: the upstream asks to slow down, maybe for `retry_after`.
    Throttled {
        retry_after: Option<Duration>,
        message: String,
    },
    /// Any other status, no answer, or a body that is no list.
    Failed(String),
}

impl RoundError {
    pub fn message(&self) -> &str {
        match self {
            RoundError::Refused(m) | RoundError::Failed(m) => m,
            RoundError::Throttled { message, .. } => message,
        }
    }
}

/// What a complete round listed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RoundReport {
    /// Every failure listed, each job once.
    pub seen: Vec<SeenFailure>,
    /// Protection groups listed.
    pub groups: usize,
    /// Requests the round made.
    pub requests: usize,
    /// Rows that could not be read (not an object, or without a job id).
    pub unreadable_rows: usize,
}

/// Lists everything of the scope of `project_id`, each request paced by
/// `limiter`.
pub async fn run_round(
    api: &dyn ScopeApi,
    project_id: &str,
    limiter: &CredentialLimiter,
) -> Result<RoundReport, RoundError> {
    run_round_with(api, project_id, limiter, MAX_PAGES).await
}

async fn run_round_with(
    api: &dyn ScopeApi,
    project_id: &str,
    limiter: &CredentialLimiter,
    max_pages: usize,
) -> Result<RoundReport, RoundError> {
    let mut round = Round {
        api,
        limiter,
        project: utf8_percent_encode(project_id, UNRESERVED).to_string(),
        max_pages,
        job_ids: HashSet::new(),
        report: RoundReport::default(),
    };
    round.failures(None).await?;
    let groups = round.groups().await?;
    round.report.groups = groups.len();
    for group in &groups {
        round.failures(Some(group)).await?;
    }
    Ok(round.report)
}

struct Round<'a> {
    api: &'a dyn ScopeApi,
    limiter: &'a CredentialLimiter,
    /// Encoded for the path.
    project: String,
    max_pages: usize,
    job_ids: HashSet<String>,
    report: RoundReport,
}

impl Round<'_> {
    async fn get(&mut self, path_and_query: String) -> Result<Bytes, RoundError> {
        self.limiter.until_ready().await;
        self.report.requests += 1;
        match tokio::time::timeout(REQUEST_TIMEOUT, self.api.get(path_and_query)).await {
            Ok(answer) => classify(answer),
            Err(_) => Err(RoundError::Failed(format!(
                "no answer within {} s",
                REQUEST_TIMEOUT.as_secs()
            ))),
        }
    }

    /// The failures listed at group level (`None`) or under `group`.
    async fn failures(&mut self, group: Option<&str>) -> Result<(), RoundError> {
        let filter = group
            .map(|g| format!("&server_group_id={}", utf8_percent_encode(g, UNRESERVED)))
            .unwrap_or_default();
        for page in 0..self.max_pages {
            let offset = page * PAGE_LIMIT;
            let path = format!(
                "/v1/{}/task-center/failure-jobs?limit={PAGE_LIMIT}&offset={offset}{filter}",
                self.project
            );
            let body = self.get(path).await?;
            let list = FailureJobList::from_json(&body).map_err(|e| {
                RoundError::Failed(format!(
                    "the failure list{} is not a JSON object: {e}",
                    group
                        .map(|g| format!(" of protection group {g}"))
                        .unwrap_or_default()
                ))
            })?;
            let rows = list.failure_jobs.len() + list.malformed_rows;
            self.report.unreadable_rows += list.malformed_rows;
            for job in list.failure_jobs {
                if job.job_id.is_empty() {
                    self.report.unreadable_rows += 1;
                } else if self.job_ids.insert(job.job_id.clone()) {
                    self.report.seen.push(SeenFailure {
                        server_group_id: group.map(str::to_owned),
                        job,
                    });
                }
            }
            if rows < PAGE_LIMIT {
                return Ok(());
            }
        }
        Err(too_many_pages(self.max_pages))
    }

    /// The ids of every protection group, each once.
    async fn groups(&mut self) -> Result<Vec<String>, RoundError> {
        let mut ids = Vec::new();
        let mut known = HashSet::new();
        for page in 0..self.max_pages {
            let offset = page * PAGE_LIMIT;
            let path = format!(
                "/v1/{}/server-groups?limit={PAGE_LIMIT}&offset={offset}",
                self.project
            );
            let body = self.get(path).await?;
            let list = ProtectionGroupList::from_json(&body).map_err(|e| {
                RoundError::Failed(format!("the protection group list is not a JSON object: {e}"))
            })?;
            let rows = list.server_groups.len();
            for group in list.server_groups {
                if !group.id.is_empty() && known.insert(group.id.clone()) {
                    ids.push(group.id);
                }
            }
            if rows < PAGE_LIMIT {
                return Ok(ids);
            }
        }
        Err(too_many_pages(self.max_pages))
    }
}

fn too_many_pages(max_pages: usize) -> RoundError {
    RoundError::Failed(format!(
        "the upstream answered more than {max_pages} full pages of one list"
    ))
}

/// The body of a 2xx answer, or why the round ends.
pub fn classify(answer: Result<Answer, Unreachable>) -> Result<Bytes, RoundError> {
    let answer = answer.map_err(|Unreachable(why)| RoundError::Failed(format!("no answer: {why}")))?;
    if (200..300).contains(&answer.status) {
        return Ok(answer.body);
    }
    let detail = parse_error_body(answer.status, &String::from_utf8_lossy(&answer.body));
    let message: String = detail.message.chars().take(MESSAGE_CHARS).collect();
    let text = if detail.from_envelope {
        format!("HTTP {} {}: {message}", answer.status, detail.code)
    } else if message.is_empty() {
        format!("HTTP {}", answer.status)
    } else {
        format!("HTTP {}: {message}", answer.status)
    };
    Err(match answer.status {
        401 | 403 => RoundError::Refused(text),
        429 => RoundError::Throttled {
            retry_after: answer.retry_after,
            message: text,
        },
        _ => RoundError::Failed(text),
    })
}

#[cfg(test)]
#[path = "round_tests.rs"]
mod tests;
