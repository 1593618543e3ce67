//! Refinements of the page on screen (time window, text), applied to the
//! loaded rows without a request.

use crate::browser::time;
use crate::i18n::{fill, Key};
use crate::panel::PanelStore;
use crate::view_model::civil::Civil;
use crate::view_model::refine::{Refinement, TimeWindow};
use leptos::prelude::*;

#[component]
pub(crate) fn Refinements(store: PanelStore) -> impl IntoView {
    let t = move |k: Key| store.t(k);
    let refinement = store.refinement();
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
        store.refine(|r| r.window = window);
    };
    let is_custom = move || matches!(refinement.with(|r| r.window), TimeWindow::Custom { .. });
    // Shown as set, also when set elsewhere (a timeline bar).
    let chosen = move |value: &str| {
        let now = match refinement.with(|r| r.window) {
            TimeWindow::Any => "any",
            TimeWindow::LastHour => "hour",
            TimeWindow::LastDay => "day",
            TimeWindow::LastWeek => "week",
            TimeWindow::Custom { .. } => "custom",
        };
        now == value
    };
    let bound = move |from: bool| {
        let TimeWindow::Custom { from_ms, to_ms } = refinement.with(|r| r.window) else {
            return String::new();
        };
        (if from { from_ms } else { to_ms })
            .map(|ms| Civil::at(ms, time::utc_offset_ms(ms)).input_value())
            .unwrap_or_default()
    };
    let set_bound = move |from: bool, ev: web_sys::Event| {
        let ms = time::parse_local_input(&event_target_value(&ev));
        store.refine(|r| {
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
        refinement.with(Refinement::is_active).then(|| {
            let shown = store.view_rows().with(Vec::len).to_string();
            let n = store.loaded().with(|l| l.rows.len()).to_string();
            view! {
                <span class="sdrs-refine-active" role="status">
                    {fill(t(Key::RefineActive), &[("shown", &shown), ("n", &n)]).into_owned()}
                </span>
                <button type="button" class="sdrs-button" on:click=move |_| store.refine(|r| *r = Refinement::default())>
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
                    <option value="any" prop:selected=move || chosen("any")>{move || t(Key::RefineAnyTime)}</option>
                    <option value="hour" prop:selected=move || chosen("hour")>{move || t(Key::RefineLastHour)}</option>
                    <option value="day" prop:selected=move || chosen("day")>{move || t(Key::RefineLastDay)}</option>
                    <option value="week" prop:selected=move || chosen("week")>{move || t(Key::RefineLastWeek)}</option>
                    <option value="custom" prop:selected=move || chosen("custom")>{move || t(Key::RefineCustom)}</option>
                </select>
            </label>
            {move || is_custom().then(|| view! {
                <label class="sdrs-field sdrs-field-inline">
                    <span>{t(Key::RefineFrom)}</span>
                    <input type="datetime-local" name="refine_from" prop:value=move || bound(true) on:change=move |ev| set_bound(true, ev) />
                </label>
                <label class="sdrs-field sdrs-field-inline">
                    <span>{t(Key::RefineTo)}</span>
                    <input type="datetime-local" name="refine_to" prop:value=move || bound(false) on:change=move |ev| set_bound(false, ev) />
                </label>
            })}
            <label class="sdrs-field sdrs-field-inline">
                <span>{move || t(Key::RefineText)}</span>
                <input
                    type="search"
                    name="refine_text"
                    autocomplete="off"
                    prop:value=move || refinement.with(|r| r.text.clone())
                    on:input=move |ev| {
                        let text = event_target_value(&ev);
                        store.refine(|r| r.text = text);
                    }
                />
            </label>
            {active}
        </fieldset>
    }
}
