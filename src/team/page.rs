//! The standalone page under team sign-in: the sign-in screen until a
//! session is known, then the views of the role — the failed-task panel
//! (with the role, so a viewer's deletes are disabled with the reason) and,
//! for operators, the Audit view. A session that ends brings the sign-in
//! screen back; the filters are in the page URL, so the panel opens again
//! as it was.

use super::audit_view::{audit_view_chunk, preload_audit_view};
use super::sign_in::sign_in_chunk;
use super::{TeamAuth, TeamState};
use crate::api::{ApiClient, TokenSource};
use crate::browser::dom;
use crate::chunks::{chunk_slot, prefetch_when_idle};
use crate::i18n::{fill, Key, Locale, TeamKey};
use crate::panel::{FailedTasksPanel, PanelStore};
use crate::scopes::{ScopeSetup, ScopedTasks};
use crate::view_model::audit::{is_audit_view, AuditQuery};
use crate::view_model::scopes::{offers_choice, ScopeConfig};
use crate::view_model::url_state::ViewState;
use leptos::prelude::*;

#[derive(Clone, Copy, PartialEq, Eq)]
enum View {
    Tasks,
    Audit,
}

#[component]
pub(crate) fn TeamPage(
    team: TeamAuth,
    api_base: String,
    project_id: String,
    locale: RwSignal<Locale>,
    /// The page's usable scopes; fewer than two: the one project.
    scopes: Vec<ScopeConfig>,
) -> impl IntoView {
    let t = move |k: TeamKey| k.text(locale.get());
    let scopes = StoredValue::new(scopes);
    let page_api_base = StoredValue::new(api_base.clone());
    let view = RwSignal::new(if is_audit_view(&dom::location_search()) {
        View::Audit
    } else {
        View::Tasks
    });
    // The URL of the view not on screen, to come back to it as it was.
    let other_search = StoredValue::new(String::new());
    let switch = move |ev: web_sys::MouseEvent, to: View| {
        ev.prevent_default();
        if view.get_untracked() == to {
            return;
        }
        let here = dom::location_search();
        let there = other_search.get_value();
        let there = match to {
            View::Audit if !is_audit_view(&there) => AuditQuery::default().to_page_query(),
            View::Tasks if is_audit_view(&there) => String::new(),
            _ => there.trim_start_matches('?').to_owned(),
        };
        other_search.set_value(here);
        dom::replace_search(&there);
        view.set(to);
    };

    move || {
        match team.state.get() {
        TeamState::Checking => view! { <p class="sdrs-status">{move || Key::Loading.text(locale.get())}</p> }.into_any(),
        TeamState::CheckFailed(reason) => view! {
            <div class="sdrs-error" role="alert">
                <p>{move || fill(t(TeamKey::CheckFailed), &[("reason", &reason)]).into_owned()}</p>
                <p><button type="button" class="sdrs-button" on:click=move |_| team.check()>{move || Key::Retry.text(locale.get())}</button></p>
            </div>
        }
        .into_any(),
        TeamState::SignedOut { ended } => {
            chunk_slot(move || Box::pin(sign_in_chunk(team, locale, ended)), locale.into(), None).into_any()
        }
        TeamState::SignedIn(session) => {
            let client = ApiClient::new(&api_base, &project_id, TokenSource::None);
            client.set_session(Some(team.session_auth(&session)));
            // Arena-held: closures given to the view must be `Send`.
            let client = StoredValue::new_local(client);
            let role = session.role;
            // Operators only: the server refuses viewers the audit trail too.
            let may_audit = role.may_delete();
            if may_audit {
                prefetch_when_idle(preload_audit_view);
            }
            let current = move |v: View| (view.get() == v).then_some("page");
            let nav = may_audit.then(|| view! {
                <nav class="sdrs-views" aria-label=move || t(TeamKey::ViewsLabel)>
                    <a href="?" data-view="tasks" aria-current=move || current(View::Tasks) on:click=move |ev| switch(ev, View::Tasks)>{move || t(TeamKey::ViewTasks)}</a>
                    <a href="?view=audit" data-view="audit" aria-current=move || current(View::Audit) on:click=move |ev| switch(ev, View::Audit)>{move || t(TeamKey::ViewAudit)}</a>
                </nav>
            });
            let session_auth = StoredValue::new_local(team.session_auth(&session));
            let shown = move || match view.get() {
                View::Audit if may_audit => {
                    chunk_slot(move || Box::pin(audit_view_chunk(client.get_value(), locale)), locale.into(), None).into_any()
                }
                _ if scopes.with_value(|s| offers_choice(s)) => {
                    let setup = ScopeSetup {
                        scopes: scopes.get_value(),
                        api_base: page_api_base.get_value(),
                        token: TokenSource::None,
                        session: Some(session_auth.get_value()),
                        role: Some(role),
                        on_live_store: None,
                    };
                    view! { <ScopedTasks setup=setup locale=locale /> }.into_any()
                }
                _ => {
                    let initial = ViewState::from_query_string(&dom::location_search());
                    let store = PanelStore::sharing_locale(client.get_value(), initial, locale);
                    store.set_role(Some(role));
                    view! { <FailedTasksPanel store=store sync_url=true /> }.into_any()
                }
            };
            view! { {nav} {shown} }.into_any()
        }
    }
    }
}
