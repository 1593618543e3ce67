//! Results that arrive after what asked for them has gone: a panel dropped
//! by its Leptos host while a delete is in flight, and the count of a
//! cancelled clear confirmation. Both are regression tests of bugs found in
//! review; each failed before its fix.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use leptos::prelude::*;
use sdrs_console::api::{ApiClient, TokenSource};
use sdrs_console::embed::{PanelConfig, SdrsPanel};
use sdrs_console::i18n::{Key, Locale};
use serde_json::json;
use std::cell::Cell;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

thread_local! {
    static PANICKED: Cell<bool> = const { Cell::new(false) };
}

/// Notes any panic (and still reports it the way the harness does).
fn watch_panics() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        PANICKED.with(|p| p.set(true));
        previous(info);
    }));
}

/// Bug: the confirmation read the panel's language (a signal) after the
/// `.await` of the delete. A Leptos host that drops an `<SdrsPanel>` which
/// made its own state, while that delete is in flight, disposes the signal;
/// the read then panicked, and with `panic = "abort"` every panel on the
/// host page died.
#[wasm_bindgen_test]
async fn disposed_signal_read_after_delete_await_when_the_host_drops_the_panel() {
    clear_faults().await;
    watch_panics();
    let el = fresh_element();
    let shown = RwSignal::new(true);
    // The panel makes its own state, owned by the host's reactive scope.
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! {
            {move || {
                shown
                    .get()
                    .then(|| view! { <SdrsPanel config=PanelConfig::new(api_base(), PROJECT) /> })
            }}
        }
    });
    wait_for("the first rows", || !busy(&el) && !row_ids(&el).is_empty()).await;

    // The delete answers late, and from the fault queue (nothing is deleted).
    Fault::on(format!("{}/", list_path(PROJECT)))
        .status(204)
        .delay(400)
        .queue()
        .await;
    click(&row(&el, 0), ".sdrs-row-delete");
    wait_for("the confirmation", || find(&el, "[role=alertdialog]").is_some()).await;
    click(&el, "button[data-confirm=ok]");
    wait_for("the delete to start", || {
        find(&el, "button[data-confirm=ok][aria-busy=true]").is_some()
    })
    .await;
    shown.set(false);
    wait_for("the panel to go", || find(&el, ".sdrs-panel").is_none()).await;

    // The delete answers after the panel has gone.
    settle(800).await;
    assert!(queued_faults().await.is_empty(), "the delete was sent");
    assert!(!PANICKED.with(Cell::get), "a late delete answer panicked");
    drop(handle);
    el.remove();
}

/// Bug: the clear confirmation's count request had no ticket, so the count
/// of a cancelled confirmation, answered late, landed in the next one.
#[wasm_bindgen_test]
async fn clear_count_without_ticket_lands_in_the_next_confirmation() {
    clear_faults().await;
    let client = ApiClient::new(api_base(), PROJECT, TokenSource::None);
    let group = client.protection_groups(1000, 0).await.unwrap().server_groups[0]
        .id
        .clone();
    let el = fresh_element();
    let mut config = PanelConfig::new(api_base(), PROJECT);
    config.initial.query.server_group_id = Some(group);
    let handle = leptos::mount::mount_to(el.clone(), move || view! { <SdrsPanel config=config /> });
    wait_for("the group's rows", || !busy(&el) && !row_ids(&el).is_empty()).await;
    // The counts' faults are for the confirmations, not the timeline's walk.
    wait_for("the timeline's walk", || timeline_settled(&el)).await;

    // Each count is a number of its own. The first confirmation (clearing
    // the group) is answered late, after the second (the group level, so
    // another URL: the browser does not hold it back behind the first) has
    // its answer.
    let count_answer = |count: u64, delay_ms: u64| {
        Fault::on(list_path(PROJECT))
            .status(200)
            .body(json!({ "failure_jobs": [], "count": count }).to_string())
            .delay(delay_ms)
            .queue()
    };
    count_answer(4242, 1500).await;
    click(&el, "button[data-action=clear]");
    wait_for("the first confirmation", || {
        find(&el, "[role=alertdialog]").is_some()
    })
    .await;
    click(&el, "button[data-confirm=cancel]");
    wait_for("the first confirmation to close", || {
        find(&el, "[role=alertdialog]").is_none()
    })
    .await;
    click(&el, "button[type=reset]");
    wait_for("the group-level rows", || {
        !busy(&el)
            && find(&el, ".sdrs-scope-hint")
                .is_some_and(|h| text(&h) == Key::ScopeHintGroupLevel.text(Locale::En))
    })
    .await;
    count_answer(7, 100).await;

    click(&el, "button[data-action=clear]");
    let body = || text(&get(&el, ".sdrs-confirm-body"));
    wait_for("the second confirmation's count", || {
        find(&el, ".sdrs-confirm-body").is_some() && body().starts_with("7 ")
    })
    .await;
    settle(1800).await;
    assert!(queued_faults().await.is_empty(), "both counts were answered");
    assert!(
        !body().contains("4242"),
        "the cancelled confirmation's count landed: {}",
        body()
    );
    assert!(body().starts_with("7 "), "{}", body());
    click(&el, "button[data-confirm=cancel]");
    drop(handle);
    el.remove();
}
