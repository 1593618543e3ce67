//! `--emulated-scopes N`: further emulated projects, each with its own data,
//! answered on the main listener and on the loopback listener the watcher
//! uses; ticks that add and clear failures in them.

mod common;
mod iam_common;
mod team_common;

use common::*;
use reqwest::{Method, StatusCode};
use sdrs_console_server::emulator::projects::{project_id, EmulatedScope, Projects, Tick};
use sdrs_console_server::Server;
use serde_json::{json, Value};
use std::collections::HashSet;

/// Starts a server with `extra` flags; returns its base URL and, from the
/// start-up notes, the base URL of the emulated projects' own listener.
async fn start_with_internal(extra: &[&str]) -> (String, Option<String>) {
    let cli = cli(extra);
    let server = Server::new(cli).expect("server builds");
    let internal = server
        .notes()
        .iter()
        .find_map(|n| n.split("their API on ").nth(1))
        .map(|rest| rest.split_whitespace().next().unwrap().to_owned());
    server.prepare().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(server.run(listener, std::future::pending()));
    (base, internal)
}

fn url(base: &str, project: &str, rest: &str) -> String {
    format!("{base}/v1/{project}/{rest}")
}

async fn json_of(url: &str) -> Value {
    let r = get(url).await;
    assert_eq!(r.status, StatusCode::OK, "{url}: {}", r.text);
    r.json()
}

/// Every group of a project, read page by page (5 a page).
async fn all_groups(base: &str, project: &str) -> Vec<Value> {
    let mut groups = Vec::new();
    loop {
        let page = json_of(&url(
            base,
            project,
            &format!("server-groups?limit=5&offset={}", groups.len()),
        ))
        .await;
        let rows = page["server_groups"].as_array().unwrap().clone();
        let total = page["count"].as_u64().unwrap() as usize;
        assert!(rows.len() <= 5);
        groups.extend(rows);
        if groups.len() >= total {
            assert_eq!(groups.len(), total);
            return groups;
        }
    }
}

/// Every failure of a project: group level plus each group's.
async fn failure_count(base: &str, project: &str, groups: &[Value]) -> usize {
    let list = |q: String| url(base, project, &format!("task-center/failure-jobs?{q}"));
    let mut n = json_of(&list("limit=1".into())).await["count"].as_u64().unwrap();
    for g in groups {
        let q = format!("limit=1&server_group_id={}", g["id"].as_str().unwrap());
        n += json_of(&list(q)).await["count"].as_u64().unwrap();
    }
    n as usize
}

#[tokio::test]
async fn each_further_project_lists_its_own_failures_and_groups() {
    let (base, internal) = start_with_internal(&["--emulated-scopes", "3", "--jobs", "40"]).await;
    let internal = internal.expect("the note names the loopback listener");
    assert!(internal.starts_with("http://127.0.0.1:"), "{internal}");
    let mut seen_groups: HashSet<String> = all_groups(&base, PROJECT)
        .await
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(
        failure_count(&base, PROJECT, &all_groups(&base, PROJECT).await).await,
        40
    );
    for (i, (jobs, groups)) in [(25, 10), (60, 11), (95, 12)].into_iter().enumerate() {
        let project = project_id(i + 1);
        for at in [&base, &internal] {
            let listed = all_groups(at, &project).await;
            assert_eq!(listed.len(), groups, "{project}");
            assert_eq!(failure_count(at, &project, &listed).await, jobs, "{project}");
        }
        let listed = all_groups(&base, &project).await;
        for g in &listed {
            assert!(
                seen_groups.insert(g["id"].as_str().unwrap().to_owned()),
                "a group in two projects"
            );
        }
        // A group of another project is unknown here.
        let other = project_id(if i == 0 { 2 } else { 1 });
        let q = format!(
            "task-center/failure-jobs?server_group_id={}",
            listed[0]["id"].as_str().unwrap()
        );
        let r = get(&url(&base, &other, &q)).await;
        assert_eq!((r.status, r.code()), (StatusCode::NOT_FOUND, "SDRS.1013".into()));
    }
}

#[tokio::test]
async fn an_unknown_project_id_is_still_403_on_both_listeners() {
    let (base, internal) = start_with_internal(&["--emulated-scopes", "2"]).await;
    let internal = internal.unwrap();
    let unknown = project_id(3);
    for at in [&base, &internal] {
        for rest in ["task-center/failure-jobs", "server-groups"] {
            let r = get(&url(at, &unknown, rest)).await;
            assert_eq!(
                (r.status, r.code()),
                (StatusCode::FORBIDDEN, "SDRS.0001".into()),
                "{at} {rest}"
            );
        }
        assert_eq!(
            get(&url(at, PROJECT, "server-groups")).await.status,
            StatusCode::OK
        );
    }
}

#[tokio::test]
async fn without_the_flag_there_is_one_project_and_no_loopback_listener() {
    let (base, internal) = start_with_internal(&[]).await;
    assert_eq!(internal, None);
    let r = get(&url(&base, &project_id(1), "server-groups")).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "SDRS.0001".into()));
}

#[test]
fn scopes_are_named_by_region_in_turn_and_the_flag_is_bounded() {
    let scopes = Projects::new(3, 1, 0).scopes();
    assert_eq!(
        scopes[1],
        EmulatedScope {
            name: "demo-ap-southeast-2-2".into(),
            region: "ap-southeast-2".into(),
            project_id: project_id(2),
        }
    );
    assert_eq!(scopes[2].region, "ap-southeast-3");
    use clap::Parser;
    let parse = |n: &str| sdrs_console_server::Cli::try_parse_from(["s", "--emulated-scopes", n]);
    assert_eq!(parse("200").unwrap().emulator.emulated_scopes, 200);
    assert!(parse("201").is_err());
    assert!(parse("-1").is_err());
}

/// Whether the job exists in the project (`GET jobs/{id}` finds it).
async fn has_job(base: &str, project: &str, job_id: &str) -> bool {
    let r = get(&url(base, project, &format!("jobs/{job_id}"))).await;
    assert!(
        matches!(r.status, StatusCode::OK | StatusCode::NOT_FOUND),
        "{}",
        r.text
    );
    r.status == StatusCode::OK
}

#[tokio::test]
async fn a_tick_adds_a_failure_to_one_project_and_clears_one_from_another() {
    let (base, internal) = start_with_internal(&["--emulated-scopes", "4", "--seed", "5"]).await;
    let internal = internal.unwrap();
    let primary_before = failure_count(&base, PROJECT, &all_groups(&base, PROJECT).await).await;
    let mut ticks = Vec::new();
    for _ in 0..6 {
        let r = call(Method::POST, &format!("{base}/__emulator/tick")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let tick: Value = r.json();
        let (added, cleared) = (&tick["added"], &tick["cleared"]);
        let (ap, aj) = (
            added["project_id"].as_str().unwrap(),
            added["job_id"].as_str().unwrap(),
        );
        let (cp, cj) = (
            cleared["project_id"].as_str().unwrap(),
            cleared["job_id"].as_str().unwrap(),
        );
        assert_ne!(ap, cp);
        assert_ne!(ap, PROJECT);
        assert!(has_job(&internal, ap, aj).await, "the added failure is listed");
        assert!(!has_job(&internal, cp, cj).await, "the cleared failure is gone");
        ticks.push(tick);
    }
    // The main project gains one a tick, as without further projects.
    let primary_after = failure_count(&base, PROJECT, &all_groups(&base, PROJECT).await).await;
    assert_eq!(primary_after, primary_before + 6);
    // The same seed picks the same projects and failures to clear.
    let expected = Projects::new(4, 5, ANCHOR_MS.parse().unwrap());
    for tick in &ticks {
        let again: Tick = expected.tick(0);
        assert_eq!(&serde_json::to_value(again).unwrap(), tick);
    }
    // A reset brings the data and the sequence back.
    assert_eq!(
        call(Method::POST, &format!("{base}/__emulator/reset"))
            .await
            .status,
        StatusCode::NO_CONTENT
    );
    let first = call(Method::POST, &format!("{base}/__emulator/tick"))
        .await
        .json();
    assert_eq!(first["cleared"], ticks[0]["cleared"]);
}

#[tokio::test]
async fn jobs_added_and_deleted_through_the_main_listener_reach_their_project() {
    let (base, internal) = start_with_internal(&["--emulated-scopes", "2"]).await;
    let internal = internal.unwrap();
    let (one, two) = (project_id(1), project_id(2));
    let body = json!({"job_id": "f".repeat(32), "resource_name": "ecs-added", "project_id": two});
    let r = send(client().post(format!("{base}/__emulator/jobs")).json(&body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let job = "f".repeat(32);
    assert!(has_job(&internal, &two, &job).await);
    assert!(!has_job(&internal, &one, &job).await);
    assert!(!has_job(&internal, PROJECT, &job).await);
    let bad = json!({"resource_name": "x", "project_id": project_id(3)});
    let r = send(client().post(format!("{base}/__emulator/jobs")).json(&bad)).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_REQUEST, "SDRS.0201".into())
    );

    let r = call(
        Method::DELETE,
        &url(&base, &two, &format!("task-center/failure-jobs/{job}")),
    )
    .await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    assert!(!has_job(&internal, &two, &job).await);
}

#[tokio::test]
async fn the_loopback_listener_answers_without_a_session_when_team_sign_in_is_on() {
    let users = team_common::users_file();
    let (base, internal) =
        start_with_internal(&["--users", users.to_str().unwrap(), "--emulated-scopes", "2"]).await;
    let internal = internal.unwrap();
    let project = project_id(2);
    let main = get(&url(&base, &project, "task-center/failure-jobs?limit=1")).await;
    assert_eq!(
        main.status,
        StatusCode::UNAUTHORIZED,
        "the main listener asks for a session"
    );
    for p in [project.as_str(), PROJECT] {
        let r = get(&url(&internal, p, "task-center/failure-jobs?limit=1")).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(rows(&r.json()).len(), 1);
    }
    // Only the emulated API: no console pages, no control endpoints.
    for path in ["/config.json", "/__emulator/tick", "/audit/records"] {
        let r = call(Method::POST, &format!("{internal}{path}")).await;
        assert_eq!(r.status, StatusCode::NOT_FOUND, "{path}");
    }
}

#[tokio::test]
async fn a_queued_throttle_reaches_one_project_with_retry_after() {
    let (base, internal) = start_with_internal(&["--emulated-scopes", "2"]).await;
    let internal = internal.unwrap();
    let (one, two) = (project_id(1), project_id(2));
    let fault = json!({"path_prefix": format!("/v1/{two}/"), "status": 429, "retry_after": 7, "times": 2});
    let r = send(client().post(format!("{base}/__emulator/faults")).json(&fault)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let list = |p: &str| url(&internal, p, "server-groups?limit=1");
    assert_eq!(
        get(&list(&one)).await.status,
        StatusCode::OK,
        "another project is not throttled"
    );
    for _ in 0..2 {
        let r = get(&list(&two)).await;
        assert_eq!(
            (r.status, r.header("retry-after")),
            (StatusCode::TOO_MANY_REQUESTS, Some("7"))
        );
    }
    let r = get(&list(&two)).await;
    assert_eq!((r.status, r.header("retry-after")), (StatusCode::OK, None));
    // The watcher's calls are in the request log like the console's.
    let seen = get(&format!("{base}/__emulator/requests")).await.json();
    let paths: Vec<&str> = seen
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["path"].as_str().unwrap())
        .collect();
    assert_eq!(
        paths
            .iter()
            .filter(|p| p.starts_with(&format!("/v1/{two}/")))
            .count(),
        3
    );
}

#[tokio::test]
async fn sizes_given_by_flags_apply_to_every_further_project() {
    let flags = [
        "--emulated-scopes",
        "2",
        "--emulated-scope-jobs",
        "12",
        "--emulated-scope-groups",
        "15",
    ];
    let (base, _) = start_with_internal(&flags).await;
    for i in 1..=2 {
        let project = project_id(i);
        let groups = all_groups(&base, &project).await;
        assert_eq!(groups.len(), 15);
        assert_eq!(failure_count(&base, &project, &groups).await, 12);
    }
}

#[tokio::test]
async fn emulated_iam_issues_tokens_for_a_further_project_that_open_its_api() {
    let users = iam_common::users_file();
    let (_, internal) = start_with_internal(&["--iam-users", &users, "--emulated-scopes", "2"]).await;
    let internal = internal.unwrap();
    let two = project_id(2);
    let auth = |id: &str| iam_common::password_auth("reader", "reader-pw-1", json!({ "id": id }));
    let r = send(
        client()
            .post(format!("{internal}/v3/auth/tokens"))
            .json(&auth(&two)),
    )
    .await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert_eq!(r.json()["token"]["project"]["id"], two.as_str());
    let token = r.header("x-subject-token").unwrap().to_owned();
    let list = url(&internal, &two, "task-center/failure-jobs?limit=1");
    assert_eq!(get(&list).await.status, StatusCode::UNAUTHORIZED);
    assert_eq!(iam_common::get_with(&list, &token).await.status, StatusCode::OK);
    let r = send(
        client()
            .post(format!("{internal}/v3/auth/tokens"))
            .json(&auth(&project_id(3))),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
}
