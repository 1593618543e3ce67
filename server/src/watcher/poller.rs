//! The task of one scope: wait, poll a round, record it, and decide the
//! next wait (the period with jitter, or a backoff). Each scope has its own
//! task, so one request in flight per scope and no scope waits for another;
//! scopes of one credential share only its request rate.

use super::health::{backed_off, refused, succeeded, waiting};
use super::pace::{backoff_delay, first_round_delay, next_round_delay, random_unit, CredentialLimiter};
use super::round::{run_round, RoundError};
use super::shared::{seeded, RELAY_EVERY};
use super::{ScopeSlot, Watcher, PRUNE_EVERY};
use crate::util::timefmt::now_ms;
use sdrs_models::ScopeState;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Notify;
use tokio::time::Instant;

/// How one round of one scope ended.
enum RoundEnd {
    /// Listed and recorded at `now_ms`; `open` failures in the scope.
    Recorded { now_ms: i64, open: u64 },
    /// Listed, but the journal failed (the database went away).
    NotRecorded(String),
    /// Not listed: refused, throttled or failed upstream.
    Upstream(RoundError),
}

impl RoundEnd {
    /// The metric's word.
    fn label(&self) -> &'static str {
        match self {
            RoundEnd::Recorded { .. } => "recorded",
            RoundEnd::NotRecorded(_) => "not_recorded",
            RoundEnd::Upstream(RoundError::Refused(_)) => "refused",
            RoundEnd::Upstream(RoundError::Throttled { .. }) => "throttled",
            RoundEnd::Upstream(RoundError::Failed(_)) => "failed",
        }
    }
}

pub(super) async fn poll_scope(watcher: Arc<Watcher>, slot: Arc<ScopeSlot>) {
    let info = &slot.scope.info;
    let name = info.name.as_str();
    let settings = &watcher.settings;
    let limiter = watcher
        .limiters
        .get(&info.credential)
        .unwrap_or_else(|| Arc::new(CredentialLimiter::new(settings.requests_per_second)));
    // Throttled or failed rounds in a row.
    let mut setbacks: u32 = 0;
    let mut delay = first_round_delay(settings.jitter, random_unit());
    loop {
        watcher
            .board
            .update(name, |h| waiting(h, now_ms().saturating_add(millis(delay))));
        sleep_or_wake(delay, &slot.wake).await;
        // A refused credential waits for an operator's retry.
        while watcher.board.is_refused(name) {
            slot.wake.notified().await;
        }
        if !watcher.hold_gate().await {
            delay = settings.period;
            continue;
        }
        let started = Instant::now();
        let end = one_round(&watcher, &slot, &limiter).await;
        crate::ops::metrics::watcher_round(name, started.elapsed(), end.label());
        delay = match end {
            RoundEnd::Recorded { now_ms, open } => {
                setbacks = 0;
                let next = next_round_delay(settings.period, settings.jitter, random_unit());
                let before = watcher.board.update(name, |h| {
                    succeeded(h, now_ms, open, now_ms.saturating_add(millis(next)))
                });
                if before.is_some_and(|s| s != ScopeState::Ok) {
                    tracing::info!(scope = name, open_failures = open, "scope polled");
                }
                next
            }
            RoundEnd::Upstream(RoundError::Refused(message)) => {
                setbacks = 0;
                watcher.board.update(name, |h| refused(h, &message));
                tracing::warn!(
                    scope = name,
                    error = %message,
                    "the scope's credential was refused; not polled until retried"
                );
                Duration::ZERO
            }
            RoundEnd::Upstream(RoundError::Throttled { retry_after, message }) => {
                setbacks = setbacks.saturating_add(1);
                back_off(&watcher, name, setbacks, retry_after, &message)
            }
            RoundEnd::Upstream(RoundError::Failed(message)) | RoundEnd::NotRecorded(message) => {
                setbacks = setbacks.saturating_add(1);
                back_off(&watcher, name, setbacks, None, &message)
            }
        };
        watcher.publish(name).await;
    }
}

/// Lists the scope and records what it listed.
async fn one_round(watcher: &Watcher, slot: &ScopeSlot, limiter: &CredentialLimiter) -> RoundEnd {
    let info = &slot.scope.info;
    let report = match run_round(slot.scope.api.as_ref(), &info.project_id, limiter).await {
        Ok(report) => report,
        Err(e) => return RoundEnd::Upstream(e),
    };
    if report.unreadable_rows > 0 {
        tracing::warn!(
            scope = info.name.as_str(),
            rows = report.unreadable_rows,
            "rows of the failure lists could not be read"
        );
    }
    let now_ms = now_ms();
    match watcher.sink.record(info, report.seen, now_ms).await {
        Ok(open) => RoundEnd::Recorded { now_ms, open },
        Err(e) => RoundEnd::NotRecorded(format!("the journal could not record the round: {e}")),
    }
}

/// Marks the scope backing off after its `setbacks`th bad round in a row;
/// answers the wait.
fn back_off(
    watcher: &Watcher,
    name: &str,
    setbacks: u32,
    retry_after: Option<Duration>,
    message: &str,
) -> Duration {
    let next = backoff_delay(setbacks, watcher.settings.max_backoff, retry_after, random_unit());
    watcher.board.update(name, |h| {
        backed_off(h, message, now_ms().saturating_add(millis(next)))
    });
    tracing::warn!(
        scope = name,
        error = %message,
        retry_in_secs = next.as_secs(),
        "polling the scope failed; backing off"
    );
    next
}

/// Prunes the journal at start and then every [`PRUNE_EVERY`], when this
/// process leads.
pub(super) async fn prune_journal(watcher: Arc<Watcher>) {
    let retention = millis(watcher.settings.retention);
    loop {
        if watcher.gate.hold().await {
            match watcher.sink.prune(now_ms().saturating_sub(retention)).await {
                Ok(0) => {}
                Ok(removed) => tracing::info!(removed, "pruned the failure journal"),
                Err(e) => tracing::warn!(error = %e, "pruning the failure journal failed"),
            }
        }
        tokio::time::sleep(PRUNE_EVERY).await;
    }
}

/// Keeps what the scopes' shared health says of their last success (for
/// the strip until this process's first round), then, while this process
/// leads, polls the scopes whose retry was asked of another instance.
pub(super) async fn relay_retries(watcher: Arc<Watcher>) {
    match watcher.share.load().await {
        Ok(published) => {
            for theirs in &published {
                watcher.board.update(&theirs.name, |mine| seeded(mine, theirs));
            }
        }
        Err(e) => tracing::debug!(error = %e, "reading the scopes' shared health failed"),
    }
    loop {
        tokio::time::sleep(RELAY_EVERY).await;
        if !watcher.is_leading() {
            continue;
        }
        match watcher.share.take_retry_requests().await {
            Ok(names) => {
                for name in names {
                    watcher.retry(&name);
                }
            }
            Err(e) => tracing::debug!(error = %e, "reading retries asked of other instances failed"),
        }
    }
}

/// Sleeps `delay`, or less when an operator asks for a round now.
async fn sleep_or_wake(delay: Duration, wake: &Notify) {
    tokio::select! {
        _ = tokio::time::sleep(delay) => {}
        _ = wake.notified() => {}
    }
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}
