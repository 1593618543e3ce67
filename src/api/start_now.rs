//! Running a request's future up to its first wait now, so the request is
//! on the wire before the caller goes on. A spawned task is first polled
//! only after the running script: the list request a panel makes while it
//! mounts would wait for the whole panel to be built.

use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll, Waker};

/// `future`, polled once now (with a waker that does nothing); the rest
/// runs when the result is awaited, whose first poll gives the real waker
/// (a future keeps only the waker of its latest poll).
pub(crate) fn start_now<F: Future + 'static>(future: F) -> Pin<Box<dyn Future<Output = F::Output>>> {
    let mut future = Box::pin(future);
    match future.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(value) => Box::pin(std::future::ready(value)),
        Poll::Pending => future,
    }
}
