//! The audit trail, on SQLite and on a real PostgreSQL server: every delete
//! and clear is recorded with what it removed, in emulate and upstream
//! mode; a failed upstream call is recorded as failed; a server stopped
//! between the two writes leaves a pending record; the records survive a
//! restart. The audit API itself: `audit_api.rs`.

mod common;
mod db_common;

use common::{api, client, get, rows, send, PROJECT};
use reqwest::StatusCode;
use serde_json::{json, Value};
use std::collections::BTreeMap;

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
