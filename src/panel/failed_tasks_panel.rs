//! The panel's frame: filters, toolbar, status lines, table, pager, drawer
//! and dialogs, all reading one [`PanelStore`].

use super::code_groups::CodeGroupsView;
use super::dialogs::{preload_drawer, ConfirmDialog, LazyDrawer, TokenDialog};
use super::error_banner::ErrorBanner;
use super::filters::{FilterSheet, Filters};
use super::pager::Pager;
use super::shortcuts::on_shortcut;
use super::table::Table;
use super::timeline::FailureTimeline;
use super::toolbar::Toolbar;
use super::PanelStore;
use crate::chunks::prefetch_when_idle;
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
    prefetch_when_idle(preload_drawer);
    let loaded = store.loaded();

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
            <FailureTimeline store=store />
            {move || match store.list_view().get() {
                ListView::Table => view! { <Table store=store /> }.into_any(),
                ListView::ByErrorCode => view! { <CodeGroupsView store=store /> }.into_any(),
            }}
            <Pager store=store />
            <LazyDrawer store=store root=root />
            {move || store.pending().with(Option::is_some).then(|| view! { <ConfirmDialog store=store /> })}
            {move || store.need_token().get().then(|| view! { <TokenDialog store=store /> })}
        </div>
    }
}
