//! The alert delivery tests' harness: a receiver standing in for every
//! channel (it records each request and answers from a script), a journal
//! with alert channels from a config text, and the sender's tasks.
#![allow(dead_code)]

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use sdrs_console_server::alerts::delivery::pace::Backoff;
use sdrs_console_server::alerts::delivery::setup::{self, AlertsSetup};
use sdrs_console_server::alerts::delivery::SenderSettings;
use sdrs_console_server::db::journal::{Journal, ScopeRef, SeenFailure};
use sdrs_console_server::db::Database;
use sdrs_console_server::scopes::secrets::Sources;
use sdrs_console_server::watcher::leader::AlwaysLeader;
use std::collections::{HashMap, VecDeque};
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// One request as the receiver got it.
#[derive(Clone, Debug)]
pub struct Received {
    pub path_and_query: String,
    pub headers: HeaderMap,
    pub body: Bytes,
}

impl Received {
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body).unwrap()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or("")
    }

    /// Decoded query pairs.
    pub fn query(&self) -> HashMap<String, String> {
        let url = url::Url::parse(&format!("http://x{}", self.path_and_query)).unwrap();
        url.query_pairs().into_owned().collect()
    }
}

/// An answer of the receiver.
#[derive(Clone, Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(&'static str, String)>,
    pub body: String,
    /// Answer only after this long (a hanging channel).
    pub after: Option<Duration>,
}

pub fn ok(body: &str) -> Reply {
    Reply {
        status: 200,
        headers: Vec::new(),
        body: body.to_owned(),
        after: None,
    }
}

/// An answer that does not come within any test's timeout.
pub fn hang() -> Reply {
    Reply {
        after: Some(Duration::from_secs(3600)),
        ..ok("")
    }
}

#[derive(Clone, Default)]
struct Shared {
    got: Arc<Mutex<Vec<Received>>>,
    script: Arc<Mutex<VecDeque<Reply>>>,
    otherwise: Arc<Mutex<Option<Reply>>>,
}

/// A channel on 127.0.0.1: answers the scripted replies in turn, then the
/// default one.
#[derive(Clone)]
pub struct Receiver {
    pub base: String,
    shared: Shared,
}

async fn receive(State(shared): State<Shared>, uri: Uri, headers: HeaderMap, body: Bytes) -> Response {
    shared.got.lock().unwrap().push(Received {
        path_and_query: uri.path_and_query().map(|p| p.to_string()).unwrap_or_default(),
        headers,
        body,
    });
    let reply = shared
        .script
        .lock()
        .unwrap()
        .pop_front()
        .or_else(|| shared.otherwise.lock().unwrap().clone())
        .unwrap_or_else(|| ok("{}"));
    if let Some(after) = reply.after {
        tokio::time::sleep(after).await;
    }
    let mut res = (StatusCode::from_u16(reply.status).unwrap(), reply.body).into_response();
    for (name, value) in reply.headers {
        res.headers_mut().insert(name, value.parse().unwrap());
    }
    res
}

impl Receiver {
    pub async fn start(otherwise: Reply) -> Receiver {
        let shared = Shared::default();
        *shared.otherwise.lock().unwrap() = Some(otherwise);
        let app = axum::Router::new().fallback(receive).with_state(shared.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
        Receiver { base, shared }
    }

    pub fn then(&self, reply: Reply) {
        self.shared.script.lock().unwrap().push_back(reply);
    }

    pub fn answer_from_now(&self, reply: Reply) {
        *self.shared.otherwise.lock().unwrap() = Some(reply);
    }

    pub fn got(&self) -> Vec<Received> {
        self.shared.got.lock().unwrap().clone()
    }

    /// Waits until `n` requests came (a bound only against a hung test).
    pub async fn wait_for(&self, n: usize) -> Vec<Received> {
        until(&format!("{n} requests at the receiver"), || self.got().len() >= n).await;
        self.got()
    }
}

/// Waits for `done`, failing after a minute (the bound of a hung test, not
/// a measure of speed).
pub async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..3000 {
        if done() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("waited a minute for {what}");
}

pub fn sqlite() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("alerts.db").display());
    (dir, url)
}

pub async fn open(url: &str) -> Arc<Database> {
    let target = sdrs_console_server::db::DatabaseTarget::from_url(url).unwrap();
    let db = Database::new(target).unwrap();
    db.prepare().await.unwrap();
    Arc::new(db)
}

/// Fast pace for tests: short ticks and retry waits.
pub fn fast() -> SenderSettings {
    SenderSettings {
        tick: Duration::from_millis(20),
        backoff: Backoff {
            base: Duration::from_millis(50),
            max: Duration::from_secs(2),
        },
        lease: Duration::from_secs(600),
        standby: Duration::from_millis(20),
        rate_window: Duration::from_secs(2),
    }
}

/// The channels of `config` on `db`, secrets from `env`.
pub fn channels(config: &str, env: &[(&str, &str)], db: Arc<Database>) -> AlertsSetup {
    let env: HashMap<String, String> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
    let lookup = move |name: &str| env.get(name).cloned();
    let read = |_: &Path| -> std::io::Result<String> { Err(std::io::ErrorKind::NotFound.into()) };
    let sources = Sources {
        env: &lookup,
        read: &read,
    };
    setup::from_text(
        config,
        Path::new("/etc/sdrs/test.toml"),
        &sources,
        db,
        Arc::new(AlwaysLeader),
        url::Url::parse("https://console.example.com/").unwrap(),
        fast(),
    )
    .unwrap()
}

/// Starts the sender's tasks; aborting them stops the sender.
pub fn start(setup: &AlertsSetup) -> Vec<tokio::task::JoinHandle<()>> {
    setup.sender.tasks().into_iter().map(tokio::spawn).collect()
}

pub const SCOPE: &str = "prod-ap-southeast-3";

/// Alice, a local operator, as an acknowledgement names her.
pub fn alice() -> sdrs_console_server::db::acks::AckActor {
    sdrs_console_server::db::acks::AckActor {
        user: "alice".into(),
        method: "local".into(),
    }
}

pub fn scope() -> ScopeRef {
    ScopeRef {
        name: SCOPE.into(),
        region: "ap-southeast-3".into(),
        project_id: "p1".into(),
    }
}

/// A failure with job id `job-{i}`.
pub fn failure(i: usize) -> SeenFailure {
    let job = serde_json::json!({
        "job_id": format!("job-{i:02}"),
        "job_type": "failover",
        "job_status": "FAILED",
        "failure_status": "failoverFail",
        "resource_id": format!("res-{i}"),
        "resource_name": format!("web-{i:02}"),
        "resource_type": "protected_instances",
        "begin_time": "2026-12-06T10:15:30.250Z",
        "error_code": "SDRS.0002",
        "fail_reason": "volume busy",
    });
    SeenFailure {
        server_group_id: Some("pg-1".into()),
        job: serde_json::from_value(job).unwrap(),
    }
}

pub fn failures(range: std::ops::RangeInclusive<usize>) -> Vec<SeenFailure> {
    range.map(failure).collect()
}

/// Waits until `channel` has nothing queued (its last message settled).
pub async fn settled(setup: &AlertsSetup, channel: &str) {
    for _ in 0..3000 {
        if setup.sender.log().counts(channel).await.unwrap().pending == 0 {
            return;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    panic!("waited a minute for {channel} to settle");
}

/// Records one round of `seen` with the channels' rules.
pub async fn round(db: &Arc<Database>, setup: &AlertsSetup, seen: &[SeenFailure], now_ms: i64) {
    Journal::new(db.clone())
        .with_alerts(setup.rules.clone())
        .record_round(&scope(), seen, now_ms)
        .await
        .unwrap();
}
