//! Several scopes on the standalone page (`config.json`'s `scopes`, two or
//! more): a picker of one scope, shown live as the single-project console
//! shows its project, or "All scopes", read from the server's journal with
//! the health of every scope above it. The choice is in the page URL.

mod ack;
mod bulk_ack;
mod edges;
mod health_strip;
mod journal_drawer;
mod journal_table;
mod journal_view;
mod pages;
mod picked_filters;
mod shortcuts;
mod store;

use crate::api::{ApiClient, SessionAuth, TokenSource};
use crate::browser::dom;
use crate::chunks::{chunk_slot, prefetch_when_idle, ChunkLoad};
use crate::i18n::{Locale, ScopeKey};
use crate::panel::{FailedTasksPanel, PanelStore};
use crate::view_model::journal::JournalView;
use crate::view_model::journal_tab::JournalTab;
use crate::view_model::scopes::{search_for_choice, ScopeChoice, ScopeConfig};
use crate::view_model::team_session::TeamRole;
use crate::view_model::url_state::ViewState;
use leptos::prelude::*;
use pages::AllScopesPages;
use std::rc::Rc;
use store::JournalStore;

/// What the scoped page needs from the page around it.
pub struct ScopeSetup {
    /// Usable scopes, two or more.
    pub scopes: Vec<ScopeConfig>,
    pub api_base: String,
    /// The live views' token (the journal's routes are the server's own).
    pub token: TokenSource,
    /// The team session every call belongs to, if any.
    pub session: Option<SessionAuth>,
    pub role: Option<TeamRole>,
    /// Told of each live view's store (to refresh it on an IAM sign-in).
    pub on_live_store: Option<Rc<dyn Fn(PanelStore)>>,
}

impl ScopeSetup {
    fn client(&self, base: &str, project_id: &str, token: TokenSource) -> ApiClient {
        let client = ApiClient::new(base, project_id, token);
        client.set_session(self.session.clone());
        client
    }
}

crate::chunks::chunk_fn! {
    chunk all_scopes, preload preload_all_scopes;
    /// "All scopes" (its pages, store and the server's journal), from its
    /// own chunk; the filters, page and tab come from the page URL.
    fn all_scopes_view(client: ApiClient, scopes: Vec<ScopeConfig>, role: Option<TeamRole>, locale: RwSignal<Locale>) -> AnyView {
        let search = dom::location_search();
        let initial = JournalView::from_query_string(&search);
        let tab = JournalTab::from_search(&search);
        let store = JournalStore::new(client, initial, tab, scopes, role, locale);
        view! { <AllScopesPages store=store /> }.into_any()
    }
}

#[component]
pub fn ScopedTasks(setup: ScopeSetup, locale: RwSignal<Locale>) -> impl IntoView {
    let scopes = setup.scopes.clone();
    let choice = RwSignal::new(ScopeChoice::from_search(&dom::location_search(), &scopes));
    prefetch_when_idle(preload_all_scopes);
    // Arena-held: closures given to the view must be `Send`.
    let setup = StoredValue::new_local(setup);
    let choose = move |next: ScopeChoice| {
        if choice.with_untracked(|c| *c == next) {
            return;
        }
        dom::replace_search(&search_for_choice(&dom::location_search(), &next));
        choice.set(next);
    };
    let shown = move || {
        let current = choice.get();
        setup.with_value(|setup| match current {
            ScopeChoice::All => {
                let client = setup.client(&setup.api_base, "", TokenSource::None);
                let (scopes, role) = (setup.scopes.clone(), setup.role);
                let load = move || -> ChunkLoad {
                    Box::pin(all_scopes_view(client.clone(), scopes.clone(), role, locale))
                };
                chunk_slot(load, locale.into(), None).into_any()
            }
            ScopeChoice::One(name) => {
                let Some(scope) = setup.scopes.iter().find(|s| s.name == name) else {
                    return ().into_any();
                };
                let client = setup.client(
                    &scope.live_api_base(&setup.api_base),
                    &scope.project_id,
                    setup.token.clone(),
                );
                let mut initial = ViewState::from_query_string(&dom::location_search());
                initial.scope = Some(name);
                let store = PanelStore::sharing_locale(client, initial, locale);
                store.set_role(setup.role);
                if let Some(told) = &setup.on_live_store {
                    told(store);
                }
                view! { <FailedTasksPanel store=store sync_url=true /> }.into_any()
            }
        })
    };
    view! {
        <ScopePicker scopes=scopes choice=choice on_choose=choose locale=locale />
        {shown}
    }
}

#[component]
fn ScopePicker(
    scopes: Vec<ScopeConfig>,
    choice: RwSignal<ScopeChoice>,
    on_choose: impl Fn(ScopeChoice) + Copy + Send + Sync + 'static,
    locale: RwSignal<Locale>,
) -> impl IntoView {
    let t = move |k: ScopeKey| k.text(locale.get());
    let listed = StoredValue::new(scopes.clone());
    let on_change = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        on_choose(listed.with_value(|s| ScopeChoice::from_option_value(&value, s)));
    };
    let detail = move || match choice.get() {
        ScopeChoice::All => None,
        ScopeChoice::One(name) => listed.with_value(|s| {
            s.iter()
                .find(|s| s.name == name)
                .map(|s| format!("{} · {}", s.region, s.project_id))
        }),
    };
    view! {
        <div class="sdrs-scope-bar">
            <label class="sdrs-field sdrs-field-inline">
                <span>{move || t(ScopeKey::PickerLabel)}</span>
                <select name="scope" on:change=on_change>
                    <option value="" selected=move || choice.with(|c| *c == ScopeChoice::All)>{move || t(ScopeKey::AllScopes)}</option>
                    {scopes.into_iter().map(|s| {
                        let name = s.name.clone();
                        let selected = move || choice.with(|c| matches!(c, ScopeChoice::One(n) if *n == name));
                        view! { <option value=s.name.clone() selected=selected>{s.label()}</option> }
                    }).collect_view()}
                </select>
            </label>
            <span class="sdrs-sub sdrs-mono">{detail}</span>
        </div>
    }
}
