//! The "Sign in with IAM user" dialog: account, user name and password,
//! checked before anything is sent; the password field is cleared on
//! submit.

use super::IamAuth;
use crate::hooks::{input_value, use_sign_in_form};
use crate::i18n::{fill, Key, Locale};
use crate::panel::dialogs::modal::{Modal, ModalTitle};
use crate::view_model::iam_session::{sign_in_body, SignInError};
use leptos::html;
use leptos::prelude::*;

/// The error line in the dialog's language.
fn error_text(e: &SignInError, locale: Locale) -> String {
    fill(e.key.text(locale), &[("reason", &e.reason)]).into_owned()
}

#[component]
fn IamSignInDialog(auth: IamAuth, locale: RwSignal<Locale>) -> impl IntoView {
    let t = move |k: Key| k.text(locale.get());
    let domain = NodeRef::<html::Input>::new();
    let user = NodeRef::<html::Input>::new();
    let form = use_sign_in_form::<SignInError>();
    // The last session's names, to sign in again with one field to type.
    let (last_domain, last_user) = auth.last_names.get_value();
    let focus_first = if last_user.is_empty() {
        "input[name=iam_domain]"
    } else {
        "input[name=iam_password]"
    };
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        form.submit(
            move || {
                sign_in_body(
                    &input_value(domain),
                    &input_value(user),
                    &input_value(form.password),
                )
                .map_err(|key| SignInError {
                    key,
                    reason: String::new(),
                })
            },
            move |body| auth.sign_in(body),
        );
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
                    <input type="password" name="iam_password" autocomplete="current-password" node_ref=form.password aria-invalid=move || form.error.with(Option::is_some).then_some("true") />
                </label>
                {move || form.error.get().map(|e| view! { <p class="sdrs-field-error" role="alert">{error_text(&e, locale.get())}</p> })}
                <p class="sdrs-actions">
                    <button type="submit" class="sdrs-button sdrs-button-primary" disabled=move || form.busy.get()>
                        {move || if form.busy.get() { t(Key::IamSigningIn) } else { t(Key::IamSubmit) }}
                    </button>
                    <button type="button" class="sdrs-button" on:click=move |_| auth.cancel()>{move || t(Key::Cancel)}</button>
                </p>
            </form>
        </Modal>
    }
}

crate::chunks::chunk_fn! {
    chunk iam_sign_in, preload preload_iam_sign_in;
    /// The "Sign in with IAM user" dialog, from its own chunk.
    pub(super) fn iam_sign_in_chunk(auth: IamAuth, locale: RwSignal<Locale>) -> AnyView {
        view! { <IamSignInDialog auth=auth locale=locale /> }.into_any()
    }
}
