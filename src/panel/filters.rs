//! The filter form: scope (protection group), failure status, resource type
//! and resource name. Selects apply at once; the name applies 300 ms after
//! typing stops, or at once on Enter.

use super::PanelContext;
use crate::i18n::{fill, label, Key};
use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use sdrs_models::{FailureJobQuery, FailureStatus, ResourceKind};

const NAME_DEBOUNCE_MS: u32 = 300;
/// Longest resource name the form sends; the service's own limit.
pub const MAX_NAME_CHARS: usize = 255;

#[component]
pub(crate) fn Filters(ctx: PanelContext) -> impl IntoView {
    let state = ctx.state;
    let pending = StoredValue::new_local(None::<Timeout>);
    let name_error = RwSignal::new(false);
    let name_input = NodeRef::<leptos::html::Input>::new();

    let apply = move |f: &dyn Fn(&mut FailureJobQuery)| {
        state.query.update(|q| {
            f(q);
            q.set_offset(0);
        });
        state.open_job.set(None);
    };
    let apply_name = move |text: String| {
        pending.update_value(|p| *p = None);
        if text.chars().count() > MAX_NAME_CHARS {
            name_error.set(true);
            return;
        }
        name_error.set(false);
        let name = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        if state.query.with_untracked(|q| q.resource_name != name) {
            apply(&|q| q.resource_name = name.clone());
        }
    };
    let on_name_input = move |ev: web_sys::Event| {
        let text = event_target_value(&ev);
        let timer = Timeout::new(NAME_DEBOUNCE_MS, move || apply_name(text));
        pending.update_value(|p| *p = Some(timer));
    };
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if let Some(input) = name_input.get_untracked() {
            apply_name(input.value());
        }
    };
    let on_reset = move |ev: web_sys::Event| {
        ev.prevent_default();
        pending.update_value(|p| *p = None);
        name_error.set(false);
        if let Some(input) = name_input.get_untracked() {
            input.set_value("");
        }
        state.set_filters(FailureJobQuery::default());
        state.open_job.set(None);
    };

    let group_name = move |id: &str| {
        ctx.groups.with(|g| {
            g.as_ref()
                .ok()
                .and_then(|gs| gs.iter().find(|g| g.id == id).map(|g| g.name.clone()))
        })
    };
    let scope_hint = move || match state.query.with(|q| q.server_group_id.clone()) {
        None => ctx.t(Key::ScopeHintGroupLevel).to_owned(),
        Some(id) => {
            let name = group_name(&id).unwrap_or(id);
            fill(ctx.t(Key::ScopeHintInGroup), &[("group", &name)]).into_owned()
        }
    };
    let hint_id = super::unique_id("scope-hint");
    let name_error_id = super::unique_id("name-error");

    let status_select = move || {
        let locale = state.locale.get();
        let current = state.query.with(|q| q.failure_status.clone());
        view! {
            <select
                name="failure_status"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    apply(&|q| q.failure_status = (!v.is_empty()).then(|| FailureStatus::parse(&v)));
                }
            >
                <option value="" selected=current.is_none()>{Key::FilterAny.text(locale)}</option>
                {FailureStatus::ALL
                    .iter()
                    .map(|s| {
                        let selected = current.as_ref() == Some(s);
                        view! {
                            <option value=s.as_str() selected=selected>
                                {label(s.label_key(), locale).unwrap_or(s.as_str())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
    };
    let type_select = move || {
        let locale = state.locale.get();
        let current = state.query.with(|q| q.resource_type);
        view! {
            <select
                name="resource_type"
                on:change=move |ev| {
                    let v = event_target_value(&ev);
                    apply(&|q| q.resource_type = ResourceKind::from_filter(&v));
                }
            >
                <option value="" selected=current.is_none()>{Key::FilterAny.text(locale)}</option>
                {ResourceKind::ALL
                    .iter()
                    .map(|k| {
                        view! {
                            <option value=k.filter_value() selected=current == Some(*k)>
                                {label(Some(k.label_key()), locale).unwrap_or(k.filter_value())}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
    };
    let hint_for_group = hint_id.clone();
    let group_picker = move || {
        let locale = state.locale.get();
        let current = state.query.with(|q| q.server_group_id.clone());
        let on_group = move |ev: web_sys::Event| {
            let v = event_target_value(&ev);
            apply(&|q| q.server_group_id = Some(v.trim().to_owned()).filter(|v| !v.is_empty()));
        };
        match ctx.groups.get() {
            Ok(groups) => {
                let known = current.as_ref().is_none_or(|c| groups.iter().any(|g| &g.id == c));
                view! {
                    <select name="server_group_id" aria-describedby=hint_for_group.clone() on:change=on_group>
                        <option value="" selected=current.is_none()>{Key::FilterGroupLevel.text(locale)}</option>
                        {(!known).then(|| {
                            let id = current.clone().unwrap_or_default();
                            view! { <option value=id.clone() selected=true>{id.clone()}</option> }
                        })}
                        {groups
                            .into_iter()
                            .map(|g| {
                                let selected = current.as_deref() == Some(g.id.as_str());
                                let text = format!("{} ({})", g.name, crate::view_model::format::short_id(&g.id));
                                view! { <option value=g.id selected=selected>{text}</option> }
                            })
                            .collect_view()}
                    </select>
                }
                .into_any()
            }
            Err(()) => view! {
                <input
                    name="server_group_id"
                    type="text"
                    placeholder=Key::GroupIdPlaceholder.text(locale)
                    aria-describedby=hint_for_group.clone()
                    prop:value=current.unwrap_or_default()
                    on:change=on_group
                />
                <span class="sdrs-field-note">{Key::GroupsLoadFailed.text(locale)}</span>
            }
            .into_any(),
        }
    };

    let initial_name = state.query.get_untracked().resource_name.unwrap_or_default();
    view! {
        <form class="sdrs-filters" role="search" on:submit=on_submit on:reset=on_reset>
            <label class="sdrs-field sdrs-field-group">
                <span>{move || ctx.t(Key::FilterGroup)}</span>
                {group_picker}
            </label>
            <label class="sdrs-field">
                <span>{move || ctx.t(Key::FilterStatus)}</span>
                {status_select}
            </label>
            <label class="sdrs-field">
                <span>{move || ctx.t(Key::FilterType)}</span>
                {type_select}
            </label>
            <label class="sdrs-field sdrs-field-name">
                <span>{move || ctx.t(Key::FilterName)}</span>
                <input
                    name="resource_name"
                    type="search"
                    autocomplete="off"
                    node_ref=name_input
                    value=initial_name
                    placeholder=move || ctx.t(Key::FilterNamePlaceholder)
                    aria-invalid=move || name_error.get().then_some("true")
                    aria-describedby=name_error_id.clone()
                    on:input=on_name_input
                />
                <span class="sdrs-field-error" id=name_error_id.clone() aria-live="polite">
                    {move || name_error.get().then(|| ctx.t(Key::FilterNameTooLong))}
                </span>
            </label>
            <button type="reset" class="sdrs-button">{move || ctx.t(Key::FilterReset)}</button>
            <button type="submit" hidden=true tabindex="-1"></button>
        </form>
        <p class="sdrs-scope-hint" id=hint_id>{scope_hint}</p>
    }
}
