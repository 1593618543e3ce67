//! Helpers shared by the browser tests: the emulator at `SDRS_TEST_API`
//! (fault queue, request log, test data), DOM queries scoped to one mounted
//! panel, synthetic user events and a polling wait.
//!
//! Every test file is one wasm binary and uses only some of these.
#![allow(dead_code)]

pub mod panel;

use gloo_net::http::Request;
use gloo_timers::future::TimeoutFuture;
use serde_json::{json, Value};
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement, HtmlInputElement, HtmlSelectElement};

/// The only project id the emulator serves data for.
pub const PROJECT: &str = "0123456789abcdef0123456789abcdef";

pub fn api_base() -> &'static str {
    match option_env!("SDRS_TEST_API") {
        Some(url) => url,
        None => panic!("SDRS_TEST_API: the URL of a running sdrs-console-server, at build time"),
    }
}

/// Path of the failed-task list of `project`: the `path_prefix` of faults
/// meant for list calls only.
pub fn list_path(project: &str) -> String {
    format!("/v1/{project}/task-center/failure-jobs")
}

// ---------------------------------------------------------------- emulator

/// A one-shot answer queued with `POST /__emulator/faults`.
#[derive(Clone, Debug)]
pub struct Fault {
    pub path_prefix: String,
    pub status: Option<u16>,
    pub body: Option<String>,
    pub content_type: Option<String>,
    pub delay_ms: u64,
    pub times: u32,
}

impl Fault {
    pub fn on(path_prefix: impl Into<String>) -> Self {
        Fault {
            path_prefix: path_prefix.into(),
            status: None,
            body: None,
            content_type: None,
            delay_ms: 0,
            times: 1,
        }
    }
    pub fn status(mut self, status: u16) -> Self {
        self.status = Some(status);
        self
    }
    pub fn body(mut self, body: impl Into<String>) -> Self {
        self.body = Some(body.into());
        self
    }
    pub fn content_type(mut self, ct: &str) -> Self {
        self.content_type = Some(ct.to_owned());
        self
    }
    pub fn delay(mut self, ms: u64) -> Self {
        self.delay_ms = ms;
        self
    }
    pub fn times(mut self, n: u32) -> Self {
        self.times = n;
        self
    }

    pub async fn queue(self) {
        let mut v = json!({
            "path_prefix": self.path_prefix,
            "delay_ms": self.delay_ms,
            "times": self.times,
        });
        if let Some(s) = self.status {
            v["status"] = json!(s);
        }
        if let Some(b) = self.body {
            v["body"] = json!(b);
        }
        if let Some(ct) = self.content_type {
            v["content_type"] = json!(ct);
        }
        let res = Request::post(&format!("{}/__emulator/faults", api_base()))
            .header("content-type", "application/json")
            .body(v.to_string())
            .unwrap()
            .send()
            .await
            .expect("POST /__emulator/faults");
        assert_eq!(
            res.status(),
            201,
            "queue fault: {}",
            res.text().await.unwrap_or_default()
        );
    }
}

/// Empties the fault queue (the data stays).
pub async fn clear_faults() {
    let res = Request::delete(&format!("{}/__emulator/faults", api_base()))
        .send()
        .await
        .expect("DELETE /__emulator/faults");
    assert!(res.ok(), "clear faults: {}", res.status());
}

/// Faults still queued.
pub async fn queued_faults() -> Vec<Value> {
    let text = Request::get(&format!("{}/__emulator/faults", api_base()))
        .send()
        .await
        .expect("GET /__emulator/faults")
        .text()
        .await
        .unwrap();
    serde_json::from_str(&text).unwrap()
}

/// The emulator's log of recent API requests, oldest first.
pub async fn seen_requests() -> Vec<Value> {
    let text = Request::get(&format!("{}/__emulator/requests", api_base()))
        .send()
        .await
        .expect("GET /__emulator/requests")
        .text()
        .await
        .unwrap();
    let v: Value = serde_json::from_str(&text).unwrap();
    v.as_array().cloned().unwrap_or_default()
}

/// Adds a failed task to the emulated data; answers the stored task.
pub async fn add_job(job: Value) -> Value {
    let res = Request::post(&format!("{}/__emulator/jobs", api_base()))
        .header("content-type", "application/json")
        .body(job.to_string())
        .unwrap()
        .send()
        .await
        .expect("POST /__emulator/jobs");
    let status = res.status();
    let text = res.text().await.unwrap();
    assert_eq!(status, 201, "add job: {text}");
    serde_json::from_str(&text).unwrap()
}

pub fn is_request_id(id: &str) -> bool {
    id.len() == 32 && id.bytes().all(|b| b.is_ascii_hexdigit())
}

// --------------------------------------------------------------------- DOM

pub fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A new `<div>` at the end of `<body>` to mount one panel on.
pub fn fresh_element() -> HtmlElement {
    let el: HtmlElement = document().create_element("div").unwrap().dyn_into().unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

/// Polls `cond` every 20 ms (running Leptos' pending work) for up to 5 s;
/// panics naming `what` when it never holds.
pub async fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..250 {
        leptos::task::tick().await;
        if cond() {
            return;
        }
        TimeoutFuture::new(20).await;
    }
    panic!("timed out after 5 s waiting for {what}");
}

/// Lets timers, fetches and effects run for `ms`.
pub async fn settle(ms: u32) {
    TimeoutFuture::new(ms).await;
    leptos::task::tick().await;
}

pub fn find(root: &Element, selector: &str) -> Option<Element> {
    root.query_selector(selector).unwrap()
}

pub fn get(root: &Element, selector: &str) -> Element {
    find(root, selector).unwrap_or_else(|| panic!("no element matches {selector}"))
}

pub fn get_html(root: &Element, selector: &str) -> HtmlElement {
    get(root, selector).dyn_into().unwrap()
}

pub fn all(root: &Element, selector: &str) -> Vec<Element> {
    let list = root.query_selector_all(selector).unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<Element>().ok())
        .collect()
}

pub fn text(el: &Element) -> String {
    el.text_content().unwrap_or_default()
}

/// `data-job-id` of the table's rows, in display order.
pub fn row_ids(root: &Element) -> Vec<String> {
    all(root, "tbody tr[data-job-id]")
        .iter()
        .map(|r| r.get_attribute("data-job-id").unwrap_or_default())
        .collect()
}

pub fn row(root: &Element, index: usize) -> HtmlElement {
    all(root, "tbody tr[data-job-id]")
        .into_iter()
        .nth(index)
        .unwrap_or_else(|| panic!("no row {index}"))
        .dyn_into()
        .unwrap()
}

/// Whether the table says it is loading.
pub fn busy(root: &Element) -> bool {
    find(root, ".sdrs-table-wrap[aria-busy=true]").is_some()
}

/// Whether the timeline asks for nothing more: folded, counting every
/// failure of the filters (its walk over all pages is done, or the page
/// holds them all), or its walk stopped. The walk starts a frame after the
/// first rows are painted, so a list fault queued before it is over may
/// answer the walk instead of the request a test means.
pub fn timeline_settled(root: &Element) -> bool {
    find(root, TIMELINE_SETTLED).is_some()
}

/// Folded, counting all rows, or stopped with a button to fetch again.
const TIMELINE_SETTLED: &str =
    ".sdrs-tl-hide[aria-expanded=false], .sdrs-tl-source[data-rows=all], [data-action=timeline-reload]";

fn bubbling(name: &str) -> web_sys::Event {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    web_sys::Event::new_with_event_init_dict(name, &init).unwrap()
}

/// Chooses `value` in the `<select name=..>` as a user would.
pub fn choose(root: &Element, name: &str, value: &str) {
    let select: HtmlSelectElement = get(root, &format!("select[name={name}]")).dyn_into().unwrap();
    select.set_value(value);
    assert_eq!(select.value(), value, "select {name} has no option {value:?}");
    select.dispatch_event(&bubbling("change")).unwrap();
}

/// Types `value` into the `<input name=..>` (one `input` event).
pub fn type_into(root: &Element, name: &str, value: &str) -> HtmlInputElement {
    let input: HtmlInputElement = get(root, &format!("input[name={name}]")).dyn_into().unwrap();
    input.set_value(value);
    input.dispatch_event(&bubbling("input")).unwrap();
    input
}

/// A `keydown` of `key` on `target`, bubbling like a real one.
pub fn press(target: &Element, key: &str) {
    let init = web_sys::KeyboardEventInit::new();
    init.set_key(key);
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::KeyboardEvent::new_with_keyboard_event_init_dict("keydown", &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

pub fn click(root: &Element, selector: &str) {
    get_html(root, selector).click();
}

/// Opens the export menu under `root` and waits for its items (they are
/// mounted when it is first opened).
pub async fn open_export_menu(root: &Element) {
    click(root, "details.sdrs-menu > summary");
    wait_for("the export menu's items", || {
        find(root, "details.sdrs-menu[open] button[data-export=csv]").is_some()
    })
    .await;
}

/// The element that has focus (the panel is in the light DOM).
pub fn focused() -> Option<Element> {
    document().active_element()
}

/// Elements a hostile value could have smuggled in. The timeline's own
/// drawing (`svg` inside `.sdrs-timeline`) is the console's, not a value's.
pub fn injected_elements(root: &Element) -> Vec<String> {
    all(
        root,
        "script, img, iframe, object, embed, svg, math, a[href^=javascript]",
    )
    .iter()
    .filter(|e| e.tag_name() != "svg" || !matches!(e.closest(".sdrs-timeline"), Ok(Some(_))))
    .map(|e| e.outer_html())
    .collect()
}

/// A number unique to this page load, for ids a test makes up.
pub fn run_id() -> u64 {
    thread_local! {
        static RUN: u64 = js_sys::Date::now() as u64;
    }
    RUN.with(|r| *r)
}

/// A query built from the default one (its page fields are private).
pub fn query(
    f: impl FnOnce(&mut sdrs_console::models::FailureJobQuery),
) -> sdrs_console::models::FailureJobQuery {
    let mut q = sdrs_console::models::FailureJobQuery::default();
    f(&mut q);
    q
}
