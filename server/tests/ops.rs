//! Operations: `/metrics` counters, the request id of every response and
//! log line, no secret in the log, graceful shutdown. The log and shutdown
//! tests run the real binary (its stderr is the log; SIGTERM stops it).

mod common;

use common::*;
use reqwest::{Client, StatusCode};
use serde_json::Value;
use std::io::{BufRead, BufReader, Read};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The value of the first sample line with all `labels`, 0 when absent.
fn sample(metrics: &str, name: &str, labels: &[&str]) -> f64 {
    metrics
        .lines()
        .filter(|l| l.starts_with(&format!("{name}{{")))
        .find(|l| labels.iter().all(|want| l.contains(want)))
        .and_then(|l| l.rsplit(' ').next())
        .map_or(0.0, |v| v.parse().unwrap())
}

fn is_request_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_and_status() {
    let base = start(&[]).await;
    let route = r#"route="/v1/{project_id}/task-center/failure-jobs""#;
    let before = get(&format!("{base}/metrics")).await;
    assert_eq!(before.status, StatusCode::OK);
    assert!(before.header("content-type").unwrap().starts_with("text/plain"));
    let ok_before = sample(
        &before.text,
        "sdrs_http_requests_total",
        &[route, r#"status="200""#],
    );
    let bad_before = sample(
        &before.text,
        "sdrs_http_requests_total",
        &[route, r#"status="400""#],
    );
    for _ in 0..3 {
        assert_eq!(
            get(&api(&base, "task-center/failure-jobs?limit=5")).await.status,
            StatusCode::OK
        );
    }
    assert_eq!(
        get(&api(&base, "task-center/failure-jobs?limit=abc"))
            .await
            .status,
        StatusCode::BAD_REQUEST
    );
    let after = get(&format!("{base}/metrics")).await.text;
    assert!(
        sample(&after, "sdrs_http_requests_total", &[route, r#"status="200""#]) >= ok_before + 3.0,
        "{after}"
    );
    assert!(
        sample(&after, "sdrs_http_requests_total", &[route, r#"status="400""#]) > bad_before,
        "{after}"
    );
    // Ids never become labels: the template stands for every project.
    assert!(!after.contains(PROJECT), "{after}");
    assert!(
        after.contains("sdrs_http_request_duration_seconds_bucket"),
        "{after}"
    );
}

#[tokio::test]
async fn deletes_are_counted_by_action_and_outcome() {
    let base = start(&[]).await;
    let labels = [r#"action="clear_group_level""#, r#"outcome="succeeded""#];
    let count = |text: &str| sample(text, "sdrs_deletes_total", &labels);
    let failed = |text: &str| {
        sample(
            text,
            "sdrs_deletes_total",
            &[r#"action="clear_group""#, r#"outcome="failed""#],
        )
    };
    let before = get(&format!("{base}/metrics")).await.text;
    let clear = call(
        reqwest::Method::DELETE,
        &api(&base, "task-center/failure-jobs/batch"),
    )
    .await;
    assert_eq!(clear.status, StatusCode::NO_CONTENT, "{}", clear.text);
    let unknown = call(
        reqwest::Method::DELETE,
        &api(&base, "task-center/no-such-group/failure-jobs/batch"),
    )
    .await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND, "{}", unknown.text);
    let after = get(&format!("{base}/metrics")).await.text;
    assert!(count(&after) >= count(&before) + 1.0, "{after}");
    assert!(failed(&after) >= failed(&before) + 1.0, "{after}");
}

#[tokio::test]
async fn upstream_latency_is_measured() {
    let emulator = start(&[]).await;
    let proxy = start(&["--upstream", &emulator]).await;
    let label = r#"outcome="2xx""#;
    let count = |text: &str| sample(text, "sdrs_upstream_request_duration_seconds_count", &[label]);
    let before = count(&get(&format!("{proxy}/metrics")).await.text);
    assert_eq!(
        get(&api(&proxy, "task-center/failure-jobs?limit=1")).await.status,
        StatusCode::OK
    );
    let after = count(&get(&format!("{proxy}/metrics")).await.text);
    assert!(after >= before + 1.0, "{before} → {after}");
}

#[tokio::test]
async fn every_response_has_a_fresh_request_id() {
    let base = start(&[]).await;
    let client = Client::builder().no_proxy().build().unwrap();
    let mut seen = std::collections::HashSet::new();
    for path in [
        "/".to_owned(),
        "/config.json".to_owned(),
        "/healthz".to_owned(),
        "/metrics".to_owned(),
        "/nowhere".to_owned(),
        api(&base, "task-center/failure-jobs").replace(&base, ""),
        "/v1/x/unknown".to_owned(),
    ] {
        // A caller's own id is replaced, never echoed.
        let r = send(
            client
                .get(format!("{base}{path}"))
                .header("x-request-id", "caller-chosen\"id"),
        )
        .await;
        let id = r.request_id().to_owned();
        assert!(is_request_id(&id), "{path}: {id}");
        assert!(seen.insert(id), "{path}: ids are fresh");
    }
}

/// The binary with `flags`, its URL read from the first stdout line.
fn run_binary(flags: &[&str], env: &[(&str, &str)]) -> (Child, String) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_sdrs-console-server"))
        .args(["--port", "0", "--dist", "/nonexistent/sdrs-dist"])
        .args(flags)
        .envs(env.iter().copied())
        .env_remove("SDRS_AUTH_TOKEN")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the server binary runs");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line
        .trim()
        .strip_prefix("sdrs-console-server listening on ")
        .unwrap_or_else(|| panic!("first line {line:?}"))
        .to_owned();
    (child, url)
}

fn terminate(child: &Child) {
    let status = Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    assert!(status.success());
}

/// Waits (bounded) for the process to exit; its status.
fn wait_exit(child: &mut Child) -> std::process::ExitStatus {
    for _ in 0..400 {
        if let Some(status) = child.try_wait().unwrap() {
            return status;
        }
        std::thread::sleep(Duration::from_millis(25));
    }
    let _ = child.kill();
    panic!("the server did not stop");
}

#[tokio::test]
async fn the_log_has_request_ids_and_no_secret() {
    let users = std::env::temp_dir().join(format!("sdrs-ops-users-{}", std::process::id()));
    let line = sdrs_console_server::team::users_file::user_line(
        "alice",
        sdrs_console_server::team::identity::Role::Operator,
        "Secret-Password-1",
    )
    .unwrap();
    std::fs::write(&users, format!("{line}\n")).unwrap();
    let (mut child, base) = run_binary(&["--log-format", "json", "--users", users.to_str().unwrap()], &[]);
    let client = Client::builder().no_proxy().build().unwrap();
    let mut ids = Vec::new();
    let secrets = [
        "Secret-Token-0123",
        "Secret-Cookie-4567",
        "Secret-Query-89ab",
        "Secret-Password-1",
        "Secret-Basic-cdef",
        "Secret-Header-0011",
    ];
    let list = api(&base, "task-center/failure-jobs?resource_name=Secret-Query-89ab");
    let requests = [
        client
            .get(&list)
            .header("x-auth-token", secrets[0])
            .header("cookie", format!("sdrs_session={}", secrets[1]))
            .header("authorization", format!("Basic {}", secrets[4]))
            .header("x-request-id", secrets[5]),
        client
            .post(format!("{base}/auth/local/sign-in"))
            .json(&serde_json::json!({"user": "alice", "password": secrets[3]})),
        client
            .post(format!("{base}/auth/local/sign-in"))
            .json(&serde_json::json!({"user": "alice", "password": "wrong Secret-Password-1"})),
        client.get(format!("{base}/healthz?token={}", secrets[0])),
    ];
    for req in requests {
        let r = send(req).await;
        ids.push(r.request_id().to_owned());
    }
    terminate(&child);
    assert!(wait_exit(&mut child).success());
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    std::fs::remove_file(&users).ok();

    for secret in secrets {
        assert!(!log.contains(secret), "{secret} in the log:\n{log}");
    }
    let lines: Vec<Value> = log
        .lines()
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("not JSON ({e}): {l}")))
        .collect();
    for id in &ids {
        let line = lines
            .iter()
            .find(|l| l["span"]["request_id"] == id.as_str() && l["fields"]["message"] == "answered")
            .unwrap_or_else(|| panic!("no line for {id}:\n{log}"));
        let path = line["span"]["path"].as_str().unwrap();
        assert!(!path.contains('?'), "{path}");
        assert!(line["fields"]["status"].is_u64());
    }
}

#[tokio::test]
async fn quiet_writes_no_request_lines() {
    let (mut child, base) = run_binary(&["--quiet"], &[]);
    assert_eq!(get(&format!("{base}/healthz")).await.status, StatusCode::OK);
    terminate(&child);
    assert!(wait_exit(&mut child).success());
    let mut log = String::new();
    child.stderr.take().unwrap().read_to_string(&mut log).unwrap();
    assert!(!log.contains("answered"), "{log}");
}

/// Waits (bounded) until the emulator has seen a request whose path and
/// query contain `marker`: it is in flight.
async fn wait_in_flight(base: &str, marker: &str) {
    for _ in 0..200 {
        let seen = get(&format!("{base}/__emulator/requests")).await.text;
        if seen.contains(marker) {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("the slow request never arrived");
}

#[tokio::test]
async fn shutdown_finishes_requests_in_flight_and_refuses_new_ones() {
    let (mut child, base) = run_binary(&["--quiet", "--shutdown-grace-secs", "30"], &[]);
    let url = api(&base, "task-center/failure-jobs?resource_name=slow-one");
    let slow = tokio::spawn(async move {
        let client = Client::builder().no_proxy().build().unwrap();
        client.get(url).header("x-emulator-delay-ms", "1500").send().await
    });
    wait_in_flight(&base, "slow-one").await;
    terminate(&child);

    // The listener closes: new connections are refused while the slow
    // request is still being answered.
    let addr = base.strip_prefix("http://").unwrap().to_owned();
    let mut refused = false;
    for _ in 0..200 {
        if tokio::net::TcpStream::connect(&addr).await.is_err() {
            refused = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(refused, "new connections are refused after SIGTERM");
    assert!(!slow.is_finished(), "the slow request is still in flight");

    let res = slow.await.unwrap().expect("the request in flight is answered");
    assert_eq!(res.status(), StatusCode::OK);
    assert!(res.text().await.unwrap().contains("failure_jobs"));
    assert!(wait_exit(&mut child).success());
}

#[tokio::test]
async fn shutdown_stops_waiting_after_the_grace() {
    let (mut child, base) = run_binary(&["--quiet", "--shutdown-grace-secs", "1"], &[]);
    let url = api(&base, "task-center/failure-jobs?resource_name=too-slow");
    let slow = tokio::spawn(async move {
        let client = Client::builder().no_proxy().build().unwrap();
        client
            .get(url)
            .header("x-emulator-delay-ms", "60000")
            .send()
            .await
    });
    wait_in_flight(&base, "too-slow").await;
    terminate(&child);
    assert!(wait_exit(&mut child).success());
    // The process is gone; the call it could not finish fails.
    assert!(slow.await.unwrap().is_err());
}
