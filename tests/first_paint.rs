//! What the first rows' paint waits for. The timeline counts every page of
//! the filters, fetched by a walk once the first page is in; that walk's
//! requests and decoding start only after the first rows are painted, so
//! they never hold that paint back (the cold start of `scripts/bench`'s
//! P4).
#![cfg(target_arch = "wasm32")]

mod common;

use common::panel::mount_panel;
use common::*;
use sdrs_console::api::{ApiClient, TokenSource};
use sdrs_console::i18n::Locale;
use sdrs_console::models::FailureJobQuery;
use sdrs_console::view_model::all_pages::WALK_PAGE_SIZE;
use std::cell::Cell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now() -> f64 {
    web_sys::window().unwrap().performance().unwrap().now()
}

/// Start times of the list requests for the walk's page size.
fn walk_requests_started() -> Vec<f64> {
    let wanted = format!("limit={WALK_PAGE_SIZE}");
    let performance = web_sys::window().unwrap().performance().unwrap();
    performance
        .get_entries_by_type("resource")
        .iter()
        .filter_map(|e| e.dyn_into::<web_sys::PerformanceEntry>().ok())
        .filter(|e| e.name().contains("/task-center/failure-jobs?") && e.name().contains(&wanted))
        .map(|e| e.start_time())
        .collect()
}

#[wasm_bindgen_test]
async fn the_walk_of_all_pages_starts_after_the_first_rows_are_painted() {
    clear_faults().await;
    // Shown whatever the window's width.
    web_sys::window()
        .unwrap()
        .session_storage()
        .unwrap()
        .unwrap()
        .set_item("sdrs-console.timeline-hidden", "0")
        .unwrap();
    let before = walk_requests_started().len();
    let client = ApiClient::new(api_base(), PROJECT, TokenSource::None);
    let (el, _store, handle) = mount_panel(client, FailureJobQuery::default().with_limit(10), Locale::En);

    // When the first rows are in the DOM, and the frame that paints them.
    let painted_at = Rc::new(Cell::new(None::<f64>));
    let on_mutation = {
        let el = el.clone();
        let painted_at = painted_at.clone();
        Closure::<dyn FnMut(js_sys::Array, web_sys::MutationObserver)>::new(
            move |_: js_sys::Array, observer: web_sys::MutationObserver| {
                if row_ids(&el).is_empty() {
                    return;
                }
                observer.disconnect();
                let painted_at = painted_at.clone();
                let on_frame = Closure::once_into_js(move || painted_at.set(Some(now())));
                let _ = web_sys::window()
                    .unwrap()
                    .request_animation_frame(on_frame.unchecked_ref());
            },
        )
    };
    let observer = web_sys::MutationObserver::new(on_mutation.as_ref().unchecked_ref()).unwrap();
    let options = web_sys::MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    observer.observe_with_options(&el, &options).unwrap();

    wait_for("the first rows painted", || painted_at.get().is_some()).await;
    wait_for("the walk's first request", || {
        walk_requests_started().len() > before
    })
    .await;
    let painted_at = painted_at.get().unwrap();
    let walk_started = walk_requests_started()[before];
    assert!(
        walk_started >= painted_at,
        "the walk's first request started at {walk_started:.1} ms, before the frame of the first rows at {painted_at:.1} ms"
    );
    drop(on_mutation);
    drop(handle);
    el.remove();
}
