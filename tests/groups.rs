//! The "Group by error code" view in the browser, against the emulator at
//! `SDRS_TEST_API`: groups of the page and of all pages counted against
//! what the emulator lists, the delete of one group, the cancel of the
//! fetch of all pages, "Export all" through the same fetch, and the labels
//! in both languages. Expected counts are tallied here from the emulator's
//! own answers, not by the grouping under test.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use leptos::prelude::*;
use sdrs_console::api::{ApiClient, TokenSource};
use sdrs_console::i18n::{fill, Key, Locale};
use sdrs_console::models::{FailureJob, FailureJobQuery};
use sdrs_console::panel::{FailedTasksPanel, PanelStore};
use sdrs_console::view_model::url_state::{ListView, ViewState};
use serde_json::json;
use std::any::Any;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

struct Panel {
    el: HtmlElement,
    store: PanelStore,
    _handle: Box<dyn Any>,
}

impl Panel {
    /// A panel showing `query` grouped by error code.
    fn grouped(query: FailureJobQuery, locale: Locale) -> Panel {
        let el = fresh_element();
        let store = PanelStore::new(
            client(),
            ViewState {
                query,
                list_view: ListView::ByErrorCode,
                ..Default::default()
            },
            locale,
        );
        store.set_codes_base(Some(format!("{}/codes/", api_base())));
        let handle = leptos::mount::mount_to(el.clone(), move || {
            view! { <FailedTasksPanel store=store /> }
        });
        Panel {
            el,
            store,
            _handle: Box::new(handle),
        }
    }

    fn root(&self) -> &Element {
        &self.el
    }

    /// `(code, count)` of each group row, in display order (`""`: no code).
    fn groups(&self) -> Vec<(String, u64)> {
        all(&self.el, ".sdrs-groups-table tbody[data-code]")
            .iter()
            .map(|body| {
                let code = body.get_attribute("data-code").unwrap_or_default();
                let n = text(&get(body, ".sdrs-group-count")).replace(',', "");
                (code, n.parse().unwrap_or(u64::MAX))
            })
            .collect()
    }

    fn summary(&self) -> String {
        text(&get(&self.el, ".sdrs-groups-summary"))
    }
}

impl Drop for Panel {
    fn drop(&mut self) {
        self.el.remove();
    }
}

fn client() -> ApiClient {
    ApiClient::new(api_base(), PROJECT, TokenSource::None)
}

/// Every row of `query`'s filters, walked here page by page.
async fn every_row(query: &FailureJobQuery) -> Vec<FailureJob> {
    let mut out = Vec::new();
    let mut q = query.first_page().with_limit(1000);
    loop {
        let page = client().list_failure_jobs(&q, None).await.unwrap();
        let n = page.failure_jobs.len();
        out.extend(page.failure_jobs);
        if n < 1000 {
            return out;
        }
        q.set_offset(q.offset() + 1000);
    }
}

/// `(code, count)` of `jobs`, largest first, ties by code, no code last
/// among equals: the order the view promises.
fn tally(jobs: &[FailureJob]) -> Vec<(String, u64)> {
    let mut counts: Vec<(String, u64)> = Vec::new();
    for job in jobs {
        let code = job.error_code.as_deref().unwrap_or("").trim().to_owned();
        match counts.iter_mut().find(|(c, _)| *c == code) {
            Some((_, n)) => *n += 1,
            None => counts.push((code, 1)),
        }
    }
    counts.sort_by(|a, b| {
        b.1.cmp(&a.1)
            .then_with(|| a.0.is_empty().cmp(&b.0.is_empty()))
            .then_with(|| a.0.cmp(&b.0))
    });
    counts
}

/// The protection group with the most failed tasks: more than one page of
/// 1000 in the emulator's seeded data, so "all pages" walks several.
async fn biggest_group() -> (String, u64) {
    let groups = client().protection_groups(1000, 0).await.unwrap().server_groups;
    let mut best = (String::new(), 0);
    for g in groups {
        let q = query(|q| {
            q.server_group_id = Some(g.id.clone());
            q.set_limit(1);
        });
        let total = client()
            .list_failure_jobs(&q, None)
            .await
            .unwrap()
            .count
            .unwrap_or(0);
        if total > best.1 {
            best = (g.id, total);
        }
    }
    best
}

/// Failed tasks of this test alone (unique names and resources), at
/// protection-group level: `(code, how many)`.
async fn add_jobs(tag: &str, codes: &[(Option<&str>, usize)]) -> Vec<FailureJob> {
    let mut added = Vec::new();
    for (code, n) in codes {
        for i in 0..*n {
            let name = format!("{tag}-{}-{i}", code.unwrap_or("none"));
            let stored = add_job(json!({
                "job_type": "createServerGroup", "failure_status": "deleteFail",
                "resource_type": "server_groups", "resource_name": name,
                "error_code": code, "fail_reason": format!("reason of {name}"),
            }))
            .await;
            added.push(serde_json::from_value(stored).unwrap());
        }
    }
    added
}

#[wasm_bindgen_test]
async fn page_groups_count_the_rows_of_the_page() {
    let (group, _) = biggest_group().await;
    let q = query(|q| {
        q.server_group_id = Some(group);
        q.set_limit(100);
    });
    let rows = client().list_failure_jobs(&q, None).await.unwrap().failure_jobs;
    assert_eq!(rows.len(), 100);
    let expected = tally(&rows);
    assert!(expected.len() > 2, "the page has several codes: {expected:?}");
    let p = Panel::grouped(q, Locale::En);
    wait_for("the page's groups", || p.groups() == expected).await;
    let sum: u64 = p.groups().iter().map(|(_, n)| n).sum();
    assert_eq!(sum, 100);
    assert_eq!(
        p.summary(),
        format!("{} error codes in 100 failed tasks", expected.len())
    );
    // The page scope is chosen; the table of rows is not shown.
    assert_eq!(
        get(p.root(), "button[data-scope=page]")
            .get_attribute("aria-pressed")
            .as_deref(),
        Some("true")
    );
    assert!(find(p.root(), "tbody tr[data-row-id]").is_none());
}

#[wasm_bindgen_test]
async fn all_pages_groups_equal_the_emulators_totals_per_code() {
    let (group, total) = biggest_group().await;
    assert!(total > 1000, "the biggest group has {total} failed tasks");
    let q = query(|q| {
        q.server_group_id = Some(group);
        q.set_limit(10);
    });
    let expected = tally(&every_row(&q).await);
    let p = Panel::grouped(q, Locale::En);
    wait_for("the page's groups", || {
        p.groups().iter().map(|(_, n)| n).sum::<u64>() == 10
    })
    .await;
    click(p.root(), "button[data-scope=all]");
    wait_for("the groups of all pages", || p.groups() == expected).await;
    assert_eq!(p.groups().iter().map(|(_, n)| n).sum::<u64>(), total);
    assert!(find(p.root(), "[data-all-pages=running]").is_none());

    // A failure off the page on screen opens the same drawer.
    let first = get(p.root(), ".sdrs-groups-table tbody[data-code]");
    let disclosure = get_html(&first, "button.sdrs-disclosure");
    assert_eq!(
        disclosure.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    disclosure.click();
    wait_for("the group's failures", || {
        all(&first, "button.sdrs-group-failure").len() as u64 == expected[0].1
    })
    .await;
    assert_eq!(disclosure.get_attribute("aria-expanded").as_deref(), Some("true"));
    let last = all(&first, "button.sdrs-group-failure").pop().unwrap();
    let job_id = last.get_attribute("data-job-id").unwrap();
    last.dyn_into::<HtmlElement>().unwrap().click();
    wait_for("the drawer of that failure", || {
        find(p.root(), "[role=dialog] [data-field=job_id]").is_some_and(|f| text(&f).contains(&job_id))
    })
    .await;
    assert_eq!(p.store.open_row().get_untracked(), Some(job_id));
}

/// Regression (issue 17, memory): the timeline's walk keeps only begin
/// times and statuses; grouping all pages after it fetches the pages again
/// with every field, and the timeline keeps counting all of them.
#[wasm_bindgen_test]
async fn all_pages_after_the_timelines_walk_fetch_the_rows_in_full() {
    let (group, total) = biggest_group().await;
    let q = query(|q| {
        q.server_group_id = Some(group);
        q.set_limit(10);
    });
    let expected = tally(&every_row(&q).await);
    let p = Panel::grouped(q, Locale::En);
    let from_all = format!(
        "From all {} failed tasks of these filters.",
        sdrs_console::view_model::format::count(total)
    );
    let timeline_note = || find(p.root(), ".sdrs-tl-source").map(|s| text(&s));
    wait_for("the timeline's walk", || {
        timeline_note().as_deref() == Some(from_all.as_str())
    })
    .await;
    forget_requests().await;
    click(p.root(), "button[data-scope=all]");
    wait_for("the groups of all pages", || p.groups() == expected).await;
    let pages = seen_requests()
        .await
        .into_iter()
        .filter(|r| r["method"] == "GET" && r["path"].as_str().is_some_and(|p| p.contains("failure-jobs")))
        .count();
    assert_eq!(
        pages as u64,
        total.div_ceil(1000),
        "every page fetched again, once"
    );
    assert_eq!(timeline_note().as_deref(), Some(from_all.as_str()));
}

#[wasm_bindgen_test]
async fn delete_of_a_group_removes_exactly_those() {
    let tag = format!("grp-del-{}", run_id());
    let code = format!("GRPTEST.{}", run_id() % 10_000);
    let added = add_jobs(&tag, &[(Some(&code), 3), (Some("GRPTEST.KEEP"), 2), (None, 1)]).await;
    let level = query(|_| {});
    let before: Vec<String> = every_row(&level).await.into_iter().map(|j| j.job_id).collect();
    let q = query(|q| q.resource_name = Some(tag.clone()));
    let p = Panel::grouped(q.clone(), Locale::En);
    let expected = vec![
        (code.clone(), 3),
        ("GRPTEST.KEEP".to_owned(), 2),
        (String::new(), 1),
    ];
    wait_for("the three groups", || p.groups() == expected).await;

    let body = get(p.root(), &format!("tbody[data-code=\"{code}\"]"));
    let delete = get_html(&body, "button[data-action=delete-group]");
    assert_eq!(text(&delete), "Delete these 3");
    delete.click();
    wait_for("the confirmation", || {
        find(p.root(), "[data-confirm=ok]").is_some()
    })
    .await;
    let dialog = get(p.root(), "[role=alertdialog]");
    assert!(
        text(&dialog).contains(&format!("3 failed-task records with code {code}")),
        "{}",
        text(&dialog)
    );
    click(p.root(), "[data-confirm=ok]");
    wait_for("the confirmation to close", || {
        find(p.root(), "[role=alertdialog]").is_none()
    })
    .await;
    assert_eq!(
        text(&get(p.root(), ".sdrs-toast")),
        format!("Deleted 3 failed tasks with code {code}.")
    );
    wait_for("the view without the group", || {
        p.groups() == vec![("GRPTEST.KEEP".to_owned(), 2), (String::new(), 1)]
    })
    .await;

    // The emulator lists none of those three and every other task.
    let gone: Vec<&str> = added
        .iter()
        .filter(|j| j.error_code.as_deref() == Some(code.as_str()))
        .map(|j| j.job_id.as_str())
        .collect();
    assert_eq!(gone.len(), 3);
    let after: Vec<String> = every_row(&level).await.into_iter().map(|j| j.job_id).collect();
    let kept: Vec<String> = before
        .iter()
        .filter(|id| !gone.contains(&id.as_str()))
        .cloned()
        .collect();
    assert_eq!(after, kept);
    // One DELETE per deleted task, by the id the list gave, and none for
    // the tasks of other codes.
    let mut deleted: Vec<String> = seen_requests()
        .await
        .iter()
        .filter(|r| r["method"] == "DELETE")
        .filter_map(|r| r["path"].as_str()?.rsplit('/').next().map(str::to_owned))
        .filter(|id| added.iter().any(|j| j.resource_id == *id))
        .collect();
    deleted.sort();
    let mut want: Vec<String> = added
        .iter()
        .filter(|j| j.error_code.as_deref() == Some(code.as_str()))
        .map(|j| j.resource_id.clone())
        .collect();
    want.sort();
    assert_eq!(deleted, want);
}

#[wasm_bindgen_test]
async fn the_fetch_of_all_pages_can_be_cancelled() {
    // A shown timeline would fetch all pages by itself as soon as the page
    // has come; this test starts the fetch from the grouped view.
    let tab = web_sys::window().unwrap().session_storage().unwrap().unwrap();
    tab.set_item("sdrs-console.timeline-hidden", "1").unwrap();
    let p = Panel::grouped(query(|q| q.set_limit(10)), Locale::En);
    wait_for("the page's groups", || !p.groups().is_empty()).await;
    // The next list call hangs long enough to be stopped.
    Fault::on(list_path(PROJECT)).delay(10_000).queue().await;
    click(p.root(), "button[data-scope=all]");
    wait_for("the progress", || {
        find(p.root(), "[data-all-pages=running]").is_some()
    })
    .await;
    assert!(text(&get(p.root(), "[data-all-pages=running]")).contains("Fetching all pages… 0 rows"));
    assert_eq!(
        get(p.root(), ".sdrs-table-wrap")
            .get_attribute("aria-busy")
            .as_deref(),
        Some("true")
    );
    click(p.root(), "button[data-action=cancel-all-pages]");
    wait_for("the cancel", || {
        find(p.root(), "[data-all-pages=cancelled]").is_some()
    })
    .await;
    assert!(text(&get(p.root(), "[data-all-pages=cancelled]")).contains("stopped after 0 rows"));
    assert!(p.groups().is_empty(), "no groups of an unfinished fetch");
    // Stopped for good: nothing lands later.
    settle(300).await;
    assert!(find(p.root(), "[data-all-pages=cancelled]").is_some());
    clear_faults().await;
    // Fetching again works.
    click(p.root(), "button[data-action=fetch-all-pages]");
    wait_for("the groups of all pages", || {
        find(p.root(), "[data-all-pages]").is_none() && !p.groups().is_empty()
    })
    .await;
    tab.remove_item("sdrs-console.timeline-hidden").unwrap();
}

/// Empties the emulator's request log.
async fn forget_requests() {
    let res = gloo_net::http::Request::delete(&format!("{}/__emulator/requests", api_base()))
        .send()
        .await
        .expect("DELETE /__emulator/requests");
    assert!(res.ok(), "forget requests: {}", res.status());
}

/// Replaces `URL.createObjectURL` to keep the Blob a download is made of.
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

#[wasm_bindgen_test]
async fn export_all_reuses_the_rows_of_all_pages() {
    let (group, total) = biggest_group().await;
    let q = query(|q| {
        q.server_group_id = Some(group);
        q.set_limit(10);
    });
    let p = Panel::grouped(q, Locale::En);
    click(p.root(), "button[data-scope=all]");
    wait_for("the groups of all pages", || {
        p.groups().iter().map(|(_, n)| n).sum::<u64>() == total
    })
    .await;
    forget_requests().await;
    let downloads = capture_downloads();
    open_export_menu(p.root()).await;
    click(p.root(), "button[data-export=all-csv]");
    wait_for("the export", || downloads.borrow().is_some()).await;
    let blob = downloads.borrow_mut().take().unwrap();
    let csv = wasm_bindgen_futures::JsFuture::from(blob.text())
        .await
        .unwrap()
        .as_string()
        .unwrap();
    let records = csv::Reader::from_reader(csv.as_bytes()).records().count();
    assert_eq!(records as u64, total);
    assert_eq!(
        text(&get(p.root(), ".sdrs-export-progress")),
        format!("Exported {total} rows.")
    );
    // Nothing fetched again for it.
    let lists: Vec<_> = seen_requests()
        .await
        .into_iter()
        .filter(|r| r["method"] == "GET")
        .collect();
    assert!(lists.is_empty(), "{lists:?}");
}

#[wasm_bindgen_test]
async fn labels_in_english_and_chinese() {
    let tag = format!("grp-i18n-{}", run_id());
    add_jobs(&tag, &[(Some("SDRS.0406"), 2), (None, 1)]).await;
    let q = query(|q| q.resource_name = Some(tag.clone()));
    for locale in Locale::ALL {
        let p = Panel::grouped(q.clone(), locale);
        wait_for("the two groups", || {
            p.groups() == vec![("SDRS.0406".to_owned(), 2), (String::new(), 1)]
        })
        .await;
        let t = |k: Key| k.text(locale);
        let switch = get(p.root(), ".sdrs-tools .sdrs-segments");
        assert_eq!(
            switch.get_attribute("aria-label").as_deref(),
            Some(t(Key::ViewLabel))
        );
        assert_eq!(text(&get(&switch, "button[data-view=table]")), t(Key::ViewTable));
        let by_code = get(&switch, "button[data-view=code]");
        assert_eq!(text(&by_code), t(Key::ViewByCode));
        assert_eq!(by_code.get_attribute("aria-pressed").as_deref(), Some("true"));
        let heads: Vec<String> = all(p.root(), ".sdrs-groups-table thead th")
            .iter()
            .map(text)
            .collect();
        let want: Vec<&str> = [
            Key::ColErrorCode,
            Key::ColCount,
            Key::ColMeaning,
            Key::ColResources,
            Key::ColSpan,
            Key::ColActions,
        ]
        .iter()
        .map(|k| t(*k))
        .collect();
        assert_eq!(heads, want);
        let none = get(p.root(), "tbody[data-code=\"\"]");
        assert_eq!(text(&get(&none, ".sdrs-disclosure .sdrs-mono")), t(Key::NoCode));
        assert_eq!(
            text(&get(&none, "button[data-action=delete-group]")),
            fill(t(Key::DeleteThese), &[("n", "1")])
        );
        assert_eq!(
            get(&none, "button.sdrs-disclosure").get_attribute("aria-label"),
            Some(fill(t(Key::ShowFailures), &[("n", "1"), ("code", t(Key::NoCode))]).into_owned())
        );
        assert_eq!(
            text(&get(p.root(), "button[data-scope=all]")),
            t(Key::GroupScopeAll)
        );
        // The short explanation comes from the catalog of the language.
        let sdrs = get(p.root(), "tbody[data-code=\"SDRS.0406\"]");
        wait_for("the explanation", || {
            find(&sdrs, "[data-explanation=sdrs]").is_some()
        })
        .await;
        assert!(
            find(&sdrs, "[data-field=code_action]").is_none(),
            "the short form has no next step"
        );
        let meaning = text(&get(&sdrs, "[data-field=code_meaning]"));
        assert!(!meaning.is_empty());
        let chinese = meaning.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c));
        assert_eq!(chinese, locale == Locale::Zh, "{meaning}");

        // Back to the table: the switch is the store's, the URL state too.
        click(p.root(), "button[data-view=table]");
        wait_for("the table", || find(p.root(), ".sdrs-groups").is_none()).await;
        let state = untrack(|| p.store.view_state());
        assert_eq!(state.list_view, ListView::Table);
        assert!(!state.to_query_string().contains("group="));
    }
}
