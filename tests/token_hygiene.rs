//! The token never leaks: not into a URL or query, the console, storage
//! (unless the user asks for this tab), an exported file, an error message
//! or an event the host receives. Runs against the emulator at
//! `SDRS_TEST_API` (set by scripts/test).
#![cfg(target_arch = "wasm32")]

use gloo_timers::future::TimeoutFuture;
use leptos::prelude::*;
use sdrs_console::api::{ApiClient, TokenSource};
use sdrs_console::i18n::Locale;
use sdrs_console::panel::{FailedTasksPanel, PanelStore};
use sdrs_console::view_model::url_state::ViewState;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::HtmlElement;

wasm_bindgen_test_configure!(run_in_browser);

const PROJECT: &str = "0123456789abcdef0123456789abcdef";
const SECRET: &str = "hygiene-secret-7f3a9c";

fn api_base() -> &'static str {
    match option_env!("SDRS_TEST_API") {
        Some(url) => url,
        None => panic!("SDRS_TEST_API: the URL of a running sdrs-console-server, at build time"),
    }
}

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

fn fresh_element() -> HtmlElement {
    let el: HtmlElement = document().create_element("div").unwrap().dyn_into().unwrap();
    document().body().unwrap().append_child(&el).unwrap();
    el
}

async fn wait_for(what: &str, mut cond: impl FnMut() -> bool) {
    for _ in 0..250 {
        leptos::task::tick().await;
        if cond() {
            return;
        }
        TimeoutFuture::new(20).await;
    }
    panic!("timed out waiting for {what}");
}

/// Records everything written to the console while the test runs.
fn capture_console() -> Rc<RefCell<Vec<String>>> {
    let seen = Rc::new(RefCell::new(Vec::new()));
    let console = js_sys::Reflect::get(&js_sys::global(), &"console".into()).unwrap();
    for method in ["log", "info", "warn", "error", "debug"] {
        let original: js_sys::Function = js_sys::Reflect::get(&console, &method.into())
            .unwrap()
            .dyn_into()
            .unwrap();
        let seen = seen.clone();
        let hook = Closure::<dyn Fn(JsValue)>::new(move |v: JsValue| {
            seen.borrow_mut().push(
                js_sys::JSON::stringify(&v)
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default(),
            );
            let _ = original.call1(&JsValue::UNDEFINED, &v);
        });
        js_sys::Reflect::set(&console, &method.into(), hook.as_ref()).unwrap();
        hook.forget();
    }
    seen
}

/// Captures the Blob of the next download instead of saving it.
fn capture_downloads() -> Rc<RefCell<Option<web_sys::Blob>>> {
    let captured = Rc::new(RefCell::new(None));
    let url = js_sys::Reflect::get(&js_sys::global(), &"URL".into()).unwrap();
    let keep = captured.clone();
    let hook = Closure::<dyn Fn(web_sys::Blob) -> String>::new(move |blob: web_sys::Blob| {
        *keep.borrow_mut() = Some(blob);
        "blob:captured".to_owned()
    });
    js_sys::Reflect::set(&url, &"createObjectURL".into(), hook.as_ref()).unwrap();
    hook.forget();
    captured
}

fn storage_text(storage: Option<web_sys::Storage>) -> String {
    let Some(s) = storage else { return String::new() };
    let mut out = String::new();
    for i in 0..s.length().unwrap_or(0) {
        if let Ok(Some(key)) = s.key(i) {
            out.push_str(&key);
            out.push_str(&s.get_item(&key).ok().flatten().unwrap_or_default());
        }
    }
    out
}

async fn emulator_requests() -> String {
    let url = format!("{}/__emulator/requests", api_base());
    gloo_net::http::Request::get(&url)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn queue_fault(json: &str) {
    let url = format!("{}/__emulator/faults", api_base());
    let res = gloo_net::http::Request::post(&url)
        .header("content-type", "application/json")
        .body(json)
        .unwrap()
        .send()
        .await
        .unwrap();
    assert!(res.ok(), "queue fault: {}", res.status());
}

#[wasm_bindgen_test]
async fn the_token_stays_in_the_header() {
    let console_seen = capture_console();
    let events = Rc::new(RefCell::new(Vec::<String>::new()));
    let el = fresh_element();
    for name in ["sdrs-error", "sdrs-rows-loaded", "sdrs-job-opened"] {
        let events = events.clone();
        let on = Closure::<dyn Fn(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
            events.borrow_mut().push(
                js_sys::JSON::stringify(&e.detail())
                    .ok()
                    .and_then(|s| s.as_string())
                    .unwrap_or_default(),
            );
        });
        el.add_event_listener_with_callback(name, on.as_ref().unchecked_ref())
            .unwrap();
        on.forget();
    }
    let client = ApiClient::new(api_base(), PROJECT, TokenSource::Static(SECRET.into()));
    let store = PanelStore::new(client, ViewState::default(), Locale::En);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <FailedTasksPanel store=store sync_url=true /> }
    });
    wait_for("rows", || {
        el.query_selector_all("tbody tr[data-job-id]").unwrap().length() > 0
    })
    .await;

    // The header was sent: the emulator saw it.
    assert!(
        emulator_requests().await.contains(SECRET),
        "the token was not sent at all"
    );

    // An exported file holds rows, not the token.
    let exported = capture_downloads();
    // The menu's items are mounted when it is first opened.
    let menu: HtmlElement = el
        .query_selector("details.sdrs-menu > summary")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    menu.click();
    wait_for("the export menu's items", || {
        el.query_selector("button[data-export=csv]").unwrap().is_some()
    })
    .await;
    let export: HtmlElement = el
        .query_selector("button[data-export=csv]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    export.click();
    wait_for("the export", || exported.borrow().is_some()).await;
    let blob = exported.borrow_mut().take().unwrap();
    let csv = wasm_bindgen_futures::JsFuture::from(blob.text())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let first_id = el
        .query_selector("tbody tr[data-job-id]")
        .unwrap()
        .unwrap()
        .get_attribute("data-job-id")
        .unwrap();
    assert!(csv.contains(&first_id), "the export is not the rows shown");
    assert!(!csv.contains(SECRET), "token in the exported file");

    // An error answer says nothing of it either.
    queue_fault(r#"{"path_prefix":"/v1/","status":401,"times":1}"#).await;
    store.refresh();
    wait_for("the token dialog", || {
        el.query_selector("input[name=token]").unwrap().is_some()
    })
    .await;
    let first_row: HtmlElement = el
        .query_selector("tbody tr[data-job-id]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    first_row.click();
    leptos::task::tick().await;

    let page_text = el.text_content().unwrap_or_default();
    let href = web_sys::window().unwrap().location().href().unwrap();
    let local = storage_text(web_sys::window().unwrap().local_storage().ok().flatten());
    let session = storage_text(web_sys::window().unwrap().session_storage().ok().flatten());
    assert!(!page_text.contains(SECRET), "token on screen");
    assert!(!href.contains(SECRET), "token in the URL: {href}");
    assert!(!local.contains(SECRET), "token in localStorage");
    assert!(
        !session.contains(SECRET),
        "token in sessionStorage without being asked"
    );
    assert!(
        !events.borrow().iter().any(|e| e.contains(SECRET)),
        "token in an event"
    );
    assert!(
        events.borrow().iter().any(|e| e.contains("401")),
        "no error event: {:?}",
        events.borrow()
    );
    assert!(
        !console_seen.borrow().iter().any(|l| l.contains(SECRET)),
        "token in the console"
    );

    // The emulator's request log holds paths and queries: never the token.
    let log: serde_json::Value = serde_json::from_str(&emulator_requests().await).unwrap();
    let entries = log
        .as_array()
        .or_else(|| log["requests"].as_array())
        .cloned()
        .unwrap_or_default();
    let paths: Vec<&str> = entries.iter().filter_map(|e| e["path"].as_str()).collect();
    assert!(
        paths.iter().any(|p| p.contains("failure-jobs")),
        "no list request in the log: {log}"
    );
    assert!(
        !paths.iter().any(|p| p.contains(SECRET)),
        "token in a request URL: {paths:?}"
    );
    drop(handle);
}

#[wasm_bindgen_test]
async fn remembering_is_the_users_choice_and_per_tab() {
    let el = fresh_element();
    let client = ApiClient::new(api_base(), PROJECT, TokenSource::None);
    let store = PanelStore::new(client, ViewState::default(), Locale::En);
    // The first call, the list, is refused (the group picker's waits for
    // its answer, and then for the token).
    queue_fault(r#"{"path_prefix":"/v1/","status":401,"times":1}"#).await;
    let handle = leptos::mount::mount_to(el.clone(), move || view! { <FailedTasksPanel store=store /> });
    wait_for("the token dialog", || {
        el.query_selector("input[name=token]").unwrap().is_some()
    })
    .await;
    let input: web_sys::HtmlInputElement = el
        .query_selector("input[name=token]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    input.set_value(SECRET);
    let remember: web_sys::HtmlInputElement = el
        .query_selector("input[name=remember]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    remember.set_checked(true);
    let submit: HtmlElement = el
        .query_selector(".sdrs-dialog button[type=submit]")
        .unwrap()
        .unwrap()
        .dyn_into()
        .unwrap();
    submit.click();
    wait_for("rows after the token", || {
        el.query_selector_all("tbody tr[data-job-id]").unwrap().length() > 0
    })
    .await;
    let local = storage_text(web_sys::window().unwrap().local_storage().ok().flatten());
    let session = storage_text(web_sys::window().unwrap().session_storage().ok().flatten());
    assert!(
        session.contains(SECRET),
        "ticked 'remember' but the tab does not keep it"
    );
    assert!(!local.contains(SECRET), "token in localStorage");
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .clear()
        .unwrap();
    drop(handle);
}
