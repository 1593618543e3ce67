//! Pagination: first / previous / numbered / next / last, page size, and
//! "Rows x–y of N" (without N when the total is unknown).

use super::PanelStore;
use crate::i18n::{fill, Key};
use crate::view_model::format::count;
use crate::view_model::pages::PageMove;
use leptos::prelude::*;
use sdrs_models::query::PAGE_SIZES;

#[component]
pub(crate) fn Pager(store: PanelStore) -> impl IntoView {
    let paging = move || store.paging();
    // While a new page size loads, the buttons wait (see
    // `PanelStore::page_size_pending`).
    let stale = move || store.page_size_pending();

    let range = move || {
        let Some(p) = paging() else { return String::new() };
        match (p.row_range(), p.total) {
            (None, _) => store.t(Key::RowsNone).to_owned(),
            (Some((from, to)), Some(total)) => fill(
                store.t(Key::RowsOfTotal),
                &[
                    ("from", &count(from)),
                    ("to", &count(to)),
                    ("total", &count(total)),
                ],
            )
            .into_owned(),
            (Some((from, to)), None) => fill(
                store.t(Key::RowsNoTotal),
                &[("from", &count(from)), ("to", &count(to))],
            )
            .into_owned(),
        }
    };

    let numbers = move || {
        let Some(p) = paging() else { return Vec::new() };
        let current = p.page_index();
        p.page_buttons(2)
            .into_iter()
            .map(|slot| match slot {
                None => view! { <span class="sdrs-gap" aria-hidden="true">"…"</span> }.into_any(),
                Some(index) => {
                    let n = (index + 1).to_string();
                    let label = fill(store.t(Key::PageNumber), &[("n", &n)]).into_owned();
                    view! {
                        <button
                            type="button"
                            class="sdrs-page"
                            data-page-index=index.to_string()
                            aria-label=label
                            aria-current=(index == current).then_some("page")
                            disabled=stale
                            on:click=move |_| store.go_to_page(p.offset_of_page(index))
                        >
                            {n.clone()}
                        </button>
                    }
                    .into_any()
                }
            })
            .collect_view()
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
        let Ok(size) = event_target_value(&ev).parse::<u64>() else {
            return;
        };
        store.set_page_size(size);
    };

    view! {
        <nav class="sdrs-pager" aria-label=move || store.t(Key::PaginationLabel)>
            <span class="sdrs-range">{range}</span>
            <span class="sdrs-pages">
                {nav_button(PageMove::First, Key::PageFirst, "«")}
                {nav_button(PageMove::Previous, Key::PagePrev, "‹")}
                {numbers}
                {nav_button(PageMove::Next, Key::PageNext, "›")}
                {nav_button(PageMove::Last, Key::PageLast, "»")}
            </span>
            <label class="sdrs-field sdrs-field-inline">
                <span>{move || store.t(Key::PageSize)}</span>
                <select name="page_size" on:change=on_size>
                    {move || {
                        let limit = store.query().with(|q| q.limit());
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
