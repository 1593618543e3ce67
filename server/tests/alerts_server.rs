//! Alerts through a running server: a `--config` file with a scope on an
//! emulator and a signed webhook channel; the watcher's first round queues
//! every failure and the channel is told each once, naming the scope and
//! region; `/api/alerts/channels` shows the channel without its secret.

mod alerts_common;
mod common;
mod watching_common;

use alerts_common::{ok, Receiver};
use common::{client, send};
use reqwest::StatusCode;
use serde_json::Value;
use watching_common::*;

const SECRET: &str = "file-secret-0123456789abcdef";

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_watched_scopes_failures_reach_the_channel_once_each() {
    let receiver = Receiver::start(ok("")).await;
    let emulator = Emulator::start(31).await;
    let dir = temp_dir();
    let config = write_config(&dir, &[scope("alpha", "lab-a", &emulator)]);
    std::fs::write(dir.join("hook.secret"), format!("{SECRET}\n")).unwrap();
    let mut text = std::fs::read_to_string(&config).unwrap();
    text.push_str(&format!(
        "\n[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"{}/hook\"\n\
         secret_file = \"hook.secret\"\nbatch_secs = 0\n",
        receiver.base
    ));
    std::fs::write(&config, text).unwrap();
    let listed = emulator.listed_ids().await;
    let console = Console::start(&config, &sqlite_in(&dir)).await;

    let mut announced = Vec::new();
    let mut seen = 0;
    while announced.len() < listed.len() {
        let got = receiver.wait_for(seen + 1).await;
        for req in &got[seen..] {
            let body = req.json();
            assert_eq!(
                (body["scope"].as_str(), body["region"].as_str()),
                (Some("alpha"), Some("lab-a"))
            );
            assert!(req.header("x-sdrs-signature").starts_with("sha256="));
            assert_eq!(body["folded"], 0, "{body}");
            for f in body["failures"].as_array().unwrap() {
                announced.push(f["job_id"].as_str().unwrap().to_owned());
            }
        }
        seen = got.len();
    }
    announced.sort();
    let expected: Vec<String> = listed.keys().cloned().collect();
    assert_eq!(announced, expected, "each failure once");

    let url = format!("{}/api/alerts/channels", console.base);
    let hook = wait_for("the channel's last message settled", || async {
        let r = send(client().get(&url)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert!(!r.text.contains(SECRET), "{}", r.text);
        let channels: Value = serde_json::from_str(&r.text).unwrap();
        let hook = channels["channels"][0].clone();
        (hook["pending"] == 0).then_some(hook)
    })
    .await;
    assert_eq!(
        (hook["name"].as_str(), hook["kind"].as_str()),
        (Some("hook"), Some("webhook"))
    );
    assert_eq!(hook["state"], "ok", "{hook}");
    assert_eq!(hook["sent"], listed.len());
    console.stop().await;
}
