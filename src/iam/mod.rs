//! "Sign in with IAM user" on the standalone page, when `config.json` says
//! the server offers it: a page-wide session, beside the team sign-in of
//! `team/`. `IamAuth` holds the session (in memory only) and is the API
//! client's token provider: after a 401 it opens the sign-in dialog and the
//! request waits for it, so an expired session brings the dialog back and
//! the call then goes on with the new token. The password is read from the
//! field on submit, sent once, and the field cleared.

mod sign_in;
mod status;

pub(crate) use status::IamStatus;

use crate::api::{self, TokenProvider};
use crate::browser::time;
use crate::view_model::iam_session::{IamSession, SignInError};
use leptos::prelude::*;
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
            api_base: StoredValue::new(api_base.to_owned()),
        }
    }

    /// Takes the API base of the loaded `config.json`.
    pub fn set_api_base(&self, api_base: &str) {
        self.api_base.set_value(api_base.to_owned());
    }

    /// Opens the dialog. Already open, it stays as it is: each request
    /// refused while it is open (the list, the groups) asks again, and a
    /// redraw would lose what the user is typing.
    pub fn open(&self) {
        self.open.maybe_update(|open| !std::mem::replace(open, true));
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
        self.open();
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
        let session = api::iam::sign_in(&self.api_base.get_value(), body).await?;
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
