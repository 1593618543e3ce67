//! Helpers shared by the HTTP tests: start a server in-process on a free
//! port and talk to it with reqwest.
#![allow(dead_code)]

use clap::Parser;
use reqwest::{Client, Method, StatusCode};
use sdrs_console_server::Cli;
use serde_json::Value;

pub const PROJECT: &str = "0123456789abcdef0123456789abcdef";
/// Fixed time anchor, so tests see the same data every run.
pub const ANCHOR_MS: &str = "1700000000000";

/// The flags every test server gets, then `extra`.
pub fn cli(extra: &[&str]) -> Cli {
    let mut args = vec![
        "sdrs-console-server",
        "--port",
        "0",
        "--quiet",
        "--anchor-ms",
        ANCHOR_MS,
    ];
    if !extra.contains(&"--dist") {
        args.extend(["--dist", "/nonexistent/sdrs-dist"]);
    }
    args.extend_from_slice(extra);
    let mut cli = Cli::try_parse_from(args).expect("valid flags");
    // The tests check which token was sent in emulators' request logs.
    cli.emulator.emulator_log_tokens = true;
    // Hermetic: never the machine's own AK/SK.
    cli.aksk_source = sdrs_console_server::cli::AkSkSource::Given(None);
    // Nor the machine's own audit trail (upstream mode's default data dir).
    if cli.storage.database.is_none() && cli.storage.data_dir.is_none() {
        cli.storage.data_dir =
            Some(std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join("sdrs-console-tests"));
    }
    cli
}

/// Starts a server; returns its base URL.
pub async fn start(extra: &[&str]) -> String {
    start_cli(cli(extra)).await
}

pub async fn start_cli(cli: Cli) -> String {
    let addr = sdrs_console_server::spawn(cli).await.expect("server starts");
    format!("http://{addr}")
}

pub fn client() -> Client {
    Client::builder().no_proxy().build().unwrap()
}

/// `{base}/v1/{PROJECT}/{rest}`.
pub fn api(base: &str, rest: &str) -> String {
    format!("{base}/v1/{PROJECT}/{rest}")
}

pub struct Reply {
    pub status: StatusCode,
    pub headers: reqwest::header::HeaderMap,
    pub text: String,
}

impl Reply {
    pub fn json(&self) -> Value {
        serde_json::from_str(&self.text).unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// The SDRS code of an error envelope, whatever its key.
    pub fn code(&self) -> String {
        let v = self.json();
        let obj = v.as_object().expect("envelope object");
        assert_eq!(obj.len(), 1, "one-key envelope: {}", self.text);
        let inner = obj.values().next().unwrap();
        assert!(inner["message"].is_string(), "{}", self.text);
        inner["code"].as_str().unwrap().to_owned()
    }

    pub fn key(&self) -> String {
        self.json().as_object().unwrap().keys().next().unwrap().clone()
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn request_id(&self) -> &str {
        let id = self.header("x-request-id").expect("x-request-id");
        id
    }
}

pub async fn send(req: reqwest::RequestBuilder) -> Reply {
    let res = req.send().await.expect("request sent");
    let status = res.status();
    let headers = res.headers().clone();
    let text = res.text().await.unwrap();
    Reply {
        status,
        headers,
        text,
    }
}

pub async fn get(url: &str) -> Reply {
    send(client().get(url)).await
}

pub async fn call(method: Method, url: &str) -> Reply {
    send(client().request(method, url)).await
}

/// The rows of a list answer.
pub fn rows(v: &Value) -> Vec<Value> {
    v["failure_jobs"].as_array().cloned().unwrap_or_default()
}

/// Ids of the emulated groups, in list order.
pub async fn group_ids(base: &str) -> Vec<String> {
    let v = get(&api(base, "server-groups")).await.json();
    v["server_groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap().to_owned())
        .collect()
}

/// A one-shot HTTP peer that records the request head and answers `reply`
/// (a whole response, head and body): an upstream the tests control byte
/// for byte.
pub async fn mock_upstream(reply: impl Into<Vec<u8>>) -> (String, tokio::task::JoinHandle<String>) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};
    let reply = reply.into();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let task = tokio::spawn(async move {
        let (mut sock, _) = listener.accept().await.unwrap();
        let mut head = Vec::new();
        let mut buf = [0u8; 4096];
        while !head.windows(4).any(|w| w == b"\r\n\r\n") {
            let n = sock.read(&mut buf).await.unwrap();
            if n == 0 {
                break;
            }
            head.extend_from_slice(&buf[..n]);
        }
        sock.write_all(&reply).await.unwrap();
        sock.shutdown().await.ok();
        String::from_utf8_lossy(&head).into_owned()
    });
    (format!("http://{addr}"), task)
}

/// When set to `1` (`scripts/test` sets it), a missing tool fails the test
/// instead of skipping it: a green run means every test ran.
pub const REQUIRE_ALL_TOOLS: &str = "SDRS_REQUIRE_ALL_TOOLS";

/// The value of `env_var`, which says where `tool` is installed. Unset or
/// empty: see [`tool_missing`].
pub fn require_tool(tool: &str, env_var: &str) -> Option<String> {
    match std::env::var(env_var) {
        Ok(value) if !value.is_empty() => Some(value),
        _ => tool_missing(tool, &format!("{env_var} is not set")),
    }
}

/// `tool` is missing (`why`): with [`REQUIRE_ALL_TOOLS`] the test fails,
/// naming it; without, it says that it skipped and why.
pub fn tool_missing<T>(tool: &str, why: &str) -> Option<T> {
    let fix = "run scripts/test, which installs it";
    if std::env::var(REQUIRE_ALL_TOOLS).is_ok_and(|v| v == "1") {
        panic!("{tool} is missing ({why}) and {REQUIRE_ALL_TOOLS}=1: {fix}");
    }
    eprintln!("skipped: {tool} is missing ({why}); {fix}");
    None
}
