//! The scopes' shared health on SQLite and on a real PostgreSQL server:
//! what the polling instance publishes every instance reads, and a retry
//! asked of one instance is taken up exactly once.

mod common;
mod db_common;

use sdrs_console_server::db::scope_health::ScopeHealthStore;
use sdrs_models::{ScopeHealth, ScopeState};

fn health(name: &str, state: ScopeState, error: Option<&str>) -> ScopeHealth {
    ScopeHealth {
        name: name.into(),
        region: "ap-southeast-3".into(),
        project_id: format!("p-{name}"),
        state,
        error: error.map(str::to_owned),
        open_failures: 3,
        ..ScopeHealth::default()
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn published_health_is_read_by_another_instance() {
    for db in db_common::all().await {
        let leader = ScopeHealthStore::new(db_common::open(&db.url).await);
        let standby = ScopeHealthStore::new(db_common::open(&db_common::same(&db).url).await);
        assert_eq!(standby.load().await.unwrap(), vec![], "{}", db.name);
        leader
            .publish(&health("b", ScopeState::Ok, None), 1)
            .await
            .unwrap();
        leader
            .publish(&health("a", ScopeState::Backoff, Some("HTTP 503")), 1)
            .await
            .unwrap();
        let refused = health(
            "a",
            ScopeState::Refused,
            Some("HTTP 401 SDRS.0002: The token is invalid"),
        );
        leader.publish(&refused, 2).await.unwrap();
        assert_eq!(
            standby.load().await.unwrap(),
            vec![refused, health("b", ScopeState::Ok, None)],
            "{}: the last publication of each scope",
            db.name
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_retry_is_taken_once_and_keeps_the_published_health() {
    for db in db_common::all().await {
        let leader = ScopeHealthStore::new(db_common::open(&db.url).await);
        let standby = ScopeHealthStore::new(db_common::open(&db_common::same(&db).url).await);
        let refused = health("a", ScopeState::Refused, Some("HTTP 401"));
        leader.publish(&refused, 1).await.unwrap();
        standby.request_retry("a", 2).await.unwrap();
        // A scope nothing was published for yet.
        standby.request_retry("new", 2).await.unwrap();
        standby.request_retry("a", 3).await.unwrap();
        let (one, two) = tokio::join!(leader.take_retry_requests(), standby.take_retry_requests());
        let mut taken = [one.unwrap(), two.unwrap()].concat();
        taken.sort();
        assert_eq!(taken, ["a", "new"], "{}: each request once", db.name);
        assert!(leader.take_retry_requests().await.unwrap().is_empty());
        assert_eq!(leader.load().await.unwrap(), vec![refused.clone()], "{}", db.name);
        // A publication after a request keeps the request.
        standby.request_retry("a", 4).await.unwrap();
        leader.publish(&refused, 5).await.unwrap();
        assert_eq!(leader.take_retry_requests().await.unwrap(), ["a"], "{}", db.name);
    }
}
