//! The audit trail, on SQLite and on a real PostgreSQL server: every delete
//! and clear is recorded with what it removed, in emulate and upstream
//! mode; a failed upstream call is recorded as failed; a server stopped
//! between the two writes leaves a pending record; the records survive a
//! restart; filters, CSV and the role check of the audit API.

mod common;
mod db_common;

use axum::routing::any;
use common::{api, client, get, rows, send, PROJECT};
use reqwest::StatusCode;
use sdrs_console_server::audit::record::{Action, NewRecord, Outcome};
use sdrs_console_server::team::identity::{Identity, Role, SignInMethod};
use serde_json::{json, Value};
use std::collections::BTreeMap;
use std::sync::Arc;

async fn audit(base: &str, query: &str) -> Value {
    let reply = get(&format!("{base}/audit/records?{query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()
}

/// Every task of a scope through the API, all pages.
async fn all_rows(base: &str, group: Option<&str>) -> Vec<Value> {
    let mut out = Vec::new();
    for page in 0.. {
        let mut q = format!("limit=1000&offset={}", page * 1000);
        if let Some(g) = group {
            q = format!("server_group_id={g}&{q}");
        }
        let got = rows(
            &get(&api(base, &format!("task-center/failure-jobs?{q}")))
                .await
                .json(),
        );
        let last = got.len() < 1000;
        out.extend(got);
        if last {
            break;
        }
    }
    out
}

/// Rows by job id, so two reads compare whatever their order.
fn by_id(rows: &[Value]) -> BTreeMap<String, Value> {
    rows.iter()
        .map(|r| (r["job_id"].as_str().unwrap().to_owned(), r.clone()))
        .collect()
}

fn removed(record: &Value) -> Vec<Value> {
    record["removed"].as_array().unwrap().clone()
}

#[tokio::test]
async fn each_delete_and_clear_is_recorded_with_the_tasks_it_removed() {
    for db in db_common::all().await {
        let base = common::start(&["--database", &db.url]).await;
        let groups = common::group_ids(&base).await;

        let level = all_rows(&base, None).await;
        assert!(!level.is_empty());
        let res = send(client().delete(api(&base, "task-center/failure-jobs/batch"))).await;
        assert_eq!(res.status, StatusCode::NO_CONTENT);
        let level_request_id = res.request_id().to_owned();

        // The first group holds over 1000 tasks: the read pages.
        let big = all_rows(&base, Some(&groups[0])).await;
        assert!(big.len() > 1000, "{}", big.len());
        let res = send(client().delete(api(
            &base,
            &format!("task-center/{}/failure-jobs/batch", groups[0]),
        )))
        .await;
        assert_eq!(res.status, StatusCode::NO_CONTENT);

        let one = all_rows(&base, Some(&groups[1])).await[3].clone();
        let resource = one["resource_id"].as_str().unwrap();
        let res = send(client().delete(api(&base, &format!("task-center/failure-jobs/{resource}")))).await;
        assert_eq!(res.status, StatusCode::NO_CONTENT);

        let res = send(client().delete(api(&base, "task-center/failure-jobs/no-such-task"))).await;
        assert_eq!(res.status, StatusCode::NOT_FOUND);

        let page = audit(&base, "").await;
        assert_eq!(page["total"], 4, "{}: {page}", db.name);
        let records = page["records"].as_array().unwrap();
        // Newest first.
        let (missing, single, group, level_rec) = (&records[0], &records[1], &records[2], &records[3]);

        assert_eq!(level_rec["action"], "clear_group_level");
        assert_eq!(by_id(&removed(level_rec)), by_id(&level), "{}", db.name);
        assert_eq!(level_rec["outcome"], "succeeded");
        assert_eq!(level_rec["upstreamStatus"], 204);
        assert_eq!(level_rec["requestId"], level_request_id.as_str());
        assert_eq!(level_rec["user"], "anonymous");
        assert_eq!(level_rec["projectId"], PROJECT);
        assert_eq!(level_rec["serverGroupId"], Value::Null);
        assert!(level_rec["completedAtMs"].as_i64().unwrap() >= level_rec["startedAtMs"].as_i64().unwrap());

        assert_eq!(group["action"], "clear_group");
        assert_eq!(group["serverGroupId"], groups[0].as_str());
        assert_eq!(by_id(&removed(group)), by_id(&big), "{}", db.name);

        assert_eq!(single["action"], "delete");
        assert_eq!(single["failureJobId"], resource);
        assert_eq!(removed(single), vec![one.clone()], "{}", db.name);

        assert_eq!(missing["outcome"], "failed");
        assert_eq!(missing["upstreamStatus"], 404);
        assert_eq!(removed(missing), Vec::<Value>::new());

        // The trail outlives the server: another one on the same database
        // shows the same records.
        let again = common::start(&["--database", &db_common::same(&db).url]).await;
        assert_eq!(audit(&again, "").await["records"], page["records"], "{}", db.name);
    }
}

async fn queue_fault(emulator: &str, fault: Value) {
    let res = send(
        client()
            .post(format!("{emulator}/__emulator/faults"))
            .json(&fault),
    )
    .await;
    assert!(res.status.is_success(), "{}", res.text);
}

#[tokio::test]
async fn upstream_deletes_are_read_with_the_same_credential_and_a_failed_one_is_recorded_failed() {
    for db in db_common::all().await {
        let upstream = common::start(&[]).await;
        let base = common::start(&["--upstream", &upstream, "--database", &db.url]).await;
        let level = all_rows(&upstream, None).await;
        let batch = format!("/v1/{PROJECT}/task-center/failure-jobs/batch");
        queue_fault(&upstream, json!({"path_prefix": batch, "status": 503})).await;
        send(client().delete(format!("{upstream}/__emulator/requests"))).await;
        let seen = || async {
            let v = get(&format!("{upstream}/__emulator/requests")).await.json();
            send(client().delete(format!("{upstream}/__emulator/requests"))).await;
            v.as_array()
                .unwrap()
                .iter()
                .map(|r| (r["method"].as_str().unwrap().to_owned(), r["token"].clone()))
                .collect::<Vec<_>>()
        };
        let token = json!("browser-token-1");
        let read_then_delete = vec![
            ("GET".to_owned(), token.clone()),
            ("DELETE".to_owned(), token.clone()),
        ];

        let res = send(
            client()
                .delete(api(&base, "task-center/failure-jobs/batch"))
                .header("X-Auth-Token", "browser-token-1"),
        )
        .await;
        assert_eq!(res.status, StatusCode::SERVICE_UNAVAILABLE, "{}", res.text);
        let failed_id = res.request_id().to_owned();
        // The read before the delete went upstream with the delete's token.
        assert_eq!(seen().await, read_then_delete, "{}", db.name);

        // The tasks are still there; the second try succeeds.
        assert_eq!(all_rows(&upstream, None).await.len(), level.len());
        seen().await;
        let res = send(
            client()
                .delete(api(&base, "task-center/failure-jobs/batch"))
                .header("X-Auth-Token", "browser-token-1"),
        )
        .await;
        assert_eq!(res.status, StatusCode::NO_CONTENT, "{}", res.text);
        assert_eq!(seen().await, read_then_delete, "{}", db.name);
        assert!(all_rows(&upstream, None).await.is_empty());

        let page = audit(&base, "").await;
        assert_eq!(page["total"], 2, "{}", db.name);
        let (ok, failed) = (&page["records"][0], &page["records"][1]);
        assert_eq!(failed["outcome"], "failed", "{}", db.name);
        assert_eq!(failed["upstreamStatus"], 503);
        assert_eq!(failed["requestId"], failed_id.as_str());
        assert_eq!(by_id(&removed(failed)), by_id(&level));
        assert_eq!(ok["outcome"], "succeeded");
        assert_eq!(by_id(&removed(ok)), by_id(&level));
    }
}

/// Starts the server binary; returns the child and its base URL.
fn start_binary(args: &[&str]) -> (std::process::Child, String) {
    use std::io::BufRead;
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_sdrs-console-server"))
        .args(["--port", "0", "--quiet", "--dist", "/nonexistent/sdrs-dist"])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let mut line = String::new();
    std::io::BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    let url = line.split_whitespace().last().unwrap_or_default().to_owned();
    assert!(url.starts_with("http://"), "{line}");
    (child, url)
}

#[tokio::test]
async fn a_server_stopped_between_the_two_writes_leaves_a_pending_record() {
    for db in db_common::all().await {
        let upstream = common::start(&[]).await;
        let level = all_rows(&upstream, None).await;
        // The upstream takes its time over the delete; the server is killed
        // while it waits.
        let batch = format!("/v1/{PROJECT}/task-center/failure-jobs/batch");
        queue_fault(&upstream, json!({"path_prefix": batch, "delay_ms": 60000})).await;
        let (mut child, base) = start_binary(&["--upstream", &upstream, "--database", &db.url]);
        let url = api(&base, "task-center/failure-jobs/batch");
        let delete = tokio::spawn(async move {
            client().delete(url).header("X-Auth-Token", "t").send().await.ok();
        });
        let mut pending = Value::Null;
        for _ in 0..200 {
            let page = audit(&base, "").await;
            if page["records"].as_array().is_some_and(|r| r.len() == 1) {
                pending = page["records"][0].clone();
                break;
            }
            tokio::time::sleep(std::time::Duration::from_millis(25)).await;
        }
        assert_eq!(pending["outcome"], "pending", "{}: {pending}", db.name);
        child.kill().unwrap();
        child.wait().unwrap();
        delete.abort();

        let restarted = common::start(&["--database", &db_common::same(&db).url]).await;
        let page = audit(&restarted, "").await;
        assert_eq!(page["total"], 1, "{}", db.name);
        let record = &page["records"][0];
        assert_eq!(record["outcome"], "pending");
        assert_eq!(record["completedAtMs"], Value::Null);
        assert_eq!(record["upstreamStatus"], Value::Null);
        assert_eq!(by_id(&removed(record)), by_id(&level), "{}", db.name);
    }
}

fn record(user: &str, action: Action, at: i64) -> NewRecord {
    NewRecord {
        user: user.into(),
        method: "local".into(),
        action,
        project_id: PROJECT.into(),
        region: Some("ap-southeast-3".into()),
        failure_job_id: (action == Action::Delete).then(|| "r-1".into()),
        server_group_id: (action == Action::ClearGroup).then(|| "g,\"1\"".into()),
        started_at_ms: at,
        removed: vec![json!({"job_id": format!("j{at}"), "resource_id": "r-1"})],
    }
}

#[tokio::test]
async fn filters_pages_and_csv() {
    for db in db_common::all().await {
        let handle = db_common::open(&db.url).await;
        let plan = [
            ("alice", Action::Delete, 1_000),
            ("bob", Action::ClearGroup, 2_000),
            ("alice", Action::ClearGroupLevel, 3_000),
            ("alice", Action::ClearGroup, 4_000),
            ("=bob", Action::Delete, 5_000),
        ];
        for (user, action, at) in plan {
            let id = handle.insert_pending(&record(user, action, at)).await.unwrap();
            if at != 5_000 {
                handle
                    .complete(
                        id,
                        Outcome::Succeeded,
                        Some(204),
                        Some(format!("rid-{at}")),
                        at + 10,
                    )
                    .await
                    .unwrap();
            }
        }
        let base = common::start(&["--database", &db.url]).await;
        let started = |v: &Value| -> Vec<i64> {
            v["records"]
                .as_array()
                .unwrap()
                .iter()
                .map(|r| r["startedAtMs"].as_i64().unwrap())
                .collect()
        };
        let all = audit(&base, "").await;
        assert_eq!(started(&all), [5_000, 4_000, 3_000, 2_000, 1_000], "{}", db.name);
        assert_eq!(all["records"][0]["outcome"], "pending");
        assert_eq!(all["records"][1]["region"], "ap-southeast-3");

        let alice = audit(&base, "user=alice").await;
        assert_eq!(
            (alice["total"].as_i64(), started(&alice)),
            (Some(3), vec![4_000, 3_000, 1_000])
        );
        let clears = audit(&base, "action=clear_group").await;
        assert_eq!(started(&clears), [4_000, 2_000]);
        let window = audit(&base, "from=2000&to=4000").await;
        assert_eq!(started(&window), [4_000, 3_000, 2_000]);
        let both = audit(&base, "user=alice&action=clear_group&from=1500").await;
        assert_eq!(started(&both), [4_000]);
        let paged = audit(&base, "limit=2&offset=1").await;
        assert_eq!(
            (paged["total"].as_i64(), started(&paged)),
            (Some(5), vec![4_000, 3_000])
        );
        let past = audit(&base, "user=alice&offset=10").await;
        assert_eq!((past["total"].as_i64(), started(&past)), (Some(3), vec![]));
        let none = audit(&base, "user=nobody").await;
        assert_eq!((none["total"].as_i64(), started(&none)), (Some(0), vec![]));

        for bad in ["action=drop_table", "from=yesterday", "limit=0", "offset=-3"] {
            let reply = get(&format!("{base}/audit/records?{bad}")).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}");
            assert_eq!(reply.code(), "SDRS.0201");
        }

        let csv = get(&format!("{base}/audit/records.csv?user=alice")).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
        assert!(csv
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment;"));
        let lines: Vec<&str> = csv.text.split_terminator("\r\n").collect();
        assert_eq!(lines.len(), 4, "{}", csv.text);
        assert!(lines[0].starts_with("id,user,method,action,"));
        assert!(lines[1].contains(",alice,local,clear_group,"), "{}", lines[1]);
        assert!(
            lines[1].contains(",\"g,\"\"1\"\"\","),
            "RFC 4180 quoting: {}",
            lines[1]
        );
        assert!(
            lines[1].contains(",succeeded,204,rid-4000,1,j4000,"),
            "{}",
            lines[1]
        );
        // A user name that a spreadsheet would run is neutralised.
        let csv = get(&format!("{base}/audit/records.csv?action=delete")).await;
        assert!(csv.text.contains(",'=bob,"), "{}", csv.text);
    }
}

/// The audit layer and routes behind a stand-in for the sign-in layer that
/// names the caller from a test header.
async fn signed_in_server(db: Arc<sdrs_console_server::db::Database>) -> String {
    use sdrs_console_server::audit::{layer, reader::Source, routes};
    let emu = Arc::new(sdrs_console_server::state::Emulator::new(common::cli(&[])).unwrap());
    let trail = Arc::new(layer::AuditTrail {
        db: db.clone(),
        source: Source::Store(emu.clone()),
        region: None,
        quiet: true,
    });
    let app = axum::Router::new()
        .route("/v1/{*rest}", any(sdrs_console_server::emulate::api))
        .with_state(emu)
        .layer(axum::middleware::from_fn_with_state(trail, layer::layer))
        .merge(routes::routes(db))
        .layer(axum::middleware::from_fn(
            |mut req: axum::extract::Request, next: axum::middleware::Next| async move {
                let role = req
                    .headers()
                    .get("x-test-role")
                    .map(|v| v.to_str().unwrap().to_owned());
                if let Some(role) = role {
                    req.extensions_mut().insert(Identity {
                        user: format!("{role}-user"),
                        role: Role::parse(&role).unwrap(),
                        method: SignInMethod::Proxy,
                    });
                }
                next.run(req).await
            },
        ));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await });
    format!("http://{addr}")
}

#[tokio::test]
async fn records_name_the_signed_in_user_and_only_operators_read_them() {
    for db in db_common::all().await {
        let base = signed_in_server(db_common::open(&db.url).await).await;
        let res = send(
            client()
                .delete(api(&base, "task-center/failure-jobs/batch"))
                .header("x-test-role", "operator"),
        )
        .await;
        assert_eq!(res.status, StatusCode::NO_CONTENT);

        for path in ["/audit/records", "/audit/records.csv"] {
            let viewer = send(
                client()
                    .get(format!("{base}{path}"))
                    .header("x-test-role", "viewer"),
            )
            .await;
            assert_eq!(viewer.status, StatusCode::FORBIDDEN, "{path}");
            assert_eq!(viewer.code(), "SDRS.0005");
            assert!(viewer.text.contains("viewer"), "{}", viewer.text);
        }
        let page = send(
            client()
                .get(format!("{base}/audit/records"))
                .header("x-test-role", "operator"),
        )
        .await;
        assert_eq!(page.status, StatusCode::OK);
        let record = &page.json()["records"][0];
        assert_eq!(
            (record["user"].as_str(), record["method"].as_str()),
            (Some("operator-user"), Some("proxy")),
            "{}",
            db.name
        );
    }
}
