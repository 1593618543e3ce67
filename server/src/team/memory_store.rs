//! A [`SessionStore`] in memory: tests, and servers started without a
//! database. Sessions are lost when the process stops.

use super::session_store::{SessionStore, StoreFuture, StoredSession};
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

#[derive(Default)]
pub struct MemoryStore {
    sessions: Mutex<HashMap<String, StoredSession>>,
}

impl MemoryStore {
    pub fn new() -> Self {
        Self::default()
    }

    fn map(&self) -> MutexGuard<'_, HashMap<String, StoredSession>> {
        self.sessions.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// How many sessions are stored (tests).
    pub fn len(&self) -> usize {
        self.map().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl SessionStore for MemoryStore {
    fn insert(&self, session: StoredSession) -> StoreFuture<'_, ()> {
        self.map().insert(session.id_hash.clone(), session);
        Box::pin(async { Ok(()) })
    }

    fn get<'a>(&'a self, id_hash: &'a str) -> StoreFuture<'a, Option<StoredSession>> {
        let found = self.map().get(id_hash).cloned();
        Box::pin(async move { Ok(found) })
    }

    fn touch<'a>(&'a self, id_hash: &'a str, now_ms: i64) -> StoreFuture<'a, ()> {
        if let Some(s) = self.map().get_mut(id_hash) {
            s.last_seen_ms = s.last_seen_ms.max(now_ms);
        }
        Box::pin(async { Ok(()) })
    }

    fn remove<'a>(&'a self, id_hash: &'a str) -> StoreFuture<'a, ()> {
        self.map().remove(id_hash);
        Box::pin(async { Ok(()) })
    }

    fn remove_expired(&self, idle_before_ms: i64, created_before_ms: i64) -> StoreFuture<'_, u64> {
        let mut map = self.map();
        let before = map.len();
        map.retain(|_, s| s.last_seen_ms >= idle_before_ms && s.created_ms >= created_before_ms);
        let removed = (before - map.len()) as u64;
        Box::pin(async move { Ok(removed) })
    }
}
