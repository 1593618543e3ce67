//! Reminders (`remind_after_secs`): a failure announced a while ago, still
//! open and not acknowledged, is announced once more, as a reminder; one
//! acknowledged or gone since is not; and never twice. On SQLite and on
//! the PostgreSQL server of `scripts/test`.

mod alerts_common;
mod common;
mod db_common;

use alerts_common::*;
use sdrs_console_server::db::acks::AckStore;
use sdrs_console_server::util::timefmt::now_ms;
use sdrs_models::EntryKey;
use std::time::Duration;

fn config(base: &str) -> String {
    format!(
        "[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"{base}/hook\"\nbatch_secs = 0\n\
         remind_after_secs = 1\n"
    )
}

fn job_ids(body: &serde_json::Value) -> Vec<String> {
    let mut ids: Vec<String> = body["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["job_id"].as_str().unwrap().to_owned())
        .collect();
    ids.sort();
    ids
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_open_unacknowledged_failure_is_reminded_once() {
    for db in db_common::all().await {
        let receiver = Receiver::start(ok("")).await;
        let database = open(&db.url).await;
        let setup = channels(&config(&receiver.base), &[], database.clone());
        round(&database, &setup, &failures(1..=3), now_ms()).await;
        let tasks = start(&setup);
        let got = receiver.wait_for(1).await;
        assert_eq!(got[0].json()["event"], "new", "{}", db.name);
        assert_eq!(job_ids(&got[0].json()), ["job-01", "job-02", "job-03"]);
        // Before the reminder: job-02 acknowledged, job-03 gone.
        let key = EntryKey {
            scope: SCOPE.into(),
            job_id: "job-02".into(),
        };
        AckStore::new(database.clone())
            .acknowledge(&[key], &alice(), "on it", now_ms())
            .await
            .unwrap();
        round(&database, &setup, &failures(1..=2), now_ms()).await;

        let got = receiver.wait_for(2).await;
        let reminder = got[1].json();
        assert_eq!(reminder["event"], "reminder", "{}: {reminder}", db.name);
        assert_eq!(job_ids(&reminder), ["job-01"], "{}", db.name);
        let headline = reminder["title"].as_str().unwrap_or_default();
        assert!(headline.contains("still open and not acknowledged"), "{headline}");
        // Several more looks later: still one reminder.
        tokio::time::sleep(Duration::from_secs(3)).await;
        settled(&setup, "hook").await;
        assert_eq!(receiver.got().len(), 2, "{}: one reminder only", db.name);
        for t in tasks {
            t.abort();
        }
    }
}
