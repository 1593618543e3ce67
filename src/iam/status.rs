//! The header's line of the IAM session: who is signed in and until when,
//! the prompt to sign in again, or the offer to sign in.

use super::sign_in::{iam_sign_in_chunk, preload_iam_sign_in};
use super::IamAuth;
use crate::browser::time;
use crate::chunks::{chunk_slot, prefetch_when_idle, ChunkLoad};
use crate::hooks::use_interval;
use crate::i18n::{fill, Key, Locale};
use crate::view_model::iam_session::SessionPhase;
use leptos::prelude::*;
use wasm_bindgen::JsValue;

/// The header's sign-in line: who is signed in and until when, the prompt
/// to sign in again shortly before expiry, or the offer to sign in.
#[component]
pub fn IamStatus(auth: IamAuth, locale: RwSignal<Locale>) -> impl IntoView {
    let t = move |k: Key| k.text(locale.get());
    prefetch_when_idle(preload_iam_sign_in);
    // The clock of the expiry line and the prompt.
    use_interval(1000, move || auth.now_ms.set(time::now_ms()));
    // A memo: the line is rebuilt when the phase changes, not every tick
    // (which would move focus and repeat the alert).
    let phase = Memo::new(move |_| {
        auth.session
            .with(|s| s.as_ref().map(|s| s.phase(auth.now_ms.get())))
    });
    let expiry = move || {
        auth.session.with(|s| {
            s.as_ref().map(|s| {
                let iso = js_sys::Date::new(&JsValue::from_f64(s.expires_ms)).to_iso_string();
                time::format_local(&String::from(iso), locale.get())
            })
        })
    };
    let who = move || {
        auth.session.with(|s| {
            s.as_ref().map(|s| {
                fill(t(Key::IamSignedInAs), &[("user", &s.user), ("domain", &s.domain)]).into_owned()
            })
        })
    };
    view! {
        <div class="sdrs-iam" data-iam-phase=move || match phase.get() {
            None => "signed-out",
            Some(SessionPhase::Active) => "active",
            Some(SessionPhase::ExpiringSoon) => "expiring",
            Some(SessionPhase::Expired) => "expired",
        }>
            {move || match phase.get() {
                None => view! {
                    <button type="button" class="sdrs-button" on:click=move |_| auth.open()>{t(Key::IamOffer)}</button>
                }
                .into_any(),
                Some(SessionPhase::Active) => view! {
                    <span class="sdrs-project">{who}" · "<span class="sdrs-iam-expiry">{fill(t(Key::IamExpiresAt), &[("time", &expiry().unwrap_or_default())]).into_owned()}</span></span>
                    <button type="button" class="sdrs-button" on:click=move |_| auth.session.set(None)>{t(Key::IamSignOut)}</button>
                }
                .into_any(),
                Some(p) => {
                    let text = if p == SessionPhase::Expired {
                        t(Key::IamExpired).to_owned()
                    } else {
                        fill(t(Key::IamExpiringSoon), &[("time", &expiry().unwrap_or_default())]).into_owned()
                    };
                    view! {
                        <span class="sdrs-iam-prompt" role="alert">{text}</span>
                        <button type="button" class="sdrs-button sdrs-button-primary" on:click=move |_| auth.open()>{t(Key::IamSignInAgain)}</button>
                    }
                    .into_any()
                }
            }}
            {move || auth.open.get().then(|| {
                let close = Callback::new(move |()| auth.open.set(false));
                chunk_slot(move || -> ChunkLoad { Box::pin(iam_sign_in_chunk(auth, locale)) }, locale.into(), Some(close))
            })}
        </div>
    }
}
