//! Test doubles of the watcher's seams: a scripted upstream, a journal
//! that remembers what it was given, and a leadership a test switches.

use super::leader::LeaderGate;
use super::shared::HealthShare;
use super::{Answer, BoxFuture, RoundSink, ScopeApi, ScopeInfo, SeenFailure, Unreachable};
use crate::util::lock::lock;
use sdrs_models::ScopeHealth;
use std::collections::{HashMap, VecDeque};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::time::Instant;

/// Answers per path, in order, and remembers the paths asked.
#[derive(Default)]
pub struct FakeApi {
    script: Mutex<HashMap<String, VecDeque<Result<Answer, Unreachable>>>>,
    /// Answers for paths with nothing scripted left (default: 404).
    fallback: Mutex<Option<Answer>>,
    /// Paths asked, with the (virtual) time of asking.
    asked: Mutex<Vec<(Instant, String)>>,
    /// Each answer waits this long (virtual time in paused tests).
    delay: Mutex<Duration>,
}

pub fn ok(body: impl Into<String>) -> Result<Answer, Unreachable> {
    Ok(Answer {
        status: 200,
        retry_after: None,
        body: body.into().into(),
    })
}

pub fn status(status: u16, retry_after: Option<Duration>, body: &str) -> Result<Answer, Unreachable> {
    Ok(Answer {
        status,
        retry_after,
        body: body.to_owned().into(),
    })
}

/// `{"count":n,"failure_jobs":[…]}` with jobs `{prefix}{from..to}`.
pub fn jobs(prefix: &str, from: usize, to: usize) -> String {
    let rows: Vec<String> = (from..to)
        .map(|i| {
            format!(
                r#"{{"job_id":"{prefix}{i}","job_type":"createProtectedInstance","job_status":"FAIL","failure_status":"createFail","resource_id":"r{i}","resource_name":"vm-{i}","resource_type":"protected_instances","begin_time":"2026-12-01T10:00:00.000Z","error_code":null,"fail_reason":null}}"#
            )
        })
        .collect();
    format!(r#"{{"count":{},"failure_jobs":[{}]}}"#, to - from, rows.join(","))
}

pub fn groups(ids: &[&str]) -> String {
    let rows: Vec<String> = ids
        .iter()
        .map(|id| format!(r#"{{"id":"{id}","name":"pg-{id}","status":"available"}}"#))
        .collect();
    format!(
        r#"{{"count":{},"server_groups":[{}]}}"#,
        ids.len(),
        rows.join(",")
    )
}

impl FakeApi {
    pub fn new() -> Arc<FakeApi> {
        Arc::new(FakeApi::default())
    }

    /// Answers `answer` once to `path`, after what is scripted for it.
    pub fn on(&self, path: &str, answer: Result<Answer, Unreachable>) -> &Self {
        lock(&self.script)
            .entry(path.to_owned())
            .or_default()
            .push_back(answer);
        self
    }

    /// Answers `answer` to every path with nothing scripted left.
    pub fn always(&self, answer: Result<Answer, Unreachable>) -> &Self {
        *lock(&self.fallback) = answer.ok();
        self
    }

    /// Every answer waits `delay` first.
    pub fn slow(&self, delay: Duration) -> &Self {
        *lock(&self.delay) = delay;
        self
    }

    pub fn asked(&self) -> Vec<String> {
        lock(&self.asked).iter().map(|(_, p)| p.clone()).collect()
    }

    /// When each request was made.
    pub fn asked_at(&self) -> Vec<Instant> {
        lock(&self.asked).iter().map(|(at, _)| *at).collect()
    }
}

impl ScopeApi for FakeApi {
    fn get(&self, path_and_query: String) -> BoxFuture<'static, Result<Answer, Unreachable>> {
        lock(&self.asked).push((Instant::now(), path_and_query.clone()));
        let scripted = lock(&self.script)
            .get_mut(&path_and_query)
            .and_then(VecDeque::pop_front);
        let answer = scripted.unwrap_or_else(|| match lock(&self.fallback).clone() {
            Some(answer) => Ok(answer),
            None => status(
                404,
                None,
                r#"{"error":{"code":"APIGW.0101","message":"not scripted"}}"#,
            ),
        });
        let delay = *lock(&self.delay);
        Box::pin(async move {
            tokio::time::sleep(delay).await;
            answer
        })
    }
}

/// One call of [`RoundSink::record`].
#[derive(Clone, Debug)]
pub struct Recorded {
    pub scope: String,
    pub seen: Vec<SeenFailure>,
}

/// Remembers rounds and prunes; fails while `failing` is set.
#[derive(Default)]
pub struct FakeSink {
    rounds: Mutex<Vec<Recorded>>,
    prunes: Mutex<Vec<i64>>,
    pub failing: AtomicBool,
}

impl FakeSink {
    pub fn new() -> Arc<FakeSink> {
        Arc::new(FakeSink::default())
    }

    pub fn rounds(&self) -> Vec<Recorded> {
        lock(&self.rounds).clone()
    }

    pub fn rounds_of(&self, scope: &str) -> usize {
        lock(&self.rounds).iter().filter(|r| r.scope == scope).count()
    }

    pub fn prunes(&self) -> Vec<i64> {
        lock(&self.prunes).clone()
    }
}

impl RoundSink for FakeSink {
    fn record(
        &self,
        scope: &ScopeInfo,
        seen: Vec<SeenFailure>,
        _now_ms: i64,
    ) -> BoxFuture<'static, Result<u64, String>> {
        if self.failing.load(Ordering::SeqCst) {
            return Box::pin(async { Err("database is gone".to_owned()) });
        }
        let open = seen.len() as u64;
        lock(&self.rounds).push(Recorded {
            scope: scope.name.clone(),
            seen,
        });
        Box::pin(async move { Ok(open) })
    }

    fn prune(&self, before_ms: i64) -> BoxFuture<'static, Result<u64, String>> {
        lock(&self.prunes).push(before_ms);
        Box::pin(async { Ok(0) })
    }
}

/// Leads while `leading` is set.
pub struct SwitchGate {
    pub leading: AtomicBool,
}

impl SwitchGate {
    pub fn new(leading: bool) -> Arc<SwitchGate> {
        Arc::new(SwitchGate {
            leading: AtomicBool::new(leading),
        })
    }
}

impl LeaderGate for SwitchGate {
    fn hold(&self) -> BoxFuture<'_, bool> {
        let leading = self.leading.load(Ordering::SeqCst);
        Box::pin(async move { leading })
    }
}

/// The health instances share, in memory.
#[derive(Default)]
pub struct FakeShare {
    published: Mutex<Vec<ScopeHealth>>,
    retries: Mutex<Vec<String>>,
}

impl FakeShare {
    pub fn new() -> Arc<FakeShare> {
        Arc::new(FakeShare::default())
    }

    pub fn pending_retries(&self) -> Vec<String> {
        lock(&self.retries).clone()
    }
}

impl HealthShare for FakeShare {
    fn publish(&self, health: ScopeHealth, _now_ms: i64) -> BoxFuture<'static, Result<(), String>> {
        let mut published = lock(&self.published);
        published.retain(|h| h.name != health.name);
        published.push(health);
        Box::pin(async { Ok(()) })
    }

    fn load(&self) -> BoxFuture<'static, Result<Vec<ScopeHealth>, String>> {
        let published = lock(&self.published).clone();
        Box::pin(async move { Ok(published) })
    }

    fn request_retry(&self, scope: String, _now_ms: i64) -> BoxFuture<'static, Result<(), String>> {
        lock(&self.retries).push(scope);
        Box::pin(async { Ok(()) })
    }

    fn take_retry_requests(&self) -> BoxFuture<'static, Result<Vec<String>, String>> {
        let taken = std::mem::take(&mut *lock(&self.retries));
        Box::pin(async move { Ok(taken) })
    }
}
