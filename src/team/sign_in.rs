//! The sign-in screen: the users-file form, "Sign in with <provider>", or
//! the note that a proxy signs users in. A failed sign-in says why and
//! keeps the user name; the password is read from its field on submit,
//! sent once in the request body and the field cleared.

use super::TeamAuth;
use crate::browser::dom;
use crate::hooks::{input_value, use_sign_in_form};
use crate::i18n::{fill, Locale, TeamKey};
use crate::view_model::team_session::{local_sign_in_body, oidc_start_url, sign_in_error_code, SignInError};
use leptos::html;
use leptos::prelude::*;

fn error_text(e: &SignInError, locale: Locale) -> String {
    let wait = e.wait_s.map(|n| n.to_string()).unwrap_or_default();
    fill(e.key.text(locale), &[("n", &wait), ("reason", &e.reason)]).into_owned()
}

/// The page's path and query: where the provider sends the user back.
fn current_path() -> String {
    let Some(location) = web_sys::window().map(|w| w.location()) else {
        return "/".into();
    };
    format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    )
}

#[component]
pub(crate) fn SignInScreen(team: TeamAuth, locale: RwSignal<Locale>, ended: bool) -> impl IntoView {
    let t = move |k: TeamKey| k.text(locale.get());
    let offer = team.offer.get_untracked().unwrap_or_default();
    let title_id = crate::panel::unique_id("sign-in-title");
    let provider_error = sign_in_error_code(&dom::location_search());
    let notice = move || {
        if ended {
            Some(t(TeamKey::SessionEnded).to_owned())
        } else {
            provider_error
                .as_ref()
                .map(|code| fill(t(TeamKey::ProviderFailed), &[("code", code)]).into_owned())
        }
    };
    let form = offer
        .local
        .then(|| view! { <LocalForm team=team locale=locale /> });
    let provider = offer.oidc.clone().map(|oidc| {
        let base = team.api_base();
        let go = move |_| {
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_href(&oidc_start_url(&base, &current_path()));
            }
        };
        let label = oidc.label;
        let or = offer.local.then(|| view! { <p class="sdrs-sub sdrs-sign-in-or">{move || t(TeamKey::Or)}</p> });
        view! {
            {or}
            <button type="button" class="sdrs-button sdrs-button-primary" data-sign-in="oidc" on:click=go>{label}</button>
        }
    });
    let proxy_note = if offer.proxy_only() {
        Some(TeamKey::ProxyOnly)
    } else if offer.proxy {
        Some(TeamKey::ProxyAlso)
    } else if !offer.local && offer.oidc.is_none() {
        Some(TeamKey::NoMethod)
    } else {
        None
    };
    view! {
        <section class="sdrs-prompt sdrs-sign-in" aria-labelledby=title_id.clone()>
            <h2 id=title_id.clone()>{move || t(TeamKey::SignInTitle)}</h2>
            <p>{move || t(TeamKey::SignInBody)}</p>
            {move || notice().map(|text| view! { <p class="sdrs-note" role="status">{text}</p> })}
            {form}
            {provider}
            {proxy_note.map(|k| view! { <p class="sdrs-sub" data-proxy-note="">{move || t(k)}</p> })}
        </section>
    }
}

#[component]
fn LocalForm(team: TeamAuth, locale: RwSignal<Locale>) -> impl IntoView {
    let t = move |k: TeamKey| k.text(locale.get());
    let user = NodeRef::<html::Input>::new();
    let form = use_sign_in_form::<SignInError>();
    let error_id = crate::panel::unique_id("sign-in-error");
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        form.submit(
            move || {
                local_sign_in_body(&input_value(user), &input_value(form.password)).map_err(SignInError::of)
            },
            move |body| team.sign_in_local(body),
        );
    };
    let invalid = move || form.error.with(Option::is_some).then_some("true");
    // The fields point at the message while there is one.
    let described = {
        let id = error_id.clone();
        move || form.error.with(Option::is_some).then(|| id.clone())
    };
    view! {
        <form class="sdrs-sign-in-form" on:submit=submit>
            <label class="sdrs-field">
                <span>{move || t(TeamKey::UserLabel)}</span>
                <input type="text" name="team_user" autocomplete="username" node_ref=user aria-invalid=invalid aria-describedby=described.clone() />
            </label>
            <label class="sdrs-field">
                <span>{move || t(TeamKey::PasswordLabel)}</span>
                <input type="password" name="team_password" autocomplete="current-password" node_ref=form.password aria-invalid=invalid aria-describedby=described />
            </label>
            {move || form.error.get().map(|e| view! {
                <p class="sdrs-field-error" role="alert" id=error_id.clone()>{error_text(&e, locale.get())}</p>
            })}
            <p class="sdrs-actions">
                <button type="submit" class="sdrs-button sdrs-button-primary" data-sign-in="local" disabled=move || form.busy.get()>
                    {move || if form.busy.get() { t(TeamKey::SigningIn) } else { t(TeamKey::Submit) }}
                </button>
            </p>
        </form>
    }
}

crate::chunks::chunk_fn! {
    chunk sign_in, preload preload_sign_in;
    /// The sign-in screen, from its own chunk.
    pub(crate) fn sign_in_chunk(team: TeamAuth, locale: RwSignal<Locale>, ended: bool) -> AnyView {
        view! { <SignInScreen team=team locale=locale ended=ended /> }.into_any()
    }
}
