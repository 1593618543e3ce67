//! The real Prometheus Alertmanager (Debian's `prometheus-alertmanager`,
//! `SDRS_ALERTMANAGER`, which `scripts/test` installs) receives each failure
//! as an alert with the scope, region, status, code and resource as labels,
//! and resolves it when the failure is gone.

mod alerts_common;
mod common;

use alerts_common::*;
use sdrs_console_server::util::timefmt::now_ms;
use serde_json::Value;
use std::collections::BTreeSet;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// Alertmanager on a port of its own, stopped with the test.
struct Alertmanager {
    base: String,
    child: Child,
    _dir: tempfile::TempDir,
}

impl Drop for Alertmanager {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Alertmanager {
    async fn start(binary: &str) -> Alertmanager {
        let dir = tempfile::tempdir().unwrap();
        let config = dir.path().join("alertmanager.yml");
        std::fs::write(
            &config,
            "route:\n  receiver: nowhere\n  group_wait: 1s\nreceivers:\n  - name: nowhere\n",
        )
        .unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let child = Command::new(binary)
            .arg(format!("--config.file={}", config.display()))
            .arg(format!("--storage.path={}", dir.path().join("data").display()))
            .arg(format!("--web.listen-address=127.0.0.1:{port}"))
            // No cluster: one Alertmanager, no gossip port.
            .arg("--cluster.listen-address=")
            .arg("--log.level=warn")
            .stdout(Stdio::null())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap_or_else(|e| panic!("start {binary}: {e}"));
        let am = Alertmanager {
            base: format!("http://127.0.0.1:{port}"),
            child,
            _dir: dir,
        };
        let ready = format!("{}/-/ready", am.base);
        for _ in 0..300 {
            if reqwest::get(&ready).await.is_ok_and(|r| r.status().is_success()) {
                return am;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("Alertmanager did not get ready at {ready}");
    }

    /// The alerts it holds that have not ended.
    async fn alerts(&self) -> Vec<Value> {
        let v: Value = reqwest::get(format!("{}/api/v2/alerts", self.base))
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        v.as_array().cloned().unwrap_or_default()
    }

    /// Waits until the job ids of its alerts are `want`.
    async fn wait_for_jobs(&self, want: &[&str]) -> Vec<Value> {
        let want: BTreeSet<String> = want.iter().map(|s| s.to_string()).collect();
        let mut seen = BTreeSet::new();
        for _ in 0..600 {
            let alerts = self.alerts().await;
            seen = alerts
                .iter()
                .filter_map(|a| a["labels"]["job_id"].as_str().map(str::to_owned))
                .collect();
            if seen == want {
                return alerts;
            }
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        panic!("Alertmanager holds {seen:?}, not {want:?}");
    }
}

#[tokio::test]
async fn alertmanager_receives_each_failure_and_resolves_it_when_gone() {
    let Some(binary) = common::require_tool("Prometheus Alertmanager", "SDRS_ALERTMANAGER") else {
        return;
    };
    let am = Alertmanager::start(&binary).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let config = format!(
        "[[alerts.channels]]\nname = \"am\"\nkind = \"alertmanager\"\nurl = \"{}\"\nbatch_secs = 0\n",
        am.base
    );
    let setup = channels(&config, &[], db.clone());
    let tasks = start(&setup);

    round(&db, &setup, &failures(1..=3), now_ms()).await;
    let alerts = am.wait_for_jobs(&["job-01", "job-02", "job-03"]).await;
    let first = alerts.iter().find(|a| a["labels"]["job_id"] == "job-01").unwrap();
    let labels = &first["labels"];
    assert_eq!(labels["alertname"], "SDRSFailedTask");
    assert_eq!(labels["scope"], SCOPE);
    assert_eq!(labels["region"], "ap-southeast-3");
    assert_eq!(labels["failure_status"], "failoverFail");
    assert_eq!(labels["error_code"], "SDRS.0002");
    assert_eq!(labels["resource_name"], "web-01");
    assert_eq!(first["status"]["state"], "active", "{first}");
    assert!(
        first["generatorURL"]
            .as_str()
            .is_some_and(|u| u.starts_with("https://console.example.com/")),
        "a link to the failure in the console: {first}"
    );

    // job-03 is gone upstream: Alertmanager resolves it, the others stay.
    round(&db, &setup, &failures(1..=2), now_ms()).await;
    am.wait_for_jobs(&["job-01", "job-02"]).await;
    for t in tasks {
        t.abort();
    }
}
