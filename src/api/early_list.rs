//! The first list request that `boot.js` sent before the wasm ran
//! (`window.__sdrsEarlyList`: a promise of `{url, answer}` or `null`, where
//! `answer` is a promise of `{ok, status, requestId, body}`, the body an
//! `ArrayBuffer` read already).
//! The first list request of the console takes it or drops it, once: taken
//! when it asks for the same URL with no token of its own to send and the
//! answer succeeded; any other answer is asked for again, as if there had
//! been no early request.

use super::body::Body;
use super::client::{Answer, ApiClient, Verb};
use super::error::ApiError;
use js_sys::{ArrayBuffer, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use web_sys::AbortSignal;

const SLOT: &str = "__sdrsEarlyList";

/// `url` resolved against the page, as the early request's URL is.
fn absolute(url: &str) -> Option<String> {
    let base = web_sys::window()?.document()?.base_uri().ok()??;
    web_sys::Url::new_with_base(url, &base).ok().map(|u| u.href())
}

/// What `boot.js` left in the window slot `name` (a promise of a value or
/// `null`), resolved; the slot is emptied whatever it held, so it is taken
/// once.
pub(super) async fn take_boot_answer(name: &str) -> Option<JsValue> {
    let window = web_sys::window()?;
    let key = JsValue::from_str(name);
    let slot = Reflect::get(&window, &key).ok()?;
    if slot.is_undefined() || slot.is_null() {
        return None;
    }
    let _ = Reflect::delete_property(&window, &key);
    let answer = JsFuture::from(Promise::resolve(&slot)).await.ok()?;
    (!answer.is_null() && !answer.is_undefined()).then_some(answer)
}

/// The early answer for `url`, if there is one.
async fn take(url: &str) -> Option<Answer> {
    let early = take_boot_answer(SLOT).await?;
    let early_url = Reflect::get(&early, &JsValue::from_str("url"))
        .ok()?
        .as_string()?;
    if Some(early_url) != absolute(url) {
        return None;
    }
    // `{ok, status, requestId, body}`, the body already read by boot.js.
    let pending = Reflect::get(&early, &JsValue::from_str("answer")).ok()?;
    let answer = JsFuture::from(Promise::resolve(&pending)).await.ok()?;
    let field = |name: &str| Reflect::get(&answer, &JsValue::from_str(name)).ok();
    if field("ok")?.as_bool() != Some(true) {
        return None;
    }
    let status = u16::try_from(field("status")?.as_f64()? as u32).ok()?;
    let request_id = field("requestId")?.as_string();
    let body = Body::of(field("body")?.dyn_into::<ArrayBuffer>().ok()?);
    Some(Answer::new(status, body, request_id))
}

/// Drops the early request without waiting for it (a caller with a token
/// to send asks itself).
fn drop_waiting() {
    if let Some(window) = web_sys::window() {
        let _ = Reflect::delete_property(&window, &JsValue::from_str(SLOT));
    }
}

impl ApiClient {
    /// A list request: the first one may take the answer of the request the
    /// page sent before the console ran, when it has no token to send (the
    /// early request had none).
    pub(super) async fn send_list(
        &self,
        url: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<Answer, ApiError> {
        if self.has_token() {
            drop_waiting();
        } else if let Some(answer) = take(url).await {
            return Ok(answer);
        }
        self.send(Verb::Get, url, signal).await
    }
}
