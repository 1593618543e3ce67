//! "Group by error code": one row per code of the page on screen, or of all
//! pages of the filters (fetched by the store with progress and cancel),
//! largest group first. The grouping is `view_model::code_groups`; a row
//! and its failures are `row.rs`.

use super::row::CodeGroupBody;
use crate::browser::time;
use crate::i18n::{fill, Key};
use crate::panel::PanelStore;
use crate::view_model::all_pages::{AllPages, WALK_MAX_ROWS};
use crate::view_model::code_groups::{group_by_code, CodeGroup};
use crate::view_model::format::count;
use leptos::prelude::*;
use sdrs_models::FailureJob;
use std::sync::Arc;

/// The groups and the rows they were made from (a delete counts the
/// failures of other codes it takes along among them).
#[derive(Clone, PartialEq)]
pub(super) struct Grouped {
    pub groups: Vec<CodeGroup>,
    pub rows: Arc<Vec<Arc<FailureJob>>>,
}

const COLUMNS: [Key; 6] = [
    Key::ColErrorCode,
    Key::ColCount,
    Key::ColMeaning,
    Key::ColResources,
    Key::ColSpan,
    Key::ColActions,
];

#[component]
pub(crate) fn CodeGroupsView(store: PanelStore) -> impl IntoView {
    let t = move |k: Key| store.t(k);
    let all = store.group_all_pages();
    // All pages chosen and their rows not fetched for these filters (the
    // filters changed, the view opened with the choice made, or the
    // timeline fetched only its marks): fetch them.
    Effect::new(move |_| {
        if all.get() && store.all_rows_missing() {
            store.load_all_pages();
        }
    });
    let grouped = Memo::new(move |_| {
        let rows: Vec<Arc<FailureJob>> = if all.get() {
            let refinement = store.refinement().get();
            let now = time::now_ms();
            store.all_pages().with(|a| {
                a.rows().map(|r| {
                    r.jobs
                        .iter()
                        .filter(|j| refinement.keeps(j, time::parse_ms(&j.begin_time), now))
                        .cloned()
                        .collect()
                })
            })?
        } else {
            store
                .view_rows()
                .with(|r| r.iter().map(|row| row.job.clone()).collect())
        };
        let groups = group_by_code(&rows, |t| Some(time::parse_ms(t)).filter(|ms| !ms.is_nan()));
        Some(Grouped {
            groups,
            rows: Arc::new(rows),
        })
    });
    let expanded = RwSignal::new(Vec::<String>::new());

    let summary = move || {
        grouped.with(|g| {
            g.as_ref().map(|g| {
                fill(
                    t(Key::GroupsSummary),
                    &[
                        ("groups", &count(g.groups.len() as u64)),
                        ("n", &count(g.rows.len() as u64)),
                    ],
                )
                .into_owned()
            })
        })
    };
    let bodies = move || {
        store.locale().track();
        let g = grouped.get()?;
        if g.groups.is_empty() {
            return Some(
                view! {
                    <tbody>
                        <tr>
                            <td class="sdrs-empty" colspan=COLUMNS.len()>{t(Key::GroupsEmpty)}</td>
                        </tr>
                    </tbody>
                }
                .into_any(),
            );
        }
        let rows = g.rows.clone();
        Some(
            g.groups
                .into_iter()
                .map(|group| view! { <CodeGroupBody store=store group=group among=rows.clone() expanded=expanded /> })
                .collect_view()
                .into_any(),
        )
    };
    let busy = move || {
        let waiting = if all.get() {
            store.all_pages().with(AllPages::is_running)
        } else {
            store.loading().get()
        };
        waiting.then_some("true")
    };

    view! {
        <section class="sdrs-groups" aria-label=move || t(Key::ViewByCode)>
            <div class="sdrs-groups-bar">
                <ScopeSwitch store=store />
                <AllPagesStatus store=store />
                <span class="sdrs-groups-summary" role="status">{summary}</span>
            </div>
            <div class="sdrs-table-wrap" aria-busy=busy>
                <table class="sdrs-table sdrs-groups-table">
                    <caption class="sdrs-visually-hidden">{move || t(Key::GroupsCaption)}</caption>
                    <thead>
                        <tr>
                            {COLUMNS
                                .iter()
                                .map(|k| view! { <th scope="col">{move || t(*k)}</th> })
                                .collect_view()}
                        </tr>
                    </thead>
                    {bodies}
                </table>
            </div>
        </section>
    }
}

/// "Group: This page | All pages".
#[component]
fn ScopeSwitch(store: PanelStore) -> impl IntoView {
    let t = move |k: Key| store.t(k);
    let all = store.group_all_pages();
    let choice = move |value: bool, key: Key, name: &'static str| {
        view! {
            <button
                type="button"
                class="sdrs-button sdrs-segment"
                data-scope=name
                aria-pressed=move || if all.get() == value { "true" } else { "false" }
                on:click=move |_| store.set_group_all_pages(value)
            >
                {move || t(key)}
            </button>
        }
    };
    view! {
        <div class="sdrs-segments" role="group" aria-label=move || t(Key::GroupScopeLabel)>
            <span class="sdrs-summary-label" aria-hidden="true">{move || t(Key::GroupScopeLabel)}</span>
            {choice(false, Key::GroupScopePage, "page")}
            {choice(true, Key::GroupScopeAll, "all")}
        </div>
    }
}

/// Progress of the fetch of all pages, with Stop; after a stop or an
/// error, why, and a button to fetch again. One template for every state:
/// each `view!` costs wasm.
#[component]
fn AllPagesStatus(store: PanelStore) -> impl IntoView {
    let t = move |k: Key| store.t(k);
    move || {
        if !store.group_all_pages().get() {
            return None;
        }
        let n = |v: usize| count(v as u64);
        // (state, text, progress as (fetched, total), whether Stop is offered)
        let (kind, text, progress, stop) = match store.all_pages().get() {
            AllPages::Idle => return None,
            AllPages::Running { fetched, total } => {
                let text = match total {
                    Some(total) => fill(
                        t(Key::AllPagesProgressOf),
                        &[("n", &n(fetched)), ("total", &count(total))],
                    ),
                    None => fill(t(Key::AllPagesProgress), &[("n", &n(fetched))]),
                };
                ("running", text.into_owned(), Some((fetched, total)), true)
            }
            AllPages::Cancelled { fetched } => (
                "cancelled",
                fill(t(Key::AllPagesCancelled), &[("n", &n(fetched))]).into_owned(),
                None,
                false,
            ),
            AllPages::Failed(reason) => (
                "failed",
                fill(t(Key::AllPagesFailed), &[("reason", &reason)]).into_owned(),
                None,
                false,
            ),
            AllPages::Done(rows) if rows.truncated => (
                "truncated",
                fill(t(Key::AllPagesTruncated), &[("n", &n(WALK_MAX_ROWS))]).into_owned(),
                None,
                false,
            ),
            AllPages::Done(_) => return None,
        };
        let failed = kind == "failed";
        let button = (kind != "truncated").then(|| {
            let (action, label) = if stop {
                ("cancel-all-pages", Key::AllPagesCancel)
            } else {
                ("fetch-all-pages", Key::AllPagesFetch)
            };
            (action, t(label))
        });
        Some(view! {
            <span
                class=if failed { "sdrs-export-progress sdrs-field-error" } else { "sdrs-export-progress" }
                role=if failed { "alert" } else { "status" }
                data-all-pages=kind
            >
                {progress.map(|(fetched, total)| view! {
                    <progress
                        aria-label=t(Key::GroupScopeAll)
                        max=total.map(|t| t.to_string())
                        value=total.map(|_| fetched.to_string())
                    ></progress>
                })}
                {text}
                {button.map(|(action, label)| view! {
                    <button
                        type="button"
                        class="sdrs-button"
                        data-action=action
                        on:click=move |_| if stop { store.cancel_all_pages() } else { store.load_all_pages() }
                    >
                        {label}
                    </button>
                })}
            </span>
        })
    }
}
