//! The "Trends" page of "All scopes": failures per hour or day by failure
//! status, the top error codes and protection groups, and the time to
//! clear, from the server's journal (`GET /api/journal/trends`). Its logic
//! is in `view_model::trends`; the bars are the panel timeline's chart.

mod chart;
mod controls;
mod page;
mod ranked;
mod table;

use crate::api::ApiClient;
use crate::i18n::Locale;
use crate::panel::codes::catalogs::CodeCatalogs;
use crate::view_model::scopes::ScopeConfig;
use crate::view_model::trend_pick::TrendPick;
use leptos::prelude::*;
use page::TrendsPage;

crate::chunks::chunk_fn! {
    chunk trends, preload preload_trends;
    /// The Trends page, from its own chunk; `on_pick` lists what a click
    /// picked; `codes` outlives the page, so its catalogs load once.
    pub(crate) fn trends_view(client: ApiClient, scopes: Vec<ScopeConfig>, codes: CodeCatalogs, locale: Signal<Locale>, on_pick: Callback<TrendPick>) -> AnyView {
        view! { <TrendsPage client=client scopes=scopes codes=codes locale=locale on_pick=on_pick /> }.into_any()
    }
}
