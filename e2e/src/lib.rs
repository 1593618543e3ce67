//! End-to-end harness of the SDRS console: the built `dist/` served by the
//! real `sdrs-console-server` (in-process, emulate mode, on 127.0.0.1:0),
//! driven in headless Chromium through chromedriver with fantoccini.
//!
//! ```no_run
//! # async fn demo() {
//! use sdrs_e2e::Console;
//! let console = Console::start(&["--seed", "7"]).await;
//! console.open("").await; // index.html, waits for rows
//! assert!(console.row_count().await > 0);
//! console.close().await;
//! # }
//! ```
//!
//! Environment:
//! - `SDRS_DIST` (required): the built console, a directory with
//!   `index.html` (`trunk build --release` writes `dist/`);
//! - `CHROMEDRIVER` (default `/usr/bin/chromedriver`);
//! - `SDRS_CHROMIUM` (default `/usr/bin/chromium`);
//! - `AXE_CORE_JS`: axe-core's `axe.min.js` (npm `axe-core`), for the
//!   accessibility tests only ([`Browser::axe`]).
//!
//! Every wait polls every 50 ms for up to 10 s and then fails naming what
//! it waited for and what it saw last. Nothing asserts on durations.

pub mod cdp;

use clap::Parser;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use sdrs_console_server::Cli;
use sdrs_models::{FailureJob, FailureJobList};
use serde_json::{json, Value};
use std::fmt::Debug;
use std::future::Future;
use std::net::{SocketAddr, TcpListener};
use std::ops::Deref;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub use fantoccini;
pub use fantoccini::key::Key;

/// The project id the emulator accepts (written to `config.json`).
pub const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
/// `X-Auth-Token` of the harness's own API calls, so that the emulator's
/// request log tells them from the browser's (which send no token).
pub const HARNESS_TOKEN: &str = "sdrs-e2e-harness";
/// Interval of every wait.
pub const POLL: Duration = Duration::from_millis(50);
/// Longest wait for one condition.
pub const WAIT: Duration = Duration::from_secs(10);
/// Browser window of every session (and of the README screenshots).
pub const WINDOW: (u32, u32) = (1400, 900);

/// Parses the server's flags the way its binary would.
fn cli_from(args: Vec<String>) -> Cli {
    Cli::try_parse_from(&args).unwrap_or_else(|e| panic!("bad sdrs-console-server flags {args:?}: {e}"))
}

// ---------------------------------------------------------------------------
// Paths

/// The built console: `$SDRS_DIST`, which must hold an `index.html`.
pub fn dist_dir() -> PathBuf {
    let raw = std::env::var_os("SDRS_DIST").unwrap_or_else(|| {
        panic!(
            "SDRS_DIST is not set: build the console first \
             (`trunk build --release --offline`) and run \
             `SDRS_DIST=\"$PWD/dist\" cargo test -p sdrs-e2e -- --test-threads=1`"
        )
    });
    let dir = PathBuf::from(raw);
    let dir = if dir.is_relative() {
        std::env::current_dir().expect("current dir").join(dir)
    } else {
        dir
    };
    assert!(
        dir.join("index.html").is_file(),
        "SDRS_DIST={} has no index.html: build the console with trunk first",
        dir.display()
    );
    dir
}

/// The repository root (the workspace), where `docs/` lives.
pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("e2e/ has a parent")
        .to_path_buf()
}

// ---------------------------------------------------------------------------
// Waiting

/// Polls `probe` every 50 ms for up to 10 s until it returns `Ok`. `Err`
/// carries what was seen, quoted in the failure message.
pub async fn wait_until<T, F, Fut>(what: &str, mut probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    let start = Instant::now();
    loop {
        match probe().await {
            Ok(v) => return v,
            Err(seen) if start.elapsed() >= WAIT => {
                panic!("timed out after {WAIT:?} waiting for {what}; last seen: {seen}")
            }
            Err(_) => tokio::time::sleep(POLL).await,
        }
    }
}

/// `Ok(())` when `cond` holds, else `Err(seen)`, for [`wait_until`].
pub fn check(cond: bool, seen: impl Debug) -> Result<(), String> {
    if cond {
        Ok(())
    } else {
        Err(format!("{seen:?}"))
    }
}

// ---------------------------------------------------------------------------
// The server

/// `sdrs-console-server` running in-process on the test's tokio runtime,
/// serving `SDRS_DIST`; it stops with the runtime at the end of the test.
pub struct Server {
    pub addr: SocketAddr,
    http: reqwest::Client,
}

impl Server {
    /// Starts the server with `--addr 127.0.0.1 --port 0 --quiet --dist
    /// $SDRS_DIST --project-id PROJECT_ID` plus `args` (e.g. `["--seed",
    /// "3", "--count", "page"]`); later flags win.
    pub async fn start(args: &[&str]) -> Server {
        Self::start_cli(Self::cli(args)).await
    }

    /// [`Self::start`] serving `dist` instead of `$SDRS_DIST` (e.g. a
    /// bundler's output).
    pub async fn start_serving(dist: &Path, args: &[&str]) -> Server {
        Self::start_cli(Self::cli_serving(dist, args)).await
    }

    /// The flags of [`Self::start`], to adjust what flags cannot say (the
    /// AK/SK credentials of `Cli::aksk_source`) before [`Self::start_cli`].
    pub fn cli(args: &[&str]) -> Cli {
        Self::cli_serving(&dist_dir(), args)
    }

    fn cli_serving(dist: &Path, args: &[&str]) -> Cli {
        let mut all: Vec<String> = [
            "sdrs-console-server",
            "--addr",
            "127.0.0.1",
            "--port",
            "0",
            "--quiet",
            "--project-id",
            PROJECT_ID,
            "--dist",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        all.push(dist.display().to_string());
        all.extend(args.iter().map(|s| s.to_string()));
        cli_from(all)
    }

    /// Starts the server with exactly these flags, except that a server
    /// given no database keeps its default SQLite file in a fresh temporary
    /// directory, never in the machine's state directory.
    pub async fn start_cli(mut cli: Cli) -> Server {
        if cli.storage.database.is_none() && cli.storage.data_dir.is_none() {
            static NEXT: std::sync::atomic::AtomicU32 = std::sync::atomic::AtomicU32::new(0);
            let n = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
            let dir = std::env::temp_dir().join(format!("sdrs-e2e-{}-{n}", std::process::id()));
            cli.storage.data_dir = Some(dir);
        }
        let addr = sdrs_console_server::spawn(cli)
            .await
            .unwrap_or_else(|e| panic!("sdrs-console-server did not start: {e}"));
        Server {
            addr,
            http: reqwest::Client::new(),
        }
    }

    /// `http://127.0.0.1:PORT` + `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// The list API's path for a query string (`failure_status=...&limit=10`).
    pub fn list_path(query: &str) -> String {
        format!("/v1/{PROJECT_ID}/task-center/failure-jobs?{query}")
    }

    /// GETs `path` and returns status and body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let res = self
            .http
            .get(self.url(path))
            .header("x-auth-token", HARNESS_TOKEN)
            .send()
            .await
            .unwrap_or_else(|e| panic!("GET {path}: {e}"));
        let status = res.status().as_u16();
        (status, res.text().await.unwrap_or_default())
    }

    /// GETs `path`, which must answer 200 with JSON.
    pub async fn get_json(&self, path: &str) -> Value {
        let (status, body) = self.get(path).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        serde_json::from_str(&body).unwrap_or_else(|e| panic!("GET {path}: not JSON ({e}): {body}"))
    }

    /// POSTs JSON to `path`, which must answer 2xx.
    pub async fn post_json(&self, path: &str, body: &Value) -> Value {
        let res = self
            .http
            .post(self.url(path))
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap_or_else(|e| panic!("POST {path}: {e}"));
        let status = res.status();
        let text = res.text().await.unwrap_or_default();
        assert!(status.is_success(), "POST {path}: {status} {text}");
        serde_json::from_str(&text).unwrap_or(Value::Null)
    }

    /// One page of failed tasks as the API returns it for `query`.
    pub async fn list_jobs(&self, query: &str) -> FailureJobList {
        let path = Self::list_path(query);
        let (status, body) = self.get(&path).await;
        assert_eq!(status, 200, "GET {path}: {body}");
        FailureJobList::from_json(&body).unwrap_or_else(|e| panic!("GET {path}: {e}: {body}"))
    }

    /// The protection groups (`id`, `name`) of the emulator.
    pub async fn groups(&self) -> Vec<(String, String)> {
        let v = self
            .get_json(&format!("/v1/{PROJECT_ID}/server-groups?limit=1000"))
            .await;
        v["server_groups"]
            .as_array()
            .map(|gs| {
                gs.iter()
                    .map(|g| {
                        (
                            g["id"].as_str().unwrap_or_default().to_owned(),
                            g["name"].as_str().unwrap_or_default().to_owned(),
                        )
                    })
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The emulator's log of the last 200 API requests, oldest first
    /// (`method`, `path` with query, `token`, ...).
    pub async fn requests(&self) -> Vec<Value> {
        match self.get_json("/__emulator/requests").await {
            Value::Array(a) => a,
            other => panic!("GET /__emulator/requests: not a list: {other}"),
        }
    }

    /// Empties the emulator's request log.
    pub async fn clear_requests(&self) {
        let res = self
            .http
            .delete(self.url("/__emulator/requests"))
            .send()
            .await
            .expect("DELETE /__emulator/requests");
        assert!(
            res.status().is_success(),
            "DELETE /__emulator/requests: {}",
            res.status()
        );
    }

    /// Query strings of the failed-task lists the browser asked for (not
    /// the harness), oldest first, from the request log.
    pub async fn console_list_queries(&self) -> Vec<String> {
        let marker = "/task-center/failure-jobs?";
        self.requests()
            .await
            .iter()
            .filter(|r| r["method"].as_str() == Some("GET") && r["token"].as_str() != Some(HARNESS_TOKEN))
            .filter_map(|r| r["path"].as_str()?.split_once(marker).map(|(_, q)| q.to_owned()))
            .collect()
    }

    /// The query string of the last failed-task list the browser asked for.
    pub async fn last_list_query(&self) -> Option<String> {
        page_query(&self.console_list_queries().await)
    }

    /// Queues a one-shot fault (`POST /__emulator/faults`).
    pub async fn queue_fault(&self, fault: Value) {
        self.post_json("/__emulator/faults", &fault).await;
    }
}

// ---------------------------------------------------------------------------
// chromedriver and the browser

/// A chromedriver child process in its own process group; killed with
/// everything it started (Chromium) when dropped.
pub struct ChromeDriver {
    child: Child,
    pub port: u16,
}

impl ChromeDriver {
    pub fn binary() -> PathBuf {
        std::env::var_os("CHROMEDRIVER")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from("/usr/bin/chromedriver"))
    }

    /// Starts chromedriver on a free loopback port and waits until it
    /// accepts connections.
    pub async fn start() -> ChromeDriver {
        let binary = Self::binary();
        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port();
            let mut cmd = Command::new(&binary);
            cmd.arg(format!("--port={port}"))
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null());
            #[cfg(unix)]
            {
                use std::os::unix::process::CommandExt;
                cmd.process_group(0);
            }
            let child = cmd
                .spawn()
                .unwrap_or_else(|e| panic!("cannot start {}: {e}", binary.display()));
            let mut driver = ChromeDriver { child, port };
            let start = Instant::now();
            while start.elapsed() < WAIT {
                if let Ok(Some(status)) = driver.child.try_wait() {
                    last_error = format!("chromedriver exited with {status}");
                    break;
                }
                if tokio::net::TcpStream::connect(("127.0.0.1", port)).await.is_ok() {
                    return driver;
                }
                tokio::time::sleep(POLL).await;
            }
            if last_error.is_empty() {
                last_error = format!("chromedriver did not listen on port {port} within {WAIT:?}");
            }
            drop(driver);
        }
        panic!("{}: {last_error}", binary.display())
    }

    pub fn url(&self) -> String {
        format!("http://127.0.0.1:{}", self.port)
    }
}

impl Drop for ChromeDriver {
    fn drop(&mut self) {
        // The whole group: chromedriver and any Chromium it left behind.
        #[cfg(unix)]
        {
            let _ = Command::new("kill")
                .args(["-KILL", "--", &format!("-{}", self.child.id())])
                .stderr(Stdio::null())
                .status();
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free loopback port")
}

/// What a browser session may differ in (see [`Browser::start_with`]).
#[derive(Clone, Debug, Default)]
pub struct BrowserOptions {
    /// Save downloads here without asking (Chromium's `download.*` prefs).
    pub download_dir: Option<PathBuf>,
    /// UI language and `navigator.language` (default `en-US`).
    pub lang: Option<String>,
    /// `prefers-color-scheme: dark` (else light).
    pub dark: bool,
    /// A phone's screen instead of the [`WINDOW`]: Chromium's device
    /// metrics of this CSS size (pixel ratio 1, touch, mobile viewport).
    pub phone: Option<(u32, u32)>,
    /// The complete accessibility tree from the start, as Chromium builds
    /// it while a screen reader runs.
    pub screen_reader: bool,
}

/// Capabilities of a headless Chromium session: English UI, 1400x900,
/// browser console log kept for [`Browser::console_log`].
pub fn chromium_capabilities() -> Capabilities {
    chromium_capabilities_with(&BrowserOptions::default())
}

/// [`chromium_capabilities`] with `options` applied.
pub fn chromium_capabilities_with(options: &BrowserOptions) -> Capabilities {
    let binary = std::env::var("SDRS_CHROMIUM").unwrap_or_else(|_| "/usr/bin/chromium".into());
    let (w, h) = WINDOW;
    let lang = options.lang.clone().unwrap_or_else(|| "en-US".to_owned());
    let primary = lang.split('-').next().unwrap_or("en").to_owned();
    let mut prefs = json!({ "intl.accept_languages": format!("{lang},{primary}") });
    if let Some(dir) = &options.download_dir {
        prefs["download.default_directory"] = json!(dir.display().to_string());
        prefs["download.prompt_for_download"] = json!(false);
        prefs["download.directory_upgrade"] = json!(true);
        prefs["safebrowsing.enabled"] = json!(false);
        // More than one download from the page without a permission prompt.
        prefs["profile.default_content_setting_values.automatic_downloads"] = json!(1);
    }
    let scheme = if options.dark {
        "--force-dark-mode"
    } else {
        "--disable-features=WebContentsForceDark"
    };
    let mut caps = json!({
        "browserName": "chrome",
        "goog:chromeOptions": {
            "binary": binary,
            "args": [
                "--headless=new",
                scheme,
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
                "--hide-scrollbars",
                format!("--lang={lang}"),
                format!("--window-size={w},{h}"),
            ],
            "prefs": prefs,
        },
        "goog:loggingPrefs": { "browser": "ALL" },
    });
    if options.screen_reader {
        caps["goog:chromeOptions"]["args"]
            .as_array_mut()
            .expect("args")
            .push(json!("--force-renderer-accessibility"));
    }
    if let Some((width, height)) = options.phone {
        caps["goog:chromeOptions"]["mobileEmulation"] = json!({
            "deviceMetrics": { "width": width, "height": height, "pixelRatio": 1.0 },
        });
    }
    match caps {
        Value::Object(map) => map,
        _ => unreachable!(),
    }
}

/// One entry of the browser console.
#[derive(Clone, Debug)]
pub struct LogEntry {
    /// `SEVERE`, `WARNING`, `INFO`, `DEBUG`.
    pub level: String,
    pub message: String,
}

/// chromedriver's `POST /session/{id}/se/log` (not in fantoccini): the
/// browser console entries since the last call.
#[derive(Debug)]
struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}

/// A headless Chromium session and the chromedriver behind it.
pub struct Browser {
    pub client: Client,
    /// Every console entry read so far (chromedriver hands each out once).
    log: tokio::sync::Mutex<Vec<LogEntry>>,
    _driver: ChromeDriver,
}

impl Browser {
    pub async fn start() -> Browser {
        Self::start_with(&BrowserOptions::default()).await
    }

    /// A session with `options` (a download directory, a language).
    pub async fn start_with(options: &BrowserOptions) -> Browser {
        let driver = ChromeDriver::start().await;
        let client = ClientBuilder::new(HttpConnector::new())
            .capabilities(chromium_capabilities_with(options))
            .connect(&driver.url())
            .await
            .unwrap_or_else(|e| panic!("no WebDriver session from chromedriver: {e}"));
        let browser = Browser {
            client,
            log: Default::default(),
            _driver: driver,
        };
        if options.phone.is_none() {
            browser.fit_viewport().await;
        }
        browser
    }

    /// Makes the viewport (not the window, which has a frame even when
    /// headless) exactly [`WINDOW`].
    async fn fit_viewport(&self) {
        let (w, h) = WINDOW;
        for _ in 0..3 {
            let v = self
                .js(
                    "return [innerWidth, innerHeight, outerWidth, outerHeight]",
                    vec![],
                )
                .await;
            let n = |i: usize| v[i].as_i64().unwrap_or_default();
            if (n(0), n(1)) == (w as i64, h as i64) {
                return;
            }
            let outer_w = (w as i64 + n(2) - n(0)).max(w as i64) as u32;
            let outer_h = (h as i64 + n(3) - n(1)).max(h as i64) as u32;
            self.client
                .set_window_size(outer_w, outer_h)
                .await
                .expect("set the window size");
        }
    }

    /// Ends the session (Chromium quits); chromedriver goes on drop.
    pub async fn close(self) {
        let Browser { client, _driver, .. } = self;
        let _ = client.close().await;
        drop(_driver);
    }

    pub async fn goto(&self, url: &str) {
        self.client
            .goto(url)
            .await
            .unwrap_or_else(|e| panic!("cannot load {url}: {e}"));
    }

    pub async fn reload(&self) {
        self.client.refresh().await.expect("reload");
    }

    /// The page's current URL.
    pub async fn url(&self) -> url::Url {
        self.client.current_url().await.expect("current URL")
    }

    /// Runs `script` (a function body; `arguments[0..]` are `args`).
    pub async fn js(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// Number of elements matching `css`.
    pub async fn count(&self, css: &str) -> usize {
        self.js(
            "return document.querySelectorAll(arguments[0]).length",
            vec![json!(css)],
        )
        .await
        .as_u64()
        .unwrap_or(0) as usize
    }

    pub async fn exists(&self, css: &str) -> bool {
        self.count(css).await > 0
    }

    /// Trimmed `textContent` of every element matching `css`.
    pub async fn texts(&self, css: &str) -> Vec<String> {
        let v = self
            .js(
                "return [...document.querySelectorAll(arguments[0])]\
                 .map(e => e.textContent.replace(/\\s+/g, ' ').trim())",
                vec![json!(css)],
            )
            .await;
        strings(&v)
    }

    /// Trimmed `textContent` of the first element matching `css` (`None`
    /// if there is none).
    pub async fn try_text(&self, css: &str) -> Option<String> {
        self.texts(css).await.into_iter().next()
    }

    /// Trimmed `textContent` of the first element matching `css`, which
    /// must exist.
    pub async fn text(&self, css: &str) -> String {
        self.try_text(css)
            .await
            .unwrap_or_else(|| panic!("no element matches {css}"))
    }

    /// Attribute `name` of every element matching `css` (`null` → `None`).
    pub async fn attrs(&self, css: &str, name: &str) -> Vec<Option<String>> {
        let v = self
            .js(
                "return [...document.querySelectorAll(arguments[0])]\
                 .map(e => e.getAttribute(arguments[1]))",
                vec![json!(css), json!(name)],
            )
            .await;
        v.as_array()
            .map(|a| a.iter().map(|x| x.as_str().map(str::to_owned)).collect())
            .unwrap_or_default()
    }

    /// Attribute `name` of the first element matching `css`.
    pub async fn attr(&self, css: &str, name: &str) -> Option<String> {
        self.attrs(css, name).await.into_iter().next().flatten()
    }

    /// The first element matching `css`, which must exist.
    pub async fn find(&self, css: &str) -> fantoccini::elements::Element {
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no element matches {css}: {e}"))
    }

    /// A real (WebDriver) click on the first element matching `css`,
    /// scrolled to the middle of the viewport first so that sticky headers
    /// do not cover it. While it is covered or not yet interactable (an
    /// overlay sliding in), the click is tried again, up to 10 s.
    pub async fn click(&self, css: &str) {
        wait_until(&format!("a click on {css} to land"), || async move {
            let el = self
                .client
                .find(Locator::Css(css))
                .await
                .map_err(|e| e.to_string())?;
            self.center(&el).await;
            el.click().await.map_err(|e| e.to_string())
        })
        .await
    }

    /// Scrolls `el` to the middle of the viewport.
    pub async fn center(&self, el: &fantoccini::elements::Element) {
        let arg = serde_json::to_value(el).expect("element reference");
        self.js(
            "arguments[0].scrollIntoView({block: 'center', inline: 'nearest'})",
            vec![arg],
        )
        .await;
    }

    /// Chooses the option with `value` in the `<select>` matching `css`,
    /// as a user would (a click on the option: `input` and `change` fire).
    pub async fn select(&self, css: &str, value: &str) {
        let option = format!("option[value=\"{value}\"]");
        wait_until(&format!("choosing {value:?} in {css}"), || async {
            let select = self
                .client
                .find(Locator::Css(css))
                .await
                .map_err(|e| e.to_string())?;
            self.center(&select).await;
            let option = select
                .find(Locator::Css(&option))
                .await
                .map_err(|e| e.to_string())?;
            option.click().await.map_err(|e| e.to_string())
        })
        .await
    }

    /// Types into the focused element (`Key::Escape.to_string()`, text...).
    pub async fn press(&self, keys: &str) {
        let el = self.client.active_element().await.expect("an active element");
        el.send_keys(keys).await.expect("send keys");
    }

    /// The value of an attribute of `document.activeElement`.
    pub async fn active_attr(&self, name: &str) -> Option<String> {
        self.js(
            "const e = document.activeElement; return e ? e.getAttribute(arguments[0]) : null",
            vec![json!(name)],
        )
        .await
        .as_str()
        .map(str::to_owned)
    }

    /// Is the first element matching `css` rendered (has a box, not
    /// `hidden`/`display:none`/`visibility:hidden`)?
    pub async fn visible(&self, css: &str) -> bool {
        self.js(
            "const e = document.querySelector(arguments[0]);\
             if (!e) return false;\
             const s = getComputedStyle(e);\
             const r = e.getBoundingClientRect();\
             return s.display !== 'none' && s.visibility !== 'hidden' && r.width > 0 && r.height > 0",
            vec![json!(css)],
        )
        .await
        .as_bool()
        .unwrap_or(false)
    }

    /// Waits until `css` matches at least one element.
    pub async fn wait_for(&self, css: &str) {
        wait_until(&format!("an element matching {css}"), || async move {
            let n = self.count(css).await;
            check(n > 0, format!("{n} elements"))
        })
        .await
    }

    /// Waits until `css` matches nothing.
    pub async fn wait_gone(&self, css: &str) {
        wait_until(&format!("no element matching {css}"), || async move {
            let n = self.count(css).await;
            check(n == 0, format!("{n} elements"))
        })
        .await
    }

    /// Waits until the first element matching `css` has text satisfying
    /// `pred`, and returns it.
    pub async fn wait_text(&self, css: &str, what: &str, pred: impl Fn(&str) -> bool) -> String {
        let pred = &pred;
        wait_until(&format!("{css} to show {what}"), || async move {
            match self.try_text(css).await {
                Some(t) if pred(&t) => Ok(t),
                seen => Err(format!("{seen:?}")),
            }
        })
        .await
    }

    /// Waits until no finite CSS animation or transition is running (a
    /// drawer sliding in); endless ones (a progress bar) do not count.
    pub async fn wait_animations(&self) {
        wait_until("animations to finish", || async {
            let running = self
                .js(
                    "return document.getAnimations()\
                     .filter(a => a.playState === 'running'\
                       && a.effect && a.effect.getComputedTiming().iterations !== Infinity)\
                     .map(a => a.animationName || a.transitionProperty || 'animation')",
                    vec![],
                )
                .await;
            check(running.as_array().is_some_and(Vec::is_empty), running)
        })
        .await
    }

    /// A PNG of the viewport.
    pub async fn screenshot(&self) -> Vec<u8> {
        self.client.screenshot().await.expect("screenshot")
    }

    /// Every browser console entry of the session so far.
    pub async fn console_log(&self) -> Vec<LogEntry> {
        let fresh = match self.client.issue_cmd(BrowserLog).await {
            Ok(Value::Array(entries)) => entries
                .iter()
                .map(|e| LogEntry {
                    level: e["level"].as_str().unwrap_or_default().to_owned(),
                    message: e["message"].as_str().unwrap_or_default().to_owned(),
                })
                .collect(),
            Ok(other) => panic!("unexpected browser log answer: {other}"),
            Err(e) => panic!("cannot read the browser console log: {e}"),
        };
        let mut log = self.log.lock().await;
        log.extend::<Vec<LogEntry>>(fresh);
        log.clone()
    }

    /// Fails if the console shows a Rust panic, the crash notice, or an
    /// error (`SEVERE`) whose message contains none of `allowed`.
    pub async fn assert_no_console_errors(&self, allowed: &[&str]) {
        let crash = self.count(".sdrs-crash").await;
        let log = self.console_log().await;
        let bad: Vec<&LogEntry> = log
            .iter()
            .filter(|e| {
                e.message.contains("panicked")
                    || (e.level == "SEVERE" && !allowed.iter().any(|a| e.message.contains(a)))
            })
            .collect();
        assert!(
            crash == 0 && bad.is_empty(),
            "browser console errors (crash notices: {crash}): {bad:#?}"
        );
    }
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------
// The console: server + browser

/// A server and a browser session looking at it; derefs to [`Browser`].
pub struct Console {
    pub server: Server,
    pub browser: Browser,
}

impl Deref for Console {
    type Target = Browser;
    fn deref(&self) -> &Browser {
        &self.browser
    }
}

/// Table rows of the failed-task list.
pub const ROWS: &str = "table.sdrs-table tbody tr[data-job-id]";

impl Console {
    /// A fresh server (with `args`, see [`Server::start`]) and browser.
    pub async fn start(args: &[&str]) -> Console {
        Self::start_with(args, &BrowserOptions::default()).await
    }

    /// [`Self::start`] with a browser built with `options`.
    pub async fn start_with(args: &[&str], options: &BrowserOptions) -> Console {
        let server = Server::start(args).await;
        let browser = Browser::start_with(options).await;
        Console { server, browser }
    }

    /// Ends the browser session; the server stops with the test runtime.
    pub async fn close(self) {
        self.browser.close().await;
    }

    /// The console's URL with `query` (without `?`; empty for none).
    pub fn page_url(&self, query: &str) -> String {
        if query.is_empty() {
            self.server.url("/")
        } else {
            self.server.url(&format!("/?{query}"))
        }
    }

    /// Loads the console with `query` and waits for the first load of rows.
    pub async fn open(&self, query: &str) -> usize {
        self.goto(&self.page_url(query)).await;
        self.wait_loaded().await
    }

    /// Waits until the list is loaded (status says "N rows loaded", no
    /// fetch in flight, rows present) and returns the row count.
    pub async fn wait_loaded(&self) -> usize {
        self.wait_list("the table to load rows", true).await
    }

    /// Waits until no list fetch is in flight and the last answer is shown
    /// ("N rows loaded", N may be 0); returns the row count.
    pub async fn wait_idle(&self) -> usize {
        self.wait_list("the table to be idle", false).await
    }

    /// Waits until the timeline asks for nothing more: folded, counting
    /// every failure of the filters, or its walk over all pages stopped.
    /// The walk starts a frame after the first rows are painted, so a list
    /// fault queued before it is over may answer the walk instead of the
    /// request a test means.
    pub async fn wait_timeline_settled(&self) {
        // Folded, counting all rows, or stopped with a button to fetch again.
        const SETTLED: &str = ".sdrs-tl-hide[aria-expanded=false], .sdrs-tl-source[data-rows=all], [data-action=timeline-reload]";
        wait_until("the timeline to settle", || async move {
            let note = self.try_text(".sdrs-tl-source").await;
            check(self.exists(SETTLED).await, note)
        })
        .await
    }

    async fn wait_list(&self, what: &str, need_rows: bool) -> usize {
        wait_until(what, || async move {
            let busy = self.exists(".sdrs-table-wrap[aria-busy=true]").await;
            let status = self.try_text(".sdrs-status[aria-live]").await;
            let n = self.count(ROWS).await;
            let loaded = status.as_deref().is_some_and(|s| s.ends_with("rows loaded"));
            check(!busy && loaded && (n > 0 || !need_rows), (busy, status, n))?;
            Ok(n)
        })
        .await
    }

    /// Runs `act` (a click, a choice...), then waits until the console has
    /// asked for a list again and shows the answer (see [`Self::wait_idle`]).
    /// Returns the query string of that request.
    pub async fn reload_after<Fut: Future<Output = ()>>(&self, act: Fut) -> String {
        self.server.clear_requests().await;
        act.await;
        let mut seen = wait_until("the console to ask for a list", || async move {
            let n = self.server.console_list_queries().await.len();
            check(n > 0, "no list request").map(|_| n)
        })
        .await;
        // Settled once no other list request started while waiting.
        let start = Instant::now();
        loop {
            self.wait_idle().await;
            let queries = self.server.console_list_queries().await;
            if queries.len() == seen {
                return page_query(&queries).unwrap_or_default();
            }
            assert!(
                start.elapsed() < WAIT,
                "the console kept asking for lists: {queries:?}"
            );
            seen = queries.len();
        }
    }

    /// Rows shown.
    pub async fn row_count(&self) -> usize {
        self.count(ROWS).await
    }

    /// `data-job-id` of every row, top to bottom.
    pub async fn row_ids(&self) -> Vec<String> {
        self.attrs(ROWS, "data-job-id")
            .await
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect()
    }

    /// The `.sdrs-range` text ("Rows 1–10 of 200").
    pub async fn range(&self) -> String {
        self.try_text(".sdrs-range").await.unwrap_or_default()
    }

    /// Opens the drawer of `job_id` by clicking its row, and waits for it.
    pub async fn open_row(&self, job_id: &str) {
        self.click(&format!("{ROWS}[data-job-id=\"{job_id}\"] td.sdrs-cell-time"))
            .await;
        self.wait_drawer(job_id).await;
    }

    /// Waits until the drawer shows `job_id`.
    pub async fn wait_drawer(&self, job_id: &str) {
        let css = "[role=dialog].sdrs-drawer [data-field=job_id]";
        wait_until(&format!("the drawer of job {job_id}"), || async move {
            let seen = self.try_text(css).await;
            check(seen.as_deref() == Some(job_id), seen)
        })
        .await
    }

    /// Waits until keyboard focus is on the table row of `job_id`.
    pub async fn wait_focus_on_row(&self, job_id: &str) {
        wait_until(&format!("focus on the row of job {job_id}"), || async move {
            let active = self.active_attr("data-job-id").await;
            check(active.as_deref() == Some(job_id), active)
        })
        .await
    }

    /// Loads the example portal page at `path` and waits until its script
    /// has set up its panels (`data-portal-ready`).
    pub async fn open_portal_page(&self, path: &str) {
        self.goto(&self.server.url(path)).await;
        wait_until("the portal to be set up", || async {
            let v = self
                .js(
                    "return document.documentElement.dataset.portalReady || null",
                    vec![],
                )
                .await;
            check(v == json!("true"), v)
        })
        .await
    }

    /// Waits until keyboard focus is inside an open dialog.
    pub async fn wait_focus_in_dialog(&self) {
        wait_until("focus inside the dialog", || async {
            let inside = self
                .js(
                    "return !!document.activeElement?.closest('[role=dialog]')",
                    vec![],
                )
                .await;
            check(inside == json!(true), inside)
        })
        .await
    }

    /// Waits until the table no longer shows `job_id` (and still shows rows).
    pub async fn wait_row_gone(&self, job_id: &str) {
        wait_until(
            &format!("the row of job {job_id} to leave the table"),
            || async move {
                let ids = self.row_ids().await;
                check(!ids.iter().any(|id| id == job_id) && !ids.is_empty(), ids.len())
            },
        )
        .await
    }

    /// `data-field` → text of the open drawer.
    pub async fn drawer_fields(&self) -> std::collections::BTreeMap<String, String> {
        let v = self
            .js(
                "const d = document.querySelector('[role=dialog].sdrs-drawer');\
                 if (!d) return {};\
                 const out = {};\
                 for (const e of d.querySelectorAll('[data-field]')) {\
                   const k = e.getAttribute('data-field');\
                   if (!(k in out)) out[k] = e.textContent;\
                 }\
                 return out;",
                vec![],
            )
            .await;
        v.as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The API's rows for the query the console last listed.
    pub async fn api_rows_of_last_list(&self) -> Vec<FailureJob> {
        let query = self
            .server
            .last_list_query()
            .await
            .expect("the console listed failed tasks");
        self.server.list_jobs(&query).await.failure_jobs
    }
}

// ---------------------------------------------------------------------------
// More of the emulator

impl Server {
    /// `/v1/{PROJECT_ID}/` + `rest`.
    pub fn api_path(rest: &str) -> String {
        format!("/v1/{PROJECT_ID}/{rest}")
    }

    /// The request log without the harness's own calls, oldest first.
    pub async fn console_requests(&self) -> Vec<Value> {
        self.requests()
            .await
            .into_iter()
            .filter(|r| r["token"].as_str() != Some(HARNESS_TOKEN))
            .collect()
    }

    /// `count` of the list for `query` (count mode `total`).
    pub async fn total(&self, query: &str) -> u64 {
        let q = if query.is_empty() {
            "limit=1".to_owned()
        } else {
            format!("{query}&limit=1")
        };
        self.list_jobs(&q)
            .await
            .count
            .unwrap_or_else(|| panic!("no count for {q}: start the server with --count total"))
    }

    /// Adds a failed task through `POST /__emulator/jobs` and returns the
    /// stored task (ids and begin time filled in).
    pub async fn add_job(&self, job: &Value) -> FailureJob {
        let stored = self.post_json("/__emulator/jobs", job).await;
        serde_json::from_value(stored.clone())
            .unwrap_or_else(|e| panic!("POST /__emulator/jobs answered {stored}: {e}"))
    }
}

// ---------------------------------------------------------------------------
// Keyboard, clock, downloads

impl Browser {
    /// Presses and releases `key` through the WebDriver actions API: it
    /// goes to whatever has focus (the page body at first), as a user's
    /// keyboard would.
    pub async fn key(&self, key: Key) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let value: char = key.into();
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value });
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("pressing {key:?}: {e}"));
    }

    /// Shift + `key`.
    pub async fn shift_key(&self, key: Key) {
        use fantoccini::actions::{InputSource, KeyAction, KeyActions};
        let value: char = key.into();
        let shift: char = Key::Shift.into();
        let actions = KeyActions::new("keyboard".to_owned())
            .then(KeyAction::Down { value: shift })
            .then(KeyAction::Down { value })
            .then(KeyAction::Up { value })
            .then(KeyAction::Up { value: shift });
        self.client
            .perform_actions(actions)
            .await
            .unwrap_or_else(|e| panic!("pressing Shift+{key:?}: {e}"));
    }

    /// A short description of the focused element, looking into shadow
    /// roots: `tag[name=..][data-job-id=..].classes`.
    pub async fn focused(&self) -> String {
        self.js(
            "let e = document.activeElement;\
             while (e && e.shadowRoot && e.shadowRoot.activeElement) e = e.shadowRoot.activeElement;\
             if (!e) return '';\
             let d = e.tagName.toLowerCase();\
             for (const a of ['name', 'data-job-id', 'data-action', 'role']) {\
               const v = e.getAttribute(a); if (v !== null) d += `[${a}=${v}]`;\
             }\
             if (e.className && typeof e.className === 'string') d += '.' + e.className.trim().split(/\\s+/).join('.');\
             return d;",
            vec![],
        )
        .await
        .as_str()
        .unwrap_or_default()
        .to_owned()
    }

    /// Whether the focused element matches `css`.
    pub async fn focus_matches(&self, css: &str) -> bool {
        self.js(
            "const e = document.activeElement; return !!e && e.matches(arguments[0])",
            vec![json!(css)],
        )
        .await
        .as_bool()
        .unwrap_or(false)
    }

    /// Replaces the page's `Date.now` by one that runs `skew` ms ahead of
    /// the real clock (0 at first), so that time-driven behaviour (auto
    /// refresh, backoff) can be observed without waiting for it. Timers
    /// still run in real time. Per page load.
    pub async fn install_clock(&self) {
        self.js(
            "if (!window.__sdrsClock) {\
               const real = Date.now.bind(Date);\
               window.__sdrsClock = { skew: 0, real };\
               Date.now = () => real() + window.__sdrsClock.skew;\
             }",
            vec![],
        )
        .await;
    }

    /// Moves the page clock of [`Self::install_clock`] `ms` forward.
    pub async fn advance_clock(&self, ms: u64) {
        let ok = self
            .js(
                "if (!window.__sdrsClock) return false;\
                 window.__sdrsClock.skew += arguments[0]; return true;",
                vec![json!(ms)],
            )
            .await;
        assert_eq!(ok, json!(true), "advance_clock before install_clock");
    }

    /// Runs an async `script` (it calls `arguments[arguments.length - 1]`
    /// with its result).
    pub async fn js_async(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute_async(script, args)
            .await
            .unwrap_or_else(|e| panic!("async script failed: {e}"))
    }
}

/// A fresh, empty directory under the system temp dir, e.g. for downloads.
pub fn scratch_dir(name: &str) -> PathBuf {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or_default();
    let dir = std::env::temp_dir().join(format!("sdrs-e2e-{name}-{}-{nanos}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap_or_else(|e| panic!("mkdir {}: {e}", dir.display()));
    dir
}

/// Waits until `dir` holds a finished download ending in `.ext` (Chromium
/// writes `.crdownload` first and renames it when done) and returns it.
pub async fn wait_download(dir: &Path, ext: &str) -> PathBuf {
    let suffix = format!(".{ext}");
    wait_until(&format!("a {suffix} file in {}", dir.display()), || {
        let suffix = suffix.clone();
        async move {
            let names: Vec<String> = std::fs::read_dir(dir)
                .map(|entries| {
                    entries
                        .filter_map(Result::ok)
                        .map(|e| e.file_name().to_string_lossy().into_owned())
                        .collect()
                })
                .unwrap_or_default();
            match names.iter().find(|n| n.ends_with(&suffix)) {
                Some(n) => Ok(dir.join(n)),
                None => Err(format!("{names:?}")),
            }
        }
    })
    .await
}

// ---------------------------------------------------------------------------
// axe-core

/// The axe-core tags checked: WCAG 2.0 and 2.1, levels A and AA.
pub const AXE_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// The source of axe-core: the file `$AXE_CORE_JS` names (`axe.min.js` of
/// npm's `axe-core`; `scripts/test` installs it and sets the variable).
pub fn axe_source() -> String {
    let path = std::env::var_os("AXE_CORE_JS").unwrap_or_else(|| {
        panic!(
            "AXE_CORE_JS is not set: install axe-core \
             (`npm install --prefix \"$HOME/.local/share/sdrs-console-tools/axe\" axe-core`) and run with \
             AXE_CORE_JS=\"$HOME/.local/share/sdrs-console-tools/axe/node_modules/axe-core/axe.min.js\""
        )
    });
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("AXE_CORE_JS={}: cannot read it: {e}", Path::new(&path).display()))
}

/// One node of an axe violation.
#[derive(Clone, Debug)]
pub struct AxeNode {
    /// CSS selector path (shadow roots as nested lists), as JSON.
    pub target: String,
    pub summary: String,
    pub html: String,
}

/// One axe rule that failed.
#[derive(Clone, Debug)]
pub struct AxeViolation {
    pub id: String,
    /// `minor`, `moderate`, `serious`, `critical`.
    pub impact: String,
    pub help: String,
    pub nodes: Vec<AxeNode>,
}

impl AxeViolation {
    pub fn is_serious(&self) -> bool {
        matches!(self.impact.as_str(), "serious" | "critical")
    }
}

impl std::fmt::Display for AxeViolation {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        writeln!(f, "[{}] {}: {}", self.impact, self.id, self.help)?;
        for n in &self.nodes {
            writeln!(f, "    target {}", n.target)?;
            writeln!(f, "      {}", n.html)?;
            for line in n.summary.lines() {
                writeln!(f, "      {line}")?;
            }
        }
        Ok(())
    }
}

impl Browser {
    /// Runs axe-core (injected once per page) over the whole document with
    /// [`AXE_TAGS`] and returns its violations, every impact.
    pub async fn axe(&self) -> Vec<AxeViolation> {
        let loaded = self.js("return typeof window.axe === 'object'", vec![]).await;
        if loaded != json!(true) {
            // A WebDriver script is not subject to the page's CSP, unlike a
            // <script> element would be.
            let script = format!("{}\n;return typeof window.axe", axe_source());
            let kind = self.js(&script, vec![]).await;
            assert_eq!(kind, json!("object"), "axe-core did not load");
        }
        let out = self
            .js_async(
                "const done = arguments[arguments.length - 1];\
                 axe.run(document, {runOnly: arguments[0], resultTypes: ['violations']})\
                   .then(r => done(JSON.stringify(r.violations.map(v => ({\
                     id: v.id, impact: v.impact || '', help: v.help,\
                     nodes: v.nodes.map(n => ({target: JSON.stringify(n.target),\
                       summary: n.failureSummary || '', html: n.html}))})))))\
                   .catch(e => done('axe failed: ' + e));",
                vec![json!(AXE_TAGS)],
            )
            .await;
        let text = out.as_str().unwrap_or_default();
        let parsed: Value = serde_json::from_str(text).unwrap_or_else(|_| panic!("{text}"));
        parsed
            .as_array()
            .map(|vs| {
                vs.iter()
                    .map(|v| AxeViolation {
                        id: v["id"].as_str().unwrap_or_default().to_owned(),
                        impact: v["impact"].as_str().unwrap_or_default().to_owned(),
                        help: v["help"].as_str().unwrap_or_default().to_owned(),
                        nodes: v["nodes"]
                            .as_array()
                            .map(|ns| {
                                ns.iter()
                                    .map(|n| AxeNode {
                                        target: n["target"].as_str().unwrap_or_default().to_owned(),
                                        summary: n["summary"].as_str().unwrap_or_default().to_owned(),
                                        html: n["html"].as_str().unwrap_or_default().to_owned(),
                                    })
                                    .collect()
                            })
                            .unwrap_or_default(),
                    })
                    .collect()
            })
            .unwrap_or_default()
    }
}

/// The last of `queries` the page asked for: the timeline's walk over all
/// pages (`limit=1000` from the first page) follows the page's request; a
/// page of 1000 rows is the walk's first page anyway.
fn page_query(queries: &[String]) -> Option<String> {
    let walk = |q: &&String| q.split('&').any(|p| p == "limit=1000");
    queries
        .iter()
        .rev()
        .find(|q| !walk(q))
        .or(queries.last())
        .cloned()
}
