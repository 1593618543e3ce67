//! Error-code explanations in the browser: the drawer and the error banner
//! explain a code once the panel's catalog has loaded from the emulator
//! (`SDRS_TEST_API/codes/`, served from `web/`), fall back to the raw code
//! and message for codes the catalog lacks or when it cannot load, and
//! fetch the catalog only when the first explanation is needed.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use leptos::prelude::*;
use sdrs_console::api::{ApiClient, TokenSource};
use sdrs_console::i18n::{fill, Key, Locale};
use sdrs_console::panel::{FailedTasksPanel, PanelStore};
use sdrs_console::view_model::url_state::ViewState;
use serde_json::json;
use std::any::Any;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

struct Panel {
    el: HtmlElement,
    _handle: Box<dyn Any>,
}

impl Panel {
    fn root(&self) -> &Element {
        &self.el
    }
}

impl Drop for Panel {
    fn drop(&mut self) {
        self.el.remove();
    }
}

fn codes_base() -> String {
    format!("{}/codes/", api_base())
}

/// The failed tasks the list answers in these tests, one per kind of code.
fn jobs(tag: &str) -> String {
    let job = |id: &str, code: Option<&str>, reason: &str| {
        json!({"job_id": format!("{tag}-{id}"), "resource_name": format!("res-{id}"),
               "failure_status": "createFail", "job_status": "FAIL",
               "error_code": code, "fail_reason": reason})
    };
    json!({"count": 6, "failure_jobs": [
        job("sub-job", Some("SDRS.0406"), "SdrsWaitReplicationSyncTask-fail:timed out"),
        job("expand", Some("SDRS.1820"), "SdrsExpandReplicationPairTask-fail:expand failed"),
        job("unlisted", Some("SDRS.9999"), "raw words of the service"),
        job("evs", Some("EVS.2024"), "SdrsCreateVolumeTask-fail:EVS.2024 volume is error!"),
        job("foreign", Some("FOO.12"), "a service of its own"),
        job("none", None, "no code at all"),
    ]})
    .to_string()
}

/// A panel on a project of its own whose list answers [`jobs`] (as often
/// as the test asks), with the catalogs at `codes` (`None`: the default).
async fn mount(tag: &str, locale: Locale, codes: Option<String>) -> Panel {
    let project = format!("codes-{tag}-{}", run_id());
    Fault::on(list_path(&project))
        .status(200)
        .body(jobs(tag))
        .times(20)
        .queue()
        .await;
    let el = fresh_element();
    let client = ApiClient::new(api_base(), &project, TokenSource::None);
    let handle = leptos::mount::mount_to(el.clone(), move || {
        let store = PanelStore::new(client, ViewState::default(), locale);
        store.set_codes_base(codes);
        view! { <FailedTasksPanel store=store /> }
    });
    let p = Panel {
        el,
        _handle: Box::new(handle),
    };
    wait_for("the rows", || row_ids(p.root()).len() == 6 && !busy(p.root())).await;
    p
}

/// Opens the drawer of `job_id` and waits until its explanation is no
/// longer loading; returns the explanation element.
async fn explanation_of(p: &Panel, job_id: &str) -> Element {
    let row = all(p.root(), "tbody tr[data-job-id]")
        .into_iter()
        .find(|r| r.get_attribute("data-job-id").as_deref() == Some(job_id))
        .unwrap_or_else(|| panic!("no row {job_id}"));
    wasm_bindgen::JsCast::unchecked_into::<HtmlElement>(row).click();
    let mut found = None;
    wait_for(&format!("the explanation in the drawer of {job_id}"), || {
        found = find(p.root(), "[role=dialog] .sdrs-advice[data-explanation]")
            .filter(|e| e.get_attribute("data-explanation").as_deref() != Some("loading"));
        found.is_some()
    })
    .await;
    found.unwrap()
}

async fn close_drawer(p: &Panel) {
    press(&get(p.root(), "[role=dialog]"), "Escape");
    wait_for("the drawer to close", || {
        find(p.root(), "[role=dialog]").is_none()
    })
    .await;
}

fn kind(e: &Element) -> String {
    e.get_attribute("data-explanation").unwrap_or_default()
}

/// Catalog files the page fetched so far.
fn catalog_fetches() -> usize {
    let perf = web_sys::window().unwrap().performance().unwrap();
    (0..2)
        .map(|i| {
            let name = format!("{}{}", codes_base(), ["en.json", "zh.json"][i]);
            perf.get_entries_by_name(&name).length() as usize
        })
        .sum()
}

#[wasm_bindgen_test]
async fn the_drawer_explains_sdrs_codes_once_the_catalog_loads() {
    let p = mount("sdrs", Locale::En, Some(codes_base())).await;
    let tag = |id: &str| format!("sdrs-{id}");

    let e = explanation_of(&p, &tag("sub-job")).await;
    assert_eq!(kind(&e), "sdrs");
    let meaning = text(&get(&e, "[data-field=code_meaning]"));
    assert_eq!(
        meaning,
        "One of the sub-jobs of this task failed, so the task failed."
    );
    assert!(text(&e).contains("Task execution"), "{}", text(&e));
    assert!(
        text(&get(&e, "[data-field=code_action]")).contains("which sub-job failed"),
        "{}",
        text(&e)
    );
    // The raw code and message stay beside it.
    let dialog = get(p.root(), "[role=dialog]");
    assert_eq!(text(&get(&dialog, "[data-field=error_code]")), "SDRS.0406");
    close_drawer(&p).await;

    let e = explanation_of(&p, &tag("expand")).await;
    assert_eq!(kind(&e), "sdrs");
    assert_eq!(
        text(&get(&e, "[data-field=code_meaning]")),
        "Expanding the replication pair's capacity failed."
    );
    assert!(text(&e).contains("Disks and capacity"));
    close_drawer(&p).await;

    // Another service's code names the service.
    let e = explanation_of(&p, &tag("evs")).await;
    assert_eq!(kind(&e), "service");
    assert!(text(&e).contains("Elastic Volume Service (EVS)"), "{}", text(&e));
    assert!(text(&e).contains("ended in the error state"), "{}", text(&e));
    close_drawer(&p).await;
}

#[wasm_bindgen_test]
async fn codes_the_catalog_lacks_keep_the_raw_message() {
    let p = mount("unknown", Locale::En, Some(codes_base())).await;

    let e = explanation_of(&p, "unknown-unlisted").await;
    assert_eq!(kind(&e), "unlisted");
    let expected = fill(Key::CodeNotInTable.text(Locale::En), &[("code", "SDRS.9999")]).into_owned();
    assert_eq!(text(&e), expected);
    let dialog = get(p.root(), "[role=dialog]");
    assert_eq!(
        text(&get(&dialog, "[data-field=fail_reason]")),
        "raw words of the service"
    );
    close_drawer(&p).await;

    let e = explanation_of(&p, "unknown-foreign").await;
    assert_eq!(kind(&e), "unknown-service");
    assert!(text(&e).contains("FOO.12 comes from FOO"), "{}", text(&e));
    close_drawer(&p).await;

    // No code, nothing to explain.
    let row = all(p.root(), "tbody tr[data-job-id=unknown-none]").pop().unwrap();
    wasm_bindgen::JsCast::unchecked_into::<HtmlElement>(row).click();
    wait_for("the drawer", || find(p.root(), "[role=dialog]").is_some()).await;
    settle(100).await;
    assert!(find(p.root(), "[role=dialog] .sdrs-advice").is_none());
    close_drawer(&p).await;
}

#[wasm_bindgen_test]
async fn chinese_panels_load_the_chinese_catalog() {
    let p = mount("zh", Locale::Zh, Some(codes_base())).await;
    let e = explanation_of(&p, "zh-expand").await;
    assert_eq!(kind(&e), "sdrs");
    assert_eq!(text(&get(&e, "[data-field=code_meaning]")), "复制对扩容失败。");
    assert!(text(&e).contains("云硬盘与扩容"), "{}", text(&e));
    assert!(text(&e).contains(Key::WhatToDo.text(Locale::Zh)));
}

#[wasm_bindgen_test]
async fn a_catalog_that_cannot_load_leaves_the_raw_code_and_message() {
    let p = mount(
        "broken",
        Locale::En,
        Some(format!("{}/no-such-codes/", api_base())),
    )
    .await;
    let e = explanation_of(&p, "broken-sub-job").await;
    assert_eq!(kind(&e), "failed");
    let expected = fill(Key::CodeCatalogFailed.text(Locale::En), &[("code", "SDRS.0406")]).into_owned();
    assert_eq!(text(&e), expected);
    let dialog = get(p.root(), "[role=dialog]");
    assert_eq!(text(&get(&dialog, "[data-field=error_code]")), "SDRS.0406");
    assert!(text(&get(&dialog, "[data-field=fail_reason]")).contains("timed out"));
}

#[wasm_bindgen_test]
async fn the_catalog_is_fetched_when_first_needed_and_once_per_panel() {
    // Before any drawer opens, the rows alone fetch no catalog.
    let before = catalog_fetches();
    let p = mount("lazy", Locale::En, Some(codes_base())).await;
    settle(200).await;
    assert_eq!(catalog_fetches(), before, "the catalog was fetched at start-up");
    for id in ["lazy-sub-job", "lazy-expand", "lazy-evs"] {
        explanation_of(&p, id).await;
        close_drawer(&p).await;
    }
    assert_eq!(
        catalog_fetches(),
        before + 1,
        "one fetch for the panel's language"
    );
}

#[wasm_bindgen_test]
async fn the_error_banner_explains_the_code_of_the_answer() {
    let p = mount("banner", Locale::En, Some(codes_base())).await;
    let project = format!("codes-banner-{}", run_id());
    // The next list call answers the unknown-group error.
    clear_faults().await;
    Fault::on(list_path(&project))
        .status(404)
        .body(r#"{"error":{"code":"SDRS.1013","message":"group gone"}}"#)
        .queue()
        .await;
    click(p.root(), "button[data-action=refresh]");
    let mut said = String::new();
    wait_for("the alert with its explanation", || {
        said = find(p.root(), "[role=alert] .sdrs-advice[data-explanation=sdrs]")
            .map(|e| text(&e))
            .unwrap_or_default();
        !said.is_empty()
    })
    .await;
    assert!(said.contains("The protection group no longer exists"), "{said}");
    let alert = text(&get(p.root(), "[role=alert]"));
    assert!(
        alert.contains("SDRS.1013") && alert.contains("group gone"),
        "{alert}"
    );
}
