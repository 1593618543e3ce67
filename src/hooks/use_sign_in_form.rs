//! `use_sign_in_form`: the password field, busy state and error of a
//! sign-in form (the team sign-in screen, the IAM dialog), and its submit.
//!
//! ## Usage
//!
//! ```ignore
//! let form = use_sign_in_form::<SignInError>();
//! let submit = move |ev: SubmitEvent| {
//!     ev.prevent_default();
//!     form.submit(
//!         move || body_of(&input_value(user), &input_value(form.password)),
//!         move |body| auth.sign_in(body),
//!     );
//! };
//! view! { <input type="password" node_ref=form.password /> }
//! ```
//!
//! - One request at a time: a submit while one runs does nothing.
//! - A form that is not complete says why (`body` returns the error) and
//!   sends nothing.
//! - The password field is cleared before the request goes, so the
//!   password lives only in the request's body.
//! - A failure is shown and focus goes back to the password field. On
//!   success the form is usually gone; a write to a disposed signal does
//!   nothing.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;

pub(crate) struct SignInForm<E: Send + Sync + 'static> {
    pub password: NodeRef<html::Input>,
    pub busy: RwSignal<bool>,
    /// Why the last submit failed.
    pub error: RwSignal<Option<E>>,
}

impl<E: Send + Sync + 'static> Clone for SignInForm<E> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<E: Send + Sync + 'static> Copy for SignInForm<E> {}

pub(crate) fn use_sign_in_form<E: Send + Sync + 'static>() -> SignInForm<E> {
    SignInForm {
        password: NodeRef::new(),
        busy: RwSignal::new(false),
        error: RwSignal::new(None),
    }
}

/// The text of an input field, empty while it is not mounted.
pub(crate) fn input_value(field: NodeRef<html::Input>) -> String {
    field.get_untracked().map(|i| i.value()).unwrap_or_default()
}

impl<E: Send + Sync + 'static> SignInForm<E> {
    /// Sends the form's body with `send`, as the module's spec says.
    pub fn submit<F>(self, body: impl FnOnce() -> Result<String, E>, send: impl FnOnce(String) -> F + 'static)
    where
        F: Future<Output = Result<(), E>> + 'static,
    {
        if self.busy.get_untracked() {
            return;
        }
        let body = match body() {
            Ok(b) => b,
            Err(e) => {
                self.error.set(Some(e));
                return;
            }
        };
        if let Some(p) = self.password.get_untracked() {
            p.set_value("");
        }
        self.busy.set(true);
        self.error.set(None);
        spawn_local(async move {
            let outcome = send(body).await;
            self.busy.try_set(false);
            if let Err(e) = outcome {
                self.error.try_set(Some(e));
                if let Some(p) = self.password.get_untracked() {
                    let _ = p.focus();
                }
            }
        });
    }
}
