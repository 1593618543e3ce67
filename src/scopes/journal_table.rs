//! The "All scopes" table (one keyed row per journal entry, its scope
//! first, marked when the scope is stale) and its pager (exact totals).

use super::bulk_ack::{SelectPageBox, SelectRowBox};
use super::store::JournalStore;
use crate::browser::time;
use crate::i18n::{fill, JobType, Key, Labelled, ScopeKey};
use crate::view_model::format::{count, relative_time};
use crate::view_model::journal_rows::{fate, JournalRow};
use crate::view_model::pages::PageMove;
use leptos::prelude::*;
use sdrs_models::query::PAGE_SIZES;

/// A row's identity and what it shows: an entry whose fields change is
/// drawn again.
fn content_key(row: &JournalRow) -> String {
    let e = &row.entry;
    format!(
        "{}\u{1f}{}\u{1f}{}\u{1f}{:?}\u{1f}{}",
        row.id,
        e.last_seen,
        e.gone_since.as_deref().unwrap_or_default(),
        e.cleared,
        e.ack.as_ref().map(|a| a.at.as_str()).unwrap_or_default()
    )
}

#[component]
pub(super) fn JournalTable(store: JournalStore) -> impl IntoView {
    let t = move |k: Key| store.t(k);
    let ts = move |k: ScopeKey| store.ts(k);
    let selectable = store.may_select();
    let columns: [Box<dyn Fn() -> &'static str + Send + Sync>; 8] = [
        Box::new(move || ts(ScopeKey::ColScope)),
        Box::new(move || t(Key::ColBeginTime)),
        Box::new(move || t(Key::ColStatus)),
        Box::new(move || t(Key::ColResource)),
        Box::new(move || t(Key::ColJobType)),
        Box::new(move || t(Key::ColErrorCode)),
        Box::new(move || ts(ScopeKey::ColState)),
        Box::new(move || t(Key::ColActions)),
    ];
    view! {
        <div
            class="sdrs-table-wrap"
            class:is-loading=move || store.loading().get()
            aria-busy=move || store.loading().get().then_some("true")
        >
            <div class="sdrs-progress" aria-hidden="true"></div>
            <table class="sdrs-table sdrs-journal-table">
                <caption class="sdrs-visually-hidden">{move || ts(ScopeKey::AllCaption)}</caption>
                <thead>
                    <tr>
                        {selectable.then(|| view! { <th scope="col" class="sdrs-cell-select"><SelectPageBox store=store /></th> })}
                        {columns.into_iter().map(|c| view! { <th scope="col">{c}</th> }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    <For
                        each=move || store.rows().get()
                        key=content_key
                        children=move |row| view! { <JournalRowView store=store row=row selectable=selectable /> }
                    />
                </tbody>
            </table>
            {move || {
                (store.has_page() && store.rows().with(Vec::is_empty))
                    .then(|| view! { <p class="sdrs-empty">{ts(ScopeKey::Empty)}</p> })
            }}
        </div>
    }
}

#[component]
fn JournalRowView(store: JournalStore, row: JournalRow, selectable: bool) -> impl IntoView {
    let select = selectable.then(|| {
        let row = row.clone();
        view! { <td class="sdrs-cell-select"><SelectRowBox store=store row=row /></td> }
    });
    let locale = move || store.locale().get();
    let e = row.entry.clone();
    let scope = e.scope.clone();
    let stale = {
        let scope = scope.clone();
        move || store.stale().with(|s| s.contains(&scope))
    };
    let key = row.key.clone();
    let current = move || {
        store
            .view()
            .with(|v| v.open.as_ref() == Some(&key))
            .then_some("true")
    };
    let fate = fate(&e);
    let state = fate.state();
    let begin = e.job.begin_time.clone();
    let when = {
        let begin = begin.clone();
        move || time::format_local(&begin, locale())
    };
    let ago = {
        let begin = begin.clone();
        move || relative_time(store.now_ms().get(), time::parse_ms(&begin), locale())
    };
    let (status, job_type, kind) = (
        e.job.failure_status.clone(),
        e.job.job_type.clone(),
        e.job.resource_type.clone(),
    );
    let code = e.job.error_code.clone();
    let name = e.job.resource_name.clone();
    let acked = e.ack.is_some();
    let open_row = row.clone();
    let open = move |_| store.open(&open_row);
    // Only a failure still listed upstream can be deleted; the role's
    // rule shows as the drawer's does.
    let delete = (!fate.is_gone()).then(|| {
        let id = row.key.job_id.clone();
        let label = move || fill(store.t(Key::DeleteRowLabel), &[("id", &id)]).into_owned();
        let row = row.clone();
        view! {
            <button
                type="button"
                class="sdrs-icon-button sdrs-row-delete"
                data-action="delete-row"
                aria-label=label
                aria-disabled=move || store.delete_refusal().map(|_| "true")
                title=move || store.delete_refusal()
                on:click=move |_| store.ask_delete(row.clone())
            >
                {move || store.t(Key::DeleteRow)}
            </button>
        }
    });
    view! {
        <tr data-row-id=row.id.clone() data-scope=scope.clone() data-state=state aria-current=current>
            {select}
            <td class="sdrs-cell-scope">
                <span>{scope.clone()}</span>
                {move || stale().then(|| view! { <span class="sdrs-chip sdrs-stale">{store.ts(ScopeKey::StaleMark)}</span> })}
            </td>
            <td class="sdrs-cell-time"><time datetime=begin.clone()>{when}</time><span class="sdrs-sub">{ago}</span></td>
            <td>{move || status.label(locale()).into_owned()}</td>
            <td class="sdrs-cell-resource">
                <button type="button" class="sdrs-link sdrs-name" data-action="open" on:click=open>{name}</button>
                <span class="sdrs-sub">{move || kind.label(locale()).into_owned()}</span>
            </td>
            <td>{move || JobType(&job_type).label(locale()).into_owned()}</td>
            <td class="sdrs-mono">{move || code.clone().unwrap_or_else(|| Key::NoValue.text(locale()).to_owned())}</td>
            <td data-field="state">
                {move || fate.state_text(locale())}
                {acked.then(|| view! { <span class="sdrs-chip sdrs-acked" data-field="acked">{move || store.ts(ScopeKey::RowAcked)}</span> })}
            </td>
            <td class="sdrs-cell-actions">{delete}</td>
        </tr>
    }
}

#[component]
pub(super) fn JournalPager(store: JournalStore) -> impl IntoView {
    let range = move || {
        let p = store.paging()?;
        Some(match (p.row_range(), p.total) {
            (Some((from, to)), Some(total)) => fill(
                store.t(Key::RowsOfTotal),
                &[
                    ("from", &count(from)),
                    ("to", &count(to)),
                    ("total", &count(total)),
                ],
            )
            .into_owned(),
            _ => store.t(Key::RowsNone).to_owned(),
        })
    };
    let nav_button = move |to: PageMove, key: Key, text: &'static str| {
        view! {
            <button
                type="button"
                class="sdrs-page"
                data-page=to.as_str()
                aria-label=move || store.t(key)
                title=move || store.t(key)
                disabled=move || store.page_target(to).is_none()
                on:click=move |_| store.move_page(to)
            >
                {text}
            </button>
        }
    };
    let on_size = move |ev: web_sys::Event| {
        if let Ok(size) = event_target_value(&ev).parse::<u64>() {
            store.set_page_size(size);
        }
    };
    view! {
        <nav class="sdrs-pager" aria-label=move || store.t(Key::PaginationLabel)>
            <span class="sdrs-range">{range}</span>
            <span class="sdrs-pages">
                {nav_button(PageMove::First, Key::PageFirst, "«")}
                {nav_button(PageMove::Previous, Key::PagePrev, "‹")}
                {nav_button(PageMove::Next, Key::PageNext, "›")}
                {nav_button(PageMove::Last, Key::PageLast, "»")}
            </span>
            <label class="sdrs-field sdrs-field-inline">
                <span>{move || store.t(Key::PageSize)}</span>
                <select name="page_size" on:change=on_size>
                    {move || {
                        let limit = store.view().with(|v| v.filters.limit());
                        PAGE_SIZES
                            .iter()
                            .map(|s| view! { <option value=s.to_string() selected=*s == limit>{s.to_string()}</option> })
                            .collect_view()
                    }}
                </select>
            </label>
        </nav>
    }
}
