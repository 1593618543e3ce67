//! The alerting pages of "All scopes": the silences (list, add, expire)
//! and the alert channels (status, deliveries, a test message), from the
//! server's `/api/silences` and `/api/alerts/…` routes. The rules and the
//! decoding are in `view_model::{silences, alert_channels}`.

mod channels;
mod delivery_log;
mod silence_form;
mod silences;

use crate::api::ApiClient;
use crate::browser::time;
use crate::i18n::{AlertKey, Locale};
use crate::view_model::alert_channels::showable_instant;
use crate::view_model::civil::Civil;
use crate::view_model::scopes::ScopeConfig;
use crate::view_model::team_session::TeamRole;
use leptos::prelude::*;

crate::chunks::chunk_fn! {
    chunk silences, preload preload_silences;
    /// The Silences page, from its own chunk.
    pub(crate) fn silences_view(client: ApiClient, scopes: Vec<ScopeConfig>, role: Option<TeamRole>, locale: Signal<Locale>) -> AnyView {
        silences::silences_page(client, scopes, role, locale)
    }
}

crate::chunks::chunk_fn! {
    chunk channels, preload preload_channels;
    /// The Alert channels page, from its own chunk.
    pub(crate) fn channels_view(client: ApiClient, role: Option<TeamRole>, locale: Signal<Locale>) -> AnyView {
        channels::channels_page(client, role, locale)
    }
}

/// What came of an action: done, or failed and why (as text).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Notice {
    ok: bool,
    text: String,
}

impl Notice {
    fn done(text: &str) -> Notice {
        Notice {
            ok: true,
            text: text.to_owned(),
        }
    }

    fn failed(text: String) -> Notice {
        Notice { ok: false, text }
    }

    fn view(self) -> AnyView {
        if self.ok {
            view! { <p class="sdrs-notice" role="status" data-ok="true">{self.text}</p> }.into_any()
        } else {
            view! { <p class="sdrs-field-error" role="alert" data-ok="false">{self.text}</p> }.into_any()
        }
    }
}

/// Why this user's controls are disabled, under the page's title; `id`
/// is what the disabled controls name in `aria-describedby`.
fn refusal_note(refusal: Option<AlertKey>, id: String, locale: Signal<Locale>) -> Option<impl IntoView> {
    refusal.map(|key| {
        view! { <p class="sdrs-note sdrs-role-note" id=id data-field="refusal">{move || key.text(locale.get())}</p> }
    })
}

/// An instant (epoch ms) in local time; a number no calendar holds as
/// it came.
fn local_ms(ms: i64, locale: Locale) -> String {
    match showable_instant(ms) {
        Some(ms) => Civil::at(ms, time::utc_offset_ms(ms)).numeric(locale),
        None => ms.to_string(),
    }
}
