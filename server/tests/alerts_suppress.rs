//! Silences and acknowledgements keep failures out of alerts: a burst is
//! announced without the failures an active silence matches or a user
//! acknowledged before it went out, each reason is in the delivery log,
//! and an expired silence keeps nothing back.

mod alerts_common;

use alerts_common::*;
use sdrs_console_server::db::acks::AckStore;
use sdrs_console_server::db::silences::SilenceStore;
use sdrs_console_server::silences::rules::validate;
use sdrs_console_server::util::timefmt::{format_ms, now_ms};
use sdrs_models::{EntryKey, NewSilence, SilenceMatchers};

fn config(base: &str) -> String {
    format!(
        "[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"{base}/hook\"\nbatch_secs = 0\n"
    )
}

fn job_ids(body: &serde_json::Value) -> Vec<String> {
    body["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["job_id"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn silenced_and_acknowledged_failures_are_kept_back_and_logged() {
    // The process's metrics recorder, before anything counts.
    let metrics = sdrs_console_server::ops::metrics::handle().expect("the recorder");
    let receiver = Receiver::start(ok("")).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let setup = channels(&config(&receiver.base), &[], db.clone());
    let now = now_ms();
    round(&db, &setup, &failures(1..=12), now).await;
    // Before the sender starts: job-02 acknowledged, web-10..12 silenced.
    let acks = AckStore::new(db.clone());
    let key = EntryKey {
        scope: SCOPE.into(),
        job_id: "job-02".into(),
    };
    assert_eq!(acks.acknowledge(&[key], &alice(), "known", now).await.unwrap(), 1);
    let silences = SilenceStore::new(db.clone());
    let new = NewSilence {
        matchers: SilenceMatchers {
            resource_name: Some("WEB-1".into()),
            ..SilenceMatchers::default()
        },
        starts_at: None,
        ends_at: format_ms(now + 3_600_000),
        comment: "web tier rebuilt tonight".into(),
    };
    let silence = silences
        .add(&validate(&new, now).unwrap(), "alice", now)
        .await
        .unwrap();

    let tasks = start(&setup);
    let got = receiver.wait_for(1).await;
    let body = got[0].json();
    let announced = job_ids(&body);
    assert_eq!(
        announced,
        ["job-01", "job-03", "job-04", "job-05", "job-06", "job-07", "job-08", "job-09"],
        "{body}"
    );
    assert_eq!(body["count"], 8, "{body}");
    settled(&setup, "hook").await;
    let log = setup.sender.log().list(Some("hook"), 10).await.unwrap();
    let mut seen: Vec<(String, i64, String)> = log
        .iter()
        .map(|d| {
            (
                d.outcome.clone(),
                d.failures,
                d.reason.clone().unwrap_or_default(),
            )
        })
        .collect();
    seen.sort();
    assert_eq!(
        seen,
        [
            ("delivered".into(), 8, String::new()),
            ("suppressed".into(), 1, "acknowledged by alice".into()),
            (
                "suppressed".into(),
                3,
                format!("silenced by silence {} (web tier rebuilt tonight)", silence.id)
            ),
        ]
    );

    // A later failure the silence matches: nothing is sent.
    round(&db, &setup, &failures(1..=13), now_ms()).await;
    settled(&setup, "hook").await;
    assert_eq!(receiver.got().len(), 1, "web-13 is silenced");

    // Expired, the silence keeps nothing back.
    silences.expire(silence.id, now_ms()).await.unwrap();
    round(&db, &setup, &failures(1..=14), now_ms()).await;
    let got = receiver.wait_for(2).await;
    assert_eq!(job_ids(&got[1].json()), ["job-14"]);
    settled(&setup, "hook").await;
    let text = metrics.render();
    for (outcome, n) in [("delivered", 2), ("suppressed", 3)] {
        let line = format!("sdrs_alert_deliveries_total{{channel=\"hook\",outcome=\"{outcome}\"}} {n}");
        assert!(text.lines().any(|l| l == line), "{line} in {text}");
    }
    for t in tasks {
        t.abort();
    }
}
