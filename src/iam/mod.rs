//! "Sign in with IAM user" on the standalone page, when `config.json` says
//! the server offers it. `IamAuth` holds the session (in memory only) and is
//! the API client's token provider: after a 401 it opens the sign-in dialog
//! and the request waits for it, so an expired session brings the dialog
//! back and the call then goes on with the new token. The password is read
//! from the field on submit, sent once, and the field cleared.

use crate::panel::dialogs::modal::{Modal, ModalTitle};
use crate::api::TokenProvider;
use crate::browser::time;
use crate::hooks::use_interval;
use crate::i18n::{fill, Key, Locale};
use crate::view_model::iam_session::{
    read_answer, sign_in_body, IamSession, SessionPhase, SignInError, SIGN_IN_PATH,
};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;
use wasm_bindgen::JsValue;

#[derive(Clone, Copy)]
pub struct IamAuth {
    /// Whether the server offers IAM sign-in (`config.json`'s `iamSignIn`).
    pub offered: RwSignal<bool>,
    session: RwSignal<Option<IamSession>>,
    open: RwSignal<bool>,
    /// Bumped by every sign-in, so the page reloads what failed before.
    pub signed_in: RwSignal<u32>,
    now_ms: RwSignal<f64>,
    /// Account and user name of the last sign-in, to fill the form again
    /// (the session itself is gone once it is refused).
    last_names: StoredValue<(String, String)>,
    /// `resolve` functions of requests waiting for a sign-in.
    waiting: StoredValue<Vec<js_sys::Function>, LocalStorage>,
    api_base: StoredValue<String>,
}

impl IamAuth {
    pub fn new(api_base: &str) -> Self {
        IamAuth {
            offered: RwSignal::new(false),
            session: RwSignal::new(None),
            open: RwSignal::new(false),
            signed_in: RwSignal::new(0),
            now_ms: RwSignal::new(time::now_ms()),
            last_names: StoredValue::new(Default::default()),
            waiting: StoredValue::new_local(Vec::new()),
            api_base: StoredValue::new(api_base.trim().trim_end_matches('/').to_owned()),
        }
    }

    /// Takes the API base of the loaded `config.json`.
    pub fn set_api_base(&self, api_base: &str) {
        self.api_base
            .set_value(api_base.trim().trim_end_matches('/').to_owned());
    }

    /// Opens the dialog.
    pub fn open(&self) {
        self.open.set(true);
    }

    fn valid_token(&self) -> Option<String> {
        let now = time::now_ms();
        self.session
            .with_untracked(|s| s.as_ref().and_then(|s| s.valid_token(now)).map(str::to_owned))
    }

    /// Resolves every waiting request with the new token (or none).
    fn release(&self, token: Option<&str>) {
        let waiting = self.waiting.try_update_value(std::mem::take).unwrap_or_default();
        let value = token.map(JsValue::from_str).unwrap_or(JsValue::NULL);
        for resolve in &waiting {
            let _ = resolve.call1(&JsValue::NULL, &value);
        }
    }

    /// Waits until the user signs in (the token) or cancels (`None`).
    async fn wait_for_sign_in(self) -> Option<String> {
        let mut keep = |resolve: js_sys::Function, _reject: js_sys::Function| {
            self.waiting.update_value(|w| w.push(resolve));
        };
        let promise = js_sys::Promise::new(&mut keep);
        self.open.set(true);
        wasm_bindgen_futures::JsFuture::from(promise)
            .await
            .ok()
            .and_then(|v| v.as_string())
    }

    /// The API client's token source: the session's token while it is
    /// valid; after a 401 (the token expired or was refused), a new sign-in.
    pub fn provider(self) -> TokenProvider {
        Rc::new(move |refresh: bool| {
            Box::pin(async move {
                if !refresh {
                    return self.valid_token();
                }
                // A 401 with our token means IAM no longer accepts it.
                self.session.set(None);
                self.wait_for_sign_in().await
            })
        })
    }

    fn cancel(&self) {
        self.open.set(false);
        self.release(None);
    }

    async fn sign_in(self, body: String) -> Result<(), SignInError> {
        let url = format!("{}{SIGN_IN_PATH}", self.api_base.get_value());
        let failed = |e: gloo_net::Error| SignInError {
            key: Key::IamFailed,
            reason: e.to_string(),
        };
        let response = gloo_net::http::Request::post(&url)
            .header("Content-Type", "application/json")
            .body(body)
            .map_err(failed)?
            .send()
            .await
            .map_err(failed)?;
        let status = response.status();
        let bytes = response.binary().await.map_err(failed)?;
        let session = read_answer(status, &bytes, time::now_ms())?;
        let token = session.token.clone();
        self.last_names
            .set_value((session.domain.clone(), session.user.clone()));
        self.session.set(Some(session));
        self.open.set(false);
        // Waiting calls go on with the token; the page also reloads, since
        // the list may have failed before (the waiting call may be another).
        self.release(Some(&token));
        self.signed_in.update(|n| *n += 1);
        Ok(())
    }
}

/// The error line in the dialog's language.
fn error_text(e: &SignInError, locale: Locale) -> String {
    fill(e.key.text(locale), &[("reason", &e.reason)]).into_owned()
}

/// The header's sign-in line: who is signed in and until when, the prompt
/// to sign in again shortly before expiry, or the offer to sign in.
#[component]
pub fn IamStatus(auth: IamAuth, locale: RwSignal<Locale>) -> impl IntoView {
    let t = move |k: Key| k.text(locale.get());
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
            {move || auth.open.get().then(|| view! { <IamSignInDialog auth=auth locale=locale /> })}
        </div>
    }
}

#[component]
fn IamSignInDialog(auth: IamAuth, locale: RwSignal<Locale>) -> impl IntoView {
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
