//! Running servers for the watching tests: emulators as upstreams, each a
//! project of its own that checks its own AK/SK, and a console server that
//! watches them from a `--config` file, with the keys in a credentials file
//! beside it (no process environment shared between tests). Conditions are
//! waited for by polling `/api/scopes` and `/api/journal`, up to a generous
//! deadline that only guards against a hang.
#![allow(dead_code)]

use crate::common::{cli, client, send, start_cli};
use reqwest::{Method, StatusCode};
use sdrs_console_server::aksk::credentials::{KeyPair, SdkCredentials, Secret, Source};
use sdrs_console_server::cli::AkSkSource;
use sdrs_console_server::Server;
use sdrs_models::{FailureJob, JournalPage, ScopeHealth, ScopeList, ScopeState};
use serde_json::Value;
use std::collections::BTreeMap;
use std::future::Future;
use std::path::{Path, PathBuf};
use std::time::Duration;

/// How long a wait may take before the test gives up: far more than the
/// few one-second periods any condition needs, for a busy machine.
pub const DEADLINE: Duration = Duration::from_secs(120);

/// Calls `probe` until it answers `Some`, then returns that.
pub async fn wait_for<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let give_up = tokio::time::Instant::now() + DEADLINE;
    loop {
        if let Some(found) = probe().await {
            return found;
        }
        assert!(
            tokio::time::Instant::now() < give_up,
            "gave up waiting for {what} after {} s",
            DEADLINE.as_secs()
        );
        tokio::time::sleep(Duration::from_millis(150)).await;
    }
}

/// An emulated SDRS of one project that accepts only its own key pair.
pub struct Emulator {
    pub base: String,
    pub project_id: String,
    pub ak: String,
    pub sk: String,
}

/// A failure as the emulator lists it, with the group it is listed under.
#[derive(Clone, Debug)]
pub struct Listed {
    pub server_group_id: Option<String>,
    pub job: FailureJob,
}

impl Emulator {
    /// Emulator `index`: its own project id, seed, key pair and database.
    pub async fn start(index: usize) -> Emulator {
        let project_id = format!("{:032x}", 0x5eed_0000_u64 + index as u64);
        let ak = format!("AKWATCHING{index}0123456789");
        let sk = format!("WatchingSecret{index}0123456789abcdefghijklmn");
        let seed = (100 + index).to_string();
        let mut c = cli(&[
            "--verify-aksk",
            "--project-id",
            &project_id,
            "--seed",
            &seed,
            "--jobs",
            "40",
            "--groups",
            "10",
        ]);
        c.storage.data_dir = Some(temp_dir());
        c.aksk_source = AkSkSource::Given(Some(SdkCredentials {
            keys: KeyPair {
                ak: ak.clone(),
                sk: Secret::new(&sk),
                security_token: None,
            },
            project_id: None,
            iam_endpoint: None,
            source: Source::Environment,
        }));
        Emulator {
            base: start_cli(c).await,
            project_id,
            ak,
            sk,
        }
    }

    fn api(&self, rest: &str) -> String {
        format!("{}/v1/{}/{rest}", self.base, self.project_id)
    }

    /// A call of the test itself, not through the console: a token is
    /// only checked for its presence by `--verify-aksk`.
    async fn direct(&self, method: Method, rest: &str) -> crate::common::Reply {
        send(
            client()
                .request(method, self.api(rest))
                .header("x-auth-token", "a-direct-call-of-the-test"),
        )
        .await
    }

    async fn json(&self, rest: &str) -> Value {
        let r = self.direct(Method::GET, rest).await;
        assert_eq!(r.status, StatusCode::OK, "{rest}: {}", r.text);
        r.json()
    }

    /// Every failure the emulator lists: group level, then each group's.
    pub async fn listed(&self) -> Vec<Listed> {
        let mut out = Vec::new();
        let rows = |v: &Value| v["failure_jobs"].as_array().cloned().unwrap_or_default();
        let page = self.json("task-center/failure-jobs?limit=1000").await;
        for row in rows(&page) {
            out.push(Listed {
                server_group_id: None,
                job: serde_json::from_value(row).unwrap(),
            });
        }
        let groups = self.json("server-groups").await;
        let groups = groups["server_groups"].as_array().unwrap();
        assert!(groups.len() >= 10, "every group on one page");
        for g in groups {
            let id = g["id"].as_str().unwrap();
            let page = self
                .json(&format!(
                    "task-center/failure-jobs?limit=1000&server_group_id={id}"
                ))
                .await;
            for row in rows(&page) {
                out.push(Listed {
                    server_group_id: Some(id.to_owned()),
                    job: serde_json::from_value(row).unwrap(),
                });
            }
        }
        out
    }

    /// Job id → group, of everything listed.
    pub async fn listed_ids(&self) -> BTreeMap<String, Option<String>> {
        self.listed()
            .await
            .into_iter()
            .map(|l| (l.job.job_id, l.server_group_id))
            .collect()
    }

    /// Deletes a failure in SDRS directly, as Huawei's own console or a
    /// script would.
    pub async fn delete_directly(&self, id: &str) {
        let r = self
            .direct(Method::DELETE, &format!("task-center/failure-jobs/{id}"))
            .await;
        assert!(r.status.is_success(), "{}: {}", r.status, r.text);
    }

    /// Queues a one-shot fault (`/__emulator/faults`).
    pub async fn queue_fault(&self, fault: Value) {
        let r = send(
            client()
                .post(format!("{}/__emulator/faults", self.base))
                .json(&fault),
        )
        .await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    }

    /// API calls this emulator has logged for its project.
    pub async fn calls(&self) -> usize {
        let r = send(client().get(format!("{}/__emulator/requests", self.base))).await;
        let prefix = format!("/v1/{}/", self.project_id);
        r.json()
            .as_array()
            .unwrap()
            .iter()
            .filter(|s| s["path"].as_str().unwrap().starts_with(&prefix))
            .count()
    }
}

pub fn temp_dir() -> PathBuf {
    tempfile::tempdir_in(env!("CARGO_TARGET_TMPDIR")).unwrap().keep()
}

/// A scope of the config file: its name, region label, upstream, and the
/// SK it is given (the emulator's own unless `wrong_sk`).
pub struct ScopeOf<'a> {
    pub name: &'a str,
    pub region: &'a str,
    pub emulator: &'a Emulator,
    pub wrong_sk: Option<&'a str>,
}

pub fn scope<'a>(name: &'a str, region: &'a str, emulator: &'a Emulator) -> ScopeOf<'a> {
    ScopeOf {
        name,
        region,
        emulator,
        wrong_sk: None,
    }
}

/// Writes `scopes.toml` (one-second period, no jitter, a credential per
/// scope from a profile) and the credentials file it names into `dir`;
/// returns the config file's path.
pub fn write_config(dir: &Path, scopes: &[ScopeOf<'_>]) -> PathBuf {
    let credentials = dir.join("credentials");
    let mut ini = String::new();
    let mut toml = String::from("[watcher]\nperiod_secs = 1\njitter_secs = 0\nrequests_per_second = 100.0\n");
    for s in scopes {
        let sk = s.wrong_sk.unwrap_or(&s.emulator.sk);
        ini.push_str(&format!("[{}]\nak = {}\nsk = {sk}\n", s.name, s.emulator.ak));
        toml.push_str(&format!(
            "\n[credentials.{name}]\nkind = \"aksk\"\nprofile = \"{name}\"\ncredentials_file = \"{file}\"\n",
            name = s.name,
            file = credentials.display()
        ));
    }
    for s in scopes {
        toml.push_str(&format!(
            "\n[[scope]]\nname = \"{name}\"\nendpoint = \"{endpoint}\"\nregion = \"{region}\"\nproject_id = \"{project}\"\ncredential = \"{name}\"\n",
            name = s.name,
            endpoint = s.emulator.base,
            region = s.region,
            project = s.emulator.project_id
        ));
    }
    std::fs::write(&credentials, ini).unwrap();
    let path = dir.join("scopes.toml");
    std::fs::write(&path, toml).unwrap();
    path
}

/// A fresh SQLite database in `dir`.
pub fn sqlite_in(dir: &Path) -> String {
    format!("sqlite://{}", dir.join("console.db").display())
}

/// A console server running until [`Console::stop`].
pub struct Console {
    pub base: String,
    stop: Option<tokio::sync::oneshot::Sender<()>>,
    done: Option<tokio::task::JoinHandle<std::io::Result<()>>>,
}

impl Console {
    /// A console watching the scopes of `config`, on the database `url`,
    /// letting deletes through with the scopes' credentials.
    pub async fn start(config: &Path, url: &str) -> Console {
        let c = cli(&[
            "--config",
            config.to_str().unwrap(),
            "--database",
            url,
            "--allow-delete",
        ]);
        let server = Server::new(c).expect("the console server builds");
        server.prepare().await.expect("its database is ready");
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        let done = tokio::spawn(server.run(listener, async move {
            stopped.await.ok();
        }));
        Console {
            base,
            stop: Some(stop),
            done: Some(done),
        }
    }

    /// Stops the server and its watcher (as a process that exits).
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            stop.send(()).ok();
        }
        if let Some(done) = self.done.take() {
            done.await.unwrap().unwrap();
        }
    }

    /// Whether `/healthz` says this instance polls the scopes.
    pub async fn polls(&self) -> bool {
        let r = send(client().get(format!("{}/healthz", self.base))).await;
        match r.json()["watcher"].as_str() {
            Some("polling") => true,
            Some("standby") => false,
            other => panic!("/healthz names no watcher role: {other:?} in {}", r.text),
        }
    }

    pub async fn scopes(&self) -> Vec<ScopeHealth> {
        let r = send(client().get(format!("{}/api/scopes", self.base))).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        serde_json::from_str::<ScopeList>(&r.text).unwrap().scopes
    }

    pub async fn health(&self, name: &str) -> ScopeHealth {
        self.scopes()
            .await
            .into_iter()
            .find(|h| h.name == name)
            .unwrap_or_else(|| panic!("no scope {name}"))
    }

    /// `/api/journal?{query}`.
    pub async fn journal(&self, query: &str) -> JournalPage {
        let r = send(client().get(format!("{}/api/journal?{query}", self.base))).await;
        assert_eq!(r.status, StatusCode::OK, "{query}: {}", r.text);
        serde_json::from_str(&r.text).unwrap()
    }

    /// Waits until every scope has completed a round and the journal holds
    /// `total` entries.
    pub async fn wait_for_rounds(&self, total: u64) {
        wait_for("every scope polled and journalled", || async {
            let all_ok = self.scopes().await.iter().all(|h| h.state == ScopeState::Ok);
            (all_ok && self.journal("limit=1").await.total == total).then_some(())
        })
        .await;
    }

    /// Waits until scope `name` has completed a round after `after` (its
    /// `last_success` then); returns the new one.
    pub async fn wait_for_round_after(&self, name: &str, after: &str) -> String {
        wait_for(&format!("a further round of {name}"), || async {
            self.health(name)
                .await
                .last_success
                .filter(|s| s.as_str() > after)
        })
        .await
    }

    /// `last_success` of scope `name`, once it has completed a round.
    pub async fn last_success(&self, name: &str) -> String {
        wait_for(&format!("a round of {name}"), || async {
            self.health(name).await.last_success
        })
        .await
    }
}
