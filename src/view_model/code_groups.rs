//! Failed tasks grouped by error code: one group per code (codes of every
//! service, and "no code" as a group of its own) with its failures, the
//! distinct resources they hit and the span of their begin times, largest
//! group first.

use crate::api::failure_job_id;
use sdrs_models::FailureJob;
use std::sync::Arc;

/// The failures of one error code.
#[derive(Clone, Debug, PartialEq)]
pub struct CodeGroup {
    /// The code as the service wrote it (trimmed); `None`: no code.
    pub code: Option<String>,
    /// In the order given (the service's: newest first).
    pub jobs: Vec<Arc<FailureJob>>,
    /// Distinct resources, in order of first appearance.
    pub resources: Vec<Resource>,
    /// Earliest and latest begin time, as written; `None` when no begin
    /// time of the group could be read.
    pub span: Option<(String, String)>,
}

/// A resource a group's failures hit: its name, else its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Resource {
    pub name: String,
    pub id: String,
}

impl Resource {
    fn of(job: &FailureJob) -> Self {
        Resource {
            name: job.resource_name.trim().to_owned(),
            id: job.resource_id.trim().to_owned(),
        }
    }

    /// What the view shows: the name, or the id of a nameless resource.
    pub fn label(&self) -> &str {
        if self.name.is_empty() {
            &self.id
        } else {
            &self.name
        }
    }
}

impl CodeGroup {
    pub fn count(&self) -> usize {
        self.jobs.len()
    }

    /// The first `shown` resources and how many more there are.
    pub fn resources_shown(&self, shown: usize) -> (&[Resource], usize) {
        let n = shown.min(self.resources.len());
        (&self.resources[..n], self.resources.len() - n)
    }

    /// Stable identity of the group in the view and its markup: the code,
    /// or an empty string for "no code".
    pub fn key(&self) -> &str {
        self.code.as_deref().unwrap_or("")
    }
}

/// A blank code is no code.
pub fn code_of(job: &FailureJob) -> Option<&str> {
    job.error_code.as_deref().map(str::trim).filter(|c| !c.is_empty())
}

/// Groups `jobs` by error code, largest group first (ties: codes in
/// alphabetical order, "no code" last). `parse_ms` reads a begin time
/// (the browser's `Date.parse`); times it cannot read are left out of the
/// span.
pub fn group_by_code(jobs: &[Arc<FailureJob>], parse_ms: impl Fn(&str) -> Option<f64>) -> Vec<CodeGroup> {
    // A linear search per row: a page has a few dozen distinct codes at
    // most, and no hash map is compiled into the wasm for it. Beside each
    // group: its earliest and latest readable begin time.
    type Span<'a> = Option<((f64, &'a str), (f64, &'a str))>;
    let mut groups: Vec<(CodeGroup, Span)> = Vec::new();
    for job in jobs {
        let code = code_of(job);
        let at = match groups.iter().position(|(g, _)| g.code.as_deref() == code) {
            Some(i) => i,
            None => {
                let group = CodeGroup {
                    code: code.map(str::to_owned),
                    jobs: Vec::new(),
                    resources: Vec::new(),
                    span: None,
                };
                groups.push((group, None));
                groups.len() - 1
            }
        };
        let (group, span) = &mut groups[at];
        group.jobs.push(job.clone());
        let resource = Resource::of(job);
        if !resource.label().is_empty() && !group.resources.contains(&resource) {
            group.resources.push(resource);
        }
        if let Some(ms) = parse_ms(&job.begin_time).filter(|ms| ms.is_finite()) {
            let at = (ms, job.begin_time.as_str());
            *span = Some(match *span {
                None => (at, at),
                Some((first, last)) => (
                    if ms < first.0 { at } else { first },
                    if ms > last.0 { at } else { last },
                ),
            });
        }
    }
    for (group, span) in &mut groups {
        group.span = span.map(|((_, first), (_, last))| (first.to_owned(), last.to_owned()));
    }
    let mut groups: Vec<CodeGroup> = groups.into_iter().map(|(g, _)| g).collect();
    groups.sort_by(|a, b| {
        b.count().cmp(&a.count()).then_with(|| match (&a.code, &b.code) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => std::cmp::Ordering::Less,
            (None, Some(_)) => std::cmp::Ordering::Greater,
            (None, None) => std::cmp::Ordering::Equal,
        })
    });
    groups
}

/// The requests a delete of `group` sends: each [`failure_job_id`] once
/// (several failures of one resource share it, and the service deletes by
/// it), with how many of the group's failures it covers.
pub fn delete_plan(group: &[Arc<FailureJob>]) -> Vec<(String, usize)> {
    let mut plan: Vec<(String, usize)> = Vec::with_capacity(group.len());
    for job in group {
        let id = failure_job_id(job);
        match plan.iter_mut().find(|(i, _)| i == id) {
            Some((_, n)) => *n += 1,
            None => plan.push((id.to_owned(), 1)),
        }
    }
    plan
}

/// Failures outside `group` (among `all`) that share a delete id with it:
/// deleting the group takes them too when the service deletes by
/// resource, so the confirmation names them.
pub fn taken_along(group: &[Arc<FailureJob>], all: &[Arc<FailureJob>]) -> usize {
    let plan = delete_plan(group);
    all.iter()
        .filter(|j| !group.iter().any(|g| Arc::ptr_eq(g, j)))
        .filter(|j| plan.iter().any(|(id, _)| id == failure_job_id(j)))
        .count()
}

#[cfg(test)]
#[path = "code_groups_tests.rs"]
mod tests;
