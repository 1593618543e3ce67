//! Pagination: first / previous / numbered / next / last, page size, and
//! "Rows x–y of N" (without N when the total is unknown).

use super::PanelContext;
use crate::i18n::{fill, Key};
use crate::view_model::format::count;
use leptos::prelude::*;
use sdrs_models::paging::offset_for_new_limit;
use sdrs_models::query::PAGE_SIZES;

#[component]
pub(crate) fn Pager(ctx: PanelContext) -> impl IntoView {
    let state = ctx.state;
    let paging = move || ctx.loaded.with(|l| l.paging);
    // While a new page size loads, the buttons wait (see
    // `PanelContext::page_size_pending`).
    let stale = move || ctx.page_size_pending();
    let go = move |offset: u64| {
        if stale() {
            return;
        }
        state.open_job.set(None);
        state.query.update(|q| q.set_offset(offset));
    };

    let range = move || {
        let Some(p) = paging() else { return String::new() };
        match (p.row_range(), p.total) {
            (None, _) => ctx.t(Key::RowsNone).to_owned(),
            (Some((from, to)), Some(total)) => fill(
                ctx.t(Key::RowsOfTotal),
                &[
                    ("from", &count(from)),
                    ("to", &count(to)),
                    ("total", &count(total)),
                ],
            )
            .into_owned(),
            (Some((from, to)), None) => fill(
                ctx.t(Key::RowsNoTotal),
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
                    let label = fill(ctx.t(Key::PageNumber), &[("n", &n)]).into_owned();
                    view! {
                        <button
                            type="button"
                            class="sdrs-page"
                            data-page-index=index.to_string()
                            aria-label=label
                            aria-current=(index == current).then_some("page")
                            disabled=stale
                            on:click=move |_| go(p.offset_of_page(index))
                        >
                            {n.clone()}
                        </button>
                    }
                    .into_any()
                }
            })
            .collect_view()
    };

    let nav_button = move |which: &'static str, key: Key, text: &'static str| {
        let target = move || {
            let p = paging().filter(|_| !stale())?;
            match which {
                "first" => p.has_previous().then_some(0),
                "prev" => p.has_previous().then(|| p.previous_offset()),
                "next" => p.has_next().then(|| p.next_offset()),
                _ => p.last_offset().filter(|o| *o > p.offset),
            }
        };
        view! {
            <button
                type="button"
                class="sdrs-page"
                data-page=which
                aria-label=move || ctx.t(key)
                title=move || ctx.t(key)
                disabled=move || target().is_none()
                on:click=move |_| {
                    if let Some(o) = target() {
                        go(o)
                    }
                }
            >
                {text}
            </button>
        }
    };

    let on_size = move |ev: web_sys::Event| {
        let Ok(size) = event_target_value(&ev).parse::<u64>() else {
            return;
        };
        state.open_job.set(None);
        state.query.update(|q| {
            q.set_limit(size);
            let offset = offset_for_new_limit(q.offset(), q.limit());
            q.set_offset(offset);
        });
    };

    view! {
        <nav class="sdrs-pager" aria-label=move || ctx.t(Key::PaginationLabel)>
            <span class="sdrs-range">{range}</span>
            <span class="sdrs-pages">
                {nav_button("first", Key::PageFirst, "«")}
                {nav_button("prev", Key::PagePrev, "‹")}
                {numbers}
                {nav_button("next", Key::PageNext, "›")}
                {nav_button("last", Key::PageLast, "»")}
            </span>
            <label class="sdrs-field sdrs-field-inline">
                <span>{move || ctx.t(Key::PageSize)}</span>
                <select name="page_size" on:change=on_size>
                    {move || {
                        let limit = state.query.with(|q| q.limit());
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
