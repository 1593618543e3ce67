//! The line above the table: counters of the fetched rows (click to
//! filter), refinements of this page, export, clear, auto-refresh.

use super::actions::{Action, Pending};
use super::PanelContext;
use crate::api::{ApiError, LatestRequest};
use crate::browser::dom;
use crate::browser::time;
use crate::i18n::{fill, label, Key};
use crate::view_model::export::{file_name, to_csv, to_json};
use crate::view_model::format::relative_time;
use crate::view_model::refine::{Refinement, TimeWindow};
use crate::view_model::refresh::{next_due_ms, PERIODS};
use crate::view_model::summary::summarize;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::paging::Paging;
use sdrs_models::FailureJob;
use std::sync::Arc;

/// Export of all pages stops here, whatever the total.
const EXPORT_MAX_ROWS: usize = 100_000;

#[derive(Clone, Debug, PartialEq)]
enum ExportState {
    Running(usize),
    Done(usize),
    Cancelled,
    Failed(String),
}

#[component]
pub(crate) fn Toolbar(ctx: PanelContext) -> impl IntoView {
    let state = ctx.state;
    let locale = move || state.locale.get();

    let summary = move || {
        let l = locale();
        let rows: Vec<Arc<FailureJob>> = ctx.loaded.with(|x| x.rows.clone());
        let s = summarize(&rows);
        let statuses = s
            .by_status
            .into_iter()
            .map(|(status, n)| {
                let text = label(status.label_key(), l).unwrap_or(status.as_str()).to_owned();
                let aria = fill(
                    Key::SummaryFilter.text(l),
                    &[("label", &text), ("n", &n.to_string())],
                )
                .into_owned();
                let known = status.is_known();
                let value = status.clone();
                view! {
                    <button
                        type="button"
                        class="sdrs-count"
                        data-failure-status=status.as_str().to_owned()
                        title=aria
                        disabled=!known
                        on:click=move |_| {
                            let v = value.clone();
                            state.query.update(|q| {
                                q.failure_status = Some(v);
                                q.set_offset(0);
                            });
                        }
                    >
                        {text} " " <strong>{n}</strong>
                    </button>
                }
            })
            .collect_view();
        let kinds = s
            .by_kind
            .into_iter()
            .map(|(kind, n)| {
                let text = kind
                    .and_then(|k| label(Some(k.label_key()), l))
                    .unwrap_or(Key::UnknownValue.text(l))
                    .to_owned();
                let aria = fill(
                    Key::SummaryFilter.text(l),
                    &[("label", &text), ("n", &n.to_string())],
                )
                .into_owned();
                view! {
                    <button
                        type="button"
                        class="sdrs-count"
                        data-resource-type=kind.map(|k| k.filter_value()).unwrap_or("")
                        title=aria
                        disabled=kind.is_none()
                        on:click=move |_| {
                            state.query.update(|q| {
                                q.resource_type = kind;
                                q.set_offset(0);
                            });
                        }
                    >
                        {text} " " <strong>{n}</strong>
                    </button>
                }
            })
            .collect_view();
        view! {
            <span class="sdrs-summary-label">{Key::SummaryLabel.text(l)}</span>
            <span class="sdrs-counts">{statuses}</span>
            <span class="sdrs-counts">{kinds}</span>
        }
    };

    view! {
        <div class="sdrs-toolbar">
            <div class="sdrs-summary" aria-label=move || Key::SummaryLabel.text(locale())>{summary}</div>
            <Refinements ctx=ctx />
            <div class="sdrs-tools">
                <ExportMenu ctx=ctx />
                <ClearButton ctx=ctx />
                <AutoRefresh ctx=ctx />
            </div>
        </div>
    }
}

#[component]
fn Refinements(ctx: PanelContext) -> impl IntoView {
    let state = ctx.state;
    let t = move |k: Key| k.text(state.locale.get());
    let set_window = move |ev: web_sys::Event| {
        let window = match event_target_value(&ev).as_str() {
            "hour" => TimeWindow::LastHour,
            "day" => TimeWindow::LastDay,
            "week" => TimeWindow::LastWeek,
            "custom" => TimeWindow::Custom {
                from_ms: None,
                to_ms: None,
            },
            _ => TimeWindow::Any,
        };
        ctx.refine.update(|r| r.window = window);
    };
    let is_custom = move || matches!(ctx.refine.with(|r| r.window), TimeWindow::Custom { .. });
    let set_bound = move |from: bool, ev: web_sys::Event| {
        let ms = time::parse_local_input(&event_target_value(&ev));
        ctx.refine.update(|r| {
            if let TimeWindow::Custom { from_ms, to_ms } = &mut r.window {
                if from {
                    *from_ms = ms;
                } else {
                    *to_ms = ms;
                }
            }
        });
    };
    let active = move || {
        let r = ctx.refine.get();
        r.is_active().then(|| {
            let shown = ctx.view_rows.with(Vec::len).to_string();
            let n = ctx.loaded.with(|l| l.rows.len()).to_string();
            view! {
                <span class="sdrs-refine-active" role="status">
                    {fill(t(Key::RefineActive), &[("shown", &shown), ("n", &n)]).into_owned()}
                </span>
                <button type="button" class="sdrs-button" on:click=move |_| ctx.refine.set(Refinement::default())>
                    {t(Key::RefineClear)}
                </button>
            }
        })
    };
    view! {
        <fieldset class="sdrs-refine">
            <legend>{move || t(Key::RefineLabel)}</legend>
            <label class="sdrs-field sdrs-field-inline">
                <span>{move || t(Key::RefineTime)}</span>
                <select name="refine_window" on:change=set_window>
                    <option value="any">{move || t(Key::RefineAnyTime)}</option>
                    <option value="hour">{move || t(Key::RefineLastHour)}</option>
                    <option value="day">{move || t(Key::RefineLastDay)}</option>
                    <option value="week">{move || t(Key::RefineLastWeek)}</option>
                    <option value="custom">{move || t(Key::RefineCustom)}</option>
                </select>
            </label>
            {move || is_custom().then(|| view! {
                <label class="sdrs-field sdrs-field-inline">
                    <span>{t(Key::RefineFrom)}</span>
                    <input type="datetime-local" name="refine_from" on:change=move |ev| set_bound(true, ev) />
                </label>
                <label class="sdrs-field sdrs-field-inline">
                    <span>{t(Key::RefineTo)}</span>
                    <input type="datetime-local" name="refine_to" on:change=move |ev| set_bound(false, ev) />
                </label>
            })}
            <label class="sdrs-field sdrs-field-inline">
                <span>{move || t(Key::RefineText)}</span>
                <input
                    type="search"
                    name="refine_text"
                    autocomplete="off"
                    prop:value=move || ctx.refine.with(|r| r.text.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        ctx.refine.update(|r| r.text = text);
                    }
                />
            </label>
            {active}
        </fieldset>
    }
}

#[component]
fn ExportMenu(ctx: PanelContext) -> impl IntoView {
    let state = ctx.state;
    let t = move |k: Key| k.text(state.locale.get());
    let export_state = RwSignal::new(None::<ExportState>);
    let latest = StoredValue::new_local(LatestRequest::default());
    let project = move || ctx.client.with_value(|c| c.project_id().to_owned());
    let stamp = || {
        js_sys::Date::new_0()
            .to_iso_string()
            .as_string()
            .unwrap_or_default()
    };

    let export_view = move |json: bool| {
        let rows: Vec<Arc<FailureJob>> = ctx
            .view_rows
            .with(|r| r.iter().map(|row| row.job.clone()).collect());
        let (text, ext, mime) = if json {
            (to_json(&rows), "json", "application/json")
        } else {
            (to_csv(&rows), "csv", "text/csv")
        };
        dom::download(&file_name(&project(), &stamp(), ext), mime, &text);
        export_state.set(Some(ExportState::Done(rows.len())));
    };

    let export_all = move || {
        let api = ctx.client.get_value();
        let latest = latest.get_value();
        let ticket = latest.begin();
        let mut query = state.query.get_untracked().first_page().with_limit(1000);
        export_state.set(Some(ExportState::Running(0)));
        spawn_local(async move {
            let mut all: Vec<FailureJob> = Vec::new();
            let outcome: Result<(), ApiError> = async {
                loop {
                    let page = api.list_failure_jobs(&query, ticket.signal.as_ref()).await?;
                    let n = page.failure_jobs.len();
                    let paging = Paging::from_response(query.offset(), query.limit(), n, page.count);
                    all.extend(page.failure_jobs);
                    export_state.set(Some(ExportState::Running(all.len())));
                    if n == 0 || !paging.has_next() || all.len() >= EXPORT_MAX_ROWS {
                        return Ok(());
                    }
                    query.set_offset(paging.next_offset());
                }
            }
            .await;
            if !latest.is_current(&ticket) && outcome.is_ok() {
                return;
            }
            match outcome {
                Ok(()) => {
                    dom::download(&file_name(&project(), &stamp(), "csv"), "text/csv", &to_csv(&all));
                    export_state.set(Some(ExportState::Done(all.len())));
                }
                Err(e) if e.is_abort() => export_state.set(Some(ExportState::Cancelled)),
                Err(e) => export_state.set(Some(ExportState::Failed(e.summary()))),
            }
        });
    };
    on_cleanup(move || latest.with_value(LatestRequest::cancel));

    let status = move || {
        export_state.get().map(|s| match s {
            ExportState::Running(n) => view! {
                <span class="sdrs-export-progress" role="status">
                    <progress aria-label=t(Key::Export)></progress>
                    {fill(t(Key::ExportProgress), &[("n", &n.to_string())]).into_owned()}
                    <button type="button" class="sdrs-button" on:click=move |_| latest.with_value(LatestRequest::cancel)>
                        {t(Key::ExportCancel)}
                    </button>
                </span>
            }
            .into_any(),
            ExportState::Done(n) => view! {
                <span class="sdrs-export-progress" role="status">
                    {fill(t(Key::ExportDone), &[("n", &n.to_string())]).into_owned()}
                </span>
            }
            .into_any(),
            ExportState::Cancelled => {
                view! { <span class="sdrs-export-progress" role="status">{t(Key::ExportCancelled)}</span> }.into_any()
            }
            ExportState::Failed(reason) => view! {
                <span class="sdrs-export-progress sdrs-field-error" role="alert">
                    {fill(t(Key::ExportFailed), &[("reason", &reason)]).into_owned()}
                </span>
            }
            .into_any(),
        })
    };
    let running = move || matches!(export_state.get(), Some(ExportState::Running(_)));

    view! {
        <details class="sdrs-menu">
            <summary class="sdrs-button">{move || t(Key::Export)}</summary>
            <div class="sdrs-menu-items">
                <button type="button" class="sdrs-button" data-export="csv" on:click=move |_| export_view(false)>
                    {move || t(Key::ExportCsv)}
                </button>
                <button type="button" class="sdrs-button" data-export="json" on:click=move |_| export_view(true)>
                    {move || t(Key::ExportJson)}
                </button>
                <button type="button" class="sdrs-button" data-export="all-csv" disabled=running on:click=move |_| export_all()>
                    {move || t(Key::ExportAllCsv)}
                </button>
            </div>
        </details>
        {status}
    }
}

#[component]
fn ClearButton(ctx: PanelContext) -> impl IntoView {
    let state = ctx.state;
    let t = move |k: Key| k.text(state.locale.get());
    let open = move |_| {
        let action = match state.query.get_untracked().server_group_id {
            Some(id) => {
                let name = ctx
                    .groups
                    .with_untracked(|g| {
                        g.as_ref()
                            .ok()
                            .and_then(|gs| gs.iter().find(|g| g.id == id).map(|g| g.name.clone()))
                    })
                    .unwrap_or_else(|| id.clone());
                Action::ClearGroup { id, name }
            }
            None => Action::ClearGroupLevel,
        };
        ctx.pending.set(Some(Pending::new(action)));
    };
    view! {
        <button type="button" class="sdrs-button sdrs-button-danger" data-action="clear" on:click=open>
            {move || if state.query.with(|q| q.server_group_id.is_some()) { t(Key::ClearGroup) } else { t(Key::ClearGroupLevel) }}
        </button>
    }
}

#[component]
fn AutoRefresh(ctx: PanelContext) -> impl IntoView {
    let state = ctx.state;
    let auto = ctx.auto;
    let t = move |k: Key| k.text(state.locale.get());
    let on_change = move |ev: web_sys::Event| {
        let period = event_target_value(&ev).parse::<u32>().ok().filter(|p| *p > 0);
        auto.failures.set(0);
        auto.last_attempt_ms.set(time::now_ms());
        auto.period_s.set(period);
    };
    let updated = move || {
        let now = auto.now_ms.get();
        let l = state.locale.get();
        let mut parts: Vec<String> = Vec::new();
        if let Some(at) = auto.last_success_ms.get() {
            parts.push(fill(Key::UpdatedAgo.text(l), &[("ago", &relative_time(now, at, l))]).into_owned());
        }
        if let Some(p) = auto.period_s.get() {
            let failures = auto.failures.get();
            if failures > 0 {
                let wait = ((next_due_ms(auto.last_attempt_ms.get(), p, failures) - now) / 1000.0)
                    .max(0.0)
                    .ceil();
                parts.push(fill(Key::AutoBackoff.text(l), &[("n", &(wait as u64).to_string())]).into_owned());
            } else if state.open_job.with(Option::is_some) || ctx.pending.with(Option::is_some) {
                parts.push(Key::AutoPaused.text(l).to_owned());
            }
        }
        parts.join(" · ")
    };
    view! {
        <label class="sdrs-field sdrs-field-inline">
            <span>{move || t(Key::AutoRefresh)}</span>
            <select name="auto_refresh" on:change=on_change>
                {PERIODS
                    .iter()
                    .map(|p| {
                        let value = p.unwrap_or(0).to_string();
                        let text = move || match p {
                            None => t(Key::AutoOff).to_owned(),
                            Some(s) if *s < 60 => fill(t(Key::EverySeconds), &[("n", &s.to_string())]).into_owned(),
                            Some(s) => fill(t(Key::EveryMinutes), &[("n", &(s / 60).to_string())]).into_owned(),
                        };
                        view! { <option value=value>{text}</option> }
                    })
                    .collect_view()}
            </select>
        </label>
        <span class="sdrs-updated">{updated}</span>
        <button
            type="button"
            class="sdrs-button sdrs-icon-button"
            data-action="refresh"
            aria-label=move || t(Key::Refresh)
            title=move || t(Key::Refresh)
            on:click=move |_| state.refresh()
        >
            "⟳"
        </button>
    }
}
