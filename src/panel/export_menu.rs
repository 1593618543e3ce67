//! Export: the rows on screen as CSV or JSON, or every page of the
//! filters as CSV (cancellable, with progress).

use super::PanelStore;
use crate::browser::dom;
use crate::i18n::{fill, Key};
use crate::view_model::all_pages::AllPages;
use crate::view_model::export::{file_name, to_csv, to_json};
use leptos::prelude::*;
use sdrs_models::FailureJob;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
enum ExportState {
    Running(usize),
    Done(usize),
    Cancelled,
    Failed(String),
}

#[component]
pub(crate) fn ExportMenu(store: PanelStore) -> impl IntoView {
    let t = move |k: Key| store.t(k);
    let export_state = RwSignal::new(None::<ExportState>);
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
    let running = move || matches!(export_state.get(), Some(ExportState::Running(_)));

    view! {
        <details class="sdrs-menu">
            <summary class="sdrs-button">{move || t(Key::Export)}</summary>
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
        </details>
        {status}
    }
}
