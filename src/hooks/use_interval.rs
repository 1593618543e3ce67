//! `use_interval`: calls a function every `ms` milliseconds while the
//! current owner lives.
//!
//! ## Usage
//!
//! ```ignore
//! use_interval(1000, move || set_now.set(time::now_ms()));
//! ```
//!
//! - The first call is `ms` after the hook is used, not at once.
//! - The interval is cleared when the owner is cleaned up (an unmounted
//!   panel keeps no timer).

use gloo_timers::callback::Interval;
use leptos::prelude::*;

pub(crate) fn use_interval(ms: u32, tick: impl Fn() + 'static) {
    let interval = StoredValue::new_local(Some(Interval::new(ms, tick)));
    on_cleanup(move || {
        interval.try_update_value(|i| *i = None);
    });
}
