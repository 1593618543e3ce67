//! The "Sign in with IAM user" dialog: account, user name and password,
//! checked before anything is sent; the password field is cleared on
//! submit.

use super::IamAuth;
use crate::i18n::{fill, Key, Locale};
use crate::panel::dialogs::modal::{Modal, ModalTitle};
use crate::view_model::iam_session::{sign_in_body, SignInError};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The error line in the dialog's language.
fn error_text(e: &SignInError, locale: Locale) -> String {
    fill(e.key.text(locale), &[("reason", &e.reason)]).into_owned()
}

#[component]
pub(super) fn IamSignInDialog(auth: IamAuth, locale: RwSignal<Locale>) -> impl IntoView {
    let t = move |k: Key| k.text(locale.get());
    let domain = NodeRef::<html::Input>::new();
    let user = NodeRef::<html::Input>::new();
    let password = NodeRef::<html::Input>::new();
    let error = RwSignal::new(None::<SignInError>);
    let busy = RwSignal::new(false);
    // The last session's names, to sign in again with one field to type.
    let (last_domain, last_user) = auth.last_names.get_value();
    let focus_first = if last_user.is_empty() {
        "input[name=iam_domain]"
    } else {
        "input[name=iam_password]"
    };
    let value = |r: NodeRef<html::Input>| r.get_untracked().map(|i| i.value()).unwrap_or_default();
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let body = match sign_in_body(&value(domain), &value(user), &value(password)) {
            Ok(b) => b,
            Err(key) => {
                error.set(Some(SignInError {
                    key,
                    reason: String::new(),
                }));
                return;
            }
        };
        if let Some(p) = password.get_untracked() {
            p.set_value("");
        }
        busy.set(true);
        error.set(None);
        spawn_local(async move {
            let outcome = auth.sign_in(body).await;
            busy.set(false);
            if let Err(e) = outcome {
                error.set(Some(e));
                if let Some(p) = password.get_untracked() {
                    let _ = p.focus();
                }
            }
        });
    };
    view! {
        <Modal role="dialog" on_close=move || auth.cancel() focus_first=focus_first restore_focus=true>
            <form on:submit=submit>
                <ModalTitle>{move || t(Key::IamOffer)}</ModalTitle>
                <p>{move || t(Key::IamBody)}</p>
                <label class="sdrs-field">
                    <span>{move || t(Key::IamDomainLabel)}</span>
                    <input type="text" name="iam_domain" autocomplete="organization" value=last_domain node_ref=domain />
                </label>
                <label class="sdrs-field">
                    <span>{move || t(Key::IamUserLabel)}</span>
                    <input type="text" name="iam_user" autocomplete="username" value=last_user node_ref=user />
                </label>
                <label class="sdrs-field">
                    <span>{move || t(Key::IamPasswordLabel)}</span>
                    <input type="password" name="iam_password" autocomplete="current-password" node_ref=password aria-invalid=move || error.with(Option::is_some).then_some("true") />
                </label>
                {move || error.get().map(|e| view! { <p class="sdrs-field-error" role="alert">{error_text(&e, locale.get())}</p> })}
                <p class="sdrs-actions">
                    <button type="submit" class="sdrs-button sdrs-button-primary" disabled=move || busy.get()>
                        {move || if busy.get() { t(Key::IamSigningIn) } else { t(Key::IamSubmit) }}
                    </button>
                    <button type="button" class="sdrs-button" on:click=move |_| auth.cancel()>{move || t(Key::Cancel)}</button>
                </p>
            </form>
        </Modal>
    }
}
