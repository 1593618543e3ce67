//! The explanation of an error code in the drawer and the error banner:
//! what it means for the failed task and what to do next, from the code
//! catalog of the panel's language. The catalog loads when the first
//! explanation is shown; until then, and if it fails, a short note says so
//! while the raw code and message stay on screen beside it.

use super::catalogs::CatalogState;
use crate::i18n::{fill, Key, Locale};
use crate::panel::PanelStore;
use crate::view_model::code_catalog::{Entry, Explanation};
use leptos::prelude::*;

#[component]
pub(crate) fn CodeExplanation(
    store: PanelStore,
    code: String,
    /// The HTTP status of an API error; none for a failed job.
    http_status: Option<u16>,
    /// The meaning alone, without what to do (a row of the grouped view).
    #[prop(optional)]
    short: bool,
) -> impl IntoView {
    let locale = store.locale().get_untracked();
    let codes = store.codes();
    codes.ensure(locale);
    move || {
        let Shown {
            kind,
            headline,
            source,
            action,
        } = shown(&codes.state(locale), &code, http_status, locale)?;
        let action = action.filter(|_| !short);
        // One template for every case: each `view!` costs wasm.
        let headline_class = if action.is_some() { "sdrs-code-meaning" } else { "" };
        Some(view! {
            <div class="sdrs-advice" data-explanation=kind aria-busy=(kind == "loading").then_some("true")>
                <p>
                    <span data-field="code_meaning" class=headline_class>{headline}</span>
                    {source.map(|s| format!(" · {s}"))}
                </p>
                {action.map(|a| view! {
                    <p>
                        <strong>{Key::WhatToDo.text(locale)} ": "</strong>
                        <span data-field="code_action">{a}</span>
                    </p>
                })}
            </div>
        })
    }
}

/// What the explanation shows: a meaning with its source and next step, or
/// a note alone (loading, failed, not in the tables).
struct Shown {
    kind: &'static str,
    headline: String,
    source: Option<String>,
    action: Option<String>,
}

fn shown(state: &CatalogState, code: &str, http_status: Option<u16>, locale: Locale) -> Option<Shown> {
    let note = |kind, key: Key, service: &str| Shown {
        kind,
        headline: fill(key.text(locale), &[("code", code), ("service", service)]).into_owned(),
        source: None,
        action: None,
    };
    let explained = |kind, entry: &Entry, source: Option<&str>| Shown {
        kind,
        headline: entry.meaning.clone(),
        source: source.map(str::to_owned),
        action: Some(entry.action.clone()),
    };
    let catalog = match state {
        CatalogState::Loading => return Some(note("loading", Key::CodeLoading, "")),
        CatalogState::Failed => return Some(note("failed", Key::CodeCatalogFailed, "")),
        CatalogState::Ready(catalog) => catalog,
    };
    Some(match catalog.explain(code, http_status) {
        Explanation::Sdrs { area, entry } => explained("sdrs", entry, Some(area)),
        Explanation::Http { entry } => explained("http", entry, None),
        Explanation::Service {
            name,
            entry: Some(entry),
            ..
        } => explained("service", entry, Some(name)),
        Explanation::Service {
            name,
            check,
            entry: None,
        } => Shown {
            kind: "service",
            headline: name.to_owned(),
            source: None,
            action: Some(check.to_owned()),
        },
        Explanation::UnknownService { prefix } => note("unknown-service", Key::CodeUnknownService, prefix),
        Explanation::Unlisted => note("unlisted", Key::CodeNotInTable, ""),
        Explanation::Nothing => return None,
    })
}
