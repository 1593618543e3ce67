//! The watcher's tasks on tokio's paused clock: what each scope's task
//! asked and recorded after some virtual time, never how long it took.

use super::round::REQUEST_TIMEOUT;
use super::testing::{groups, jobs, ok, status, FakeApi, FakeSink, SwitchGate};
use super::{ScopeInfo, WatchedScope, Watcher, WatcherSettings};
use sdrs_models::ScopeState;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

const PERIOD: Duration = Duration::from_secs(60);

fn settings() -> WatcherSettings {
    WatcherSettings {
        period: PERIOD,
        jitter: Duration::from_secs(10),
        requests_per_second: 5,
        retention: Duration::from_secs(86_400),
        max_backoff: PERIOD * 4,
    }
}

fn scope(name: &str, credential: &str, api: &Arc<FakeApi>) -> WatchedScope {
    WatchedScope {
        info: ScopeInfo {
            name: name.into(),
            region: "ap-southeast-3".into(),
            project_id: format!("project-{name}"),
            credential: credential.into(),
        },
        api: api.clone(),
    }
}

/// A scope that answers one failure and no protection group.
fn healthy() -> Arc<FakeApi> {
    let api = FakeApi::new();
    // The group list gets the same answer: an object without groups.
    api.always(ok(jobs("j", 0, 1)));
    api
}

fn start(watcher: &Arc<Watcher>) -> Vec<JoinHandle<()>> {
    watcher.clone().tasks().into_iter().map(tokio::spawn).collect()
}

fn stop(tasks: Vec<JoinHandle<()>>) {
    for t in tasks {
        t.abort();
    }
}

/// Lets the tasks run for `d` of virtual time.
async fn run_for(d: Duration) {
    tokio::time::sleep(d).await;
}

#[tokio::test(start_paused = true)]
async fn a_healthy_scope_is_polled_every_period_and_recorded() {
    let api = FakeApi::new();
    api.always(ok(jobs("j", 0, 2)));
    let sink = FakeSink::new();
    let watcher = Watcher::new(
        vec![scope("a", "prod", &api)],
        settings(),
        sink.clone(),
        SwitchGate::new(true),
    );
    let tasks = start(&watcher);
    run_for(Duration::from_secs(600)).await;
    stop(tasks);
    // The first round within the jitter, then one every 50..70 s.
    let rounds = sink.rounds_of("a");
    assert!((9..=12).contains(&rounds), "{rounds} rounds");
    let last = sink.rounds().pop().unwrap();
    let ids: Vec<&str> = last.seen.iter().map(|s| s.job.job_id.as_str()).collect();
    assert_eq!(ids, ["j0", "j1"]);
    let health = &watcher.health().scopes[0];
    assert_eq!(health.state, ScopeState::Ok);
    assert!(health.last_success.is_some() && health.next_poll.is_some());
    // The fallback answers the group list with no group: two failures open.
    assert_eq!(health.open_failures, 2);
}

#[tokio::test(start_paused = true)]
async fn a_failed_round_records_nothing() {
    let api = FakeApi::new();
    api.on(
        "/v1/project-a/task-center/failure-jobs?limit=1000&offset=0",
        ok(jobs("top", 0, 2)),
    )
    .on(
        "/v1/project-a/server-groups?limit=1000&offset=0",
        ok(groups(&["g1", "g2", "g3"])),
    )
    .on(
        "/v1/project-a/task-center/failure-jobs?limit=1000&offset=0&server_group_id=g1",
        ok(jobs("one", 0, 1)),
    )
    .on(
        "/v1/project-a/task-center/failure-jobs?limit=1000&offset=0&server_group_id=g2",
        ok(jobs("two", 0, 1)),
    )
    .on(
        "/v1/project-a/task-center/failure-jobs?limit=1000&offset=0&server_group_id=g3",
        status(
            500,
            None,
            r#"{"error":{"code":"SDRS.0013","message":"Internal error"}}"#,
        ),
    );
    // Later rounds fail at once.
    api.always(status(
        500,
        None,
        r#"{"error":{"code":"SDRS.0013","message":"Internal error"}}"#,
    ));
    let sink = FakeSink::new();
    let watcher = Watcher::new(
        vec![scope("a", "prod", &api)],
        settings(),
        sink.clone(),
        SwitchGate::new(true),
    );
    let tasks = start(&watcher);
    run_for(Duration::from_secs(60)).await;
    stop(tasks);
    let asked = api.asked();
    assert!(asked.len() > 5, "{asked:?}");
    assert!(asked[4].ends_with("server_group_id=g3"), "{asked:?}");
    assert!(sink.rounds().is_empty());
    let health = &watcher.health().scopes[0];
    assert_eq!(health.state, ScopeState::Backoff);
    assert_eq!(
        health.error.as_deref(),
        Some("HTTP 500 SDRS.0013: Internal error")
    );
    assert_eq!(health.last_success, None);
}

#[tokio::test(start_paused = true)]
async fn a_refused_scope_stays_refused_until_retried() {
    let api = FakeApi::new();
    api.always(status(
        401,
        None,
        r#"{"error":{"code":"SDRS.0002","message":"The token is invalid"}}"#,
    ));
    let sink = FakeSink::new();
    let watcher = Watcher::new(
        vec![scope("a", "prod", &api)],
        settings(),
        sink.clone(),
        SwitchGate::new(true),
    );
    let tasks = start(&watcher);
    run_for(PERIOD * 20).await;
    // One request, then nothing for twenty periods.
    assert_eq!(api.asked().len(), 1);
    let health = &watcher.health().scopes[0];
    assert_eq!(health.state, ScopeState::Refused);
    assert_eq!(
        health.error.as_deref(),
        Some("HTTP 401 SDRS.0002: The token is invalid")
    );
    assert_eq!(health.next_poll, None);

    // Retried while still refused upstream: one more request, refused again.
    assert!(watcher.retry("a"));
    run_for(PERIOD * 5).await;
    assert_eq!(api.asked().len(), 2);
    assert_eq!(watcher.health().scopes[0].state, ScopeState::Refused);

    // The credential fixed: the retry polls and the scope is fine again.
    api.always(ok(jobs("j", 0, 1)));
    assert!(watcher.retry("a"));
    run_for(Duration::from_secs(1)).await;
    stop(tasks);
    assert_eq!(sink.rounds_of("a"), 1);
    assert_eq!(watcher.health().scopes[0].state, ScopeState::Ok);
    assert!(!watcher.retry("unknown"));
}

#[tokio::test(start_paused = true)]
async fn a_throttled_scope_slows_only_itself() {
    // Both scopes use one credential: they share its rate, not their waits.
    let throttled = FakeApi::new();
    throttled.always(status(
        429,
        Some(Duration::from_secs(400)),
        r#"{"error_code":"APIG.0308","error_msg":"ratelimit,limit:5,time:1 second"}"#,
    ));
    let fine = healthy();
    let sink = FakeSink::new();
    let watcher = Watcher::new(
        vec![scope("a", "prod", &throttled), scope("b", "prod", &fine)],
        settings(),
        sink.clone(),
        SwitchGate::new(true),
    );
    let tasks = start(&watcher);
    run_for(Duration::from_secs(600)).await;
    stop(tasks);
    // Retry-After 400 s: the first round, and one more 400 s later.
    assert_eq!(throttled.asked().len(), 2);
    assert_eq!(sink.rounds_of("a"), 0);
    let rounds = sink.rounds_of("b");
    assert!((9..=12).contains(&rounds), "{rounds} rounds of the other scope");
    let list = watcher.health();
    assert_eq!(list.scopes[0].state, ScopeState::Backoff);
    assert!(list.scopes[0].error.as_deref().unwrap().contains("APIG.0308"));
    assert_eq!(list.scopes[1].state, ScopeState::Ok);
}

#[tokio::test(start_paused = true)]
async fn a_scope_that_never_answers_does_not_hold_up_another() {
    let hung = FakeApi::new();
    hung.always(ok(jobs("j", 0, 1)))
        .slow(Duration::from_secs(24 * 3600));
    let fine = healthy();
    let sink = FakeSink::new();
    let watcher = Watcher::new(
        vec![scope("a", "prod", &hung), scope("b", "prod", &fine)],
        settings(),
        sink.clone(),
        SwitchGate::new(true),
    );
    let tasks = start(&watcher);
    run_for(Duration::from_secs(600)).await;
    stop(tasks);
    // Each request given up after a minute, then backing off: rounds start
    // within 10 s, then 61.5..62.5 s, 124.5..127.5 s, … 454.5..517.5 s
    // later, the eighth past 600 s.
    let at = hung.asked_at();
    assert!(at.windows(2).all(|w| w[1] - w[0] >= REQUEST_TIMEOUT), "{at:?}");
    assert_eq!(at.len(), 7);
    assert_eq!(sink.rounds_of("a"), 0);
    assert!(sink.rounds_of("b") >= 9);
    let list = watcher.health();
    assert_eq!(list.scopes[0].state, ScopeState::Backoff);
    assert_eq!(list.scopes[0].error.as_deref(), Some("no answer within 60 s"));
    assert_eq!(list.scopes[1].state, ScopeState::Ok);
}

#[tokio::test(start_paused = true)]
async fn backoff_grows_while_the_upstream_keeps_failing() {
    let api = FakeApi::new();
    api.always(status(503, None, ""));
    let watcher = Watcher::new(
        vec![scope("a", "prod", &api)],
        settings(),
        FakeSink::new(),
        SwitchGate::new(true),
    );
    let tasks = start(&watcher);
    run_for(Duration::from_secs(1200)).await;
    stop(tasks);
    let at = api.asked_at();
    let gaps: Vec<Duration> = at.windows(2).map(|w| w[1] - w[0]).collect();
    // 2 s doubling (± 25 %): each wait longer than the one before until
    // the cap of four periods, none longer than the cap (+ 25 %).
    assert!(gaps.len() >= 7, "{gaps:?}");
    assert!(gaps[0] >= Duration::from_millis(1500), "{gaps:?}");
    assert!(gaps[..6].windows(2).all(|w| w[1] > w[0]), "{gaps:?}");
    assert!(gaps.iter().all(|g| *g <= (PERIOD * 4).mul_f64(1.25)), "{gaps:?}");
    assert_eq!(watcher.health().scopes[0].state, ScopeState::Backoff);
    assert_eq!(watcher.health().scopes[0].error.as_deref(), Some("HTTP 503"));
}

#[tokio::test(start_paused = true)]
async fn a_journal_that_fails_makes_the_scope_back_off() {
    let api = healthy();
    let sink = FakeSink::new();
    sink.failing.store(true, Ordering::SeqCst);
    let watcher = Watcher::new(
        vec![scope("b", "prod", &api)],
        settings(),
        sink.clone(),
        SwitchGate::new(true),
    );
    let tasks = start(&watcher);
    run_for(Duration::from_secs(11)).await;
    let health = watcher.health().scopes[0].clone();
    assert_eq!(health.state, ScopeState::Backoff);
    assert_eq!(
        health.error.as_deref(),
        Some("the journal could not record the round: database is gone")
    );
    sink.failing.store(false, Ordering::SeqCst);
    run_for(PERIOD).await;
    stop(tasks);
    assert!(sink.rounds_of("b") >= 1);
    assert_eq!(watcher.health().scopes[0].state, ScopeState::Ok);
}

#[tokio::test(start_paused = true)]
async fn only_the_leader_polls_and_prunes() {
    let api = healthy();
    let sink = FakeSink::new();
    let gate = SwitchGate::new(false);
    let watcher = Watcher::new(
        vec![scope("b", "prod", &api)],
        settings(),
        sink.clone(),
        gate.clone(),
    );
    let tasks = start(&watcher);
    run_for(PERIOD * 10).await;
    assert!(api.asked().is_empty());
    assert!(sink.prunes().is_empty());
    assert_eq!(watcher.health().scopes[0].state, ScopeState::Pending);
    // Taking over: the next try polls, within a period.
    gate.leading.store(true, Ordering::SeqCst);
    run_for(PERIOD + Duration::from_secs(1)).await;
    assert!(sink.rounds_of("b") >= 1);
    // Pruning runs once an hour: the next one prunes before now - retention.
    run_for(Duration::from_secs(3600)).await;
    stop(tasks);
    let prunes = sink.prunes();
    assert_eq!(prunes.len(), 1);
    let expected = crate::util::timefmt::now_ms() - 86_400_000;
    assert!((expected - 5_000..=expected).contains(&prunes[0]), "{prunes:?}");
}
