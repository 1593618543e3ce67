//! `/api/journal` and `/api/journal.csv` of a running server (emulate
//! mode) on SQLite and on a real PostgreSQL server, a delete through the
//! console linked in the journal, and who may read it.

mod common;
mod db_common;
mod journal_common;
mod team_common;

use common::{api, client, get, send, PROJECT};
use journal_common::*;
use reqwest::StatusCode;
use sdrs_console_server::db::journal::{Journal, SeenFailure};
use sdrs_models::{Clearance, FailureJob, JournalPage};

async fn failure_jobs(base: &str) -> Vec<FailureJob> {
    let reply = get(&api(base, "task-center/failure-jobs?limit=1000")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    sdrs_models::FailureJobList::from_json(reply.text.as_bytes())
        .unwrap()
        .failure_jobs
}

#[tokio::test]
async fn the_api_serves_json_and_csv_and_links_a_console_delete() {
    for db in db_common::all().await {
        let base = common::start(&["--database", &db.url]).await;
        let journal = Journal::new(db_common::open(&db.url).await);
        let jobs = failure_jobs(&base).await;
        assert!(jobs.len() >= 2, "the emulator lists group-level failures");
        let seen: Vec<SeenFailure> = jobs
            .iter()
            .map(|job| SeenFailure {
                server_group_id: None,
                job: job.clone(),
            })
            .collect();
        let here = scope("emulated", PROJECT);
        journal.record_round(&here, &seen, T0).await.unwrap();

        // A delete through the console (by `anonymous`: emulate mode
        // without sign-in).
        let gone = &jobs[0];
        let sent = sdrs_models::failure_job_id(gone);
        let res = send(client().delete(api(&base, &format!("task-center/failure-jobs/{sent}")))).await;
        assert!(res.status.is_success(), "{}: {}", res.status, res.text);

        let reply = get(&format!("{base}/api/journal?state=cleared&limit=5")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        let page: JournalPage = serde_json::from_str(&reply.text).unwrap();
        assert!(page.total >= 1, "{}: {}", db.name, reply.text);
        let cleared = page
            .entries
            .iter()
            .find(|e| e.job.job_id == gone.job_id)
            .unwrap_or_else(|| panic!("{}: {} not cleared: {}", db.name, gone.job_id, reply.text));
        match &cleared.cleared {
            Some(Clearance::Console { user, audit_id }) => {
                assert_eq!(user, "anonymous");
                let audit = get(&format!("{base}/audit/records?action=delete")).await.json();
                assert_eq!(audit["records"][0]["id"].as_i64(), Some(*audit_id), "{}", db.name);
                assert_eq!(audit["records"][0]["user"], "anonymous");
            }
            other => panic!("{}: cleared {other:?}", db.name),
        }

        let all = get(&format!("{base}/api/journal?limit=1000")).await;
        let all: JournalPage = serde_json::from_str(&all.text).unwrap();
        assert_eq!(all.total, jobs.len() as u64);
        let name = &jobs[1].resource_name;
        let by_name = get(&format!(
            "{base}/api/journal?scope=emulated&resource_name={}",
            name.to_uppercase().replace(' ', "%20")
        ))
        .await;
        let by_name: JournalPage = serde_json::from_str(&by_name.text).unwrap();
        assert!(by_name.entries.iter().any(|e| e.job.job_id == jobs[1].job_id));

        let csv = get(&format!("{base}/api/journal.csv?state=all")).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
        assert!(csv
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment;"));
        assert_eq!(csv.header("cache-control"), Some("no-store"));
        let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
        assert_eq!(&reader.headers().unwrap()[0], "scope");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), jobs.len(), "{}", db.name);
        let row = rows.iter().find(|r| &r[4] == gone.job_id.as_str()).unwrap();
        assert_eq!(
            (&row[0], &row[17], &row[19]),
            ("emulated", "console", "anonymous")
        );
        let limited = get(&format!("{base}/api/journal.csv?limit=1")).await;
        assert_eq!(limited.text.split_terminator("\r\n").count(), 2);

        for bad in ["state=bogus", "limit=0", "limit=1001", "offset=-1", "offset=x"] {
            let reply = get(&format!("{base}/api/journal?{bad}")).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}: {}", reply.text);
            assert_eq!(reply.code(), "SDRS.0201", "{bad}");
        }
        // The CSV takes larger pages, up to its own limit.
        for bad in ["state=bogus", "limit=0", "limit=100001", "offset=-1"] {
            let csv = get(&format!("{base}/api/journal.csv?{bad}")).await;
            assert_eq!(csv.status, StatusCode::BAD_REQUEST, "csv {bad}");
        }
        assert_eq!(
            get(&format!("{base}/api/journal.csv?limit=1001")).await.status,
            StatusCode::OK
        );
        let reply = get(&format!("{base}/api/journal?state=bogus")).await;
        assert!(
            reply.text.contains("state must be open, cleared or all"),
            "{}",
            reply.text
        );
        let post = send(client().post(format!("{base}/api/journal"))).await;
        assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    }
}

/// Behind team sign-in the journal needs a session; any role reads it.
#[tokio::test]
async fn the_journal_is_read_by_signed_in_users_of_any_role() {
    // A database of its own, not the tests' shared default file.
    let db = db_common::sqlite();
    let base = team_common::team_server(&["--database", &db.url]).await;
    for path in ["/api/journal", "/api/journal.csv"] {
        let anonymous = get(&format!("{base}{path}")).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(anonymous.code(), "SDRS.0002");
        let bob = team_common::sign_in(&base, "bob", team_common::BOB_PASSWORD).await;
        let viewer =
            team_common::with_session(reqwest::Method::GET, &format!("{base}{path}"), &bob, false).await;
        assert_eq!(viewer.status, StatusCode::OK, "{path}: {}", viewer.text);
    }
}
