//! The "All scopes" view's frame: the health strip, the filters (those of
//! the live view, plus scope and state), export and refresh, the status
//! lines, the table, the pager, the drawer and the confirmation.

use super::bulk_ack::BulkAckBar;
use super::health_strip::HealthStrip;
use super::journal_drawer::{JournalConfirm, JournalDrawer};
use super::journal_table::{JournalPager, JournalTable};
use super::picked_filters::PickedFilters;
use super::shortcuts::on_shortcut;
use super::store::JournalStore;
use crate::hooks::use_debounce;
use crate::i18n::{fill, Key, Labelled, ScopeKey};
use crate::view_model::journal::{JournalView, StateFilter};
use leptos::html;
use leptos::prelude::*;
use sdrs_models::{FailureStatus, ResourceKind};

const TEXT_DEBOUNCE_MS: u32 = 300;

#[component]
pub(crate) fn AllScopesView(store: JournalStore) -> impl IntoView {
    store.run_edges();
    let root = NodeRef::<html::Section>::new();
    let title_id = crate::panel::unique_id("journal-title");
    let status = move || {
        if store.loading().get() {
            return store.t(Key::Loading).to_owned();
        }
        let n = store.rows().with(Vec::len);
        if store.has_page() && n == 0 {
            return store.ts(ScopeKey::Empty).to_owned();
        }
        String::new()
    };
    let failure = move || {
        store.error().get().map(|e| {
            let text = fill(store.ts(ScopeKey::LoadFailed), &[("reason", &e.summary())]).into_owned();
            let stale = store.has_page().then(|| view! { <p>{store.t(Key::ErrorStale)}</p> });
            view! {
                <div class="sdrs-error" role="alert">
                    <p class="sdrs-error-message">{text}</p>
                    {stale}
                    <p class="sdrs-actions">
                        <button type="button" class="sdrs-button" on:click=move |_| store.refresh()>{store.t(Key::Retry)}</button>
                    </p>
                </div>
            }
        })
    };
    let malformed = move || {
        let n = store.malformed();
        (n > 0).then(|| {
            let text = fill(store.ts(ScopeKey::Malformed), &[("n", &n.to_string())]).into_owned();
            view! { <p class="sdrs-note">{text}</p> }
        })
    };
    view! {
        <section
            class="sdrs-panel sdrs-journal"
            node_ref=root
            aria-labelledby=title_id.clone()
            lang=move || store.locale().get().tag()
            on:keydown=move |ev| on_shortcut(ev, store, root)
        >
            <h2 id=title_id.clone() class="sdrs-journal-title">{move || store.ts(ScopeKey::AllTitle)}</h2>
            <HealthStrip store=store />
            <JournalFilters store=store />
            <PickedFilters store=store />
            <p class="sdrs-actions sdrs-journal-actions">
                <a class="sdrs-button" href=move || store.csv_url() download="sdrs-journal.csv" data-action="export-journal">
                    {move || store.ts(ScopeKey::ExportCsv)}
                </a>
                <button type="button" class="sdrs-button" data-action="refresh" on:click=move |_| store.refresh()>
                    {move || store.t(Key::Refresh)}
                </button>
            </p>
            <div class="sdrs-status sdrs-journal-status" role="status" aria-live="polite">{status}</div>
            <div class="sdrs-toast" role="status" aria-live="polite">{move || store.toast().get()}</div>
            {failure}
            {malformed}
            <BulkAckBar store=store />
            <JournalTable store=store />
            <JournalPager store=store />
            <JournalDrawer store=store root=root />
            {move || store.pending().with(Option::is_some).then(|| view! { <JournalConfirm store=store /> })}
        </section>
    }
}

#[component]
fn JournalFilters(store: JournalStore) -> impl IntoView {
    let view = store.view();
    let initial = view.get_untracked();
    let name_input = NodeRef::<html::Input>::new();
    let group_input = NodeRef::<html::Input>::new();
    let text = |v: String| Some(v.trim().to_owned()).filter(|t| !t.is_empty());
    let apply_name = move |v: String| {
        let name = text(v);
        if view.with_untracked(|q| q.filters.resource_name != name) {
            store.set_filters(|q| q.filters.resource_name = name);
        }
    };
    let apply_group = move |v: String| {
        let group = text(v);
        if view.with_untracked(|q| q.filters.server_group_id != group) {
            store.set_filters(|q| q.filters.server_group_id = group);
        }
    };
    let name_later = use_debounce(TEXT_DEBOUNCE_MS, apply_name);
    let group_later = use_debounce(TEXT_DEBOUNCE_MS, apply_group);
    let input_value = |r: NodeRef<html::Input>| r.get_untracked().map(|i| i.value()).unwrap_or_default();
    let on_submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        name_later.cancel();
        group_later.cancel();
        apply_name(input_value(name_input));
        apply_group(input_value(group_input));
    };
    let on_reset = move |ev: web_sys::Event| {
        ev.prevent_default();
        name_later.cancel();
        group_later.cancel();
        for input in [name_input, group_input]
            .into_iter()
            .filter_map(|r| r.get_untracked())
        {
            input.set_value("");
        }
        store.reset_filters();
    };
    let select = move |edit: fn(&mut JournalView, String)| {
        move |ev: web_sys::Event| {
            let value = event_target_value(&ev);
            store.set_filters(|q| edit(q, value));
        }
    };
    let scopes = store.scopes();
    view! {
        <form class="sdrs-filters" aria-label=move || store.t(Key::FiltersLabel) on:submit=on_submit on:reset=on_reset>
            <label class="sdrs-field">
                <span>{move || store.ts(ScopeKey::FilterScope)}</span>
                <select name="in_scope" on:change=select(|q, v| q.scope = (!v.is_empty()).then_some(v))>
                    <option value="" selected=move || view.with(|q| q.scope.is_none())>{move || store.ts(ScopeKey::FilterScopeAny)}</option>
                    {scopes.into_iter().map(|s| {
                        let name = s.name.clone();
                        let selected = move || view.with(|q| q.scope.as_deref() == Some(name.as_str()));
                        view! { <option value=s.name.clone() selected=selected>{s.label()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="sdrs-field">
                <span>{move || store.ts(ScopeKey::FilterState)}</span>
                <select name="state" on:change=select(|q, v| q.state = StateFilter::parse(&v).unwrap_or_default())>
                    {StateFilter::ALL.into_iter().map(|s| {
                        let key = match s {
                            StateFilter::Open => ScopeKey::StateOpen,
                            StateFilter::Cleared => ScopeKey::StateCleared,
                            StateFilter::All => ScopeKey::StateAll,
                        };
                        view! { <option value=s.wire().as_str() selected=move || view.with(|q| q.state == s)>{move || store.ts(key)}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="sdrs-field">
                <span>{move || store.t(Key::FilterStatus)}</span>
                <select name="failure_status" on:change=select(|q, v| q.filters.failure_status = (!v.is_empty()).then(|| FailureStatus::parse(&v)))>
                    <option value="" selected=move || view.with(|q| q.filters.failure_status.is_none())>{move || store.t(Key::FilterAny)}</option>
                    {FailureStatus::ALL.iter().map(|s| {
                        let value = s.clone();
                        let selected = move || view.with(|q| q.filters.failure_status.as_ref() == Some(&value));
                        let label = s.clone();
                        view! { <option value=s.as_str() selected=selected>{move || label.label(store.locale().get()).into_owned()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="sdrs-field">
                <span>{move || store.t(Key::FilterType)}</span>
                <select name="resource_type" on:change=select(|q, v| q.filters.resource_type = ResourceKind::from_filter(&v))>
                    <option value="" selected=move || view.with(|q| q.filters.resource_type.is_none())>{move || store.t(Key::FilterAny)}</option>
                    {ResourceKind::ALL.iter().copied().map(|k| {
                        view! { <option value=k.filter_value() selected=move || view.with(|q| q.filters.resource_type == Some(k))>{move || k.label(store.locale().get()).into_owned()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <label class="sdrs-field sdrs-field-name">
                <span>{move || store.t(Key::FilterName)}</span>
                <input type="search" name="resource_name" autocomplete="off" maxlength="255" node_ref=name_input
                    value=initial.filters.resource_name.clone().unwrap_or_default()
                    on:input=move |ev| name_later.call(event_target_value(&ev)) />
            </label>
            <label class="sdrs-field sdrs-field-group">
                <span>{move || store.ts(ScopeKey::FilterGroupId)}</span>
                <input type="text" name="server_group_id" autocomplete="off" maxlength="128" node_ref=group_input
                    placeholder=move || store.ts(ScopeKey::FilterGroupAny)
                    value=initial.filters.server_group_id.clone().unwrap_or_default()
                    on:input=move |ev| group_later.call(event_target_value(&ev)) />
            </label>
            <button type="reset" class="sdrs-button">{move || store.t(Key::FilterReset)}</button>
        </form>
    }
}
