//! The audit API on SQLite and on a real PostgreSQL server: filters,
//! pages and totals, the CSV export, and who may read it.

mod common;
mod db_common;

use axum::routing::any;
use common::{api, client, get, send, PROJECT};
use reqwest::StatusCode;
use sdrs_console_server::audit::record::{Action, NewRecord, Outcome};
use sdrs_console_server::team::identity::{Identity, Role, SignInMethod};
use serde_json::{json, Value};
use std::sync::Arc;

async fn audit(base: &str, query: &str) -> Value {
    let reply = get(&format!("{base}/audit/records?{query}")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    reply.json()
}

fn record(user: &str, action: Action, at: i64) -> NewRecord {
    NewRecord {
        user: user.into(),
        method: "local".into(),
        action,
        project_id: PROJECT.into(),
        region: Some("ap-southeast-3".into()),
        scope: Some(format!("prod {user}")),
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
        assert!(all["records"][1]["scope"]
            .as_str()
            .is_some_and(|s| s.starts_with("prod ")));

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
    use sdrs_console_server::emulator::state::{Emulator, EmulatorConfig};
    let config = EmulatorConfig::from_cli(&common::cli(&[])).unwrap();
    let emu = Arc::new(Emulator::new(config).unwrap());
    let trail = Arc::new(layer::AuditTrail {
        db: db.clone(),
        source: Source::Local(emu.clone()),
        region: None,
        scopes: Arc::new([]),
        quiet: true,
    });
    let app = axum::Router::new()
        .route(
            "/v1/{*rest}",
            any(sdrs_console_server::emulator::task_center::api),
        )
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
