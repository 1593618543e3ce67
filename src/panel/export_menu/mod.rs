//! Export: the rows on screen as CSV or JSON, or every page of the
//! filters as CSV (cancellable, with progress). The menu's button and the
//! export's status line are in the first module; the menu's items and the
//! CSV and JSON writers come from their own chunk, loaded when the menu is
//! first opened (or before, when the page is idle).

mod items;

use super::PanelStore;
use crate::chunks::{chunk_slot, ChunkLoad};
use crate::i18n::{fill, Key};
use items::ExportItems;
use leptos::html;
use leptos::prelude::*;

/// Where an export stands, shown beside the menu after it closes.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum ExportState {
    Running(usize),
    Done(usize),
    Cancelled,
    Failed(String),
}

crate::chunks::chunk_fn! {
    chunk export, preload preload_export;
    /// The export menu's items, from their own chunk.
    pub(crate) fn export_chunk(store: PanelStore, state: RwSignal<Option<ExportState>>) -> AnyView {
        view! { <ExportItems store=store state=state /> }.into_any()
    }
}

#[component]
pub(crate) fn ExportMenu(store: PanelStore) -> impl IntoView {
    let t = move |k: Key| store.t(k);
    let export_state = RwSignal::new(None::<ExportState>);
    let menu = NodeRef::<html::Details>::new();
    // The items are mounted when the menu is first opened and kept: an
    // export of all pages goes on after the menu closes.
    let opened = RwSignal::new(false);
    let locale = Signal::derive(move || store.locale().get());
    let items = move || {
        opened.get().then(|| {
            chunk_slot(
                move || -> ChunkLoad { Box::pin(export_chunk(store, export_state)) },
                locale,
                None,
            )
        })
    };
    let cancel = move || store.cancel_all_pages();

    let status = move || {
        export_state.get().map(|s| match s {
            ExportState::Running(n) => view! {
                <span class="sdrs-export-progress" role="status">
                    <progress aria-label=t(Key::Export)></progress>
                    {fill(t(Key::ExportProgress), &[("n", &n.to_string())]).into_owned()}
                    <button type="button" class="sdrs-button" on:click=move |_| cancel()>
                        {t(Key::ExportCancel)}
                    </button>
                </span>
            }
            .into_any(),
            ExportState::Done(n) => view! {
                <span class="sdrs-export-progress" role="status">
                    {fill(t(Key::ExportDone), &[("n", &n.to_string())]).into_owned()}
                </span>
            }
            .into_any(),
            ExportState::Cancelled => {
                view! { <span class="sdrs-export-progress" role="status">{t(Key::ExportCancelled)}</span> }
                    .into_any()
            }
            ExportState::Failed(reason) => view! {
                <span class="sdrs-export-progress sdrs-field-error" role="alert">
                    {fill(t(Key::ExportFailed), &[("reason", &reason)]).into_owned()}
                </span>
            }
            .into_any(),
        })
    };

    view! {
        <details
            class="sdrs-menu"
            node_ref=menu
            on:toggle=move |_| {
                if menu.get_untracked().is_some_and(|m| m.open()) {
                    opened.set(true);
                }
            }
        >
            <summary class="sdrs-button">{move || t(Key::Export)}</summary>
            {items}
        </details>
        {status}
    }
}
