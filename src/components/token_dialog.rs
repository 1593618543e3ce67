//! Asks for an IAM token after a 401. The token stays in memory unless the
//! user ticks "remember for this tab" (sessionStorage, never localStorage).

use super::panel::PanelContext;
use crate::dom;
use crate::i18n::Key;
use leptos::html;
use leptos::prelude::*;

#[component]
pub(crate) fn TokenDialog(
    ctx: PanelContext,
    on_submit: impl Fn(String, bool) + Copy + 'static,
    on_cancel: impl Fn() + Copy + 'static,
) -> impl IntoView {
    // Every text is read in a closure: the dialog follows a language switch.
    let t = move |k: Key| ctx.t(k);
    let title_id = super::unique_id("token-title");
    let dialog = NodeRef::<html::Div>::new();
    let input = NodeRef::<html::Input>::new();
    let remember = NodeRef::<html::Input>::new();
    let empty = RwSignal::new(false);
    let iam = use_context::<super::iam_sign_in::IamAuth>().filter(|a| a.offered.get_untracked());

    Effect::new(move |_| {
        if let Some(el) = input.get() {
            let _ = el.focus();
        }
    });
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let token = input.get_untracked().map(|i| i.value()).unwrap_or_default();
        let token = token.trim().to_owned();
        if token.is_empty() {
            empty.set(true);
            return;
        }
        let keep = remember.get_untracked().is_some_and(|r| r.checked());
        on_submit(token, keep);
    };
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            on_cancel();
        } else if let Some(el) = dialog.get_untracked() {
            dom::trap_tab(&el, &ev);
        }
        ev.stop_propagation();
    };
    view! {
        <div class="sdrs-backdrop"></div>
        <div class="sdrs-dialog" role="dialog" aria-modal="true" aria-labelledby=title_id.clone() node_ref=dialog on:keydown=on_keydown>
            <form on:submit=submit>
                <h2 id=title_id.clone()>{move || t(Key::TokenTitle)}</h2>
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
                    <button type="button" class="sdrs-button" on:click=move |_| on_cancel()>{move || t(Key::Cancel)}</button>
                    {iam.map(|a| view! {
                        <button type="button" class="sdrs-button" data-action="iam-sign-in" on:click=move |_| { on_cancel(); a.open(); }>{move || t(Key::IamOffer)}</button>
                    })}
                </p>
            </form>
        </div>
    }
}
