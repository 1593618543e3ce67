//! Where server-side sessions live. The database layer implements
//! [`SessionStore`] (so several server instances share sessions); the
//! session logic (cookies, timeouts, CSRF tokens) only sees this trait.

use super::identity::{Role, SignInMethod};
use std::future::Future;
use std::pin::Pin;

/// A boxed future of a store call (the trait is used as `dyn`).
pub type StoreFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, StoreError>> + Send + 'a>>;

/// A store call that failed: the database is unreachable or refused.
/// The message names the cause, never a session id or token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoreError(pub String);

impl std::fmt::Display for StoreError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for StoreError {}

/// One stored session. The session id itself is never stored: only its
/// SHA-256 (hex), so a copy of the database signs nobody in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct StoredSession {
    pub id_hash: String,
    pub user: String,
    pub role: Role,
    pub method: SignInMethod,
    /// The per-session CSRF token the console sends back in a header.
    pub csrf_token: String,
    /// Unix milliseconds.
    pub created_ms: i64,
    pub last_seen_ms: i64,
}

pub trait SessionStore: Send + Sync {
    fn insert(&self, session: StoredSession) -> StoreFuture<'_, ()>;
    fn get<'a>(&'a self, id_hash: &'a str) -> StoreFuture<'a, Option<StoredSession>>;
    /// Records activity (for the idle timeout).
    fn touch<'a>(&'a self, id_hash: &'a str, now_ms: i64) -> StoreFuture<'a, ()>;
    fn remove<'a>(&'a self, id_hash: &'a str) -> StoreFuture<'a, ()>;
    /// Drops sessions last seen before `idle_before_ms` or created before
    /// `created_before_ms`; returns how many.
    fn remove_expired(&self, idle_before_ms: i64, created_before_ms: i64) -> StoreFuture<'_, u64>;
}
