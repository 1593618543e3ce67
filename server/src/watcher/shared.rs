//! Health shared between server instances. Only the leader polls, so only
//! its health board knows how each scope fares: it publishes every change,
//! and an instance that does not poll shows what was published. A retry
//! asked of such an instance is relayed through the same store to the
//! leader, which takes the requests up every [`RELAY_EVERY`].

use super::BoxFuture;
use crate::db::scope_health::ScopeHealthStore;
use sdrs_models::{ScopeHealth, ScopeList};
use std::time::Duration;

/// How often the leader takes up retries asked of other instances.
pub const RELAY_EVERY: Duration = Duration::from_secs(5);

/// Where the leader's health goes and where the others read it.
pub trait HealthShare: Send + Sync + 'static {
    fn publish(&self, health: ScopeHealth, now_ms: i64) -> BoxFuture<'static, Result<(), String>>;
    fn load(&self) -> BoxFuture<'static, Result<Vec<ScopeHealth>, String>>;
    fn request_retry(&self, scope: String, now_ms: i64) -> BoxFuture<'static, Result<(), String>>;
    /// Each request once.
    fn take_retry_requests(&self) -> BoxFuture<'static, Result<Vec<String>, String>>;
}

/// One instance alone: nothing to share.
pub struct NotShared;

impl HealthShare for NotShared {
    fn publish(&self, _: ScopeHealth, _: i64) -> BoxFuture<'static, Result<(), String>> {
        Box::pin(async { Ok(()) })
    }
    fn load(&self) -> BoxFuture<'static, Result<Vec<ScopeHealth>, String>> {
        Box::pin(async { Ok(Vec::new()) })
    }
    fn request_retry(&self, _: String, _: i64) -> BoxFuture<'static, Result<(), String>> {
        Box::pin(async { Ok(()) })
    }
    fn take_retry_requests(&self) -> BoxFuture<'static, Result<Vec<String>, String>> {
        Box::pin(async { Ok(Vec::new()) })
    }
}

impl HealthShare for ScopeHealthStore {
    fn publish(&self, health: ScopeHealth, now_ms: i64) -> BoxFuture<'static, Result<(), String>> {
        let store = self.clone();
        Box::pin(async move { store.publish(&health, now_ms).await.map_err(|e| e.0) })
    }
    fn load(&self) -> BoxFuture<'static, Result<Vec<ScopeHealth>, String>> {
        let store = self.clone();
        Box::pin(async move { store.load().await.map_err(|e| e.0) })
    }
    fn request_retry(&self, scope: String, now_ms: i64) -> BoxFuture<'static, Result<(), String>> {
        let store = self.clone();
        Box::pin(async move { store.request_retry(&scope, now_ms).await.map_err(|e| e.0) })
    }
    fn take_retry_requests(&self) -> BoxFuture<'static, Result<Vec<String>, String>> {
        let store = self.clone();
        Box::pin(async move { store.take_retry_requests().await.map_err(|e| e.0) })
    }
}

/// This instance's list with each scope's published health in place of its
/// own; the name, region and project stay as this instance's
/// configuration says.
pub fn merged(local: ScopeList, published: Vec<ScopeHealth>) -> ScopeList {
    let scopes = local
        .scopes
        .into_iter()
        .map(|mine| match published.iter().find(|p| p.name == mine.name) {
            Some(theirs) => ScopeHealth {
                name: mine.name,
                region: mine.region,
                project_id: mine.project_id,
                ..theirs.clone()
            },
            None => mine,
        })
        .collect();
    ScopeList { scopes }
}

/// What an instance that starts keeps of a scope's published health: the
/// last success and the open count, so the strip is not blank until its
/// first round. The state is its own (a refused credential is tried again).
pub fn seeded(mine: &mut ScopeHealth, published: &ScopeHealth) {
    if mine.last_success.is_none() {
        mine.last_success = published.last_success.clone();
        mine.open_failures = published.open_failures;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdrs_models::ScopeState;

    fn health(name: &str, region: &str, state: ScopeState) -> ScopeHealth {
        ScopeHealth {
            name: name.into(),
            region: region.into(),
            project_id: format!("p-{name}"),
            state,
            ..ScopeHealth::default()
        }
    }

    #[test]
    fn published_health_replaces_the_local_one_in_configuration_order() {
        let local = ScopeList {
            scopes: vec![
                health("b", "ap-southeast-3", ScopeState::Pending),
                health("a", "ap-southeast-2", ScopeState::Pending),
            ],
        };
        let mut refused = health("a", "old-region", ScopeState::Refused);
        refused.error = Some("HTTP 401".into());
        let shown = merged(local, vec![refused, health("gone", "x", ScopeState::Ok)]);
        let names: Vec<&str> = shown.scopes.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["b", "a"], "scopes no longer configured are not shown");
        assert_eq!(shown.scopes[0].state, ScopeState::Pending);
        assert_eq!(shown.scopes[1].state, ScopeState::Refused);
        assert_eq!(shown.scopes[1].error.as_deref(), Some("HTTP 401"));
        assert_eq!(
            shown.scopes[1].region, "ap-southeast-2",
            "the configuration names the region"
        );
    }

    #[test]
    fn a_start_keeps_the_last_success_but_not_the_state() {
        let mut mine = health("a", "r", ScopeState::Pending);
        let mut theirs = health("a", "r", ScopeState::Refused);
        theirs.last_success = Some("2026-12-06T10:00:00Z".into());
        theirs.open_failures = 7;
        seeded(&mut mine, &theirs);
        assert_eq!(mine.state, ScopeState::Pending);
        assert_eq!(mine.last_success, theirs.last_success);
        assert_eq!(mine.open_failures, 7);
        let before = mine.clone();
        theirs.last_success = Some("2026-12-06T09:00:00Z".into());
        seeded(&mut mine, &theirs);
        assert_eq!(mine, before, "a success of its own is kept");
    }
}
