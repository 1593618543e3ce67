//! Export: the rows on screen as CSV or JSON, or every page of the
//! filters as CSV (cancellable, with progress).

use super::PanelStore;
use crate::api::ApiError;
use crate::browser::dom;
use crate::hooks::use_latest;
use crate::i18n::{fill, Key};
use crate::view_model::export::{file_name, to_csv, to_json};
use leptos::prelude::*;
use sdrs_models::paging::Paging;
use sdrs_models::FailureJob;
use std::sync::Arc;

/// Export of all pages stops here, whatever the total.
const EXPORT_MAX_ROWS: usize = 100_000;

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
    let latest = use_latest();
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

    let export_all = move || {
        let api = store.client();
        let query = store.query().get_untracked().first_page().with_limit(1000);
        export_state.set(Some(ExportState::Running(0)));
        latest.spawn(
            move |signal| async move {
                let mut query = query;
                let mut all: Vec<FailureJob> = Vec::new();
                loop {
                    let page = api.list_failure_jobs(&query, signal.as_ref()).await?;
                    let n = page.failure_jobs.len();
                    let paging = Paging::from_response(query.offset(), query.limit(), n, page.count);
                    all.extend(page.failure_jobs);
                    // Progress only while running: a cancel has the last word.
                    export_state.update(|s| {
                        if matches!(s, Some(ExportState::Running(_))) {
                            *s = Some(ExportState::Running(all.len()));
                        }
                    });
                    if n == 0 || !paging.has_next() || all.len() >= EXPORT_MAX_ROWS {
                        return Ok::<_, ApiError>(all);
                    }
                    query.set_offset(paging.next_offset());
                }
            },
            move |outcome| match outcome {
                Ok(all) => {
                    dom::download(&file_name(&project(), &stamp(), "csv"), "text/csv", &to_csv(&all));
                    export_state.set(Some(ExportState::Done(all.len())));
                }
                Err(e) if e.is_abort() => export_state.set(Some(ExportState::Cancelled)),
                Err(e) => export_state.set(Some(ExportState::Failed(e.summary()))),
            },
        );
    };
    let cancel = move || {
        latest.cancel();
        export_state.set(Some(ExportState::Cancelled));
    };

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
