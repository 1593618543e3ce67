//! Locks that outlive a panic.

use std::sync::{Mutex, MutexGuard, PoisonError};

/// A poisoned lock only means a panic elsewhere; the data stays usable.
pub fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(PoisonError::into_inner)
}
