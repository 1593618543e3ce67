//! The filter form: scope (protection group), failure status, resource type
//! and resource name. Selects apply at once; the name applies 300 ms after
//! typing stops, or at once on Enter.

use crate::hooks::use_debounce;
use crate::i18n::{fill, Key, Labelled};
use crate::panel::PanelStore;
use leptos::prelude::*;
use sdrs_models::{FailureJobQuery, FailureStatus, ResourceKind};

const NAME_DEBOUNCE_MS: u32 = 300;
/// Longest resource name the form sends; the service's own limit.
pub const MAX_NAME_CHARS: usize = 255;

#[component]
pub(crate) fn Filters(store: PanelStore) -> impl IntoView {
    let query = store.query();
    let name_error = RwSignal::new(false);
    let name_input = NodeRef::<leptos::html::Input>::new();

    let apply = move |f: &dyn Fn(&mut FailureJobQuery)| store.apply_filters(f);
    let apply_name = move |text: String| {
        if text.chars().count() > MAX_NAME_CHARS {
            name_error.set(true);
            return;
        }
        name_error.set(false);
        let name = Some(text.trim().to_owned()).filter(|t| !t.is_empty());
        if query.with_untracked(|q| q.resource_name != name) {
            apply(&|q| q.resource_name = name.clone());
        }
    };
    let debounced_name = use_debounce(NAME_DEBOUNCE_MS, apply_name);
    let on_name_input = move |ev: web_sys::Event| debounced_name.call(event_target_value(&ev));
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        debounced_name.cancel();
        if let Some(input) = name_input.get_untracked() {
            apply_name(input.value());
        }
    };
    let on_reset = move |ev: web_sys::Event| {
        ev.prevent_default();
        debounced_name.cancel();
        name_error.set(false);
        if let Some(input) = name_input.get_untracked() {
            input.set_value("");
        }
        store.set_filters(FailureJobQuery::default());
    };

    let scope_hint = move || match query.with(|q| q.server_group_id.clone()) {
        None => store.t(Key::ScopeHintGroupLevel).to_owned(),
        Some(id) => {
            let name = store.group_name(&id).unwrap_or(id);
            fill(store.t(Key::ScopeHintInGroup), &[("group", &name)]).into_owned()
        }
    };
    let hint_id = crate::panel::unique_id("scope-hint");
    let name_error_id = crate::panel::unique_id("name-error");

    let status_select = move || {
        let locale = store.locale().get();
        let current = query.with(|q| q.failure_status.clone());
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
                                {s.label(locale)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
    };
    let type_select = move || {
        let locale = store.locale().get();
        let current = query.with(|q| q.resource_type);
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
                                {k.label(locale)}
                            </option>
                        }
                    })
                    .collect_view()}
            </select>
        }
    };
    let hint_for_group = hint_id.clone();
    let group_picker = move || {
        let locale = store.locale().get();
        let current = query.with(|q| q.server_group_id.clone());
        let on_group = move |ev: web_sys::Event| {
            let v = event_target_value(&ev);
            apply(&|q| q.server_group_id = Some(v.trim().to_owned()).filter(|v| !v.is_empty()));
        };
        match store.groups().get() {
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

    let initial_name = query.get_untracked().resource_name.unwrap_or_default();
    // While this form is folded away (a narrow panel), the name the filter
    // sheet's form sets is copied in, so that it shows when the panel
    // grows wide again. A shown form is left alone: its text may be typing
    // that has not applied yet. The value is compared first: asking
    // whether the form is shown forces a layout (~60 ms at start).
    Effect::new(move |_| {
        let name = query.with(|q| q.resource_name.clone().unwrap_or_default());
        if let Some(input) = name_input.get() {
            if input.value().trim() != name && input.offset_parent().is_none() {
                input.set_value(&name);
            }
        }
    });
    view! {
        <form class="sdrs-filters" role="search" on:submit=on_submit on:reset=on_reset>
            <label class="sdrs-field sdrs-field-group">
                <span>{move || store.t(Key::FilterGroup)}</span>
                {group_picker}
            </label>
            <label class="sdrs-field">
                <span>{move || store.t(Key::FilterStatus)}</span>
                {status_select}
            </label>
            <label class="sdrs-field">
                <span>{move || store.t(Key::FilterType)}</span>
                {type_select}
            </label>
            <label class="sdrs-field sdrs-field-name">
                <span>{move || store.t(Key::FilterName)}</span>
                <input
                    name="resource_name"
                    type="search"
                    autocomplete="off"
                    node_ref=name_input
                    value=initial_name
                    placeholder=move || store.t(Key::FilterNamePlaceholder)
                    aria-invalid=move || name_error.get().then_some("true")
                    aria-describedby=name_error_id.clone()
                    on:input=on_name_input
                />
                <span class="sdrs-field-error" id=name_error_id.clone() aria-live="polite">
                    {move || name_error.get().then(|| store.t(Key::FilterNameTooLong))}
                </span>
            </label>
            <button type="reset" class="sdrs-button">{move || store.t(Key::FilterReset)}</button>
            <button type="submit" hidden=true tabindex="-1"></button>
        </form>
        <p class="sdrs-scope-hint" id=hint_id>{scope_hint}</p>
    }
}
