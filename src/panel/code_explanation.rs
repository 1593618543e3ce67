//! The explanation of an error code in the drawer and the error banner:
//! what it means for the failed task and what to do next, from the code
//! catalog of the panel's language. The catalog loads when the first
//! explanation is shown; until then, and if it fails, a short note says so
//! while the raw code and message stay on screen beside it.

use super::code_catalogs::CatalogState;
use super::PanelStore;
use crate::i18n::{fill, Key, Locale};
use crate::view_model::code_catalog::{Entry, Explanation};
use leptos::prelude::*;

#[component]
pub(crate) fn CodeExplanation(
    store: PanelStore,
    code: String,
    /// The HTTP status of an API error; none for a failed job.
    http_status: Option<u16>,
) -> impl IntoView {
    let locale = store.locale().get_untracked();
    let codes = store.codes();
    codes.ensure(locale);
    move || {
        let note = |state: &'static str, key: Key| {
            let text = fill(key.text(locale), &[("code", &code)]).into_owned();
            view! { <div class="sdrs-advice" data-explanation=state><p>{text}</p></div> }.into_any()
        };
        match codes.state(locale) {
            CatalogState::Loading => view! {
                <div class="sdrs-advice" data-explanation="loading" aria-busy="true">
                    <p class="sdrs-sub">{fill(Key::CodeLoading.text(locale), &[("code", &code)]).into_owned()}</p>
                </div>
            }
            .into_any(),
            CatalogState::Failed => note("failed", Key::CodeCatalogFailed),
            CatalogState::Ready(catalog) => match catalog.explain(&code, http_status) {
                Explanation::Sdrs { area, entry } => explained("sdrs", entry, Some(area), locale),
                Explanation::Http { entry } => explained("http", entry, None, locale),
                Explanation::Service { name, entry: Some(entry), .. } => {
                    explained("service", entry, Some(name), locale)
                }
                Explanation::Service { name, check, entry: None } => {
                    let entry = Entry {
                        meaning: name.to_owned(),
                        action: check.to_owned(),
                    };
                    explained("service", &entry, None, locale)
                }
                Explanation::UnknownService { prefix } => {
                    let text = fill(
                        Key::CodeUnknownService.text(locale),
                        &[("code", &code), ("service", prefix)],
                    )
                    .into_owned();
                    view! { <div class="sdrs-advice" data-explanation="unknown-service"><p>{text}</p></div> }
                        .into_any()
                }
                Explanation::Unlisted => note("unlisted", Key::CodeNotInTable),
                Explanation::Nothing => ().into_any(),
            },
        }
    }
}

/// Meaning (with the table area or service it belongs to) and next step,
/// as text nodes only.
fn explained(kind: &'static str, entry: &Entry, source: Option<&str>, locale: Locale) -> AnyView {
    let source = source.map(|s| view! { " " <span class="sdrs-sub">"· " {s.to_owned()}</span> });
    view! {
        <div class="sdrs-advice" data-explanation=kind>
            <p><strong data-field="code_meaning">{entry.meaning.clone()}</strong>{source}</p>
            <p>
                <strong>{Key::WhatToDo.text(locale)} ": "</strong>
                <span data-field="code_action">{entry.action.clone()}</span>
            </p>
        </div>
    }
    .into_any()
}
