//! Regressions of the panel's plumbing against the emulator at
//! `SDRS_TEST_API`: the view mirrored into the page URL (`sync_url`), and
//! rows built in batches.
#![cfg(target_arch = "wasm32")]

mod common;

use common::panel::mount_panel;
use common::*;
use leptos::prelude::*;
use sdrs_console::api::{ApiClient, TokenSource};
use sdrs_console::i18n::Locale;
use sdrs_console::models::FailureJobQuery;
use sdrs_console::panel::{FailedTasksPanel, PanelStore};
use sdrs_console::view_model::url_state::ViewState;
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn location() -> web_sys::Location {
    web_sys::window().unwrap().location()
}

fn history() -> web_sys::History {
    web_sys::window().unwrap().history().unwrap()
}

/// Regression: the panel called `replaceState` on every mount and state
/// change even when the URL already said the same (milliseconds of the
/// browser's time on the way to the first rows), and each call dropped the
/// URL's fragment.
#[wasm_bindgen_test]
async fn the_url_is_written_only_when_the_view_changes_and_keeps_its_fragment() {
    let path = location().pathname().unwrap();
    let before = format!("{path}{}", location().search().unwrap());
    let initial = ViewState::from_query_string("?limit=20");
    let search = initial.to_query_string();
    history()
        .replace_state_with_url(
            &JsValue::from_str("host state"),
            "",
            Some(&format!("{path}?{search}#keep")),
        )
        .unwrap();

    let el = fresh_element();
    let client = ApiClient::new(api_base(), PROJECT, TokenSource::None);
    let store = PanelStore::new(client, initial, Locale::En);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <FailedTasksPanel store=store sync_url=true /> }
    });
    wait_for("the first rows", || !row_ids(&el).is_empty()).await;
    assert_eq!(
        history().state().unwrap().as_string().as_deref(),
        Some("host state"),
        "an unchanged view must not replace the history entry"
    );

    store.set_page_size(50);
    wait_for("the new page size in the URL", || {
        location().search().unwrap().contains("limit=50")
    })
    .await;
    assert_eq!(location().hash().unwrap(), "#keep");

    drop(handle);
    history()
        .replace_state_with_url(&JsValue::NULL, "", Some(&before))
        .unwrap();
}

/// Regression: a page's rows were built in one batch, all their texts in
/// one string (~300 KB of wasm memory for 1000 rows, never given back);
/// now 100 rows a batch, and a page of 250 keeps the service's order across
/// the batches' seams, each row with its own job.
#[wasm_bindgen_test]
async fn rows_built_in_batches_keep_the_service_order() {
    let query = FailureJobQuery::default().with_limit(250);
    let client = ApiClient::new(api_base(), PROJECT, TokenSource::None);
    let jobs = client.list_failure_jobs(&query, None).await.unwrap().failure_jobs;
    assert!(
        jobs.len() > 200,
        "the emulator should have more than two batches of rows"
    );

    let (el, _store, handle) = mount_panel(client, query, Locale::En);
    wait_for("the page's rows", || row_ids(&el).len() == jobs.len()).await;
    let wanted: Vec<&str> = jobs.iter().map(|j| j.job_id.as_str()).collect();
    assert_eq!(row_ids(&el), wanted);
    for i in [99, 100, 199, 200] {
        let tr = row(&el, i);
        assert!(text(&tr).contains(&sdrs_console::view_model::format::short_id(wanted[i])));
    }
    drop(handle);
}
