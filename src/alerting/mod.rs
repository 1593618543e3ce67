//! The alerting pages of "All scopes": the silences (list, add, expire)
//! and the alert channels (status, deliveries, a test message), from the
//! server's `/api/silences` and `/api/alerts/…` routes.

use crate::api::ApiClient;
use crate::i18n::Locale;
use crate::view_model::scopes::ScopeConfig;
use crate::view_model::team_session::TeamRole;
use leptos::prelude::*;

crate::chunks::chunk_fn! {
    chunk silences, preload preload_silences;
    /// The Silences page, from its own chunk.
    pub(crate) fn silences_view(client: ApiClient, scopes: Vec<ScopeConfig>, role: Option<TeamRole>, locale: Signal<Locale>) -> AnyView {
        let _ = (client, scopes, role, locale);
        view! { <section class="sdrs-panel sdrs-silences"><h2>"Silences"</h2></section> }.into_any()
    }
}

crate::chunks::chunk_fn! {
    chunk channels, preload preload_channels;
    /// The Alert channels page, from its own chunk.
    pub(crate) fn channels_view(client: ApiClient, role: Option<TeamRole>, locale: Signal<Locale>) -> AnyView {
        let _ = (client, role, locale);
        view! { <section class="sdrs-panel sdrs-channels"><h2>"Alert channels"</h2></section> }.into_any()
    }
}
