//! The browser the tests drive: a headless Chromium session, its pages,
//! what they show, waits on them, the page clock and the browser console.

use crate::driver::{chromium_capabilities_with, BrowserLog, BrowserOptions, ChromeDriver, LogEntry};
use crate::support::{check, wait_until};
use crate::WINDOW;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::{json, Value};

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

    /// Where Chromium keeps its profile; removed when the session ends.
    pub fn temp_dir(&self) -> &std::path::Path {
        self._driver.temp_dir()
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

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .map(|a| {
            a.iter()
                .map(|x| x.as_str().unwrap_or_default().to_owned())
                .collect()
        })
        .unwrap_or_default()
}
