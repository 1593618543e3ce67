//! Request races: rapid filter and page changes against a server with
//! jittered latency end showing the last query's rows, and a stale page is
//! never shown, not even between two DOM mutations.
//!
//! Jitter: one queued delay fault per list request, each with its own delay,
//! on the list path of the emulator's project. The test clears the fault
//! queue before and after.
#![cfg(target_arch = "wasm32")]

mod common;

use common::*;
use leptos::prelude::*;
use sdrs_console::api::{ApiClient, TokenSource};
use sdrs_console::i18n::Locale;
use sdrs_console::models::FailureJobQuery;
use sdrs_console::panel::{FailedTasksPanel, PanelStore};
use sdrs_console::view_model::url_state::ViewState;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

/// Query changes per run.
const CHANGES: usize = 50;
/// Longest injected latency of one list request.
const MAX_DELAY_MS: u64 = 200;
/// Longest pause between two changes.
const MAX_PAUSE_MS: u64 = 100;

/// xorshift64: a fixed sequence of changes; only the network varies.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len() as u64) as usize]
    }
}

/// What the table showed at one moment, and how many changes had been made.
#[derive(Debug)]
struct Seen {
    /// Index of the newest query issued at that moment.
    at: usize,
    rows: Vec<String>,
    busy: bool,
    /// An error was on screen (an aborted request must never show one).
    alert: bool,
    /// "mutation" (a MutationObserver record) or "sample" (between changes).
    how: &'static str,
}

fn snapshot(el: &Element, at: usize, how: &'static str) -> Seen {
    Seen {
        at,
        rows: row_ids(el),
        busy: busy(el),
        alert: find(el, "[role=alert]").is_some(),
        how,
    }
}

#[wasm_bindgen_test]
async fn rapid_changes_end_on_the_last_query_and_never_show_a_stale_page() {
    clear_faults().await;
    let client = ApiClient::new(api_base(), PROJECT, TokenSource::None);
    let groups = client.protection_groups(1000, 0).await.unwrap().server_groups;
    // The seeded first group has over 1000 failures of every resource type.
    let initial = query(|q| q.server_group_id = Some(groups[0].id.clone())).with_limit(10);

    let el = fresh_element();
    let store = PanelStore::new(
        client.clone(),
        ViewState {
            query: initial.clone(),
            ..Default::default()
        },
        Locale::En,
    );
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <FailedTasksPanel store=store /> }
    });
    wait_for("the first page", || !busy(&el) && row_ids(&el).len() == 10).await;
    let names: Vec<String> = all(&el, "tbody .sdrs-name")
        .iter()
        .map(|n| text(n).chars().take(4).collect())
        .collect();

    let mut rng = Rng(0x5d2a_17c3_9e04_b6f1);
    for _ in 0..CHANGES + 15 {
        Fault::on(list_path(PROJECT))
            .delay(rng.below(MAX_DELAY_MS + 1))
            .queue()
            .await;
    }

    let queries: Rc<RefCell<Vec<FailureJobQuery>>> = Rc::new(RefCell::new(vec![initial]));
    let seen: Rc<RefCell<Vec<Seen>>> = Rc::default();
    let on_mutation = {
        let (el, queries, seen) = (el.clone(), queries.clone(), seen.clone());
        Closure::<dyn FnMut(js_sys::Array, web_sys::MutationObserver)>::new(move |_, _| {
            let at = queries.borrow().len() - 1;
            seen.borrow_mut().push(snapshot(&el, at, "mutation"));
        })
    };
    let observer = web_sys::MutationObserver::new(on_mutation.as_ref().unchecked_ref()).unwrap();
    let options = web_sys::MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    options.set_attributes(true);
    options.set_character_data(true);
    observer.observe_with_options(&el, &options).unwrap();

    let statuses = [
        "",
        "createFail",
        "deleteFail",
        "attachFail",
        "detachFail",
        "resizeFail",
        "expandFail",
        "failoverFail",
    ];
    let types = [
        "",
        "protected_instances",
        "replications",
        "disaster_recovery_drills",
    ];
    let sizes = ["10", "20", "50"];
    let mut kinds: HashMap<&str, usize> = HashMap::new();
    for _ in 0..CHANGES {
        let kind = match rng.below(10) {
            0..=3 => {
                choose(&el, "failure_status", rng.pick(&statuses));
                "status"
            }
            4..=5 => {
                choose(&el, "resource_type", rng.pick(&types));
                "type"
            }
            6 => {
                choose(&el, "page_size", rng.pick(&sizes));
                "size"
            }
            7 => {
                let name = if rng.below(3) == 0 {
                    String::new()
                } else {
                    names[rng.below(names.len() as u64) as usize].clone()
                };
                type_into(&el, "resource_name", &name);
                let form: web_sys::HtmlFormElement = get(&el, "form.sdrs-filters").dyn_into().unwrap();
                form.request_submit().unwrap();
                "name"
            }
            _ => match find(&el, "button[data-page=next]:not([disabled])") {
                Some(next) => {
                    next.dyn_into::<web_sys::HtmlElement>().unwrap().click();
                    "next"
                }
                None => {
                    choose(&el, "failure_status", rng.pick(&statuses));
                    "status"
                }
            },
        };
        *kinds.entry(kind).or_default() += 1;
        queries.borrow_mut().push(store.query().get_untracked());
        let at = queries.borrow().len() - 1;
        settle(rng.below(MAX_PAUSE_MS + 1) as u32).await;
        seen.borrow_mut().push(snapshot(&el, at, "sample"));
    }
    let last = queries.borrow().len() - 1;
    wait_for("the last query to load", || !busy(&el)).await;
    settle(MAX_DELAY_MS as u32).await;
    seen.borrow_mut().push(snapshot(&el, last, "sample"));
    observer.disconnect();
    drop(on_mutation);
    drop(handle);
    el.remove();
    clear_faults().await;

    // What each query answers, asked directly without latency.
    let queries = queries.borrow().clone();
    let mut answers: HashMap<String, Vec<String>> = HashMap::new();
    for q in &queries {
        if let std::collections::hash_map::Entry::Vacant(slot) = answers.entry(q.to_query_string()) {
            let list = client.list_failure_jobs(q, None).await.unwrap();
            slot.insert(list.failure_jobs.iter().map(|j| j.job_id.clone()).collect());
        }
    }
    let expected: Vec<&Vec<String>> = queries.iter().map(|q| &answers[&q.to_query_string()]).collect();

    let seen = seen.borrow();
    let mut newest_shown = 0;
    let mut shown = std::collections::BTreeSet::new();
    for (n, s) in seen.iter().enumerate() {
        assert!(
            !s.alert,
            "moment {n} ({}, after change {}): an error was shown",
            s.how, s.at
        );
        // The newest query issued so far whose answer is what is on screen.
        let Some(j) = (0..=s.at).rev().find(|j| *expected[*j] == s.rows) else {
            panic!(
                "moment {n} ({}, after change {}): the table shows rows of no query issued so far: {:?}",
                s.how, s.at, s.rows
            );
        };
        assert!(
            j >= newest_shown,
            "moment {n} ({}, after change {}): rows of query {j} came back after those of query {newest_shown}\n{:?}\nvs {:?}",
            s.how,
            s.at,
            queries[j],
            queries[newest_shown]
        );
        newest_shown = j;
        shown.insert(j);
        if s.how == "sample" && !s.busy {
            assert_eq!(
                &s.rows, expected[s.at],
                "moment {n}: not loading, yet not the rows of the current query {:?}",
                queries[s.at]
            );
        }
    }
    let end = seen.last().unwrap();
    assert!(!end.busy, "still loading at the end");
    assert_eq!(
        &end.rows, expected[last],
        "the end shows another query than the last"
    );
    assert!(expected[last].len() <= queries[last].limit() as usize);
    web_sys::console::log_1(
        &format!(
            "races: {} changes {kinds:?}, {} distinct queries, {} moments observed, {} queries' rows shown",
            CHANGES,
            answers.len(),
            seen.len(),
            shown.len()
        )
        .into(),
    );
}
