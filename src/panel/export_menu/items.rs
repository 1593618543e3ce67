//! The export menu's items and what they do: the rows on screen written
//! as CSV or JSON, or every page of the filters as CSV.

use super::ExportState;
use crate::browser::dom;
use crate::i18n::Key;
use crate::panel::PanelStore;
use crate::view_model::all_pages::AllPages;
use crate::view_model::export::{file_name, to_csv, to_json};
use leptos::prelude::*;
use sdrs_models::FailureJob;
use std::sync::Arc;

#[component]
pub(super) fn ExportItems(store: PanelStore, state: RwSignal<Option<ExportState>>) -> impl IntoView {
    let t = move |k: Key| store.t(k);
    let export_state = state;
    let project = move || store.client().project_id().to_owned();
    let stamp = || {
        js_sys::Date::new_0()
            .to_iso_string()
            .as_string()
            .unwrap_or_default()
    };

    let export_view = move |json: bool| {
        let rows: Vec<Arc<FailureJob>> = store
            .view_rows()
            .with(|r| r.iter().map(|row| row.job.clone()).collect());
        let (text, ext, mime) = if json {
            (to_json(&rows), "json", "application/json")
        } else {
            (to_csv(&rows), "csv", "text/csv")
        };
        dom::download(&file_name(&project(), &stamp(), ext), mime, &text);
        export_state.set(Some(ExportState::Done(rows.len())));
    };

    // Every page comes from the store's shared fetch of all pages (reused
    // when the grouped view or the timeline already has them); this menu
    // only waits for it when it asked.
    let waiting = RwSignal::new(false);
    let export_all = move || {
        waiting.set(true);
        store.load_all_pages();
    };
    Effect::new(move |_| {
        if !waiting.get() {
            return;
        }
        let next = store.all_pages().with(|all| match all {
            AllPages::Running { fetched, .. } => ExportState::Running(*fetched),
            AllPages::Done(rows) => {
                dom::download(
                    &file_name(&project(), &stamp(), "csv"),
                    "text/csv",
                    &to_csv(&rows.jobs),
                );
                ExportState::Done(rows.jobs.len())
            }
            AllPages::Idle | AllPages::Cancelled { .. } => ExportState::Cancelled,
            AllPages::Failed(reason) => ExportState::Failed(reason.clone()),
        });
        if !matches!(next, ExportState::Running(_)) {
            waiting.set(false);
        }
        export_state.set(Some(next));
    });
    let running = move || matches!(export_state.get(), Some(ExportState::Running(_)));

    view! {
            <div class="sdrs-menu-items">
                <button type="button" class="sdrs-button" data-export="csv" on:click=move |_| export_view(false)>
                    {move || t(Key::ExportCsv)}
                </button>
                <button type="button" class="sdrs-button" data-export="json" on:click=move |_| export_view(true)>
                    {move || t(Key::ExportJson)}
                </button>
                <button type="button" class="sdrs-button" data-export="all-csv" disabled=running on:click=move |_| export_all()>
                    {move || t(Key::ExportAllCsv)}
                </button>
            </div>
    }
}
