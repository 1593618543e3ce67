//! The pages of the "All scopes" view: the failures, their trends, the
//! silences and the alert channels, chosen by a row of tabs kept in the
//! page URL. The failures stay mounted while another page is shown (so
//! their filters, page and drawer are as they were on return); the other
//! pages come from their own chunks, loaded on first use.

use super::journal_view::AllScopesView;
use super::store::JournalStore;
use crate::api::ApiClient;
use crate::chunks::{chunk_slot, prefetch_when_idle, ChunkLoad};
use crate::i18n::{Locale, ScopeKey};
use crate::panel::codes::catalogs::CodeCatalogs;
use crate::view_model::journal_tab::JournalTab;
use crate::view_model::team_session::TeamRole;
use crate::view_model::trend_pick::TrendPick;
use leptos::prelude::*;

impl JournalStore {
    pub fn tab(&self) -> ReadSignal<JournalTab> {
        self.s().tab.read_only()
    }

    pub(super) fn role(&self) -> Option<TeamRole> {
        self.s().role
    }

    /// The error codes' meanings, loaded once for the view's life.
    pub(super) fn codes(&self) -> CodeCatalogs {
        self.s().codes
    }

    /// A client of the server's own routes, for the other pages.
    pub(super) fn client(&self) -> ApiClient {
        self.s().client.get_value()
    }

    /// Shows another page of the view.
    pub fn set_tab(&self, tab: JournalTab) {
        let s = self.s();
        if s.tab.get_untracked() != tab {
            s.tab.set(tab);
        }
    }

    /// A bar, code or group picked in the trends: the failures it counts,
    /// listed.
    pub fn show_picked(&self, pick: TrendPick) {
        self.set_filters(|v| pick.apply(v));
        self.set_tab(JournalTab::Failures);
    }
}

fn tab_label(tab: JournalTab) -> ScopeKey {
    match tab {
        JournalTab::Failures => ScopeKey::TabFailures,
        JournalTab::Trends => ScopeKey::TabTrends,
        JournalTab::Silences => ScopeKey::TabSilences,
        JournalTab::Channels => ScopeKey::TabChannels,
    }
}

#[component]
pub(crate) fn AllScopesPages(store: JournalStore) -> impl IntoView {
    let tab = store.tab();
    prefetch_when_idle(crate::trends::preload_trends);
    prefetch_when_idle(crate::alerting::preload_silences);
    prefetch_when_idle(crate::alerting::preload_channels);
    let tabs = JournalTab::ALL.into_iter().map(|t| {
        let current = move || tab.get() == t;
        view! {
            <button type="button" class="sdrs-tab" data-tab=t.as_str()
                aria-current=move || current().then_some("page")
                on:click=move |_| store.set_tab(t)>
                {move || store.ts(tab_label(t))}
            </button>
        }
    });
    let page = move || {
        let shown = tab.get();
        let locale: Signal<Locale> = store.locale().into();
        let load: Option<Box<dyn Fn() -> ChunkLoad>> = match shown {
            JournalTab::Failures => None,
            JournalTab::Trends => {
                let (client, scopes, codes) = (store.client(), store.scopes(), store.codes());
                let on_pick = Callback::new(move |pick: TrendPick| store.show_picked(pick));
                Some(Box::new(move || {
                    Box::pin(crate::trends::trends_view(
                        client.clone(),
                        scopes.clone(),
                        codes,
                        locale,
                        on_pick,
                    ))
                }))
            }
            JournalTab::Silences => {
                let (client, scopes, role) = (store.client(), store.scopes(), store.role());
                Some(Box::new(move || {
                    Box::pin(crate::alerting::silences_view(
                        client.clone(),
                        scopes.clone(),
                        role,
                        locale,
                    ))
                }))
            }
            JournalTab::Channels => {
                let (client, role) = (store.client(), store.role());
                Some(Box::new(move || {
                    Box::pin(crate::alerting::channels_view(client.clone(), role, locale))
                }))
            }
        };
        load.map(|load| chunk_slot(load, locale, None))
    };
    view! {
        <nav class="sdrs-tabs" aria-label=move || store.ts(ScopeKey::TabsLabel)>{tabs.collect_view()}</nav>
        <div hidden=move || tab.get() != JournalTab::Failures>
            <AllScopesView store=store />
        </div>
        {page}
    }
}
