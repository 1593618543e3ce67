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
//! - "Painted" is the task after the next animation frame. A page that
//!   draws no frames (a tab in the background) gets there after
//!   [`NO_FRAME_MS`] instead.
//! - Nothing is written once the owner is cleaned up.

use leptos::prelude::*;
use std::time::Duration;

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
        request_animation_frame(move || set_timeout(done, Duration::ZERO));
        set_timeout(done, Duration::from_millis(NO_FRAME_MS));
        true
    });
    painted.into()
}
