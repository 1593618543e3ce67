//! `use_latest`: a latest-wins slot for requests.
//!
//! Leptos' `LocalResource` neither cancels a superseded future nor refuses
//! its late value (leptos#4434); this slot does both.
//!
//! ## Usage
//!
//! ```ignore
//! let latest = use_latest();
//! latest.spawn(
//!     move |signal| async move { api.job_status(&id, signal.as_ref()).await },
//!     move |result| record.set(Some(result)),
//! );
//! ```
//!
//! - Starting a request aborts the one in flight (its AbortSignal fires).
//! - `done` runs only for the current request: never for one superseded,
//!   cancelled with [`Latest::cancel`], or left when the owner was cleaned
//!   up (the slot cancels itself then).
//! - `done` runs after an `.await`: it may write signals (a write to a
//!   disposed signal does nothing) but should not read them.

use crate::api::LatestRequest;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::future::Future;
use web_sys::AbortSignal;

#[derive(Clone, Copy)]
pub(crate) struct Latest(StoredValue<LatestRequest, LocalStorage>);

pub(crate) fn use_latest() -> Latest {
    let slot = StoredValue::new_local(LatestRequest::default());
    on_cleanup(move || {
        slot.try_with_value(LatestRequest::cancel);
    });
    Latest(slot)
}

impl Latest {
    /// Starts `request` (given the abort signal to pass on), aborting the
    /// one in flight; `done` gets its value while it is still the latest.
    pub fn spawn<T, Fut>(
        self,
        request: impl FnOnce(Option<AbortSignal>) -> Fut,
        done: impl FnOnce(T) + 'static,
    ) where
        T: 'static,
        Fut: Future<Output = T> + 'static,
    {
        let Some(latest) = self.0.try_get_value() else {
            return;
        };
        let ticket = latest.begin();
        let running = request(ticket.signal.clone());
        spawn_local(async move {
            let value = running.await;
            if latest.is_current(&ticket) {
                done(value);
            }
        });
    }

    /// Aborts the request in flight; its `done` will not run.
    pub fn cancel(self) {
        self.0.try_with_value(LatestRequest::cancel);
    }
}
