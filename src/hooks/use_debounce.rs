//! `use_debounce`: runs a function once calls have paused for `ms`
//! milliseconds, with the value of the last call.
//!
//! ## Usage
//!
//! ```ignore
//! let apply_name = use_debounce(300, move |text: String| apply(text));
//! // on every input event:
//! apply_name.call(text);
//! // on Enter, apply at once instead:
//! apply_name.cancel();
//! apply(text);
//! ```
//!
//! ## Rescheduling
//!
//! Each call drops the timer of the one before, so only the last value of
//! a burst arrives. `cancel` drops the waiting call; so does the owner's
//! cleanup.

use gloo_timers::callback::Timeout;
use leptos::prelude::*;
use std::rc::Rc;

pub(crate) struct Debounced<T: 'static> {
    ms: u32,
    run: StoredValue<Rc<dyn Fn(T)>, LocalStorage>,
    waiting: StoredValue<Option<Timeout>, LocalStorage>,
}

impl<T> Clone for Debounced<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Debounced<T> {}

pub(crate) fn use_debounce<T: 'static>(ms: u32, run: impl Fn(T) + 'static) -> Debounced<T> {
    let waiting = StoredValue::new_local(None::<Timeout>);
    on_cleanup(move || {
        waiting.try_update_value(|w| *w = None);
    });
    Debounced {
        ms,
        run: StoredValue::new_local(Rc::new(run) as Rc<dyn Fn(T)>),
        waiting,
    }
}

impl<T: 'static> Debounced<T> {
    /// Runs with `value` after `ms` without another call.
    pub fn call(self, value: T) {
        let Some(run) = self.run.try_get_value() else {
            return;
        };
        let timer = Timeout::new(self.ms, move || run(value));
        self.waiting.try_update_value(|w| *w = Some(timer));
    }

    /// Drops the waiting call, if any.
    pub fn cancel(self) {
        self.waiting.try_update_value(|w| *w = None);
    }
}
