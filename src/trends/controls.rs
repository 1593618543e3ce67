//! What the trends count: the scope (any or one), the window, and the
//! width of one bar (hours only where the server draws them).

use super::page::TrendsCtx;
use crate::i18n::TrendsKey;
use crate::view_model::scopes::ScopeConfig;
use crate::view_model::trends::TrendWindow;
use leptos::prelude::*;
use sdrs_models::TrendBucket;

#[component]
pub(super) fn TrendsControls(ctx: TrendsCtx, scopes: Vec<ScopeConfig>) -> impl IntoView {
    let params = ctx.params;
    let on_scope = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        params.update(|p| p.scope = (!value.is_empty()).then_some(value));
    };
    let on_window = move |ev: web_sys::Event| {
        if let Some(w) = TrendWindow::parse(&event_target_value(&ev)) {
            params.update(|p| *p = p.with_window(w));
        }
    };
    let on_bucket = move |ev: web_sys::Event| {
        if let Some(b) = TrendBucket::parse(&event_target_value(&ev)) {
            params.update(|p| p.bucket = b);
        }
    };
    let scope_options = scopes
        .into_iter()
        .map(|s| {
            let name = s.name.clone();
            let selected = move || params.with(|p| p.scope.as_deref() == Some(name.as_str()));
            view! { <option value=s.name.clone() selected=selected>{s.label()}</option> }
        })
        .collect_view();
    let window_options = TrendWindow::ALL
        .into_iter()
        .map(|w| {
            view! {
                <option value=w.param() selected=move || params.with(|p| p.window == w)>
                    {move || ctx.t(w.label())}
                </option>
            }
        })
        .collect_view();
    let hours_allowed = move || params.with(|p| p.window.allows_hours());
    view! {
        <form class="sdrs-filters sdrs-trends-controls" aria-label=move || ctx.t(TrendsKey::Controls)
            on:submit=|ev| ev.prevent_default()>
            <label class="sdrs-field">
                <span>{move || ctx.t(TrendsKey::Scope)}</span>
                <select name="scope" on:change=on_scope>
                    <option value="" selected=move || params.with(|p| p.scope.is_none())>{move || ctx.t(TrendsKey::ScopeAny)}</option>
                    {scope_options}
                </select>
            </label>
            <label class="sdrs-field">
                <span>{move || ctx.t(TrendsKey::Window)}</span>
                <select name="window" on:change=on_window>{window_options}</select>
            </label>
            <label class="sdrs-field">
                <span>{move || ctx.t(TrendsKey::Bucket)}</span>
                <select name="bucket" on:change=on_bucket aria-describedby="sdrs-trends-hour-limit">
                    <option value="hour" disabled=move || !hours_allowed()
                        selected=move || params.with(|p| p.bucket == TrendBucket::Hour)>
                        {move || ctx.t(TrendsKey::PerHour)}
                    </option>
                    <option value="day" selected=move || params.with(|p| p.bucket == TrendBucket::Day)>
                        {move || ctx.t(TrendsKey::PerDay)}
                    </option>
                </select>
            </label>
            <p class="sdrs-field-note" id="sdrs-trends-hour-limit">{move || ctx.t(TrendsKey::HourLimit)}</p>
        </form>
    }
}
