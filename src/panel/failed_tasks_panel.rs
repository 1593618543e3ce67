//! The panel's frame: filters, toolbar, status lines, table, pager, drawer
//! and dialogs, all reading one [`PanelStore`].

use super::code_groups::{code_groups_chunk, preload_code_groups};
use super::dialogs::{confirm_chunk, preload_confirm, preload_drawer, token_chunk, LazyDrawer};
use super::error_banner::ErrorBanner;
use super::filters::{FilterSheet, Filters};
use super::pager::Pager;
use super::shortcuts::on_shortcut;
use super::table::Table;
use super::timeline::timeline_slot;
use super::toolbar::Toolbar;
use super::PanelStore;
use crate::chunks::{chunk_slot, prefetch_when_idle, ChunkLoad};
use crate::hooks::use_after_paint;
use crate::i18n::{fill, Key};
use crate::view_model::url_state::ListView;
use leptos::html;
use leptos::prelude::*;

#[component]
pub fn FailedTasksPanel(
    store: PanelStore,
    /// Mirror the view into the page URL (standalone page only).
    #[prop(optional)]
    sync_url: bool,
) -> impl IntoView {
    let root = NodeRef::<html::Div>::new();
    store.run_edges(root, sync_url);
    let loaded = store.loaded();
    // Once the first rows are painted, the timeline mounts: its chunk and
    // its walk over all pages do not compete with them (nor hold their
    // paint back), and a list that failed (a 401 that asks for a token or
    // a sign-in) is not walked again behind the dialog. The chunks a click
    // needs next load in the page's idle time; the token prompt is rare:
    // loaded when needed.
    let rows_shown = use_after_paint(move || loaded.with(|l| l.query.is_some()));
    // Until then (unless the first answer failed), what that answer brings
    // holds its place: the stylesheet keys on `data-awaiting-first-answer`.
    let first_answer_awaited =
        Signal::derive(move || !rows_shown.get() && store.error().with(Option::is_none));
    // `rows_shown` turns true once and stays: this runs once.
    Effect::new(move |_| {
        if rows_shown.get() {
            prefetch_when_idle(preload_drawer);
            prefetch_when_idle(preload_code_groups);
            prefetch_when_idle(preload_confirm);
            prefetch_when_idle(super::export_menu::preload_export);
            prefetch_when_idle(super::store::preload_walk);
        }
    });
    let locale = Signal::derive(move || store.locale().get());

    let status_text = move || {
        if store.loading().get() {
            store.t(Key::Loading).to_owned()
        } else if loaded.with(|l| l.query.is_some()) {
            let n = loaded.with(|l| l.rows.len()).to_string();
            fill(store.t(Key::RowsLoaded), &[("n", &n)]).into_owned()
        } else {
            String::new()
        }
    };
    let malformed = move || {
        let n = loaded.with(|l| l.malformed);
        (n > 0).then(|| {
            let text = fill(store.t(Key::MalformedRows), &[("n", &n.to_string())]).into_owned();
            view! { <p class="sdrs-note">{text}</p> }
        })
    };

    view! {
        <div
            class="sdrs-panel"
            node_ref=root
            lang=move || store.locale().get().tag()
            data-awaiting-first-answer=move || first_answer_awaited.get().then_some("")
            on:keydown=move |ev| on_shortcut(ev, store, root)
        >
            <Filters store=store />
            <FilterSheet store=store />
            <Toolbar store=store />
            <div class="sdrs-status" role="status" aria-live="polite">{status_text}</div>
            <div class="sdrs-toast" role="status" aria-live="polite">
                {move || store.toast().get()}
            </div>
            // Rebuilt on a language switch too: the banner's text is fixed
            // at creation.
            {move || {
                store.locale().track();
                store.error().get().map(|e| view! { <ErrorBanner store=store error=e /> })
            }}
            {malformed}
            {timeline_slot(store, rows_shown, first_answer_awaited, locale)}
            {move || match store.list_view().get() {
                ListView::Table => view! { <Table store=store /> }.into_any(),
                ListView::ByErrorCode => {
                    chunk_slot(move || -> ChunkLoad { Box::pin(code_groups_chunk(store)) }, locale, None).into_any()
                }
            }}
            <Pager store=store />
            <LazyDrawer store=store root=root />
            {move || {
                let cancel = Callback::new(move |()| store.cancel_confirmation());
                store.pending().with(Option::is_some).then(|| {
                    chunk_slot(move || -> ChunkLoad { Box::pin(confirm_chunk(store)) }, locale, Some(cancel))
                })
            }}
            {move || {
                let dismiss = Callback::new(move |()| store.dismiss_sign_in());
                store.need_token().get().then(|| {
                    chunk_slot(move || -> ChunkLoad { Box::pin(token_chunk(store)) }, locale, Some(dismiss))
                })
            }}
        </div>
    }
}
