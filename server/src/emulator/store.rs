//! The in-memory store of the emulator and its queries.
//!
//! Failed tasks are kept per scope (protection-group level, or one per
//! group), each sorted newest first, with the JSON of every task rendered
//! once when stored. The lower-cased resource names of a scope sit in one
//! contiguous string, so a name filter scans memory in order instead of
//! chasing one heap pointer per task. A list call is one filtered pass over
//! one scope plus string concatenation: a 1000-row page over 100,000 tasks
//! takes well under a millisecond.

use crate::cli::CountMode;
use crate::emulator::params::{GroupParams, ListParams};
use crate::emulator::seed::{Dataset, Group, SeedJob};
use crate::http::error::{codes, ApiError};
use memchr::memmem::Finder;
use sdrs_models::{DeleteMatch, FailureJob, ResourceKind};
use std::collections::HashMap;

/// A failed task with what the server needs beside the wire fields.
#[derive(Clone, Debug)]
pub struct StoredJob {
    pub job: FailureJob,
    /// `None`: protection-group level.
    pub group_id: Option<String>,
    pub kind: Option<ResourceKind>,
    json: Box<str>,
}

impl StoredJob {
    pub fn new(seed: SeedJob) -> Self {
        let json = serde_json::to_string(&seed.job)
            .unwrap_or_else(|_| "{}".into())
            .into_boxed_str();
        StoredJob {
            kind: seed.job.resource_type.kind(),
            group_id: seed.group_id,
            job: seed.job,
            json,
        }
    }

    /// The task as sent on the wire.
    pub fn json(&self) -> &str {
        &self.json
    }
}

/// Newest first; ties broken by job id so the order is stable.
fn newer_first(a: &StoredJob, b: &StoredJob) -> std::cmp::Ordering {
    b.job
        .begin_time
        .cmp(&a.job.begin_time)
        .then_with(|| a.job.job_id.cmp(&b.job.job_id))
}

/// The tasks of one scope, newest first, and their lower-cased names laid
/// end to end (`name_ends[i]` is where the name of task `i` ends).
#[derive(Debug, Default)]
struct Scope {
    jobs: Vec<StoredJob>,
    names: String,
    name_ends: Vec<usize>,
}

impl Scope {
    /// Sorts and rebuilds the name index; called after every change (a
    /// change is O(n) anyway).
    fn reindex(&mut self) {
        self.jobs.sort_by(newer_first);
        self.names.clear();
        self.name_ends.clear();
        for job in &self.jobs {
            self.names.push_str(&job.job.resource_name.to_lowercase());
            self.name_ends.push(self.names.len());
        }
    }

    fn name(&self, i: usize) -> &[u8] {
        let start = if i == 0 { 0 } else { self.name_ends[i - 1] };
        &self.names.as_bytes()[start..self.name_ends[i]]
    }

    fn matching<'a>(
        &'a self,
        p: &'a ListParams,
        name: Option<&'a Finder<'a>>,
    ) -> impl Iterator<Item = &'a StoredJob> {
        self.jobs.iter().enumerate().filter_map(move |(i, j)| {
            let hit = p
                .failure_status
                .as_ref()
                .is_none_or(|s| *s == j.job.failure_status)
                && p.resource_kind.is_none_or(|k| Some(k) == j.kind)
                && name.is_none_or(|f| f.find(self.name(i)).is_some());
            hit.then_some(j)
        })
    }
}

/// All groups and failed tasks.
#[derive(Debug, Default)]
pub struct Store {
    groups: Vec<Group>,
    group_level: Scope,
    by_group: HashMap<String, Scope>,
}

impl Store {
    pub fn new(data: Dataset) -> Self {
        let mut store = Store {
            by_group: data
                .groups
                .iter()
                .map(|g| (g.id.clone(), Scope::default()))
                .collect(),
            groups: data.groups,
            group_level: Scope::default(),
        };
        for seed in data.jobs {
            let job = StoredJob::new(seed);
            match &job.group_id {
                None => store.group_level.jobs.push(job),
                Some(g) => store.by_group.entry(g.clone()).or_default().jobs.push(job),
            }
        }
        store.group_level.reindex();
        for scope in store.by_group.values_mut() {
            scope.reindex();
        }
        store
    }

    pub fn groups(&self) -> &[Group] {
        &self.groups
    }

    pub fn has_group(&self, id: &str) -> bool {
        self.by_group.contains_key(id)
    }

    /// Number of stored failed tasks.
    pub fn len(&self) -> usize {
        self.scopes().map(|s| s.jobs.len()).sum()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    fn scope(&self, group: Option<&str>) -> Option<&Scope> {
        match group {
            None => Some(&self.group_level),
            Some(g) => self.by_group.get(g),
        }
    }

    fn scope_mut(&mut self, group: Option<&str>) -> Option<&mut Scope> {
        match group {
            None => Some(&mut self.group_level),
            Some(g) => self.by_group.get_mut(g),
        }
    }

    fn scopes(&self) -> impl Iterator<Item = &Scope> {
        std::iter::once(&self.group_level).chain(self.by_group.values())
    }

    /// Every stored task, in no particular order.
    pub fn all(&self) -> impl Iterator<Item = &StoredJob> {
        self.scopes().flat_map(|s| s.jobs.iter())
    }

    /// The body of `GET task-center/failure-jobs`. Scope rule: without
    /// `server_group_id` only protection-group-level tasks; with it, that
    /// group's tasks only. An unknown group id is 404 `itemNotFound` with
    /// `SDRS.1013`.
    pub fn list_json(&self, p: &ListParams, count_mode: CountMode) -> Result<String, ApiError> {
        let scope = self
            .scope(p.server_group_id.as_deref())
            .ok_or_else(group_not_found)?;
        let mut body = String::with_capacity(64 + p.limit.min(scope.jobs.len()) * 420);
        body.push_str("{\"count\":");
        let count_pos = body.len();
        body.push_str(",\"failure_jobs\":[");
        let mut matched = 0usize;
        let mut rows = 0usize;
        let name = p.resource_name.as_deref().map(Finder::new);
        for job in scope.matching(p, name.as_ref()) {
            if matched >= p.offset && rows < p.limit {
                if rows > 0 {
                    body.push(',');
                }
                body.push_str(job.json());
                rows += 1;
            } else if rows >= p.limit && count_mode == CountMode::Page {
                break;
            }
            matched += 1;
        }
        body.push_str("]}");
        let count = match count_mode {
            CountMode::Total => matched,
            CountMode::Page => rows,
        };
        body.insert_str(count_pos, &count.to_string());
        Ok(body)
    }

    /// `DELETE task-center/failure-jobs/{id}`, by the rule of
    /// [`sdrs_models::delete_rule`]: every task of the resource with that
    /// `resource_id`, else the task with that `job_id`. Returns the number
    /// removed (0: not found).
    pub fn delete_one(&mut self, id: &str) -> usize {
        let hit = self.delete_one_rule(id);
        let mut removed = 0;
        for scope in std::iter::once(&mut self.group_level).chain(self.by_group.values_mut()) {
            let before = scope.jobs.len();
            scope.jobs.retain(|j| !hit(j));
            if scope.jobs.len() != before {
                removed += before - scope.jobs.len();
                scope.reindex();
            }
        }
        removed
    }

    /// Which tasks `delete_one(id)` removes.
    fn delete_one_rule<'a>(&self, id: &'a str) -> impl Fn(&StoredJob) -> bool + 'a {
        let by = DeleteMatch::for_id(id, self.all().map(|j| j.job.resource_id.as_str()));
        move |j: &StoredJob| by.pick(&j.job.resource_id, &j.job.job_id) == id
    }

    /// The tasks `delete_one(id)` would remove (for the audit trail).
    pub fn delete_one_preview(&self, id: &str) -> Vec<&StoredJob> {
        let hit = self.delete_one_rule(id);
        self.all().filter(|j| hit(j)).collect()
    }

    /// `DELETE task-center/failure-jobs/batch` (`None`) or
    /// `DELETE task-center/{group}/failure-jobs/batch`. Unknown group: 404.
    pub fn clear_scope(&mut self, group: Option<&str>) -> Result<usize, ApiError> {
        let scope = self.scope_mut(group).ok_or_else(group_not_found)?;
        let n = scope.jobs.len();
        *scope = Scope::default();
        Ok(n)
    }

    /// The task with this `job_id`.
    pub fn find_job(&self, job_id: &str) -> Option<&StoredJob> {
        self.all().find(|j| j.job.job_id == job_id)
    }

    /// Adds a task at its place in the newest-first order. Unknown group: 404.
    pub fn add(&mut self, seed: SeedJob) -> Result<&StoredJob, ApiError> {
        let job = StoredJob::new(seed);
        let id = job.job.job_id.clone();
        let group = job.group_id.clone();
        let scope = self.scope_mut(group.as_deref()).ok_or_else(group_not_found)?;
        scope.jobs.push(job);
        scope.reindex();
        let at = scope.jobs.iter().position(|j| j.job.job_id == id).unwrap_or(0);
        Ok(&scope.jobs[at])
    }

    /// The body of `GET server-groups`; `count` is the total of matches.
    pub fn groups_json(&self, p: &GroupParams) -> String {
        let matching: Vec<&Group> = self
            .groups
            .iter()
            .filter(|g| p.status.as_deref().is_none_or(|s| g.status == s))
            .filter(|g| !p.abnormal_only || g.status.starts_with("error"))
            .filter(|g| {
                p.availability_zone
                    .as_deref()
                    .is_none_or(|az| g.source_availability_zone == az || g.target_availability_zone == az)
            })
            .filter(|g| {
                p.name
                    .as_deref()
                    .is_none_or(|n| g.name.to_lowercase().contains(n))
            })
            .collect();
        #[derive(serde::Serialize)]
        struct Page<'a> {
            server_groups: Vec<&'a Group>,
            count: usize,
        }
        let page = Page {
            server_groups: matching.iter().skip(p.offset).take(p.limit).copied().collect(),
            count: matching.len(),
        };
        serde_json::to_string(&page).unwrap_or_default()
    }
}

fn group_not_found() -> ApiError {
    ApiError::not_found(codes::GROUP_NOT_FOUND, "The protection group does not exist")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::emulator::seed::generate;

    fn store() -> Store {
        Store::new(generate(3, 600, 10, 1_700_000_000_000))
    }

    fn list(s: &Store, query: &str, mode: CountMode) -> serde_json::Value {
        let p = ListParams::parse(Some(query)).unwrap();
        serde_json::from_str(&s.list_json(&p, mode).unwrap()).unwrap()
    }

    #[test]
    fn pages_are_sorted_and_counted_both_ways() {
        let s = store();
        let all = list(&s, "", CountMode::Total);
        let rows = all["failure_jobs"].as_array().unwrap();
        assert_eq!(all["count"].as_u64().unwrap() as usize, rows.len());
        assert!(rows
            .windows(2)
            .all(|w| w[0]["begin_time"].as_str() >= w[1]["begin_time"].as_str()));
        let page = list(&s, "limit=3&offset=2", CountMode::Total);
        assert_eq!(page["count"], all["count"]);
        assert_eq!(page["failure_jobs"][0], rows[2]);
        let page = list(&s, "limit=3&offset=2", CountMode::Page);
        assert_eq!(page["count"], 3);
    }

    #[test]
    fn unknown_group_is_not_found() {
        let s = store();
        let p = ListParams::parse(Some("server_group_id=nope")).unwrap();
        assert_eq!(s.list_json(&p, CountMode::Total).unwrap_err().code, "SDRS.1013");
    }

    #[test]
    fn add_keeps_order_and_delete_removes() {
        let mut s = store();
        let mut job = s.group_level.jobs[5].job.clone();
        job.job_id = "x".repeat(32);
        job.resource_id = "r-new".into();
        let n = s.len();
        s.add(SeedJob { group_id: None, job }).unwrap();
        assert!(s
            .group_level
            .jobs
            .windows(2)
            .all(|w| newer_first(&w[0], &w[1]).is_le()));
        assert_eq!(s.len(), n + 1);
        assert_eq!(s.delete_one("r-new"), 1);
        assert_eq!(s.delete_one(&"x".repeat(32)), 0);
        assert_eq!(s.len(), n);
    }

    #[test]
    fn name_index_follows_changes() {
        let mut s = store();
        let p = ListParams::parse(Some("resource_name=%C3%89TRANGE")).unwrap();
        let job = FailureJob {
            job_id: "n1".into(),
            resource_id: "n1".into(),
            resource_name: "Nom-Étrange".into(),
            begin_time: "2099-01-01T00:00:00.000Z".into(),
            ..Default::default()
        };
        s.add(SeedJob { group_id: None, job }).unwrap();
        let body: serde_json::Value =
            serde_json::from_str(&s.list_json(&p, CountMode::Total).unwrap()).unwrap();
        assert_eq!(body["count"], 1);
        assert_eq!(body["failure_jobs"][0]["job_id"], "n1");
        let first = s.group_level.jobs[1].job.resource_id.clone();
        s.delete_one(&first);
        let body: serde_json::Value =
            serde_json::from_str(&s.list_json(&p, CountMode::Total).unwrap()).unwrap();
        assert_eq!(body["count"], 1);
        for (i, j) in s.group_level.jobs.iter().enumerate() {
            assert_eq!(
                s.group_level.name(i),
                j.job.resource_name.to_lowercase().as_bytes()
            );
        }
    }
}
