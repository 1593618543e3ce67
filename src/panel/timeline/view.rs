//! "When did it start?": the failure timeline above the table. Failures
//! per local hour or day for the current filters, stacked by failure
//! status, with a summary sentence, a legend, a table alternative and the
//! loading state of the rows it counts. Collapsible; the choice is kept
//! for the tab (sessionStorage).

use super::chart::{legend, swatch, BarPick, TimelineChart};
use super::slot::{starts_folded, HIDDEN_KEY};
use crate::browser::time::utc_offset_ms;
use crate::browser::{storage, time};
use crate::i18n::{fill, Labelled, Locale, TimelineKey};
use crate::panel::{unique_id, PanelStore};
use crate::view_model::all_pages::{filters_key, AllPages};
use crate::view_model::format::count;
use crate::view_model::time_marks::TimeMarks;
use crate::view_model::timeline::Timeline;
use crate::view_model::timeline_axis::{bucket_label, summary};
use leptos::prelude::*;
use std::sync::Arc;

/// What the bars count: the rows and where they come from.
#[derive(Clone, Default)]
pub(crate) struct TimelineRows {
    pub rows: Arc<TimeMarks>,
    /// All pages of the filters (else the page on screen, until they are
    /// in, or when their fetch stopped).
    pub all_pages: bool,
}

/// Whether the page on screen is for the current filters and holds every
/// row of them (its first page, none after it): then it is all pages.
fn page_is_all(store: PanelStore) -> Option<bool> {
    let key = store.query().with(filters_key);
    store.loaded().with(|l| {
        let paging = l.paging?;
        let same = l.query.as_ref().is_some_and(|q| filters_key(q) == key);
        same.then_some(paging.offset == 0 && !paging.has_next())
    })
}

fn rows_source(store: PanelStore) -> Signal<TimelineRows> {
    let loaded = store.loaded();
    let all = store.all_pages();
    Signal::derive(move || {
        all.with(|a| a.marks().cloned())
            .map(|rows| TimelineRows {
                rows,
                all_pages: true,
            })
            .unwrap_or_else(|| TimelineRows {
                rows: Arc::new(
                    loaded.with(|l| TimeMarks::of_jobs(l.rows.iter().map(|j| &**j), time::parse_ms)),
                ),
                all_pages: page_is_all(store) == Some(true),
            })
    })
}

/// The fetch of all pages: its progress and Stop, or why the bars show
/// only this page and a button to fetch again.
fn loading_state(store: PanelStore) -> impl IntoView {
    move || {
        let locale = store.locale().get();
        let text = |k: TimelineKey, n: usize, reason: &str| {
            fill(k.text(locale), &[("n", &count(n as u64)), ("reason", reason)]).into_owned()
        };
        let again = move || {
            view! {
                <button type="button" class="sdrs-button" data-action="timeline-reload" on:click=move |_| store.load_all_marks()>
                    {TimelineKey::Reload.text(locale)}
                </button>
            }
        };
        match store.all_pages().get() {
            AllPages::Running { fetched, total } => view! {
                <div class="sdrs-tl-progress" role="status">
                    <progress
                        aria-label=TimelineKey::Title.text(locale)
                        max=total.map(|t| t.max(1).to_string())
                        value=total.map(|_| fetched.to_string())
                    ></progress>
                    <span>{text(TimelineKey::Loading, fetched, "")}</span>
                    <button type="button" class="sdrs-button" data-action="timeline-cancel" on:click=move |_| store.cancel_all_pages()>
                        {TimelineKey::Cancel.text(locale)}
                    </button>
                </div>
            }
            .into_any(),
            AllPages::Cancelled { fetched } => view! {
                <div class="sdrs-tl-progress" role="status">
                    <span>{text(TimelineKey::Partial, fetched, "")}</span>
                    {again()}
                </div>
            }
            .into_any(),
            AllPages::Failed(reason) => view! {
                <div class="sdrs-tl-progress" role="status">
                    <span>{text(TimelineKey::Failed, 0, &reason)}</span>
                    {again()}
                </div>
            }
            .into_any(),
            AllPages::Idle | AllPages::Done(_) => ().into_any(),
        }
    }
}

#[component]
pub(crate) fn FailureTimeline(store: PanelStore) -> impl IntoView {
    let t = move |k: TimelineKey| k.text(store.locale().get());
    let ids = StoredValue::new(unique_id("timeline"));
    let id = move |part: &str| format!("{}-{part}", ids.get_value());
    let hidden = RwSignal::new(starts_folded());
    let show_table = RwSignal::new(false);
    let source = rows_source(store);
    let timeline = Memo::new(move |_| source.with(|s| Timeline::build(s.rows.iter(), utc_offset_ms)));
    // While shown, fetch all pages of the filters (again when they change:
    // the store drops the old rows) once the page on screen has come and
    // says there are more; a Stop is not undone here. The timeline mounts
    // once the first rows are painted, so the first walk does not hold
    // that paint back.
    Effect::new(move |_| {
        let idle = store.all_pages().with(|a| matches!(a, AllPages::Idle));
        if !hidden.get() && idle && !store.loading().get() && page_is_all(store) == Some(false) {
            untrack(|| store.load_all_marks());
        }
    });
    let toggle_hidden = move |_| {
        let now = !hidden.get_untracked();
        hidden.set(now);
        storage::session_set(HIDDEN_KEY, if now { "1" } else { "0" });
    };

    let notes = move || {
        let locale = store.locale().get();
        let text = |k: TimelineKey, n: u64| fill(k.text(locale), &[("n", &count(n))]).into_owned();
        let (earlier, undated, refined) = timeline.with(|tl| {
            let refined = store
                .refinement()
                .with(|r| tl.selection(&r.window))
                .and_then(|(a, b)| Some((tl.buckets.get(a)?, tl.buckets.get(b)?)))
                .map(|(first, last)| {
                    let from = bucket_label(first.start_ms, first.end_ms, tl.size, &utc_offset_ms);
                    let time = if first == last {
                        from
                    } else {
                        let to = bucket_label(last.start_ms, last.end_ms, tl.size, &utc_offset_ms);
                        format!("{from} – {to}")
                    };
                    fill(TimelineKey::Refined.text(locale), &[("time", &time)]).into_owned()
                });
            (tl.earlier, tl.undated, refined)
        });
        let (source_key, source_note) = source.with(|s| {
            let (key, kind) = if s.all_pages {
                (TimelineKey::FromAll, "all")
            } else {
                (TimelineKey::FromPage, "page")
            };
            (kind, text(key, s.rows.len() as u64))
        });
        view! {
            <p class="sdrs-tl-notes">
                // What the bars count, for hosts and tests as for the eye.
                <span class="sdrs-tl-source" data-rows=source_key>{source_note}</span>
                {(earlier > 0).then(|| view! { " " <span>{text(TimelineKey::Earlier, earlier)}</span> })}
                {(undated > 0).then(|| view! { " " <span>{text(TimelineKey::Undated, undated)}</span> })}
            </p>
            <p class="sdrs-tl-refined" role="status">{refined}</p>
        }
    };

    // The bars the table's time refinement covers are drawn as picked; a
    // pick refines the table to its bars' time (a status part picks the
    // whole bar: the table's status is a filter of its own).
    let selected = Signal::derive(move || {
        store
            .refinement()
            .with(|r| timeline.with(|t| t.selection(&r.window)))
    });
    let on_pick = Callback::new(move |pick: BarPick| {
        if let Some(window) = timeline.with_untracked(|t| t.window(pick.first, pick.last)) {
            store.refine(|r| r.window = window);
        }
    });
    let body = move || {
        (!hidden.get()).then(|| {
            let locale = store.locale().get();
            view! {
                <p class="sdrs-tl-summary" id=id("summary")>
                    {move || timeline.with(|tl| summary(tl, store.locale().get(), &utc_offset_ms))}
                </p>
                <TimelineChart
                    timeline=timeline.into()
                    selected=selected
                    locale=store.locale().into()
                    ids=ids
                    offset=utc_offset_ms
                    on_pick=on_pick
                />
                <ul class="sdrs-tl-legend" aria-label=TimelineKey::Legend.text(locale)>
                    {move || timeline.with(|tl| legend(tl, &ids.get_value(), store.locale().get()))}
                </ul>
                <p class="sdrs-tl-hint" id=id("hint")>
                    {t(TimelineKey::Rule)} " " {t(TimelineKey::Hint)}
                </p>
                // What the bars count and the walk's progress share one
                // line of a fixed least height: the walk's end moves nothing.
                <div class="sdrs-tl-status">{notes}{loading_state(store)}</div>
                <button
                    type="button"
                    class="sdrs-button sdrs-tl-table-toggle"
                    aria-expanded=move || show_table.get().to_string()
                    aria-controls=id("table")
                    on:click=move |_| show_table.update(|v| *v = !*v)
                >
                    {move || t(if show_table.get() { TimelineKey::HideTable } else { TimelineKey::ShowTable })}
                </button>
                // Scrolls when long: a keyboard user scrolls it as a region.
                <div
                    id=id("table")
                    class="sdrs-tl-table-wrap"
                    role=move || show_table.get().then_some("region")
                    tabindex=move || show_table.get().then_some("0")
                    aria-labelledby=move || show_table.get().then(|| id("caption"))
                >
                    {move || {
                        show_table
                            .get()
                            .then(|| timeline.with(|tl| table(tl, &ids.get_value(), store.locale().get())))
                    }}
                </div>
            }
        })
    };

    view! {
        <section class="sdrs-timeline" aria-labelledby=id("title")>
            <div class="sdrs-tl-head">
                <h2 class="sdrs-tl-title" id=id("title")>{move || t(TimelineKey::Title)}</h2>
                <button
                    type="button"
                    class="sdrs-button sdrs-tl-hide"
                    aria-expanded=move || (!hidden.get()).to_string()
                    aria-controls=id("body")
                    on:click=toggle_hidden
                >
                    {move || t(if hidden.get() { TimelineKey::Show } else { TimelineKey::Hide })}
                </button>
            </div>
            <div class="sdrs-tl-body" id=id("body")>{body}</div>
        </section>
    }
}

/// The table alternative: one row per bar, a column per status.
fn table(tl: &Timeline, ids: &str, locale: Locale) -> impl IntoView {
    let per = match tl.size {
        crate::view_model::timeline::BucketSize::Hour => TimelineKey::PerHour,
        crate::view_model::timeline::BucketSize::Day => TimelineKey::PerDay,
    };
    let caption = fill(
        TimelineKey::TableCaption.text(locale),
        &[("per", per.text(locale))],
    )
    .into_owned();
    let heads = tl
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| {
            view! {
                <th scope="col" data-status=s.as_str().to_owned()>
                    {swatch(ids, i, s)}
                    {s.label(locale).into_owned()}
                </th>
            }
        })
        .collect_view();
    let rows = tl
        .buckets
        .iter()
        .map(|b| {
            let cells = b
                .counts
                .iter()
                .map(|c| view! { <td>{count(*c as u64)}</td> })
                .collect_view();
            view! {
                <tr data-start=b.start_ms.to_string()>
                    <th scope="row">{bucket_label(b.start_ms, b.end_ms, tl.size, &utc_offset_ms)}</th>
                    {cells}
                    <td class="sdrs-tl-total">{count(b.total as u64)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <table class="sdrs-tl-table">
            <caption id=format!("{ids}-caption")>{caption}</caption>
            <thead>
                <tr>
                    <th scope="col">{TimelineKey::ColTime.text(locale)}</th>
                    {heads}
                    <th scope="col">{TimelineKey::ColTotal.text(locale)}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
