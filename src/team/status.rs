//! The header's user line under team sign-in: who is signed in, the role,
//! and "Sign out".

use super::{TeamAuth, TeamState};
use crate::i18n::{fill, Locale, TeamKey};
use leptos::prelude::*;

#[component]
pub(crate) fn TeamStatus(team: TeamAuth, locale: RwSignal<Locale>) -> impl IntoView {
    let t = move |k: TeamKey| k.text(locale.get());
    let session = move || {
        team.state.with(|s| match s {
            TeamState::SignedIn(session) => Some(session.clone()),
            _ => None,
        })
    };
    move || {
        session().map(|s| {
            let user = s.user.clone();
            let role = s.role;
            view! {
                <div class="sdrs-team" data-team-user=s.user.clone() data-team-role=role.wire()>
                    <span class="sdrs-project">
                        {move || fill(t(TeamKey::SignedInAs), &[("user", &user)]).into_owned()}
                        " · "
                        <span class="sdrs-team-role">{move || fill(t(TeamKey::RoleLabel), &[("role", t(role.key()))]).into_owned()}</span>
                    </span>
                    <button type="button" class="sdrs-button" data-action="sign-out" on:click=move |_| team.sign_out()>
                        {move || t(TeamKey::SignOut)}
                    </button>
                    {move || team.sign_out_error.get().map(|reason| view! {
                        <span class="sdrs-field-error" role="alert">{fill(t(TeamKey::SignOutFailed), &[("reason", &reason)]).into_owned()}</span>
                    })}
                </div>
            }
        })
    }
}
