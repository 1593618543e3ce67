//! Loading chunks ahead of their first use, when the browser is idle, so a
//! click rarely waits. A page opts out with `<html data-sdrs-prefetch="off">`
//! (the chunks then load on first use only).

use leptos::task::spawn_local;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// Without `requestIdleCallback` (Safari), a timer this long after the call.
const FALLBACK_DELAY_MS: i32 = 2_000;

/// Runs `preload` at the browser's next idle period. A failure is left to
/// the first use, which retries and says so.
pub(crate) fn prefetch_when_idle<Fut>(preload: impl FnOnce() -> Fut + 'static)
where
    Fut: Future<Output = Result<(), SplitLoaderError>> + 'static,
{
    let Some(window) = web_sys::window() else {
        return;
    };
    if !allowed(&window) {
        return;
    }
    let run = Closure::once_into_js(move || {
        spawn_local(async move {
            let _ = preload().await;
        });
    });
    let callback = run.unchecked_ref::<js_sys::Function>();
    if window.request_idle_callback(callback).is_err() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(callback, FALLBACK_DELAY_MS);
    }
}

fn allowed(window: &web_sys::Window) -> bool {
    let switch = window
        .document()
        .and_then(|d| d.document_element())
        .and_then(|html| html.get_attribute("data-sdrs-prefetch"));
    switch.as_deref() != Some("off")
}
