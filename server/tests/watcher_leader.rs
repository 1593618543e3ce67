//! The watcher's leadership on one PostgreSQL: of two server instances
//! exactly one polls, and the other takes over when the holder goes away
//! or loses its connection.

mod common;
mod db_common;

use sdrs_console_server::watcher::leader::gate_for;
use sqlx::Connection;
use std::future::Future;
use std::time::Duration;

const ONE_HOUR: Duration = Duration::from_secs(3600);

/// Asks `hold` until it answers true, a bounded number of times: the
/// server frees a closed connection's lock once it notices the close.
async fn takes_over<F: Future<Output = bool>>(mut hold: impl FnMut() -> F) -> bool {
    for _ in 0..100 {
        if hold().await {
            return true;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    false
}

#[tokio::test]
async fn one_instance_leads_and_another_takes_over_when_it_stops() {
    let Some(db) = db_common::postgres().await else {
        return;
    };
    let first = gate_for(db_common::open(&db.url).await, Duration::ZERO);
    let second = gate_for(db_common::open(&db.url).await, Duration::ZERO);
    assert!(first.hold().await, "the first instance to ask leads");
    assert!(!second.hold().await, "a second instance does not");
    // Asking again changes nothing.
    assert!(first.hold().await);
    assert!(!second.hold().await);
    // The leader stops: its connection, and so its lock, goes.
    drop(first);
    assert!(
        takes_over(|| second.hold()).await,
        "the second instance took over"
    );
    assert!(second.hold().await);
}

#[tokio::test]
async fn a_leader_whose_connection_dies_stops_leading() {
    let Some(db) = db_common::postgres().await else {
        return;
    };
    // The first one would try again only after an hour.
    let first = gate_for(db_common::open(&db.url).await, ONE_HOUR);
    let second = gate_for(db_common::open(&db.url).await, Duration::ZERO);
    assert!(first.hold().await);
    assert!(!second.hold().await);

    // The database ends the leader's connection (a restart, a network cut).
    let mut admin = sqlx::PgConnection::connect(&db.url).await.unwrap();
    let ended: Vec<(bool,)> = sqlx::query_as(
        "SELECT pg_terminate_backend(pid) FROM pg_locks
         WHERE locktype = 'advisory' AND granted
           AND database = (SELECT oid FROM pg_database WHERE datname = current_database())",
    )
    .fetch_all(&mut admin)
    .await
    .unwrap();
    assert_eq!(ended, [(true,)], "one connection held the lock");

    assert!(!first.hold().await, "a dead connection is lost leadership");
    assert!(
        takes_over(|| second.hold()).await,
        "the second instance took over"
    );
    // The first waits for its retry interval, then finds the lock held.
    assert!(!first.hold().await);
    admin.close().await.ok();
}

#[tokio::test]
async fn leadership_is_per_database() {
    let Some(one) = db_common::postgres().await else {
        return;
    };
    let Some(other) = db_common::postgres().await else {
        return;
    };
    let a = gate_for(db_common::open(&one.url).await, Duration::ZERO);
    let b = gate_for(db_common::open(&other.url).await, Duration::ZERO);
    assert!(a.hold().await);
    assert!(
        b.hold().await,
        "instances of another database have their own leader"
    );
}
