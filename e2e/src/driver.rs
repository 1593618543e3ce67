//! chromedriver and the WebDriver session it opens: the process, the
//! capabilities of a headless Chromium, and the browser-log command that
//! fantoccini lacks. DevTools commands are in [`crate::cdp`].

use crate::support::{free_port, POLL, WAIT};
use crate::tools;
use crate::WINDOW;
use fantoccini::wd::{Capabilities, WebDriverCompatibleCommand};
use serde_json::{json, Value};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Instant;

/// A chromedriver child process in its own process group; killed with
/// everything it started (Chromium) when dropped.
pub struct ChromeDriver {
    child: Child,
    pub port: u16,
    /// The `TMPDIR` of chromedriver and Chromium, where the profile
    /// (`scoped_dir…`, often 150 MB of cache) and the singleton socket go.
    /// A killed Chromium cannot remove them itself, so this is removed
    /// after the kill: a full suite used to leave ~30 GB in `/tmp`.
    temp_dir: tempfile::TempDir,
}

impl ChromeDriver {
    /// The chromedriver binary (see [`tools::chromedriver`]).
    pub fn binary() -> PathBuf {
        tools::chromedriver()
    }

    /// Starts chromedriver on a free loopback port and waits until it
    /// accepts connections.
    pub async fn start() -> ChromeDriver {
        let binary = Self::binary();
        let mut last_error = String::new();
        for _ in 0..3 {
            let port = free_port();
            let temp = tempfile::Builder::new()
                .prefix("sdrs-e2e-chromium.")
                .tempdir()
                .unwrap_or_else(|e| panic!("no temporary directory for Chromium: {e}"));
            let mut cmd = Command::new(&binary);
            cmd.arg(format!("--port={port}"))
                .env("TMPDIR", temp.path())
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
            let mut driver = ChromeDriver {
                child,
                port,
                temp_dir: temp,
            };
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

    /// The temporary directory of this chromedriver and its Chromium.
    pub fn temp_dir(&self) -> &std::path::Path {
        self.temp_dir.path()
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
    let binary = tools::chromium().display().to_string();
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
pub(crate) struct BrowserLog;

impl WebDriverCompatibleCommand for BrowserLog {
    fn endpoint(&self, base_url: &url::Url, session_id: Option<&str>) -> Result<url::Url, url::ParseError> {
        base_url.join(&format!("session/{}/se/log", session_id.unwrap_or_default()))
    }

    fn method_and_body(&self, _: &url::Url) -> (http::Method, Option<String>) {
        (http::Method::POST, Some(r#"{"type":"browser"}"#.to_owned()))
    }
}
