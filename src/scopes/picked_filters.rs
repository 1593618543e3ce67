//! The filters the form has no field for (an error code, a span of begin
//! times: picked in the trends), shown above the list with a button that
//! removes each, so a list reached from a chart says what it holds.

use super::store::JournalStore;
use crate::browser::time;
use crate::i18n::{fill, ScopeKey};
use leptos::prelude::*;

#[component]
pub(crate) fn PickedFilters(store: JournalStore) -> impl IntoView {
    let view = store.view();
    let chip = move |text: String, clear: fn(&mut crate::view_model::journal::JournalView)| {
        let label = fill(store.ts(ScopeKey::PickedRemove), &[("what", &text)]).into_owned();
        view! {
            <li class="sdrs-picked">
                <span>{text}</span>
                <button type="button" class="sdrs-picked-remove" aria-label=label on:click=move |_| store.set_filters(clear)>
                    "×"
                </button>
            </li>
        }
    };
    let chips = move || {
        let locale = store.locale().get();
        let (code, from, before) =
            view.with(|v| (v.error_code.clone(), v.begun_from.clone(), v.begun_before.clone()));
        let mut shown = Vec::new();
        if let Some(code) = code {
            let text = fill(store.ts(ScopeKey::PickedCode), &[("code", &code)]).into_owned();
            shown.push(chip(text, |v| v.error_code = None));
        }
        if from.is_some() || before.is_some() {
            let at = |iso: Option<String>| iso.map(|t| time::format_local(&t, locale)).unwrap_or_default();
            let text = fill(
                store.ts(ScopeKey::PickedBegan),
                &[("from", &at(from)), ("before", &at(before))],
            )
            .into_owned();
            shown.push(chip(text, |v| {
                v.begun_from = None;
                v.begun_before = None;
            }));
        }
        (!shown.is_empty()).then(|| {
            view! {
                <ul class="sdrs-picked-list" aria-label=move || store.ts(ScopeKey::PickedLabel)>{shown.collect_view()}</ul>
            }
        })
    };
    view! { {chips} }
}
