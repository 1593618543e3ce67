//! `--emulator-faults FILE.json`: faults in place before the server
//! answers anything, queued again by `/__emulator/reset`; a bad file stops
//! start-up naming it. Pins the race of the e2e harness's refused scope,
//! whose 401 was queued after start: the watcher's first round could
//! journal that scope's failures before the fault existed.

mod common;
mod watching_common;

use common::{api, call, cli, get};
use reqwest::{Method, StatusCode};
use sdrs_console_server::emulator::projects::project_id;
use sdrs_console_server::Server;
use sdrs_models::ScopeState;
use serde_json::json;
use std::path::{Path, PathBuf};
use watching_common::{sqlite_in, temp_dir, wait_for};

fn write_faults(dir: &Path, faults: &serde_json::Value) -> PathBuf {
    let path = dir.join("faults.json");
    std::fs::write(&path, faults.to_string()).unwrap();
    path
}

fn refused(project: &str) -> serde_json::Value {
    json!([{
        "path_prefix": format!("/v1/{project}/"),
        "status": 401,
        "body": r#"{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information"}}"#,
        "content_type": "application/json",
        "times": 1_000_000,
    }])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scope_refused_from_the_start_journals_nothing() {
    let dir = temp_dir();
    let refused_project = project_id(2);
    let faults = write_faults(&dir, &refused(&refused_project));
    let base = common::start_cli(cli(&[
        "--emulated-scopes",
        "2",
        "--jobs",
        "40",
        "--emulator-faults",
        faults.to_str().unwrap(),
        "--database",
        &sqlite_in(&dir),
    ]))
    .await;

    let scopes = wait_for("two scopes polled, the third refused", || async {
        let r = get(&format!("{base}/api/scopes")).await;
        let list: sdrs_models::ScopeList = serde_json::from_str(&r.text).unwrap();
        let states: Vec<ScopeState> = list.scopes.iter().map(|h| h.state).collect();
        (states == [ScopeState::Ok, ScopeState::Ok, ScopeState::Refused]).then_some(list.scopes)
    })
    .await;
    assert_eq!(scopes[2].project_id, refused_project);
    for h in &scopes {
        let r = get(&format!("{base}/api/journal?scope={}&limit=1", h.name)).await;
        let page: sdrs_models::JournalPage = serde_json::from_str(&r.text).unwrap();
        let journaled = if h.state == ScopeState::Refused {
            0
        } else {
            h.open_failures
        };
        assert_eq!(page.total, journaled, "{}: {}", h.name, r.text);
        assert!(h.state == ScopeState::Refused || journaled > 0, "{h:?}");
    }
}

#[tokio::test]
async fn start_up_faults_answer_until_used_up_and_come_back_with_a_reset() {
    let dir = temp_dir();
    let faults = write_faults(
        &dir,
        &json!([{ "path_prefix": "/v1/", "status": 503, "times": 2 }]),
    );
    let base = common::start(&["--emulator-faults", faults.to_str().unwrap()]).await;
    let list = api(&base, "task-center/failure-jobs?limit=1");
    let statuses = [
        get(&list).await.status,
        get(&list).await.status,
        get(&list).await.status,
    ];
    assert_eq!(
        statuses,
        [
            StatusCode::SERVICE_UNAVAILABLE,
            StatusCode::SERVICE_UNAVAILABLE,
            StatusCode::OK
        ]
    );

    let r = call(Method::POST, &format!("{base}/__emulator/reset")).await;
    assert!(r.status.is_success(), "{}", r.text);
    assert_eq!(get(&list).await.status, StatusCode::SERVICE_UNAVAILABLE);
}

#[test]
fn a_bad_faults_file_stops_start_up_naming_it() {
    let dir = temp_dir();
    let cases = [
        (json!({ "status": 401 }), "not a JSON array of faults"),
        (
            json!([{ "path_prefix": "/v1/" }, { "path_prefix": "/healthz" }]),
            "fault 2: path_prefix must start with",
        ),
        (
            json!([{ "status": 1000 }]),
            "fault 1: status 1000 is not an HTTP status",
        ),
    ];
    for (faults, expected) in cases {
        let path = write_faults(&dir, &faults);
        let e = Server::new(cli(&["--emulator-faults", path.to_str().unwrap()]))
            .map(|_| ())
            .expect_err("a bad faults file stops start-up");
        let e = e.to_string();
        assert!(
            e.contains(&format!("--emulator-faults {}: ", path.display())),
            "{e}"
        );
        assert!(e.contains(expected), "{faults}: {e}");
    }
    let missing = dir.join("absent.json");
    let e = Server::new(cli(&["--emulator-faults", missing.to_str().unwrap()]))
        .map(|_| ())
        .expect_err("a missing faults file stops start-up");
    assert!(e.to_string().contains("--emulator-faults"), "{e}");
}
