//! The Trends page's frame: its controls, the fetch of the trends (latest
//! wins; a change of scope, window or bar width starts another), and the
//! loading, error (with Retry), empty and loaded states.

use super::chart::TrendsChart;
use super::controls::TrendsControls;
use super::ranked::{TimeToClear, TopCodes, TopGroups};
use crate::api::{ApiClient, LatestRequest};
use crate::browser::dom;
use crate::i18n::{fill, Locale, TrendsKey};
use crate::panel::codes::catalogs::CodeCatalogs;
use crate::view_model::format::count;
use crate::view_model::scopes::ScopeConfig;
use crate::view_model::trend_pick::{Picked, TrendPick};
use crate::view_model::trend_url::{params_from_search, search_with_params};
use crate::view_model::trends::{utc_text, ReadTrends, TrendsParams};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::Trends;
use std::sync::Arc;

/// Where the trends of the current parameters stand.
#[derive(Clone)]
pub(super) enum TrendsLoad {
    Loading,
    Failed(String),
    Ready(Arc<ReadTrends>),
}

/// What the parts of the page share: the page's language, the trends'
/// scope filter, and the pick that lists failures.
#[derive(Clone, Copy)]
pub(super) struct TrendsCtx {
    pub locale: Signal<Locale>,
    pub params: RwSignal<TrendsParams>,
    pub on_pick: Callback<TrendPick>,
}

impl TrendsCtx {
    pub fn t(&self, key: TrendsKey) -> &'static str {
        key.text(self.locale.get())
    }

    /// Lists what was picked in `trends`, with their scope and window.
    pub fn pick(&self, trends: &Trends, what: Picked) {
        let scope = self.params.with_untracked(|p| p.scope.clone());
        let window = (!trends.from.is_empty() && !trends.to.is_empty())
            .then(|| (trends.from.clone(), trends.to.clone()));
        self.on_pick.run(TrendPick { scope, window, what });
    }
}

#[component]
pub(super) fn TrendsPage(
    client: ApiClient,
    scopes: Vec<ScopeConfig>,
    codes: CodeCatalogs,
    locale: Signal<Locale>,
    on_pick: Callback<TrendPick>,
) -> impl IntoView {
    let names: Vec<&str> = scopes.iter().map(|s| s.name.as_str()).collect();
    let params = params_from_search(&dom::location_search(), &names);
    let ctx = TrendsCtx {
        locale,
        params: RwSignal::new(params),
        on_pick,
    };
    // The choices stay in the page URL, for a link or a reload.
    Effect::new(move |_| {
        ctx.params
            .with(|p| dom::replace_search(&search_with_params(&dom::location_search(), p)))
    });
    let load = RwSignal::new(TrendsLoad::Loading);
    let attempt = RwSignal::new(0u32);
    let latest = StoredValue::new_local(LatestRequest::default());
    let client = StoredValue::new_local(client);
    Effect::new(move |_| {
        attempt.track();
        let params = ctx.params.get();
        load.set(TrendsLoad::Loading);
        let request = latest.get_value();
        let ticket = request.begin();
        let api = client.get_value();
        spawn_local(async move {
            let result = api.journal_trends(&params, ticket.signal.as_ref()).await;
            if !request.is_current(&ticket) {
                return;
            }
            let next = match result {
                Ok(read) => TrendsLoad::Ready(Arc::new(read)),
                Err(e) if e.is_abort() => return,
                Err(e) => TrendsLoad::Failed(e.summary()),
            };
            // The page may have been left meanwhile.
            let _ = load.try_set(next);
        });
    });
    on_cleanup(move || {
        if let Some(request) = latest.try_get_value() {
            request.cancel();
        }
    });
    // Error codes' meanings, loaded when the page is first shown.
    Effect::new(move |_| codes.ensure(locale.get()));

    let body = move || match load.get() {
        TrendsLoad::Loading => view! {
            <p class="sdrs-trends-state" role="status" aria-busy="true">{ctx.t(TrendsKey::Loading)}</p>
        }
        .into_any(),
        TrendsLoad::Failed(reason) => view! {
            <div class="sdrs-error" role="alert">
                <p class="sdrs-error-message">
                    {fill(ctx.t(TrendsKey::LoadFailed), &[("reason", &reason)]).into_owned()}
                </p>
                <div class="sdrs-actions">
                    <button type="button" class="sdrs-button" data-action="trends-retry"
                        on:click=move |_| attempt.update(|n| *n += 1)>
                        {ctx.t(TrendsKey::Retry)}
                    </button>
                </div>
            </div>
        }
        .into_any(),
        TrendsLoad::Ready(read) => loaded(ctx, read, codes).into_any(),
    };

    view! {
        <section class="sdrs-panel sdrs-trends" lang=move || locale.get().tag() aria-labelledby="sdrs-trends-title">
            <h2 id="sdrs-trends-title" class="sdrs-trends-title">{move || ctx.t(TrendsKey::Title)}</h2>
            <p class="sdrs-sub">{move || ctx.t(TrendsKey::Caption)}</p>
            <TrendsControls ctx=ctx scopes=scopes />
            {body}
        </section>
    }
}

fn loaded(ctx: TrendsCtx, read: Arc<ReadTrends>, codes: CodeCatalogs) -> impl IntoView {
    let trends = Arc::new(read.trends.clone());
    let (n, from, to) = (trends.total, utc_text(trends.from_ms), utc_text(trends.to_ms));
    let total = move || {
        fill(
            ctx.t(TrendsKey::Total),
            &[("n", &count(n)), ("from", &from), ("to", &to)],
        )
        .into_owned()
    };
    let malformed = read.malformed;
    let empty = n == 0 && trends.bars.iter().all(|b| b.total == 0);
    view! {
        <p class="sdrs-trends-total" data-total=n.to_string()>{total}</p>
        {(malformed > 0).then(|| view! {
            <p class="sdrs-note" role="status">
                {move || fill(ctx.t(TrendsKey::Malformed), &[("n", &count(malformed))]).into_owned()}
            </p>
        })}
        {if empty {
            view! { <p class="sdrs-empty" data-state="empty">{move || ctx.t(TrendsKey::Empty)}</p> }.into_any()
        } else {
            view! {
                <TrendsChart ctx=ctx trends=trends.clone() />
                <div class="sdrs-trends-ranked">
                    <TopCodes ctx=ctx trends=trends.clone() codes=codes />
                    <TopGroups ctx=ctx trends=trends.clone() />
                    <TimeToClear ctx=ctx trends=trends />
                </div>
            }
            .into_any()
        }}
    }
}
