//! Two instances sharing health on tokio's paused clock: the standby shows
//! what the leader saw and relays an operator's retry to it.

use super::shared::RELAY_EVERY;
use super::testing::{jobs, ok, status, FakeApi, FakeShare, FakeSink, SwitchGate};
use super::{ScopeInfo, WatchedScope, Watcher, WatcherSettings};
use sdrs_models::ScopeState;
use std::sync::Arc;
use std::time::Duration;

const PERIOD: Duration = Duration::from_secs(60);

fn instance(api: &Arc<FakeApi>, share: &Arc<FakeShare>, leading: bool) -> Arc<Watcher> {
    let scope = WatchedScope {
        info: ScopeInfo {
            name: "a".into(),
            region: "ap-southeast-3".into(),
            project_id: "project-a".into(),
            credential: "prod".into(),
        },
        api: api.clone(),
    };
    let settings = WatcherSettings {
        period: PERIOD,
        jitter: Duration::from_secs(10),
        ..WatcherSettings::default()
    };
    Watcher::sharing(
        vec![scope],
        settings,
        FakeSink::new(),
        SwitchGate::new(leading),
        share.clone(),
    )
}

/// Regression: an instance that did not poll showed every scope as
/// "pending", so behind a round-robin proxy the strip changed with each
/// request, and a retry asked of it was never acted on.
#[tokio::test(start_paused = true)]
async fn a_standby_shows_the_leaders_health_and_relays_a_retry() {
    let api = FakeApi::new();
    api.always(status(
        401,
        None,
        r#"{"error":{"code":"SDRS.0002","message":"The token is invalid"}}"#,
    ));
    let share = FakeShare::new();
    let leader = instance(&api, &share, true);
    let standby = instance(&api, &share, false);
    let tasks: Vec<_> = [&leader, &standby]
        .into_iter()
        .flat_map(|w| w.clone().tasks())
        .map(tokio::spawn)
        .collect();
    tokio::time::sleep(PERIOD * 3).await;
    assert_eq!(api.asked().len(), 1, "one instance polled, once");
    assert!(leader.polls_here() && !standby.polls_here());

    assert_eq!(standby.health().scopes[0].state, ScopeState::Pending);
    let shown = standby.shown_health().await.scopes.remove(0);
    assert_eq!(shown.state, ScopeState::Refused);
    assert_eq!(
        shown.error.as_deref(),
        Some("HTTP 401 SDRS.0002: The token is invalid")
    );
    assert_eq!(shown, leader.shown_health().await.scopes[0]);

    // The credential is fixed; an operator retries on the standby.
    api.always(ok(jobs("j", 0, 1)));
    assert_eq!(standby.ask_retry("a").await, Ok(true));
    assert_eq!(share.pending_retries(), ["a"]);
    assert_eq!(standby.ask_retry("nope").await, Ok(false));
    tokio::time::sleep(RELAY_EVERY * 2).await;
    assert_eq!(
        api.asked().len(),
        3,
        "the leader polled once more: failures and groups"
    );
    assert!(share.pending_retries().is_empty());
    let shown = standby.shown_health().await.scopes.remove(0);
    assert_eq!((shown.state, shown.open_failures), (ScopeState::Ok, 1));
    for t in tasks {
        t.abort();
    }
}
