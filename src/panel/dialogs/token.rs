//! Asks for an IAM token after a 401. The token stays in memory unless the
//! user ticks "remember for this tab" (sessionStorage, never localStorage).

use super::modal::{Modal, ModalTitle};
use crate::i18n::Key;
use crate::panel::PanelStore;
use leptos::html;
use leptos::prelude::*;

#[component]
pub(crate) fn TokenDialog(store: PanelStore) -> impl IntoView {
    // Every text is read in a closure: the dialog follows a language switch.
    let t = move |k: Key| store.t(k);
    let input = NodeRef::<html::Input>::new();
    let remember = NodeRef::<html::Input>::new();
    let empty = RwSignal::new(false);
    let iam = use_context::<crate::iam::IamAuth>().filter(|a| a.offered.get_untracked());

    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let token = input.get_untracked().map(|i| i.value()).unwrap_or_default();
        let token = token.trim().to_owned();
        if token.is_empty() {
            empty.set(true);
            return;
        }
        let keep = remember.get_untracked().is_some_and(|r| r.checked());
        store.sign_in(token, keep);
    };
    view! {
        <Modal
            role="dialog"
            on_close=move || store.dismiss_sign_in()
            focus_first="input[name=token]"
        >
            <form on:submit=submit>
                <ModalTitle>{move || t(Key::TokenTitle)}</ModalTitle>
                <p>{move || t(Key::TokenBody)}</p>
                <label class="sdrs-field">
                    <span>{move || t(Key::TokenLabel)}</span>
                    <input type="password" name="token" autocomplete="off" node_ref=input aria-invalid=move || empty.get().then_some("true") />
                </label>
                {move || empty.get().then(|| view! { <p class="sdrs-field-error" role="alert">{t(Key::TokenEmpty)}</p> })}
                <label class="sdrs-check">
                    <input type="checkbox" name="remember" node_ref=remember />
                    <span>{move || t(Key::TokenRemember)}</span>
                </label>
                <p class="sdrs-actions">
                    <button type="submit" class="sdrs-button sdrs-button-primary">{move || t(Key::TokenSubmit)}</button>
                    <button type="button" class="sdrs-button" on:click=move |_| store.dismiss_sign_in()>{move || t(Key::Cancel)}</button>
                    {iam.map(|a| view! {
                        <button type="button" class="sdrs-button" data-action="iam-sign-in" on:click=move |_| { store.dismiss_sign_in(); a.open(); }>{move || t(Key::IamOffer)}</button>
                    })}
                </p>
            </form>
        </Modal>
    }
}
