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
//! - The leader's health is shared with the other instances, which show
//!   it and relay retries to the leader ([`shared`]).
//! - `GET /api/scopes`, `POST /api/scopes/{name}/retry` ([`routes`]).

pub mod health;
pub mod leader;
pub mod pace;
mod poller;
pub mod round;
pub mod routes;
pub mod shared;
#[cfg(test)]
mod shared_tests;
#[cfg(test)]
mod testing;
#[cfg(test)]
mod tests;

use crate::mode::BackgroundTask;
use axum::body::Bytes;
use health::HealthBoard;
use leader::LeaderGate;
use pace::Limiters;
use sdrs_models::{FailureJob, ScopeList};
use shared::{HealthShare, NotShared};
use std::future::Future;
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;

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

/// A scope to poll.
#[derive(Clone)]
pub struct WatchedScope {
    pub info: ScopeInfo,
    pub api: Arc<dyn ScopeApi>,
}

/// How the watcher paces itself.
#[derive(Clone, Debug, PartialEq)]
pub struct WatcherSettings {
    /// Between two rounds of one scope.
    pub period: Duration,
    /// How much a period may be longer or shorter.
    pub jitter: Duration,
    /// Per credential (0 is read as 1).
    pub requests_per_second: u32,
    /// How long the journal keeps an entry.
    pub retention: Duration,
    /// The longest wait after throttled or failed rounds.
    pub max_backoff: Duration,
}

impl Default for WatcherSettings {
    fn default() -> Self {
        WatcherSettings {
            period: Duration::from_secs(60),
            jitter: Duration::from_secs(10),
            requests_per_second: 5,
            retention: Duration::from_secs(365 * 24 * 3600),
            max_backoff: Duration::from_secs(600),
        }
    }
}

/// How often the journal is pruned.
pub const PRUNE_EVERY: Duration = Duration::from_secs(3600);

struct ScopeSlot {
    scope: WatchedScope,
    /// Wakes the scope's task for a round now (an operator's retry).
    wake: Notify,
}

pub struct Watcher {
    slots: Vec<Arc<ScopeSlot>>,
    settings: WatcherSettings,
    sink: Arc<dyn RoundSink>,
    gate: Arc<dyn LeaderGate>,
    limiters: Limiters,
    board: Arc<HealthBoard>,
    share: Arc<dyn HealthShare>,
    /// Whether the last look at the gate found this process leading.
    leading: AtomicBool,
}

impl Watcher {
    /// Scope names are unique (the configuration refuses duplicates); of
    /// two scopes with one name, the retry and the health of the first are
    /// reported.
    pub fn new(
        scopes: Vec<WatchedScope>,
        settings: WatcherSettings,
        sink: Arc<dyn RoundSink>,
        gate: Arc<dyn LeaderGate>,
    ) -> Arc<Watcher> {
        Watcher::sharing(scopes, settings, sink, gate, Arc::new(NotShared))
    }

    /// A watcher of one of several server instances: its health goes to
    /// (and, while another instance leads, comes from) `share`.
    pub fn sharing(
        scopes: Vec<WatchedScope>,
        settings: WatcherSettings,
        sink: Arc<dyn RoundSink>,
        gate: Arc<dyn LeaderGate>,
        share: Arc<dyn HealthShare>,
    ) -> Arc<Watcher> {
        let limiters = Limiters::new(
            scopes.iter().map(|s| s.info.credential.as_str()),
            settings.requests_per_second,
        );
        let board = Arc::new(HealthBoard::new(scopes.iter().map(|s| &s.info)));
        let leading = AtomicBool::new(gate.is_sole());
        let slots = scopes
            .into_iter()
            .map(|scope| {
                Arc::new(ScopeSlot {
                    scope,
                    wake: Notify::new(),
                })
            })
            .collect();
        Arc::new(Watcher {
            slots,
            settings,
            sink,
            gate,
            limiters,
            board,
            leading,
            share,
        })
    }

    /// The work to start with the server: one task per scope, and the
    /// journal's pruning once an hour (by the leader only).
    pub fn tasks(self: Arc<Self>) -> Vec<BackgroundTask> {
        let mut tasks: Vec<BackgroundTask> = self
            .slots
            .iter()
            .map(|slot| -> BackgroundTask { Box::pin(poller::poll_scope(self.clone(), slot.clone())) })
            .collect();
        tasks.push(Box::pin(poller::prune_journal(self.clone())));
        tasks.push(Box::pin(poller::relay_retries(self.clone())));
        tasks
    }

    /// Every scope's health as this process knows it, in configuration
    /// order.
    pub fn health(&self) -> ScopeList {
        self.board.list()
    }

    /// Every scope's health as `/api/scopes` shows it: this process's own
    /// while it leads, else what the leader published (this process's own
    /// when the store cannot be read).
    pub async fn shown_health(&self) -> ScopeList {
        let local = self.board.list();
        if self.is_leading() {
            return local;
        }
        match self.share.load().await {
            Ok(published) => shared::merged(local, published),
            Err(e) => {
                tracing::warn!(error = %e, "reading the scopes' shared health failed");
                local
            }
        }
    }

    /// Whether this process polls the scopes (as `/healthz` says).
    pub fn polls_here(&self) -> bool {
        self.is_leading()
    }

    fn is_leading(&self) -> bool {
        self.leading.load(Ordering::Relaxed)
    }

    /// Looks at the gate: whether this process may poll now.
    async fn hold_gate(&self) -> bool {
        let leading = self.gate.hold().await;
        self.leading.store(leading, Ordering::Relaxed);
        leading
    }

    /// Shares the scope's health, while this process leads.
    async fn publish(&self, name: &str) {
        if !self.is_leading() {
            return;
        }
        let Some(health) = self.board.get(name) else {
            return;
        };
        if let Err(e) = self.share.publish(health, crate::util::timefmt::now_ms()).await {
            tracing::debug!(scope = name, error = %e, "sharing the scope's health failed");
        }
    }

    /// An operator's retry: polled now when this process leads, else
    /// relayed to the leader. `Ok(false)` for an unknown name; `Err` when
    /// the request could not be relayed.
    pub async fn ask_retry(&self, name: &str) -> Result<bool, String> {
        if !self.retry(name) {
            return Ok(false);
        }
        if !self.is_leading() {
            self.share
                .request_retry(name.to_owned(), crate::util::timefmt::now_ms())
                .await?;
        }
        Ok(true)
    }

    /// Polls `name` now; a refused scope is polled again. False for an
    /// unknown name.
    pub fn retry(&self, name: &str) -> bool {
        let Some(slot) = self.slots.iter().find(|s| s.scope.info.name == name) else {
            return false;
        };
        if self.board.clear_refusal(name) {
            tracing::info!(scope = name, "retrying a scope whose credential was refused");
        }
        slot.wake.notify_one();
        true
    }
}
