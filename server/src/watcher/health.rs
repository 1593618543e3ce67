//! Each scope's health as `GET /api/scopes` shows it: state, last success,
//! next poll, last error, open failures. The transitions are plain
//! functions of [`ScopeHealth`]; [`HealthBoard`] keeps one per scope behind
//! a lock. A refused scope stays refused until [`HealthBoard::clear_refusal`].

use super::ScopeInfo;
use crate::util::lock::lock;
use crate::util::timefmt::format_ms;
use sdrs_models::{ScopeHealth, ScopeList, ScopeState};
use std::sync::Mutex;

/// A round recorded: the scope is fine.
pub fn succeeded(health: &mut ScopeHealth, now_ms: i64, open_failures: u64, next_poll_ms: i64) {
    health.state = ScopeState::Ok;
    health.last_success = Some(format_ms(now_ms));
    health.next_poll = Some(format_ms(next_poll_ms));
    health.error = None;
    health.open_failures = open_failures;
}

/// A round throttled or failed (or not recorded): tried again at
/// `next_poll_ms`. The last success and open count stay as they were: the
/// console shows them as stale.
pub fn backed_off(health: &mut ScopeHealth, error: &str, next_poll_ms: i64) {
    if health.state == ScopeState::Refused {
        return;
    }
    health.state = ScopeState::Backoff;
    health.next_poll = Some(format_ms(next_poll_ms));
    health.error = Some(error.to_owned());
}

/// The credential was refused: no next poll until an operator retries.
pub fn refused(health: &mut ScopeHealth, error: &str) {
    health.state = ScopeState::Refused;
    health.next_poll = None;
    health.error = Some(error.to_owned());
}

/// Waiting for a round at `next_poll_ms` without a result yet (the first
/// round, or another server instance polls).
pub fn waiting(health: &mut ScopeHealth, next_poll_ms: i64) {
    if health.state == ScopeState::Refused {
        return;
    }
    health.next_poll = Some(format_ms(next_poll_ms));
}

/// An operator retries: a refused scope is pending again. Answers whether
/// it was refused.
pub fn retried(health: &mut ScopeHealth) -> bool {
    if health.state != ScopeState::Refused {
        return false;
    }
    health.state = ScopeState::Pending;
    health.error = None;
    true
}

/// Every scope's health, in configuration order.
pub struct HealthBoard {
    scopes: Mutex<Vec<ScopeHealth>>,
}

impl HealthBoard {
    pub fn new<'a>(scopes: impl IntoIterator<Item = &'a ScopeInfo>) -> HealthBoard {
        let scopes = scopes
            .into_iter()
            .map(|s| ScopeHealth {
                name: s.name.clone(),
                region: s.region.clone(),
                project_id: s.project_id.clone(),
                ..ScopeHealth::default()
            })
            .collect();
        HealthBoard {
            scopes: Mutex::new(scopes),
        }
    }

    pub fn list(&self) -> ScopeList {
        ScopeList {
            scopes: lock(&self.scopes).clone(),
        }
    }

    /// Applies `change` to the scope `name`; answers its state before, or
    /// `None` for an unknown name.
    pub fn update(&self, name: &str, change: impl FnOnce(&mut ScopeHealth)) -> Option<ScopeState> {
        let mut scopes = lock(&self.scopes);
        let health = scopes.iter_mut().find(|h| h.name == name)?;
        let before = health.state;
        change(health);
        Some(before)
    }

    pub fn get(&self, name: &str) -> Option<ScopeHealth> {
        lock(&self.scopes).iter().find(|h| h.name == name).cloned()
    }

    pub fn state(&self, name: &str) -> Option<ScopeState> {
        lock(&self.scopes)
            .iter()
            .find(|h| h.name == name)
            .map(|h| h.state)
    }

    pub fn is_refused(&self, name: &str) -> bool {
        self.state(name) == Some(ScopeState::Refused)
    }

    /// See [`retried`]; false for an unknown name too.
    pub fn clear_refusal(&self, name: &str) -> bool {
        let mut was_refused = false;
        self.update(name, |h| was_refused = retried(h));
        was_refused
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scope(name: &str) -> ScopeInfo {
        ScopeInfo {
            name: name.into(),
            region: "ap-southeast-3".into(),
            project_id: format!("project-{name}"),
            credential: "prod".into(),
        }
    }

    #[test]
    fn a_new_scope_is_pending_with_its_region_and_project() {
        let board = HealthBoard::new(&[scope("a"), scope("b")]);
        let list = board.list();
        assert_eq!(list.scopes.len(), 2);
        assert_eq!(list.scopes[1].name, "b");
        assert_eq!(list.scopes[1].project_id, "project-b");
        assert_eq!(list.scopes[1].state, ScopeState::Pending);
        assert_eq!(list.scopes[1].last_success, None);
    }

    #[test]
    fn a_success_clears_the_error_and_a_failure_keeps_the_last_success() {
        let mut h = ScopeHealth::default();
        succeeded(&mut h, 0, 3, 60_000);
        assert_eq!(h.state, ScopeState::Ok);
        assert_eq!(h.last_success.as_deref(), Some("1970-01-01T00:00:00.000Z"));
        assert_eq!(h.next_poll.as_deref(), Some("1970-01-01T00:01:00.000Z"));
        assert_eq!(h.open_failures, 3);
        backed_off(&mut h, "HTTP 429", 62_000);
        assert_eq!(h.state, ScopeState::Backoff);
        assert_eq!(h.error.as_deref(), Some("HTTP 429"));
        assert_eq!(h.last_success.as_deref(), Some("1970-01-01T00:00:00.000Z"));
        assert_eq!(h.open_failures, 3);
        succeeded(&mut h, 70_000, 1, 130_000);
        assert_eq!(
            (h.state, h.error.as_deref(), h.open_failures),
            (ScopeState::Ok, None, 1)
        );
    }

    #[test]
    fn a_refused_scope_stays_refused_until_retried() {
        let mut h = ScopeHealth::default();
        succeeded(&mut h, 0, 3, 60_000);
        refused(&mut h, "HTTP 401 SDRS.0002: The token is invalid");
        assert_eq!(h.next_poll, None);
        backed_off(&mut h, "HTTP 500", 1);
        waiting(&mut h, 2);
        assert_eq!(h.state, ScopeState::Refused);
        assert_eq!(
            h.error.as_deref(),
            Some("HTTP 401 SDRS.0002: The token is invalid")
        );
        assert_eq!(h.next_poll, None);
        assert!(retried(&mut h));
        assert_eq!((h.state, h.error.as_deref()), (ScopeState::Pending, None));
        // Retrying a scope that is not refused changes nothing.
        succeeded(&mut h, 5, 0, 10);
        assert!(!retried(&mut h));
        assert_eq!(h.state, ScopeState::Ok);
    }

    #[test]
    fn the_board_changes_one_scope_and_knows_no_other() {
        let board = HealthBoard::new(&[scope("a"), scope("b")]);
        assert_eq!(
            board.update("a", |h| refused(h, "HTTP 403")),
            Some(ScopeState::Pending)
        );
        assert!(board.is_refused("a") && !board.is_refused("b"));
        assert_eq!(board.update("zzz", |h| refused(h, "x")), None);
        assert!(!board.clear_refusal("zzz"));
        assert!(!board.clear_refusal("b"));
        assert!(board.clear_refusal("a"));
        assert_eq!(board.state("a"), Some(ScopeState::Pending));
    }
}
