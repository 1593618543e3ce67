//! The scope picker of a page with several scopes: the choice comes from
//! and goes to the page URL, one scope is the live panel against its own
//! API base, and "All scopes" is the journal's list with its own filters
//! and the health strip. Runs against the emulator at `SDRS_TEST_API`
//! (set by scripts/test), whose `/v1` is the live base of scope `prod`.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use leptos::prelude::*;
use sdrs_console::api::TokenSource;
use sdrs_console::i18n::Locale;
use sdrs_console::scopes::{ScopeSetup, ScopedTasks};
use sdrs_console::view_model::scopes::ScopeConfig;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

fn scopes() -> Vec<ScopeConfig> {
    vec![
        ScopeConfig {
            name: "prod".into(),
            region: "ap-southeast-3".into(),
            project_id: PROJECT.into(),
            live_base: String::new(),
        },
        ScopeConfig {
            name: "dr site".into(),
            region: "ap-southeast-2".into(),
            project_id: PROJECT.into(),
            live_base: "/scopes/dr%20site".into(),
        },
    ]
}

/// Sets the page URL's query, as a link to the page would.
fn set_search(search: &str) {
    let window = web_sys::window().unwrap();
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&format!("{path}{search}")))
        .unwrap();
}

fn search() -> String {
    web_sys::window().unwrap().location().search().unwrap()
}

fn mount(search: &str) -> (HtmlElement, Box<dyn std::any::Any>) {
    set_search(search);
    let el = fresh_element();
    let handle = leptos::mount::mount_to(el.clone(), move || {
        let setup = ScopeSetup {
            scopes: scopes(),
            api_base: api_base().to_owned(),
            token: TokenSource::None,
            session: None,
            role: None,
            on_live_store: None,
        };
        view! { <ScopedTasks setup=setup locale=RwSignal::new(Locale::En) /> }
    });
    (el, Box::new(handle))
}

fn picker(root: &HtmlElement) -> HtmlSelectElement {
    get(root, "select[name=scope]").dyn_into().unwrap()
}

#[wasm_bindgen_test]
async fn a_scope_named_in_the_url_is_shown_live_and_stays_in_the_url() {
    let (el, _handle) = mount("?scope=prod&resource_name=");
    wait_for("the live rows of prod", || !row_ids(&el).is_empty() && !busy(&el)).await;
    assert_eq!(picker(&el).value(), "prod");
    let options: Vec<String> = all(&el, "select[name=scope] option").iter().map(text).collect();
    assert_eq!(
        options,
        ["All scopes", "prod (ap-southeast-3)", "dr site (ap-southeast-2)"]
    );
    assert_eq!(
        text(&get(&el, ".sdrs-scope-bar label span")),
        "Scope",
        "the picker is labelled"
    );
    assert!(
        find(&el, ".sdrs-journal").is_none(),
        "one scope is the live panel, not the journal"
    );
    wait_for("the panel's state in the URL behind the scope", || {
        search().starts_with("?scope=prod&") && search().contains("limit=50")
    })
    .await;
    let asked = seen_requests().await;
    assert!(
        asked.iter().any(|r| r.to_string().contains(&list_path(PROJECT))),
        "prod's live base is the emulator's /v1: {asked:?}"
    );
}

#[wasm_bindgen_test]
async fn all_scopes_keeps_the_shared_filters_and_shows_its_own() {
    let (el, _handle) = mount("?scope=prod&resource_name=web&offset=50&sort=code-asc");
    wait_for("the live panel", || find(&el, ".sdrs-panel").is_some()).await;
    choose(&el, "scope", "");
    wait_for("the All-scopes view", || find(&el, ".sdrs-journal").is_some()).await;
    assert_eq!(picker(&el).value(), "");
    let now = search();
    assert!(!now.contains("scope=prod"), "{now}");
    assert!(
        now.contains("resource_name=web"),
        "the name filter is carried over: {now}"
    );
    assert!(!now.contains("offset=50") && !now.contains("sort="), "{now}");
    let name: HtmlInputElement = get(&el, "input[name=resource_name]").dyn_into().unwrap();
    assert_eq!(name.value(), "web");
    let in_scope: Vec<String> = all(&el, "select[name=in_scope] option")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        in_scope,
        ["Any scope", "prod (ap-southeast-3)", "dr site (ap-southeast-2)"]
    );
    let state: HtmlSelectElement = get(&el, "select[name=state]").dyn_into().unwrap();
    assert_eq!(state.value(), "open", "still failing by default");
    let headers: Vec<String> = all(&el, ".sdrs-journal-table th[scope=col]")
        .iter()
        .map(text)
        .collect();
    // The first column ticks rows for a bulk acknowledgement; the scope
    // comes next.
    assert_eq!(
        headers.iter().take(2).map(String::as_str).collect::<Vec<_>>(),
        ["", "Scope"],
        "{headers:?}"
    );
    get(
        &el,
        ".sdrs-journal-table th.sdrs-cell-select input[data-action=select-page]",
    );
    assert_eq!(text(&get(&el, ".sdrs-health h3")), "Scope health");
    let export = get(&el, "a[data-action=export-journal]");
    let href = export.get_attribute("href").unwrap();
    assert!(
        href.starts_with(&format!("{}/api/journal.csv?", api_base())) && href.contains("resource_name=web"),
        "{href}"
    );

    // `/` goes to the name filter, as in the live panel.
    press(&get(&el, ".sdrs-journal h2"), "/");
    assert_eq!(
        focused().and_then(|f| f.get_attribute("name")).as_deref(),
        Some("resource_name")
    );

    // The journal's own filters go to the URL, a scope back to the live view.
    choose(&el, "state", "cleared");
    wait_for("the state in the URL", || search().contains("state=cleared")).await;
    choose(&el, "scope", "dr site");
    wait_for("the live panel of dr site", || {
        find(&el, ".sdrs-journal").is_none()
    })
    .await;
    wait_for("the scope in the URL", || {
        search().starts_with("?scope=dr%20site")
    })
    .await;
    assert!(
        !search().contains("state="),
        "the journal's state stays behind: {}",
        search()
    );
    assert!(search().contains("resource_name=web"), "{}", search());
}
