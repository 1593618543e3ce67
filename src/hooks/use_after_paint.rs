//! `use_after_paint`: becomes `true` once the browser has painted the
//! frame in which `ready` first held, for work that should not hold that
//! paint back.
//!
//! ## Usage
//!
//! ```ignore
//! let painted = use_after_paint(move || !store.loading().get());
//! Effect::new(move |_| if painted.get() { /* the rows are on screen */ });
//! ```
//!
//! - `ready` is tracked until it first returns `true`, then no more; the
//!   signal never goes back to `false`.
//! - "Painted" is the browser's first idle period after the next animation
//!   frame (a task, where there is no `requestIdleCallback`): the work it
//!   starts waits for the frame and for the tasks already queued, input
//!   among them. A page that draws no frames (a tab in the background), or
//!   stays busy, gets there after [`NO_FRAME_MS`] instead.
//! - Nothing is written once the owner is cleaned up.

use leptos::prelude::*;
use std::time::Duration;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// How long to wait for a frame that may never come.
const NO_FRAME_MS: u64 = 250;

pub(crate) fn use_after_paint(ready: impl Fn() -> bool + 'static) -> Signal<bool> {
    let painted = RwSignal::new(false);
    let done = move || {
        if painted.try_get_untracked() == Some(false) {
            painted.set(true);
        }
    };
    Effect::new(move |scheduled: Option<bool>| {
        if scheduled == Some(true) || !ready() {
            return scheduled == Some(true);
        }
        request_animation_frame(move || when_idle(done));
        set_timeout(done, Duration::from_millis(NO_FRAME_MS));
        true
    });
    painted.into()
}

/// Runs `f` at the browser's next idle period, or in a task of its own
/// without `requestIdleCallback` (Safari).
fn when_idle(f: impl FnOnce() + 'static) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let run = Closure::once_into_js(f);
    let callback = run.unchecked_ref::<js_sys::Function>();
    if window.request_idle_callback(callback).is_err() {
        let _ = window.set_timeout_with_callback(callback);
    }
}
