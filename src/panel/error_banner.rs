//! The error banner (`role="alert"`): status, code, message, request id,
//! advice, Retry and Copy details. The last good rows stay below it.

use super::codes::CodeExplanation;
use super::PanelStore;
use crate::api::{ApiError, ErrorKind};
use crate::browser::dom;
use crate::i18n::{fill, Key};
use leptos::prelude::*;

#[component]
pub(crate) fn ErrorBanner(store: PanelStore, error: ApiError) -> impl IntoView {
    let locale = store.locale().get_untracked();
    let t = move |k: Key| k.text(locale);
    let summary = error.summary();
    let headline = match &error.kind {
        ErrorKind::Http(s) => fill(t(Key::ErrorStatus), &[("status", &s.to_string())]).into_owned(),
        ErrorKind::Network => t(Key::ErrorNetwork).to_owned(),
        ErrorKind::Timeout => t(Key::ErrorTimeout).to_owned(),
        ErrorKind::Decode => t(Key::ErrorDecode).to_owned(),
        ErrorKind::Aborted => String::new(),
    };
    let has_rows = store.loaded().with_untracked(|l| !l.rows.is_empty());
    let show_code =
        !error.code.is_empty() && Some(error.code.clone()) != error.status().map(|s| s.to_string());
    view! {
        <div class="sdrs-error" role="alert">
            <p class="sdrs-error-title">
                <strong>{t(Key::ErrorTitle)}</strong>
                " · " {headline}
                {show_code.then(|| view! { " · " <span class="sdrs-mono sdrs-error-code">{error.code.clone()}</span> })}
            </p>
            {(!error.message.is_empty()).then(|| view! { <p class="sdrs-error-message">{error.message.clone()}</p> })}
            {error.request_id.clone().map(|id| view! {
                <p>
                    {t(Key::ErrorRequestId)} ": "
                    <span class="sdrs-mono sdrs-error-request-id">{id}</span>
                </p>
            })}
            <CodeExplanation store=store code=error.code.clone() http_status=error.status() />
            {has_rows.then(|| view! { <p class="sdrs-sub">{t(Key::ErrorStale)}</p> })}
            <p class="sdrs-actions">
                <button type="button" class="sdrs-button sdrs-button-primary" on:click=move |_| store.refresh()>
                    {t(Key::Retry)}
                </button>
                <button type="button" class="sdrs-button" on:click=move |_| dom::copy_text(&summary)>
                    {t(Key::CopyDetails)}
                </button>
            </p>
        </div>
    }
}
