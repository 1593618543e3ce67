//! The watcher: polls every scope (a project of a region with its
//! credential) for its failed tasks and hands each complete round to the
//! journal.
//!
//! - One task per scope, so one request in flight per scope and one slow,
//!   throttled or refused scope never delays another (`poller`).
//! - A round lists group-level failures, the protection groups, then each
//!   group's failures ([`round`]); a round that fails anywhere records
//!   nothing, so failures are never marked gone on partial data.
//! - Requests are paced per credential; throttled and failed rounds back off
//!   with jitter ([`pace`]); a refused credential stops its scope until
//!   [`Watcher::retry`] ([`health`]).
//! - Only the leader polls: with several server instances on one
//!   PostgreSQL, the holder of an advisory lock ([`leader`]).
//! - `GET /api/scopes`, `POST /api/scopes/{name}/retry` ([`routes`]).

pub mod health;
pub mod pace;
pub mod round;
#[cfg(test)]
mod testing;

use axum::body::Bytes;
use sdrs_models::FailureJob;
use std::future::Future;
use std::pin::Pin;
use std::time::Duration;

/// A boxed future, as the watcher's traits return them.
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// What a scope's upstream answered to a GET.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Answer {
    pub status: u16,
    /// The `Retry-After` header, read as a wait.
    pub retry_after: Option<Duration>,
    pub body: Bytes,
}

/// No answer from the upstream (connection refused, timeout, a credential
/// that could not be obtained). The text is shown to users and logged: it
/// names the cause, never a secret.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Unreachable(pub String);

/// One scope's upstream, as the watcher calls it: the server's credential
/// for the scope is applied by the implementation.
pub trait ScopeApi: Send + Sync + 'static {
    /// GET `path_and_query`, e.g.
    /// `/v1/{project_id}/task-center/failure-jobs?limit=1000&offset=0`.
    fn get(&self, path_and_query: String) -> BoxFuture<'static, Result<Answer, Unreachable>>;
}

/// A scope as the watcher knows it (never a secret).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeInfo {
    /// Unique among the scopes.
    pub name: String,
    pub region: String,
    pub project_id: String,
    /// The credential's name: scopes with one credential share its rate.
    pub credential: String,
}

/// A failure listed in one round, with the group it was listed under
/// (`None`: group level).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeenFailure {
    pub server_group_id: Option<String>,
    pub job: FailureJob,
}

/// Where complete rounds go (the journal).
pub trait RoundSink: Send + Sync + 'static {
    /// Records everything listed in one complete round of `scope`; answers
    /// how many failures of the scope are open now.
    fn record(
        &self,
        scope: &ScopeInfo,
        seen: Vec<SeenFailure>,
        now_ms: i64,
    ) -> BoxFuture<'static, Result<u64, String>>;

    /// Removes what is older than the retention; answers how many entries
    /// went.
    fn prune(&self, before_ms: i64) -> BoxFuture<'static, Result<u64, String>>;
}
