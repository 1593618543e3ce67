//! The line above the table: counters of the fetched rows (click to
//! filter), refinements of this page, export, clear, auto-refresh.

use super::export_menu::ExportMenu;
use super::filters::Refinements;
use super::view_switch::ViewSwitch;
use super::PanelStore;
use crate::i18n::{fill, Key, Labelled};
use crate::view_model::format::relative_time;
use crate::view_model::refresh::{next_due_ms, PERIODS};
use crate::view_model::summary::summarize;
use leptos::prelude::*;
use sdrs_models::FailureJob;
use std::sync::Arc;

#[component]
pub(crate) fn Toolbar(store: PanelStore) -> impl IntoView {
    let locale = move || store.locale().get();

    let summary = move || {
        let l = locale();
        let rows: Vec<Arc<FailureJob>> = store.loaded().with(|x| x.rows.clone());
        let s = summarize(&rows);
        let statuses = s
            .by_status
            .into_iter()
            .map(|(status, n)| {
                let text = status.label(l).into_owned();
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
                            store.apply_filters(|q| q.failure_status = Some(v));
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
                    .map_or(Key::UnknownValue.text(l).into(), |k| k.label(l))
                    .into_owned();
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
                        on:click=move |_| store.apply_filters(|q| q.resource_type = kind)
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

    // On a narrow panel the refinements and tools fold behind one button
    // (the stylesheet shows it there only), so the first screen of a phone
    // shows failures rather than controls.
    let more_open = RwSignal::new(false);
    let more_id = crate::panel::unique_id("more");
    view! {
        <div class="sdrs-toolbar">
            <div class="sdrs-summary" aria-label=move || Key::SummaryLabel.text(locale())>{summary}</div>
            <button
                type="button"
                class="sdrs-button sdrs-more-toggle"
                data-action="more"
                aria-expanded=move || more_open.get().to_string()
                aria-controls=more_id.clone()
                on:click=move |_| more_open.update(|o| *o = !*o)
            >
                {move || store.t(Key::MoreActions)}
            </button>
            <div class="sdrs-more" id=more_id class:is-open=move || more_open.get()>
                <Refinements store=store />
                <div class="sdrs-tools">
                    <ViewSwitch store=store />
                    <ExportMenu store=store />
                    <ClearButton store=store />
                    <AutoRefresh store=store />
                </div>
            </div>
        </div>
    }
}

#[component]
fn ClearButton(store: PanelStore) -> impl IntoView {
    let in_group = move || store.query().with(|q| q.server_group_id.is_some());
    // Under a role that may not delete: marked disabled but focusable, so
    // that the reason beside it is found and a press says it again.
    let refusal = move || store.delete_refusal();
    view! {
        <button
            type="button"
            class="sdrs-button sdrs-button-danger"
            data-action="clear"
            aria-disabled=move || refusal().map(|_| "true")
            title=refusal
            on:click=move |_| store.ask_clear()
        >
            {move || if in_group() { store.t(Key::ClearGroup) } else { store.t(Key::ClearGroupLevel) }}
        </button>
        {move || refusal().map(|reason| view! { <span class="sdrs-note sdrs-role-note" data-role-note="">{reason}</span> })}
    }
}

#[component]
fn AutoRefresh(store: PanelStore) -> impl IntoView {
    let auto = store.auto();
    let t = move |k: Key| store.t(k);
    let on_change = move |ev: web_sys::Event| {
        store.set_auto_refresh(event_target_value(&ev).parse::<u32>().ok().filter(|p| *p > 0));
    };
    let updated = move || {
        let now = auto.now_ms.get();
        let l = store.locale().get();
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
            } else if store.open_row().with(Option::is_some) || store.pending().with(Option::is_some) {
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
            on:click=move |_| store.refresh()
        >
            "⟳"
        </button>
    }
}
