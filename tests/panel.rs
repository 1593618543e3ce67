//! `FailedTasksPanel` in the browser: mounted on a fresh element, driven by
//! synthetic user events, asserted on the DOM. Data comes from the emulator
//! at `SDRS_TEST_API`; error and hostile answers are queued faults, either
//! on a project id of the test's own (answers that replace the emulator) or
//! on the list path of the real project (consumed by the one request the
//! test triggers next).
#![cfg(target_arch = "wasm32")]

mod common;

use common::panel::mount_panel;
use common::*;
use leptos::prelude::*;
use sdrs_console::api::{ApiClient, TokenSource};
use sdrs_console::i18n::{fill, label, Key, Locale};
use sdrs_console::models::{FailureJob, FailureJobQuery, FailureStatus};
use sdrs_console::panel::{FailedTasksPanel, PanelStore};
use sdrs_console::view_model::format::{count, one_line};
use sdrs_console::view_model::url_state::ViewState;
use serde_json::json;
use std::any::Any;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

const EN: Locale = Locale::En;

struct Panel {
    el: HtmlElement,
    store: PanelStore,
    handle: Box<dyn Any>,
}

impl Panel {
    fn mount(client: ApiClient, query: FailureJobQuery) -> Panel {
        Panel::mount_in(client, query, EN)
    }

    fn mount_in(client: ApiClient, query: FailureJobQuery, locale: Locale) -> Panel {
        let (el, store, handle) = mount_panel(client, query, locale);
        Panel { el, store, handle }
    }

    fn root(&self) -> &Element {
        &self.el
    }

    fn rows(&self) -> Vec<String> {
        row_ids(&self.el)
    }

    /// Waits until the table has finished loading and shows `ids`.
    async fn wait_rows(&self, what: &str, ids: &[String]) {
        wait_for(what, || !busy(&self.el) && self.rows() == ids).await;
    }

    fn unmount(self) {
        drop(self.handle);
        self.el.remove();
    }
}

fn client() -> ApiClient {
    ApiClient::new(api_base(), PROJECT, TokenSource::None)
}

/// The rows the server answers for `q`, asked directly.
async fn expected(q: &FailureJobQuery) -> Vec<FailureJob> {
    client().list_failure_jobs(q, None).await.unwrap().failure_jobs
}

fn ids(jobs: &[FailureJob]) -> Vec<String> {
    jobs.iter().map(|j| j.job_id.clone()).collect()
}

fn status_label(s: &FailureStatus) -> String {
    label(s.label_key(), EN)
        .map(str::to_owned)
        .unwrap_or_else(|| s.as_str().to_owned())
}

/// A panel on a project id of its own whose first list call answers `body`.
async fn mount_with_body(name: &str, body: String) -> (Panel, String) {
    let project = format!("{name}-{}", run_id());
    Fault::on(list_path(&project))
        .status(200)
        .body(body)
        .queue()
        .await;
    let panel = Panel::mount(
        ApiClient::new(api_base(), &project, TokenSource::None),
        FailureJobQuery::default(),
    );
    (panel, project)
}

fn cell_texts(row: &Element, selector: &str) -> Vec<String> {
    all(row, selector).iter().map(text).collect()
}

#[wasm_bindgen_test]
async fn rows_render_with_labelled_status_chips() {
    let q = FailureJobQuery::default();
    let jobs = expected(&q).await;
    let total = client().list_failure_jobs(&q, None).await.unwrap().count.unwrap();
    let p = Panel::mount(client(), q);
    p.wait_rows("the first page", &ids(&jobs)).await;

    for (i, job) in jobs.iter().enumerate() {
        let r = row(p.root(), i);
        let chip = get(&r, ".sdrs-chip");
        assert_eq!(text(&chip).trim(), status_label(&job.failure_status), "row {i}");
        assert!(!text(&chip).trim().is_empty());
        assert_eq!(
            get(&r, "time").get_attribute("datetime").as_deref(),
            Some(job.begin_time.as_str())
        );
        assert_eq!(
            text(&get(&r, ".sdrs-cell-resource .sdrs-name")),
            one_line(&job.resource_name, 80)
        );
        assert_eq!(
            r.get_attribute("tabindex").as_deref(),
            Some(if i == 0 { "0" } else { "-1" })
        );
    }
    let nav = get(p.root(), "nav.sdrs-pager");
    assert_eq!(nav.get_attribute("aria-label").as_deref(), Some("Pagination"));
    assert_eq!(
        text(&get(&nav, ".sdrs-range")),
        format!("Rows 1–{} of {}", jobs.len(), count(total))
    );
    assert_eq!(
        text(&get(p.root(), ".sdrs-status")),
        format!("{} rows loaded", jobs.len())
    );
    assert_eq!(
        text(&get(p.root(), ".sdrs-scope-hint")),
        Key::ScopeHintGroupLevel.text(EN)
    );
    p.unmount();
}

#[wasm_bindgen_test]
async fn chinese_labels_times_and_pager() {
    let q = FailureJobQuery::default().with_limit(10);
    let jobs = expected(&q).await;
    let total = client().list_failure_jobs(&q, None).await.unwrap().count.unwrap();
    let p = Panel::mount_in(client(), q, Locale::Zh);
    p.wait_rows("the first page", &ids(&jobs)).await;
    assert_eq!(
        get(p.root(), ".sdrs-panel").get_attribute("lang").as_deref(),
        Some("zh-CN")
    );
    for (i, job) in jobs.iter().enumerate() {
        let r = row(p.root(), i);
        let zh = label(job.failure_status.label_key(), Locale::Zh).unwrap();
        assert_eq!(text(&get(&r, ".sdrs-chip")).trim(), zh, "row {i}");
        let shown = text(&get(&r, "time"));
        assert_eq!(
            shown,
            sdrs_console::browser::time::format_local(&job.begin_time, Locale::Zh)
        );
        let relative = text(&get(&r, ".sdrs-cell-time .sdrs-sub"));
        assert!(
            relative.ends_with('前') || relative == "刚刚",
            "row {i}: {relative:?}"
        );
    }
    assert_eq!(
        text(&get(p.root(), ".sdrs-range")),
        format!("第 1–{} 行，共 {} 行", jobs.len(), count(total))
    );
    assert_eq!(
        text(&get(p.root(), ".sdrs-scope-hint")),
        Key::ScopeHintGroupLevel.text(Locale::Zh)
    );

    // Switching the language re-labels the rows in place.
    p.store.set_locale(EN);
    wait_for("English chips", || {
        text(&get(&row(p.root(), 0), ".sdrs-chip")).trim() == status_label(&jobs[0].failure_status)
    })
    .await;
    assert_eq!(p.rows(), ids(&jobs));
    p.unmount();
}

#[wasm_bindgen_test]
async fn choosing_a_status_refetches_and_every_row_matches() {
    let p = Panel::mount(client(), FailureJobQuery::default());
    p.wait_rows(
        "the first page",
        &ids(&expected(&FailureJobQuery::default()).await),
    )
    .await;
    choose(p.root(), "failure_status", "startFail");
    assert_eq!(
        p.store.query().get_untracked().failure_status,
        Some(FailureStatus::StartFail)
    );
    let want = expected(&query(|q| q.failure_status = Some(FailureStatus::StartFail))).await;
    assert!(!want.is_empty());
    p.wait_rows("the startFail rows", &ids(&want)).await;
    for (i, chip) in all(p.root(), "tbody tr .sdrs-chip").iter().enumerate() {
        assert_eq!(text(chip).trim(), "Start failed", "row {i}");
    }
    // Back to any status.
    choose(p.root(), "failure_status", "");
    p.wait_rows(
        "all statuses again",
        &ids(&expected(&FailureJobQuery::default()).await),
    )
    .await;
    p.unmount();
}

#[wasm_bindgen_test]
async fn a_typed_name_applies_after_the_debounce() {
    let all_jobs = expected(&FailureJobQuery::default()).await;
    let p = Panel::mount(client(), FailureJobQuery::default());
    p.wait_rows("the first page", &ids(&all_jobs)).await;
    let fragment: String = all_jobs
        .iter()
        .find(|j| j.resource_name.starts_with("pg-"))
        .expect("a seeded pg- name")
        .resource_name
        .chars()
        .take(6)
        .collect();
    type_into(p.root(), "resource_name", &fragment);
    // Not yet: the name waits for typing to stop.
    assert_eq!(p.store.query().get_untracked().resource_name, None);
    let want = expected(&query(|q| q.resource_name = Some(fragment.clone()))).await;
    assert!(!want.is_empty() && want.len() < all_jobs.len(), "{fragment}");
    wait_for("the debounced name filter", || {
        p.store.query().get_untracked().resource_name.as_deref() == Some(fragment.as_str())
    })
    .await;
    p.wait_rows("the name-filtered rows", &ids(&want)).await;
    for name in all(p.root(), "tbody tr .sdrs-cell-resource .sdrs-name") {
        assert!(text(&name).to_lowercase().contains(&fragment), "{}", text(&name));
    }
    p.unmount();
}

#[wasm_bindgen_test]
async fn enter_applies_the_name_at_once_and_too_long_is_refused() {
    let p = Panel::mount(client(), FailureJobQuery::default());
    p.wait_rows(
        "the first page",
        &ids(&expected(&FailureJobQuery::default()).await),
    )
    .await;
    let form: web_sys::HtmlFormElement = get(p.root(), "form.sdrs-filters").dyn_into().unwrap();

    // Too long: an inline message, nothing sent.
    let input = type_into(p.root(), "resource_name", &"n".repeat(256));
    form.request_submit().unwrap();
    assert_eq!(p.store.query().get_untracked().resource_name, None);
    wait_for("the inline name error", || {
        input.get_attribute("aria-invalid").as_deref() == Some("true")
            && text(&get(p.root(), ".sdrs-field-error")) == Key::FilterNameTooLong.text(EN)
    })
    .await;

    input.set_value("pg-search");
    form.request_submit().unwrap();
    assert_eq!(
        p.store.query().get_untracked().resource_name.as_deref(),
        Some("pg-search"),
        "submit applies at once"
    );
    let want = expected(&query(|q| q.resource_name = Some("pg-search".into()))).await;
    assert!(!want.is_empty());
    p.wait_rows("the pg-search rows", &ids(&want)).await;
    assert_eq!(input.get_attribute("aria-invalid"), None);
    p.unmount();
}

#[wasm_bindgen_test]
async fn reset_clears_every_filter() {
    let p = Panel::mount(client(), FailureJobQuery::default());
    let first = ids(&expected(&FailureJobQuery::default()).await);
    p.wait_rows("the first page", &first).await;
    choose(p.root(), "failure_status", "deleteFail");
    let input = type_into(p.root(), "resource_name", "pg-");
    let form: web_sys::HtmlFormElement = get(p.root(), "form.sdrs-filters").dyn_into().unwrap();
    form.request_submit().unwrap();
    let want = expected(&query(|q| {
        q.failure_status = Some(FailureStatus::DeleteFail);
        q.resource_name = Some("pg-".into());
    }))
    .await;
    p.wait_rows("the filtered rows", &ids(&want)).await;

    click(p.root(), "form.sdrs-filters button[type=reset]");
    let q = p.store.query().get_untracked();
    assert_eq!(
        (q.failure_status.clone(), q.resource_name.clone(), q.offset()),
        (None, None, 0)
    );
    assert_eq!(input.value(), "");
    p.wait_rows("the unfiltered rows", &first).await;
    let status: web_sys::HtmlSelectElement = get(p.root(), "select[name=failure_status]").dyn_into().unwrap();
    assert_eq!(status.value(), "");
    p.unmount();
}

#[wasm_bindgen_test]
async fn page_size_and_page_buttons() {
    let p = Panel::mount(client(), FailureJobQuery::default());
    p.wait_rows(
        "the first page",
        &ids(&expected(&FailureJobQuery::default()).await),
    )
    .await;
    let total = client()
        .list_failure_jobs(&FailureJobQuery::default(), None)
        .await
        .unwrap()
        .count
        .unwrap();
    let range = || text(&get(p.root(), "nav.sdrs-pager .sdrs-range"));

    choose(p.root(), "page_size", "20");
    assert_eq!(p.store.query().get_untracked().limit(), 20);
    let page = |offset: u64| FailureJobQuery::default().with_limit(20).with_offset(offset);
    p.wait_rows("page 1 of 20 rows", &ids(&expected(&page(0)).await))
        .await;
    assert_eq!(range(), format!("Rows 1–20 of {}", count(total)));
    assert!(get_html(p.root(), "button[data-page=prev]").has_attribute("disabled"));
    assert!(get_html(p.root(), "button[data-page=first]").has_attribute("disabled"));

    click(p.root(), "button[data-page=next]");
    p.wait_rows("page 2", &ids(&expected(&page(20)).await)).await;
    assert_eq!(range(), format!("Rows 21–40 of {}", count(total)));
    assert_eq!(
        get(p.root(), "button[aria-current=page]")
            .get_attribute("data-page-index")
            .as_deref(),
        Some("1")
    );

    click(p.root(), "button[data-page-index='3']");
    p.wait_rows("page 4", &ids(&expected(&page(60)).await)).await;

    click(p.root(), "button[data-page=prev]");
    p.wait_rows("page 3", &ids(&expected(&page(40)).await)).await;

    // While a new page size loads, the page buttons (cut with the old size)
    // wait; they come back with the new page.
    Fault::on(list_path(PROJECT)).delay(400).queue().await;
    choose(p.root(), "page_size", "50");
    wait_for("the page buttons to wait", || {
        get_html(p.root(), "button[data-page=next]").has_attribute("disabled")
            && all(p.root(), "button[data-page-index]")
                .iter()
                .all(|b| b.has_attribute("disabled"))
    })
    .await;
    let page50 = FailureJobQuery::default().with_limit(50).with_offset(0);
    p.wait_rows("the first page of 50", &ids(&expected(&page50).await))
        .await;
    assert!(!get_html(p.root(), "button[data-page=next]").has_attribute("disabled"));
    assert!(all(p.root(), "button[data-page-index]")
        .iter()
        .all(|b| !b.has_attribute("disabled")));
    choose(p.root(), "page_size", "20");
    p.wait_rows("page 1 of 20 again", &ids(&expected(&page(0)).await))
        .await;

    click(p.root(), "button[data-page=last]");
    let last = (total - 1) / 20 * 20;
    p.wait_rows("the last page", &ids(&expected(&page(last)).await))
        .await;
    assert!(get_html(p.root(), "button[data-page=next]").has_attribute("disabled"));

    click(p.root(), "button[data-page=first]");
    p.wait_rows("page 1 again", &ids(&expected(&page(0)).await)).await;
    p.unmount();
}

#[wasm_bindgen_test]
async fn a_header_click_sorts_the_page_and_sets_aria_sort() {
    let p = Panel::mount(client(), FailureJobQuery::default());
    let server_order = ids(&expected(&FailureJobQuery::default()).await);
    p.wait_rows("the first page", &server_order).await;
    let aria = |key: &str| get(p.root(), &format!("th[data-sort-key={key}]")).get_attribute("aria-sort");
    assert_eq!(aria("begin_time").as_deref(), Some("descending"));

    click(p.root(), "th[data-sort-key=job_id] button");
    wait_for("aria-sort=ascending on the job id", || {
        aria("job_id").as_deref() == Some("ascending")
    })
    .await;
    assert_eq!(aria("begin_time"), None, "two columns claim the sort");
    let mut sorted = server_order.clone();
    sorted.sort();
    wait_for("rows by job id, ascending", || p.rows() == sorted).await;

    click(p.root(), "th[data-sort-key=job_id] button");
    wait_for("aria-sort=descending on the job id", || {
        aria("job_id").as_deref() == Some("descending")
    })
    .await;
    sorted.reverse();
    wait_for("rows by job id, descending", || p.rows() == sorted).await;

    click(p.root(), "th[data-sort-key=begin_time] button");
    click(p.root(), "th[data-sort-key=begin_time] button");
    wait_for("aria-sort=ascending on the begin time", || {
        aria("begin_time").as_deref() == Some("ascending")
    })
    .await;
    assert_eq!(aria("job_id"), None, "two columns claim the sort");
    let times = || -> Vec<String> {
        all(p.root(), "tbody tr time")
            .iter()
            .map(|t| t.get_attribute("datetime").unwrap_or_default())
            .collect()
    };
    wait_for("rows oldest first", || {
        let t = times();
        t.len() == server_order.len() && t.windows(2).all(|w| w[0] <= w[1])
    })
    .await;
    // Sorting orders the rows in hand: none lost, none added.
    let mut shown = p.rows();
    shown.sort();
    let mut all_ids = server_order.clone();
    all_ids.sort();
    assert_eq!(shown, all_ids);
    p.unmount();
}

#[wasm_bindgen_test]
async fn a_row_opens_the_drawer_and_escape_returns_focus() {
    let jobs = expected(&FailureJobQuery::default()).await;
    let p = Panel::mount(client(), FailureJobQuery::default());
    p.wait_rows("the first page", &ids(&jobs)).await;
    // A job with an error code and a reason, to check both.
    let index = jobs
        .iter()
        .position(|j| j.error_code.is_some() && j.fail_reason.is_some())
        .expect("a job with code and reason");
    let job = &jobs[index];
    let r = row(p.root(), index);
    r.click();
    wait_for("the drawer", || find(p.root(), "[role=dialog]").is_some()).await;
    let dialog = get(p.root(), "[role=dialog]");
    assert_eq!(
        p.store.open_row().get_untracked().as_deref(),
        Some(job.job_id.as_str())
    );
    assert_eq!(dialog.get_attribute("aria-modal").as_deref(), Some("true"));
    let title_id = dialog.get_attribute("aria-labelledby").expect("aria-labelledby");
    let title = common::document()
        .get_element_by_id(&title_id)
        .expect("the title element");
    assert!(dialog.contains(Some(&title)));
    assert!(
        text(&title).contains(&status_label(&job.failure_status)),
        "{}",
        text(&title)
    );
    assert_eq!(r.get_attribute("aria-current").as_deref(), Some("true"));

    let field = |name: &str| text(&get(&dialog, &format!("[data-field={name}]")));
    let kind_label =
        label(job.resource_type.kind().map(|k| k.label_key()), EN).unwrap_or(job.resource_type.as_str());
    assert_eq!(field("job_id"), job.job_id);
    assert_eq!(field("resource_id"), job.resource_id);
    assert_eq!(field("resource_name"), job.resource_name);
    assert_eq!(field("resource_type"), kind_label);
    assert_eq!(field("job_type"), job.job_type);
    assert_eq!(field("begin_time"), job.begin_time);
    assert_eq!(field("failure_status"), status_label(&job.failure_status));
    assert_eq!(field("job_status"), "Failed");
    assert_eq!(field("error_code"), job.error_code.clone().unwrap());
    assert_eq!(field("fail_reason"), job.fail_reason.clone().unwrap());
    let raw = text(&get(&dialog, ".sdrs-raw pre"));
    let raw: serde_json::Value = serde_json::from_str(&raw).expect("raw JSON");
    assert_eq!(raw["job_id"], json!(job.job_id));
    assert_eq!(
        all(&dialog, "button.sdrs-copy").len(),
        2,
        "copy buttons for both ids"
    );
    // The job-status drill-down loads from the server.
    wait_for("the job drill-down", || {
        find(&dialog, "[data-field=status]").is_some()
    })
    .await;

    // Focus is inside; Esc closes and gives it back to the row.
    let active = focused().expect("a focused element");
    assert!(dialog.contains(Some(&active)), "focus is not in the drawer");
    press(&active, "Escape");
    wait_for("the drawer to close", || {
        find(p.root(), "[role=dialog]").is_none()
    })
    .await;
    assert_eq!(p.store.open_row().get_untracked(), None);
    let active = focused().expect("a focused element");
    assert_eq!(
        active.get_attribute("data-job-id").as_deref(),
        Some(job.job_id.as_str()),
        "focus went to {}",
        active.outer_html().chars().take(120).collect::<String>()
    );

    // Enter on the focused row opens it again; the close button closes.
    press(&active, "Enter");
    wait_for("the drawer again", || find(p.root(), "[role=dialog]").is_some()).await;
    click(p.root(), "[role=dialog] .sdrs-drawer-close");
    wait_for("the drawer to close", || {
        find(p.root(), "[role=dialog]").is_none()
    })
    .await;
    p.unmount();
}

#[wasm_bindgen_test]
async fn an_empty_result_explains_the_scope_rule() {
    // Group level, no filters, nothing: the scope rule.
    let (p, _) = mount_with_body("panel-empty", r#"{"count":0,"failure_jobs":[]}"#.into()).await;
    wait_for("the empty message", || find(p.root(), ".sdrs-empty").is_some()).await;
    assert_eq!(text(&get(p.root(), ".sdrs-empty")), Key::EmptyGroupLevel.text(EN));
    assert!(p.rows().is_empty());
    assert_eq!(text(&get(p.root(), ".sdrs-range")), Key::RowsNone.text(EN));
    assert_eq!(
        text(&get(p.root(), ".sdrs-scope-hint")),
        Key::ScopeHintGroupLevel.text(EN)
    );
    p.unmount();

    // A real group without failures: named in the message.
    let groups = client().protection_groups(1000, 0).await.unwrap().server_groups;
    let group = groups
        .iter()
        .find(|g| g.name == "empty-standby-group")
        .unwrap_or_else(|| groups.last().unwrap())
        .clone();
    let p = Panel::mount(client(), query(|q| q.server_group_id = Some(group.id.clone())));
    let want = fill(Key::EmptyInGroup.text(EN), &[("group", &group.name)]).into_owned();
    wait_for("the empty-group message", || {
        find(p.root(), ".sdrs-empty").is_some_and(|e| text(&e) == want)
    })
    .await;
    assert!(p.rows().is_empty());
    let picker: web_sys::HtmlSelectElement =
        get(p.root(), "select[name=server_group_id]").dyn_into().unwrap();
    assert_eq!(picker.value(), group.id);
    p.unmount();
}

#[wasm_bindgen_test]
async fn a_503_shows_an_alert_keeps_the_rows_and_retry_recovers() {
    clear_faults().await;
    let first = ids(&expected(&FailureJobQuery::default()).await);
    let p = Panel::mount(client(), FailureJobQuery::default());
    p.wait_rows("the first page", &first).await;
    // Else the timeline's walk, starting after the first paint, can take
    // the fault meant for the refresh.
    wait_for("the timeline's walk", || timeline_settled(p.root())).await;

    Fault::on(list_path(PROJECT))
        .status(503)
        .body(r#"{"error":{"code":"SDRS.0013","message":"Service busy (test)"}}"#)
        .queue()
        .await;
    click(p.root(), "button[data-action=refresh]");
    wait_for("the error alert", || find(p.root(), "[role=alert]").is_some()).await;
    let alert = get(p.root(), "[role=alert]");
    let said = text(&alert);
    assert!(said.contains("HTTP 503"), "{said}");
    assert!(said.contains("SDRS.0013"), "{said}");
    assert!(said.contains("Service busy (test)"), "{said}");
    let request_id = text(&get(&alert, ".sdrs-error-request-id"));
    assert!(is_request_id(&request_id), "{request_id:?}");
    // The last good rows stay, marked as such.
    assert_eq!(p.rows(), first);
    assert!(find(p.root(), ".sdrs-table-wrap.is-stale").is_some());
    assert!(said.contains(Key::ErrorStale.text(EN)), "{said}");
    assert!(
        !queued_faults()
            .await
            .iter()
            .any(|f| f["path_prefix"] == json!(list_path(PROJECT))),
        "the fault was not consumed"
    );

    let retry = all(&alert, "button")
        .into_iter()
        .find(|b| text(b) == Key::Retry.text(EN))
        .expect("a Retry button");
    retry.dyn_into::<HtmlElement>().unwrap().click();
    wait_for("the alert to go", || find(p.root(), "[role=alert]").is_none()).await;
    p.wait_rows("the rows after Retry", &first).await;
    assert!(find(p.root(), ".sdrs-table-wrap.is-stale").is_none());
    p.unmount();
}

#[wasm_bindgen_test]
async fn a_401_asks_for_a_token_and_retries_with_it() {
    clear_faults().await;
    let storage = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    storage.clear().unwrap();
    let first = ids(&expected(&FailureJobQuery::default()).await);
    Fault::on(list_path(PROJECT)).status(401).queue().await;
    let p = Panel::mount(client(), FailureJobQuery::default());
    wait_for("the token dialog", || {
        find(p.root(), "input[name=token]").is_some()
    })
    .await;
    let dialog = get(p.root(), ".sdrs-dialog[role=dialog]");
    let input: web_sys::HtmlInputElement = get(&dialog, "input[name=token]").dyn_into().unwrap();
    assert_eq!(input.type_(), "password");
    // Regression: the timeline mounted on the failed first answer and
    // walked every page behind the dialog, each walk's 401 updating the
    // dialog while the user typed. It waits for rows.
    settle(300).await;
    assert!(
        find(p.root(), ".sdrs-timeline").is_none(),
        "the timeline mounted behind the token dialog"
    );

    // A language switch while the dialog is open reaches the dialog.
    p.store.set_locale(Locale::Zh);
    wait_for("the dialog in Chinese", || {
        text(&get(&dialog, "h2")) == Key::TokenTitle.text(Locale::Zh)
    })
    .await;
    p.store.set_locale(EN);
    wait_for("the dialog in English", || {
        text(&get(&dialog, "h2")) == Key::TokenTitle.text(EN)
    })
    .await;

    // An empty token is refused in place.
    click(&dialog, "button[type=submit]");
    wait_for("the empty-token message", || {
        input.get_attribute("aria-invalid").as_deref() == Some("true")
    })
    .await;

    // Regression: each 401 set the dialog's signal again, which drew the
    // dialog anew and lost what was typed. Another refused list request
    // while the dialog is open leaves it as it is.
    input.set_value("half-typed");
    Fault::on(list_path(PROJECT)).status(401).queue().await;
    p.store.refresh();
    for _ in 0..100 {
        if queued_faults().await.is_empty() {
            break;
        }
        settle(50).await;
    }
    assert!(
        queued_faults().await.is_empty(),
        "the refresh never asked for the list"
    );
    settle(200).await;
    assert!(dialog.is_connected(), "a second 401 drew the token dialog again");
    assert_eq!(input.value(), "half-typed");

    let token = format!("tok-panel-{}", run_id());
    input.set_value(&token);
    click(&dialog, "button[type=submit]");
    p.wait_rows("the rows after the token", &first).await;
    assert!(find(p.root(), "input[name=token]").is_none());
    wait_for("the timeline after the rows", || {
        find(p.root(), ".sdrs-timeline").is_some()
    })
    .await;
    let sent: Vec<serde_json::Value> = seen_requests()
        .await
        .into_iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.contains("/task-center/failure-jobs"))
        })
        .collect();
    let with_token = sent.iter().filter(|r| r["token"] == json!(token)).count();
    assert!(with_token >= 1, "the typed token was never sent: {sent:?}");
    assert!(
        storage.get_item("sdrs-console.token").unwrap().is_none(),
        "kept in sessionStorage without being asked"
    );
    p.unmount();
}

/// Regression guard for the batched rows: every field of every row is cut
/// from one string by UTF-16 offsets, so characters of 2, 3 and 4 bytes
/// (two UTF-16 units for the emoji) must not shift the fields after them.
#[wasm_bindgen_test]
async fn wide_characters_keep_every_field_in_its_cell() {
    let rows = json!([
        {"job_id": "w-1", "failure_status": "createFail", "resource_type": "protectedInstance",
         "resource_name": "数据库-😀-é", "fail_reason": "磁盘 🧨 full", "error_code": "SDRS.1801",
         "job_type": "createProtectedInstance", "begin_time": "2024-01-02T03:04:05.678Z"},
        {"job_id": "w-2", "failure_status": "deleteFail", "resource_type": "replications",
         "resource_name": "plain-name", "fail_reason": "plain reason", "error_code": "EVS.5400",
         "begin_time": "2024-01-02T03:04:05.678Z"}
    ]);
    let body = json!({"count": 2, "failure_jobs": rows}).to_string();
    let (p, _project) = mount_with_body("panel-wide", body).await;
    p.wait_rows("the wide rows", &["w-1".to_owned(), "w-2".to_owned()])
        .await;
    let (r0, r1) = (row(p.root(), 0), row(p.root(), 1));
    assert_eq!(text(&get(&r0, ".sdrs-name")), "数据库-😀-é");
    assert_eq!(text(&get(&r0, ".sdrs-cell-reason")), "磁盘 🧨 full");
    assert_eq!(text(&get(&r0, ".sdrs-cell-code")), "SDRS.1801");
    assert_eq!(r0.get_attribute("data-job-id").as_deref(), Some("w-1"));
    assert_eq!(text(&get(&r1, ".sdrs-name")), "plain-name");
    assert_eq!(text(&get(&r1, ".sdrs-cell-reason")), "plain reason");
    assert_eq!(text(&get(&r1, ".sdrs-cell-code")), "EVS.5400");
    assert_eq!(r1.get_attribute("data-job-id").as_deref(), Some("w-2"));
    p.unmount();
}

#[wasm_bindgen_test]
async fn hostile_values_render_as_text() {
    let big = "N".repeat(100_000);
    let big_reason = format!("{}<img src=x onerror=alert(1)>", "R ".repeat(50_000));
    let rtl = "\u{202e}txt.exe\u{202c} عربي a\u{200b}b\u{200d}c\u{feff}d";
    let rows = json!([
        {"job_id": "h-script", "failure_status": "createFail", "resource_type": "protectedInstance",
         "resource_name": "<script>window.__sdrs_pwned=1</script>",
         "fail_reason": "<img src=x onerror=\"window.__sdrs_pwned=2\">",
         "error_code": "<b>E</b>", "job_type": "<i>t</i>", "begin_time": "2024-01-02T03:04:05.678Z"},
        {"job_id": "h-img", "failure_status": "deleteFail", "resource_type": "replications",
         "resource_name": "<img src=x onerror=window.__sdrs_pwned=3>",
         "fail_reason": "<svg onload=window.__sdrs_pwned=4></svg><iframe src=javascript:1>",
         "begin_time": "<script>1</script>"},
        {"job_id": "h-rtl", "failure_status": "weirdFail", "resource_type": "mystery-type",
         "resource_name": rtl, "fail_reason": rtl, "begin_time": "2024-01-02T03:04:05.678Z"},
        {"job_id": "h-big", "failure_status": "expandFail", "resource_type": "replication",
         "resource_name": big, "fail_reason": big_reason, "job_type": big,
         "error_code": big, "begin_time": "2024-01-02T03:04:05.678Z"},
        {"job_id": "<b>id</b>", "resource_name": "\u{0}\u{1}ctl\u{7f}\n\ttab"},
        {"job_id": "h-null", "failure_status": null, "resource_name": null, "fail_reason": null,
         "error_code": null, "begin_time": null}
    ]);
    let body = json!({"count": 6, "failure_jobs": rows}).to_string();
    let (p, project) = mount_with_body("panel-hostile", body).await;
    let want: Vec<String> = ["h-script", "h-img", "h-rtl", "h-big", "<b>id</b>", "h-null"]
        .map(String::from)
        .to_vec();
    p.wait_rows("the hostile rows", &want).await;
    let pwned = || js_sys::Reflect::get(&js_sys::global(), &"__sdrs_pwned".into()).unwrap();

    assert_eq!(injected_elements(p.root()), Vec::<String>::new());
    assert_eq!(
        all(p.root(), "tbody b, tbody i").len(),
        0,
        "markup from a field became elements"
    );
    let r0 = row(p.root(), 0);
    assert_eq!(
        text(&get(&r0, ".sdrs-name")),
        "<script>window.__sdrs_pwned=1</script>"
    );
    assert_eq!(
        text(&get(&r0, ".sdrs-cell-reason")),
        "<img src=x onerror=\"window.__sdrs_pwned=2\">"
    );
    assert!(cell_texts(&r0, "td").iter().any(|t| t == "<b>E</b>"));
    // A reason shown whole has no tooltip repeating it.
    assert_eq!(get(&r0, ".sdrs-cell-reason").get_attribute("title"), None);
    let r1 = row(p.root(), 1);
    assert!(text(&get(&r1, ".sdrs-cell-time")).contains("<script>1</script>"));
    let r2 = row(p.root(), 2);
    assert_eq!(text(&get(&r2, ".sdrs-name")), rtl);
    assert_eq!(
        text(&get(&r2, ".sdrs-chip")).trim(),
        "weirdFail",
        "unknown status shown raw"
    );
    assert_eq!(text(&get(&r2, ".sdrs-cell-resource .sdrs-sub")), "mystery-type");
    let r3 = row(p.root(), 3);
    assert!(text(&get(&r3, ".sdrs-name")).chars().count() <= 81);
    assert!(text(&get(&r3, ".sdrs-cell-reason")).chars().count() <= 91);
    assert!(
        get(&r3, ".sdrs-cell-reason")
            .get_attribute("title")
            .unwrap()
            .chars()
            .count()
            <= 2001
    );
    let r4 = row(p.root(), 4);
    let folded = text(&get(&r4, ".sdrs-name"));
    assert_eq!(folded.trim(), "ctl tab", "controls fold into one line");
    assert!(!folded.chars().any(char::is_control), "{folded:?}");
    assert!(find(p.root(), "tr[data-job-id='<b>id</b>']").is_some());

    // The drawers show every character, still as text.
    r3.click();
    wait_for("the drawer of the 100 KB row", || {
        find(p.root(), "[role=dialog]").is_some()
    })
    .await;
    let dialog = get(p.root(), "[role=dialog]");
    let field = |name: &str| text(&get(&dialog, &format!("[data-field={name}]")));
    assert_eq!(field("resource_name").chars().count(), 100_000);
    assert_eq!(field("fail_reason"), big_reason);
    assert_eq!(injected_elements(p.root()), Vec::<String>::new());
    press(&dialog, "Escape");
    wait_for("the drawer to close", || {
        find(p.root(), "[role=dialog]").is_none()
    })
    .await;

    row(p.root(), 0).click();
    wait_for("the drawer of the markup row", || {
        find(p.root(), "[role=dialog]").is_some()
    })
    .await;
    let dialog = get(p.root(), "[role=dialog]");
    let field = |name: &str| text(&get(&dialog, &format!("[data-field={name}]")));
    assert_eq!(field("resource_name"), "<script>window.__sdrs_pwned=1</script>");
    assert_eq!(
        field("fail_reason"),
        "<img src=x onerror=\"window.__sdrs_pwned=2\">"
    );
    assert_eq!(field("error_code"), "<b>E</b>");
    assert_eq!(field("job_type"), "<i>t</i>");
    assert_eq!(injected_elements(p.root()), Vec::<String>::new());
    assert_eq!(
        all(&dialog, "b, i").len(),
        0,
        "markup from a field became elements"
    );
    press(&dialog, "Escape");
    wait_for("the drawer to close", || {
        find(p.root(), "[role=dialog]").is_none()
    })
    .await;

    // A 200 whose body is an HTML page: a decode error, no markup, rows kept.
    Fault::on(list_path(&project))
        .status(200)
        .content_type("text/html")
        .body("<html><body><img src=x onerror=\"window.__sdrs_pwned=9\"><h1>Portal login</h1></body></html>")
        .queue()
        .await;
    click(p.root(), "button[data-action=refresh]");
    wait_for("the decode alert", || find(p.root(), "[role=alert]").is_some()).await;
    let said = text(&get(p.root(), "[role=alert]"));
    assert!(said.contains(Key::ErrorDecode.text(EN)), "{said}");
    assert!(said.contains("Portal login"), "{said}");
    assert_eq!(p.rows(), want, "the last good rows were dropped");
    assert_eq!(injected_elements(p.root()), Vec::<String>::new());

    settle(50).await;
    assert_eq!(pwned(), JsValue::UNDEFINED, "a hostile value ran script");
    p.unmount();
}

/// Queues `fault` on the panel's list path, refreshes and waits until the
/// alert says every one of `says`.
async fn refresh_into_alert(p: &Panel, fault: Fault, says: &[&str]) -> String {
    fault.queue().await;
    click(p.root(), "button[data-action=refresh]");
    let mut last = String::new();
    wait_for(&format!("an alert saying {says:?}"), || {
        last = find(p.root(), "[role=alert]")
            .map(|a| text(&a))
            .unwrap_or_default();
        !busy(p.root()) && says.iter().all(|s| last.contains(s))
    })
    .await;
    last
}

#[wasm_bindgen_test]
async fn answers_that_go_wrong_keep_the_last_rows() {
    let good = json!({"count": 2, "failure_jobs": [
        {"job_id": "g-1", "resource_name": "one", "failure_status": "createFail"},
        {"job_id": "g-2", "resource_name": "two", "failure_status": "stopFail"}
    ]})
    .to_string();
    let (p, project) = mount_with_body("panel-bad-answers", good).await;
    let kept: Vec<String> = vec!["g-1".into(), "g-2".into()];
    p.wait_rows("the good rows", &kept).await;
    let on = || Fault::on(list_path(&project));
    let decode = Key::ErrorDecode.text(EN);
    let cases: Vec<(Fault, Vec<&str>)> = vec![
        (
            on().status(200)
                .body(r#"{"count":1,"failure_jobs":[{"job_id":"trunc""#),
            vec![decode, "trunc"],
        ),
        (
            on().status(200).body(r#"[{"job_id":"arr"}]"#),
            vec![decode, "arr"],
        ),
        (on().status(429).body(""), vec!["HTTP 429"]),
        (
            on().status(502).content_type("text/html").body(
                "<html><body><h1>502 Bad Gateway</h1><img src=x onerror=alert(1)><p>nginx</p></body></html>",
            ),
            vec!["HTTP 502", "502 Bad Gateway", "nginx"],
        ),
        (
            on().status(404).body(
                r#"{"itemNotFound":{"code":"SDRS.1013","message":"The protection group does not exist"}}"#,
            ),
            vec!["HTTP 404", "SDRS.1013", "The protection group does not exist"],
        ),
        (
            on().status(403)
                .body(r#"{"error_code":"SDRS.0003","error_msg":"no SDRS role"}"#),
            vec!["HTTP 403", "SDRS.0003", "no SDRS role"],
        ),
        (
            on().status(504)
                .body(r#"{"error":{"code":"SDRS.0013","message":"<script>gateway</script>"}}"#),
            vec!["HTTP 504", "SDRS.0013", "<script>gateway</script>"],
        ),
    ];
    for (fault, says) in cases {
        let said = refresh_into_alert(&p, fault, &says).await;
        assert_eq!(p.rows(), kept, "rows dropped after {said}");
        assert!(said.contains(Key::ErrorStale.text(EN)), "{said}");
        assert_eq!(injected_elements(p.root()), Vec::<String>::new(), "{said}");
        let id = text(&get(p.root(), "[role=alert] .sdrs-error-request-id"));
        assert!(is_request_id(&id), "{said}");
        assert!(
            find(p.root(), "form.sdrs-filters").is_some(),
            "the page went blank"
        );
    }

    // Odd but readable answers replace the rows and clear the alert.
    on().status(200)
        .body(r#"{"count":3,"failure_jobs":[{"job_id":"m-1"},"junk",7]}"#)
        .queue()
        .await;
    click(p.root(), "button[data-action=refresh]");
    p.wait_rows("the readable row", &["m-1".to_owned()]).await;
    assert!(find(p.root(), "[role=alert]").is_none());
    assert_eq!(
        text(&get(p.root(), ".sdrs-note")),
        fill(Key::MalformedRows.text(EN), &[("n", "2")])
    );

    on().status(200)
        .body(r#"{"count":"0","failure_jobs":null}"#)
        .queue()
        .await;
    click(p.root(), "button[data-action=refresh]");
    wait_for("the empty page", || {
        !busy(p.root()) && find(p.root(), ".sdrs-empty").is_some()
    })
    .await;
    assert!(p.rows().is_empty());
    assert!(
        find(p.root(), ".sdrs-note").is_none(),
        "the malformed-row note outlived its page"
    );

    // More rows than the page size: all shown, none invented.
    let many: Vec<serde_json::Value> = (0..60).map(|i| json!({"job_id": format!("r-{i:02}")})).collect();
    on().status(200)
        .body(json!({"count": 60, "failure_jobs": many}).to_string())
        .queue()
        .await;
    click(p.root(), "button[data-action=refresh]");
    let want: Vec<String> = (0..60).map(|i| format!("r-{i:02}")).collect();
    p.wait_rows("60 rows on a page of 50", &want).await;
    p.unmount();
}

#[wasm_bindgen_test]
async fn unreachable_or_slow_servers_say_so() {
    let project = format!("panel-slow-{}", run_id());
    Fault::on(list_path(&project))
        .status(200)
        .body(r#"{"count":0,"failure_jobs":[]}"#)
        .delay(2000)
        .queue()
        .await;
    let slow = ApiClient::new(api_base(), &project, TokenSource::None).with_timeout_ms(300);
    let p = Panel::mount(slow, FailureJobQuery::default());
    wait_for("the timeout alert", || {
        find(p.root(), "[role=alert]").is_some_and(|a| text(&a).contains(Key::ErrorTimeout.text(EN)))
    })
    .await;
    assert!(find(p.root(), "[role=alert] button").is_some(), "no Retry");
    p.unmount();

    let nowhere = ApiClient::new("http://127.0.0.1:9", PROJECT, TokenSource::None);
    let p = Panel::mount(nowhere, FailureJobQuery::default());
    wait_for("the network alert", || {
        find(p.root(), "[role=alert]").is_some_and(|a| text(&a).contains(Key::ErrorNetwork.text(EN)))
    })
    .await;
    assert!(
        find(p.root(), "form.sdrs-filters").is_some(),
        "the page went blank"
    );
    p.unmount();
}

fn dup_body() -> String {
    json!({"count": 5, "failure_jobs": [
        {"job_id": "dup-1", "resource_name": "b-second", "failure_status": "createFail"},
        {"job_id": "dup-1", "resource_name": "a-first", "failure_status": "deleteFail"},
        {"job_id": "solo", "resource_name": "c-solo"},
        {"job_id": "dup-1", "resource_name": "d-third"},
        {"job_id": "", "resource_name": "no id"},
    ]})
    .to_string()
}

/// Closes the open drawer with Escape.
async fn close_drawer(p: &Panel) {
    press(&get(p.root(), "[role=dialog]"), "Escape");
    wait_for("the drawer to close", || {
        find(p.root(), "[role=dialog]").is_none()
    })
    .await;
}

/// Refreshes a panel of [`mount_with_body`] to an answer with two other
/// rows sharing one job id.
async fn refresh_with_other_duplicates(p: &Panel, project: &str) {
    Fault::on(list_path(project))
        .status(200)
        .body(r#"{"failure_jobs":[{"job_id":"dup-1","resource_name":"x"},{"job_id":"dup-1","resource_name":"y"}]}"#)
        .queue()
        .await;
    click(p.root(), "button[data-action=refresh]");
    wait_for("two rows", || !busy(p.root()) && p.rows().len() == 2).await;
}

fn names(root: &Element) -> Vec<String> {
    cell_texts(root, "tbody .sdrs-name")
}

#[wasm_bindgen_test]
async fn duplicate_job_ids_render_without_panic() {
    let (p, project) = mount_with_body("panel-dups", dup_body()).await;
    let want: Vec<String> = ["dup-1", "dup-1", "solo", "dup-1", ""].map(String::from).to_vec();
    p.wait_rows("the duplicated rows", &want).await;
    assert_eq!(
        names(p.root()),
        ["b-second", "a-first", "c-solo", "d-third", "no id"]
    );
    let keys: Vec<String> = all(p.root(), "tbody tr[data-job-id]")
        .iter()
        .map(|r| r.get_attribute("data-row-id").unwrap_or_default())
        .collect();
    let mut unique = keys.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 5, "row ids collide: {keys:?}");

    // Sorting, a drawer and another answer with other duplicates: all rows
    // stay, nothing panics.
    click(p.root(), "th[data-sort-key=resource_name] button");
    settle(50).await;
    assert_eq!(p.rows().len(), 5);
    row(p.root(), 0).click();
    wait_for("a drawer", || find(p.root(), "[role=dialog]").is_some()).await;
    close_drawer(&p).await;
    refresh_with_other_duplicates(&p, &project).await;
    p.unmount();
}

/// Rows that share a job id must still show their own content after a
/// sort or a refresh, and open their own details (regression: duplicates
/// were numbered after sorting, keys ignored content, and the drawer looked
/// the open job up by `job_id` alone).
#[wasm_bindgen_test]
async fn duplicate_job_ids_keep_their_own_content() {
    let (p, project) = mount_with_body("panel-dups-content", dup_body()).await;
    wait_for("the duplicated rows", || p.rows().len() == 5).await;

    click(p.root(), "th[data-sort-key=resource_name] button");
    settle(50).await;
    let sorted = names(p.root());

    // The second row shown is one of the duplicates: its drawer must be its own.
    let second = row(p.root(), 1);
    let second_name = text(&get(&second, ".sdrs-name"));
    second.click();
    wait_for("a drawer", || find(p.root(), "[role=dialog]").is_some()).await;
    let in_drawer = text(&get(p.root(), "[role=dialog] [data-field=resource_name]"));
    close_drawer(&p).await;

    refresh_with_other_duplicates(&p, &project).await;
    let refreshed = names(p.root());
    p.unmount();

    assert_eq!(
        sorted,
        ["a-first", "b-second", "c-solo", "d-third", "no id"],
        "after sorting by name"
    );
    assert_eq!(
        in_drawer, second_name,
        "the drawer of a duplicated row shows another row"
    );
    assert_eq!(refreshed, ["x", "y"], "after a refresh");
}

/// The row marks (the open row's `aria-current`, the tab stop's
/// `tabindex=0`) are moved by the table, not kept per row: exactly one row
/// carries each, after focus moves, after another row opens, after a sort
/// moves the rows, and on rows drawn after the mark was set.
#[wasm_bindgen_test]
async fn row_marks_follow_focus_opening_sorting_and_redraws() {
    let marked = |p: &Panel, attr: &str, value: &str| -> Vec<String> {
        all(p.root(), &format!("tbody tr[{attr}=\"{value}\"]"))
            .iter()
            .map(|r| r.get_attribute("data-job-id").unwrap_or_default())
            .collect()
    };
    let q = query(|q| q.set_limit(10));
    let jobs = expected(&q).await;
    let p = Panel::mount(client(), q.clone());
    p.wait_rows("the first page", &ids(&jobs)).await;
    assert_eq!(marked(&p, "tabindex", "0"), vec![jobs[0].job_id.clone()]);
    assert!(marked(&p, "aria-current", "true").is_empty());

    row(p.root(), 3).focus().unwrap();
    wait_for("the tab stop on row 3", || {
        marked(&p, "tabindex", "0") == vec![jobs[3].job_id.clone()]
    })
    .await;
    // Only the tab stop's delete button is in the tab order.
    let tabbable_buttons = all(p.root(), "tbody .sdrs-row-delete[tabindex=\"0\"]");
    assert_eq!(tabbable_buttons.len(), 1);
    assert!(row(p.root(), 3).contains(Some(&tabbable_buttons[0])));
    assert_eq!(all(p.root(), "tbody .sdrs-row-delete").len(), jobs.len());

    row(p.root(), 2).click();
    wait_for("row 2 open", || {
        marked(&p, "aria-current", "true") == vec![jobs[2].job_id.clone()]
    })
    .await;
    row(p.root(), 5).click();
    wait_for("row 5 open alone", || {
        marked(&p, "aria-current", "true") == vec![jobs[5].job_id.clone()]
    })
    .await;

    click(p.root(), "th[data-sort-key=job_id] button");
    wait_for("rows sorted by job id", || p.rows() != ids(&jobs)).await;
    assert_eq!(marked(&p, "aria-current", "true"), vec![jobs[5].job_id.clone()]);
    assert_eq!(marked(&p, "tabindex", "0"), vec![jobs[3].job_id.clone()]);

    // A row drawn after its job was opened is drawn open.
    let next = query(|n| {
        n.set_limit(10);
        n.set_offset(10);
    });
    let later = expected(&next).await;
    p.store.set_view(ViewState {
        query: next,
        sort: None,
        open_job: Some(later[1].job_id.clone()),
        ..Default::default()
    });
    p.wait_rows("the second page", &ids(&later)).await;
    assert_eq!(marked(&p, "aria-current", "true"), vec![later[1].job_id.clone()]);
    assert_eq!(marked(&p, "tabindex", "0"), vec![later[0].job_id.clone()]);
    p.unmount();
}

/// Deleting the focused row from its button leaves focus on the row that
/// took its place, not on the page body (keyboard users keep their place).
#[wasm_bindgen_test]
async fn focus_stays_in_the_table_after_a_delete() {
    let c = client();
    let groups = c.protection_groups(1000, 0).await.unwrap();
    let group = groups.server_groups[1].id.clone();
    let marker = format!("focus-{}", run_id());
    for i in 0..3 {
        add_job(json!({
            "failure_status": "createFail",
            "resource_name": format!("{marker}-{i}"),
            "resource_type": "protected_instances",
            "server_group_id": group,
        }))
        .await;
    }
    let q = query(|q| {
        q.server_group_id = Some(group.clone());
        q.resource_name = Some(marker.clone());
    });
    let jobs = expected(&q).await;
    assert_eq!(jobs.len(), 3);
    let p = Panel::mount(client(), q);
    p.wait_rows("the three rows", &ids(&jobs)).await;

    let button = get_html(&row(p.root(), 1), ".sdrs-row-delete");
    button.focus().unwrap();
    button.click();
    wait_for("the confirmation", || {
        find(p.root(), "[data-confirm=ok]").is_some()
    })
    .await;
    click(p.root(), "[data-confirm=ok]");
    let left = vec![jobs[0].job_id.clone(), jobs[2].job_id.clone()];
    p.wait_rows("the two rows left", &left).await;
    wait_for("focus on the row now second", || {
        focused().and_then(|f| f.get_attribute("data-job-id")).as_deref() == Some(jobs[2].job_id.as_str())
    })
    .await;

    // Focus that left on purpose is not pulled back by a refresh that
    // changes the rows.
    row(p.root(), 1).blur().unwrap();
    add_job(json!({
        "failure_status": "createFail",
        "resource_name": format!("{marker}-3"),
        "resource_type": "protected_instances",
        "server_group_id": group,
    }))
    .await;
    p.store.refresh();
    wait_for("the added row", || p.rows().len() == 3).await;
    settle(100).await;
    assert!(
        focused().is_none_or(|f| f.tag_name() == "BODY"),
        "a refresh took focus: {:?}",
        focused().map(|f| f.outer_html())
    );
    p.unmount();
}

/// A language switch while a confirmation is open reaches the dialog.
#[wasm_bindgen_test]
async fn an_open_confirmation_follows_a_language_switch() {
    let jobs = expected(&FailureJobQuery::default()).await;
    let p = Panel::mount(client(), FailureJobQuery::default());
    p.wait_rows("the first page", &ids(&jobs)).await;
    click(&row(p.root(), 0), ".sdrs-row-delete");
    wait_for("the confirmation", || {
        find(p.root(), "[role=alertdialog]").is_some()
    })
    .await;
    let dialog = get(p.root(), "[role=alertdialog]");
    assert_eq!(text(&get(&dialog, "[data-confirm=cancel]")), Key::Cancel.text(EN));
    p.store.set_locale(Locale::Zh);
    wait_for("the confirmation in Chinese", || {
        text(&get(&dialog, "[data-confirm=cancel]")) == Key::Cancel.text(Locale::Zh)
            && text(&get(&dialog, "h2")) == Key::ConfirmDeleteTitle.text(Locale::Zh)
            && text(&get(&dialog, "[data-confirm=ok]")) == Key::ConfirmDelete.text(Locale::Zh)
    })
    .await;
    press(&dialog, "Escape");
    wait_for("the confirmation to close", || {
        find(p.root(), "[role=alertdialog]").is_none()
    })
    .await;
    p.unmount();
}

/// After a panic every panel says so, also one inside a shadow root (the
/// custom element's case), with a reload link that needs no script.
#[wasm_bindgen_test]
async fn the_crash_notice_reaches_panels_in_shadow_roots() {
    let light = Panel::mount(client(), FailureJobQuery::default());
    let host = fresh_element();
    let shadow = host
        .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
        .unwrap();
    let inner: HtmlElement = common::document()
        .create_element("div")
        .unwrap()
        .dyn_into()
        .unwrap();
    shadow.append_child(&inner).unwrap();
    let store = PanelStore::new(client(), ViewState::default(), EN);
    let handle = leptos::mount::mount_to(inner, move || {
        view! { <FailedTasksPanel store=store /> }
    });
    let shadow_panel = || shadow.query_selector(".sdrs-panel").unwrap();
    wait_for("both panels", || {
        find(light.root(), ".sdrs-panel").is_some() && shadow_panel().is_some()
    })
    .await;

    sdrs_console::start::show_crash_notice();
    for panel in [get(light.root(), ".sdrs-panel"), shadow_panel().unwrap()] {
        let notice = get(&panel, ".sdrs-crash");
        assert_eq!(notice.get_attribute("role").as_deref(), Some("alert"));
        assert_eq!(get(&notice, "a").get_attribute("href").as_deref(), Some(""));
    }
    // Once per panel, however often it is called.
    sdrs_console::start::show_crash_notice();
    assert_eq!(all(light.root(), ".sdrs-crash").len(), 1);

    drop(handle);
    host.remove();
    light.unmount();
}

/// The URLs `fetch` is called with from now on, until `restore`.
struct FetchLog(JsValue);

impl FetchLog {
    fn install() -> FetchLog {
        let install = js_sys::Function::new_no_args(
            "const seen = []; const real = globalThis.fetch;
             globalThis.fetch = function (r) { seen.push(typeof r === 'string' ? r : r.url); return real.apply(this, arguments); };
             return { seen, restore() { globalThis.fetch = real; } };",
        );
        FetchLog(install.call0(&JsValue::NULL).unwrap())
    }

    fn urls(&self) -> Vec<String> {
        let seen: js_sys::Array = js_sys::Reflect::get(&self.0, &"seen".into())
            .unwrap()
            .unchecked_into();
        seen.iter().filter_map(|u| u.as_string()).collect()
    }

    fn restore(self) {
        let restore: js_sys::Function = js_sys::Reflect::get(&self.0, &"restore".into())
            .unwrap()
            .unchecked_into();
        restore.call0(&self.0).unwrap();
    }
}

/// Regression (issue 17, start-up): the list request waited until the
/// whole panel was built (an effect first runs after the mount), and the
/// group picker's request went out beside it; now the list is asked for
/// while the panel mounts and the groups once its answer is in.
#[wasm_bindgen_test]
async fn the_list_is_asked_for_while_the_panel_mounts_and_the_groups_after_it() {
    let q = FailureJobQuery::default().with_limit(10);
    let want = ids(&expected(&q).await);
    let log = FetchLog::install();
    let p = Panel::mount(client(), q);
    // Nothing else has run since the mount call: these are its requests.
    let at_mount = log.urls();
    // The page of 10 (the timeline's walk asks for pages of 1000 after it).
    let is_list = |u: &String| u.contains("/task-center/failure-jobs?limit=10&");
    let is_groups = |u: &String| u.contains("/server-groups?");
    assert_eq!(at_mount.iter().filter(|u| is_list(u)).count(), 1, "{at_mount:?}");
    assert!(
        !at_mount.iter().any(is_groups),
        "groups before the rows: {at_mount:?}"
    );
    p.wait_rows("the first page", &want).await;
    wait_for("the group picker's request", || log.urls().iter().any(is_groups)).await;
    let lists: Vec<String> = log.urls().into_iter().filter(is_list).collect();
    log.restore();
    assert_eq!(lists.len(), 1, "the first page was asked for again: {lists:?}");
    p.unmount();
}
