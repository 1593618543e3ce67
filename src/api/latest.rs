//! Latest-wins requests. Leptos' `LocalResource` neither cancels a
//! superseded future nor refuses its late value (leptos#4434), so the list
//! owns its fetches: starting one aborts the previous through its
//! AbortController, and a result is used only while its ticket is current.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use web_sys::{AbortController, AbortSignal};

#[derive(Clone, Default)]
pub struct LatestRequest {
    controller: Rc<RefCell<Option<AbortController>>>,
    generation: Rc<Cell<u64>>,
}

/// One started request.
#[derive(Clone)]
pub struct Ticket {
    generation: u64,
    pub signal: Option<AbortSignal>,
}

impl LatestRequest {
    /// Aborts the request in flight, if any, and starts a new one.
    pub fn begin(&self) -> Ticket {
        self.cancel();
        let controller = AbortController::new().ok();
        let signal = controller.as_ref().map(AbortController::signal);
        *self.controller.borrow_mut() = controller;
        Ticket {
            generation: self.generation.get(),
            signal,
        }
    }

    /// Aborts the request in flight; its result will not be current.
    pub fn cancel(&self) {
        self.generation.set(self.generation.get() + 1);
        if let Some(old) = self.controller.borrow_mut().take() {
            old.abort();
        }
    }

    pub fn is_current(&self, ticket: &Ticket) -> bool {
        ticket.generation == self.generation.get()
    }
}
