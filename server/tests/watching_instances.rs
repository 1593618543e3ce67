//! Two console servers with one `--config` on one PostgreSQL database:
//! exactly one polls, and when it stops the other takes over with the
//! journal intact. Needs the PostgreSQL server of `scripts/test`
//! (`SDRS_TEST_POSTGRES_URL`); without it the test says so and is skipped,
//! or fails under `SDRS_REQUIRE_ALL_TOOLS=1`.

mod common;
mod db_common;
mod watching_common;

use common::{client, send};
use sdrs_models::{Clearance, ScopeState};
use std::collections::BTreeMap;
use watching_common::*;

/// (scope, job id) → first seen, of every entry.
async fn first_sightings(console: &Console) -> BTreeMap<(String, String), String> {
    let page = console.journal("state=all&limit=1000").await;
    assert_eq!(page.entries.len() as u64, page.total);
    page.entries
        .into_iter()
        .map(|e| ((e.scope, e.job.job_id), e.first_seen))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_of_two_instances_polls_and_the_other_takes_over_when_it_stops() {
    let Some(db) = db_common::postgres().await else {
        return;
    };
    let (a, b) = (Emulator::start(21).await, Emulator::start(22).await);
    let dir = temp_dir();
    let config = write_config(&dir, &[scope("alpha", "lab-a", &a), scope("beta", "lab-b", &b)]);
    let sum = (a.listed_ids().await.len() + b.listed_ids().await.len()) as u64;
    let first = Console::start(&config, &db.url).await;
    let second = Console::start(&config, &db.url).await;

    let all_ok = |scopes: &[sdrs_models::ScopeHealth]| scopes.iter().all(|h| h.state == ScopeState::Ok);
    // Whichever took the lock first polls; the other stands by.
    let first_leads = wait_for("one instance to poll every scope", || async {
        let (one, two) = (first.polls().await, second.polls().await);
        assert!(!(one && two), "both instances poll");
        if one && all_ok(&first.scopes().await) {
            Some(true)
        } else if two && all_ok(&second.scopes().await) {
            Some(false)
        } else {
            None
        }
    })
    .await;
    let (leader, standby) = if first_leads {
        (first, second)
    } else {
        (second, first)
    };
    leader.wait_for_rounds(sum).await;
    let seen = first_sightings(&leader).await;
    assert_eq!(seen.len() as u64, sum);

    // Over further rounds of the leader, the standby still stands by and
    // shows the leader's health.
    for name in ["alpha", "beta"] {
        let mut last = leader.last_success(name).await;
        for _ in 0..2 {
            last = leader.wait_for_round_after(name, &last).await;
        }
        assert!(!standby.polls().await);
        let shown = standby.health(name).await;
        assert_eq!(shown.state, ScopeState::Ok);
        assert!(shown.last_success.as_deref() >= Some(last.as_str()), "{shown:?}");
    }
    // One database: both read the same journal, each entry first seen once.
    assert_eq!(first_sightings(&standby).await, seen);
    let before_stop = leader.last_success("alpha").await;

    // The leader stops; a failure is deleted upstream meanwhile.
    leader.stop().await;
    let job = a.listed().await[0].job.job_id.clone();
    a.delete_directly(&job).await;

    wait_for("the standby to take over", || async {
        (standby.polls().await && standby.last_success("alpha").await > before_stop).then_some(())
    })
    .await;
    let cleared = wait_for("the new leader to find the delete", || async {
        let page = standby.journal("state=cleared&limit=1000").await;
        (page.total > 0).then_some(page)
    })
    .await;
    assert!(cleared.entries.iter().any(|e| e.job.job_id == job));
    for e in &cleared.entries {
        assert_eq!(
            (e.scope.as_str(), &e.cleared),
            ("alpha", &Some(Clearance::Outside))
        );
    }
    // Every entry kept, with its first sighting as it was.
    assert_eq!(first_sightings(&standby).await, seen);
    let open = standby.journal("state=open&limit=1000").await;
    assert_eq!(open.total, sum - cleared.total);
    for e in &open.entries {
        assert!(e.last_seen > before_stop, "{e:?}");
    }
    standby.stop().await;
}

/// Regression: an instance that did not poll showed every scope as
/// "pending" (a strip that changed with each request behind a round-robin
/// proxy) and took a retry without passing it on.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_standby_shows_a_refused_scope_and_passes_a_retry_to_the_leader() {
    let Some(db) = db_common::postgres().await else {
        return;
    };
    let (a, c) = (Emulator::start(23).await, Emulator::start(24).await);
    let dir = temp_dir();
    let mut refused_scope = scope("gamma", "lab-c", &c);
    refused_scope.wrong_sk = Some("WrongInstancesSecret0123456789abcdefghij");
    let config = write_config(&dir, &[scope("alpha", "lab-a", &a), refused_scope]);
    let first = Console::start(&config, &db.url).await;
    let second = Console::start(&config, &db.url).await;
    let leader_is_first = wait_for("one instance to find gamma refused", || async {
        for (i, console) in [&first, &second].into_iter().enumerate() {
            if console.polls().await && console.health("gamma").await.state == ScopeState::Refused {
                return Some(i == 0);
            }
        }
        None
    })
    .await;
    let (leader, standby) = if leader_is_first {
        (first, second)
    } else {
        (second, first)
    };
    assert!(!standby.polls().await);
    let shown = standby.health("gamma").await;
    assert_eq!(shown.state, ScopeState::Refused);
    assert!(
        shown.error.as_deref().is_some_and(|e| e.starts_with("HTTP 401")),
        "{shown:?}"
    );
    let calls = c.calls().await;

    let r = send(client().post(format!("{}/api/scopes/gamma/retry", standby.base))).await;
    assert_eq!(r.status, reqwest::StatusCode::NO_CONTENT, "{}", r.text);
    wait_for("the leader to poll gamma again", || async {
        (c.calls().await > calls).then_some(())
    })
    .await;
    // Refused again, and polled no more until the next retry.
    let last = leader.last_success("alpha").await;
    let last = leader.wait_for_round_after("alpha", &last).await;
    leader.wait_for_round_after("alpha", &last).await;
    assert_eq!(c.calls().await, calls + 1);
    assert_eq!(standby.health("gamma").await.state, ScopeState::Refused);
    leader.stop().await;
    standby.stop().await;
}
