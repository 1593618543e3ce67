//! The watcher and its journal as a whole, through running servers: a
//! console server watches emulators (each a project of its own with its
//! own key pair) named as scopes in a `--config` file; what it recorded is
//! read back from `/api/journal` and `/api/scopes` and compared with what
//! the emulators list and with the audit trail.

mod common;
mod watching_common;

use common::{client, send};
use reqwest::StatusCode;
use sdrs_models::{Clearance, JournalEntry, ScopeState};
use std::collections::{BTreeMap, BTreeSet};
use watching_common::*;

/// The entries of a journal page by job id.
fn by_job(entries: &[JournalEntry]) -> BTreeMap<String, &JournalEntry> {
    entries.iter().map(|e| (e.job.job_id.clone(), e)).collect()
}

/// What a delete removed: listed before and not after.
fn removed(
    before: &BTreeMap<String, Option<String>>,
    after: &BTreeMap<String, Option<String>>,
) -> BTreeSet<String> {
    before
        .keys()
        .filter(|id| !after.contains_key(*id))
        .cloned()
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scopes_failures_are_journalled_with_its_scope_region_and_project() {
    let emulators = [
        Emulator::start(1).await,
        Emulator::start(2).await,
        Emulator::start(3).await,
    ];
    let names = [("alpha", "lab-a"), ("beta", "lab-b"), ("gamma", "lab-c")];
    let dir = temp_dir();
    let scopes: Vec<ScopeOf> = names
        .iter()
        .zip(&emulators)
        .map(|((name, region), emu)| scope(name, region, emu))
        .collect();
    let console = Console::start(&write_config(&dir, &scopes), &sqlite_in(&dir)).await;

    let mut expected = Vec::new();
    for emu in &emulators {
        let listed = emu.listed_ids().await;
        assert!(
            listed.values().any(Option::is_some) && listed.values().any(Option::is_none),
            "the emulator lists failures at group level and in groups"
        );
        expected.push(listed);
    }
    let sum: usize = expected.iter().map(BTreeMap::len).sum();
    console.wait_for_rounds(sum as u64).await;

    let page = console.journal("state=all&limit=1000").await;
    assert_eq!(page.total, sum as u64);
    assert_eq!(page.entries.len(), sum);
    for (((name, region), emu), listed) in names.iter().zip(&emulators).zip(&expected) {
        let of_scope: Vec<JournalEntry> = page
            .entries
            .iter()
            .filter(|e| e.scope == *name)
            .cloned()
            .collect();
        let journalled: BTreeMap<String, Option<String>> = of_scope
            .iter()
            .map(|e| (e.job.job_id.clone(), e.server_group_id.clone()))
            .collect();
        assert!(
            &journalled == listed,
            "{name}: {} journalled, {} listed, or under other groups",
            journalled.len(),
            listed.len()
        );
        for e in &of_scope {
            assert_eq!(
                (e.region.as_str(), e.project_id.as_str()),
                (*region, emu.project_id.as_str())
            );
            assert_eq!((&e.gone_since, &e.cleared), (&None, &None), "{}", e.job.job_id);
            assert!(e.first_seen <= e.last_seen, "{e:?}");
        }
        // The scope filter counts exactly, and the health says as much.
        let filtered = console.journal(&format!("scope={name}&limit=1")).await;
        assert_eq!(filtered.total, listed.len() as u64, "{name}");
        let health = console.health(name).await;
        assert_eq!(
            (health.region.as_str(), health.project_id.as_str()),
            (*region, emu.project_id.as_str())
        );
        assert_eq!(health.open_failures, listed.len() as u64, "{name}");
        assert_eq!(health.error, None);
    }
    assert_eq!(console.journal("state=cleared").await.total, 0);
    console.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_deleted_upstream_stays_in_the_journal_cleared_outside() {
    let (a, b) = (Emulator::start(4).await, Emulator::start(5).await);
    let dir = temp_dir();
    let config = write_config(&dir, &[scope("alpha", "lab-a", &a), scope("beta", "lab-b", &b)]);
    let console = Console::start(&config, &sqlite_in(&dir)).await;
    let before = a.listed_ids().await;
    let sum = before.len() + b.listed_ids().await.len();
    console.wait_for_rounds(sum as u64).await;

    // A group-level failure of alpha, deleted in SDRS, not through the console.
    let job = a
        .listed()
        .await
        .into_iter()
        .find(|l| l.server_group_id.is_none())
        .unwrap()
        .job;
    a.delete_directly(&job.job_id).await;
    let gone = removed(&before, &a.listed_ids().await);
    assert!(gone.contains(&job.job_id), "{gone:?}");

    let cleared = wait_for("the deleted failure cleared in the journal", || async {
        let page = console.journal("state=cleared&limit=1000").await;
        (page.total == gone.len() as u64).then_some(page)
    })
    .await;
    let cleared = by_job(&cleared.entries);
    assert_eq!(cleared.keys().cloned().collect::<BTreeSet<_>>(), gone);
    for e in cleared.values() {
        assert_eq!(e.scope, "alpha");
        assert_eq!(e.cleared, Some(Clearance::Outside), "{}", e.job.job_id);
        let since = e.gone_since.as_deref().expect("gone_since");
        assert!(since > e.last_seen.as_str(), "{e:?}");
    }
    let json = send(client().get(format!("{}/api/journal?state=cleared", console.base))).await;
    let entry = json.json()["entries"][0].clone();
    assert_eq!(entry["cleared"], serde_json::json!({"by": "outside"}));
    assert!(entry["gone_since"].is_string());

    // Kept under "all"; no longer open; the scope counts one less.
    assert_eq!(console.journal("state=all&limit=1").await.total, sum as u64);
    assert_eq!(
        console.journal("state=open&limit=1").await.total,
        (sum - gone.len()) as u64
    );
    let all = console.journal("state=all&scope=alpha&limit=1000").await;
    assert!(by_job(&all.entries).contains_key(&job.job_id));
    let open_now = (before.len() - gone.len()) as u64;
    wait_for("alpha's open count after the delete", || async {
        (console.health("alpha").await.open_failures == open_now).then_some(())
    })
    .await;
    console.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delete_through_the_console_is_audited_with_its_scope_and_linked() {
    let (a, b) = (Emulator::start(6).await, Emulator::start(7).await);
    let dir = temp_dir();
    let config = write_config(&dir, &[scope("alpha", "lab-a", &a), scope("beta", "lab-b", &b)]);
    let console = Console::start(&config, &sqlite_in(&dir)).await;
    let before = b.listed_ids().await;
    let sum = a.listed_ids().await.len() + before.len();
    console.wait_for_rounds(sum as u64).await;

    // Deleted in beta by the id the console's delete rule sends.
    let job = b.listed().await[0].job.clone();
    let id = sdrs_models::failure_job_id(&job).to_owned();
    let url = format!(
        "{}/scopes/beta/v1/{}/task-center/failure-jobs/{id}",
        console.base, b.project_id
    );
    let r = send(client().delete(url)).await;
    assert!(r.status.is_success(), "{}: {}", r.status, r.text);
    let gone = removed(&before, &b.listed_ids().await);
    assert!(gone.contains(&job.job_id), "{gone:?}");

    let audit = send(client().get(format!("{}/audit/records?action=delete", console.base))).await;
    assert_eq!(audit.status, StatusCode::OK, "{}", audit.text);
    let records = audit.json()["records"].as_array().unwrap().clone();
    assert_eq!(records.len(), 1, "{}", audit.text);
    let record = &records[0];
    assert_eq!(record["region"], "lab-b", "{record}");
    assert_eq!(record["scope"], "beta", "{record}");
    assert_eq!(record["projectId"], b.project_id.as_str(), "{record}");
    assert_eq!(record["failureJobId"], id.as_str(), "{record}");
    assert_eq!(record["outcome"], "succeeded", "{record}");
    let audit_id = record["id"].as_i64().unwrap();

    let linked = |page: &sdrs_models::JournalPage| {
        let cleared = by_job(&page.entries);
        assert_eq!(cleared.keys().cloned().collect::<BTreeSet<_>>(), gone);
        for e in cleared.values() {
            assert_eq!((e.scope.as_str(), e.region.as_str()), ("beta", "lab-b"));
            assert!(e.gone_since.is_some());
            match &e.cleared {
                Some(Clearance::Console { audit_id: linked, .. }) => assert_eq!(*linked, audit_id),
                other => panic!("{}: cleared {other:?}", e.job.job_id),
            }
        }
    };
    let page = console.journal("state=cleared&limit=1000").await;
    linked(&page);
    let raw = send(client().get(format!("{}/api/journal?state=cleared", console.base))).await;
    let cleared = &raw.json()["entries"][0]["cleared"];
    assert_eq!(
        (&cleared["by"], &cleared["audit_id"]),
        (&"console".into(), &audit_id.into())
    );

    // The next rounds of beta find it gone too, and keep the link.
    let last = console.last_success("beta").await;
    let last = console.wait_for_round_after("beta", &last).await;
    console.wait_for_round_after("beta", &last).await;
    linked(&console.journal("state=cleared&limit=1000").await);
    assert_eq!(console.journal("scope=alpha&state=cleared").await.total, 0);
    assert_eq!(console.journal("state=all&limit=1").await.total, sum as u64);
    console.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_throttled_scope_backs_off_alone_while_the_other_keeps_polling() {
    let (a, b) = (Emulator::start(8).await, Emulator::start(9).await);
    let dir = temp_dir();
    let config = write_config(&dir, &[scope("alpha", "lab-a", &a), scope("beta", "lab-b", &b)]);
    let console = Console::start(&config, &sqlite_in(&dir)).await;
    let sum = a.listed_ids().await.len() + b.listed_ids().await.len();
    console.wait_for_rounds(sum as u64).await;

    // Three rounds of beta answered 429 with Retry-After: 5.
    b.queue_fault(serde_json::json!({
        "path_prefix": format!("/v1/{}/", b.project_id),
        "status": 429,
        "retry_after": 5,
        "times": 3,
        "body": r#"{"error_code":"APIGW.0308","error_msg":"The request is throttled"}"#,
        "content_type": "application/json"
    }))
    .await;
    let throttled = wait_for("beta backing off", || async {
        let h = console.health("beta").await;
        (h.state == ScopeState::Backoff).then_some(h)
    })
    .await;
    let error = throttled.error.expect("the error is shown");
    assert!(error.starts_with("HTTP 429"), "{error}");
    assert!(throttled.last_success.is_some(), "the last success stays shown");
    assert!(throttled.next_poll.is_some());

    // While beta waits, alpha completes rounds.
    let since = console.last_success("alpha").await;
    let mut rounds = 0;
    let mut last = since.clone();
    while rounds < 2 {
        let scopes = console.scopes().await;
        let beta = scopes.iter().find(|h| h.name == "beta").unwrap();
        assert_eq!(
            beta.state,
            ScopeState::Backoff,
            "beta is still throttled while alpha has done {rounds} rounds: {beta:?}"
        );
        let alpha = scopes.iter().find(|h| h.name == "alpha").unwrap();
        assert_eq!(alpha.state, ScopeState::Ok, "{alpha:?}");
        if alpha.last_success.as_deref() > Some(last.as_str()) {
            last = alpha.last_success.clone().unwrap();
            rounds += 1;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }

    // The faults used up, beta is polled again and the queue is empty.
    wait_for("beta polled again", || async {
        (console.health("beta").await.state == ScopeState::Ok).then_some(())
    })
    .await;
    let queue = send(client().get(format!("{}/__emulator/faults", b.base))).await;
    assert_eq!(queue.json(), serde_json::json!([]));
    assert_eq!(console.health("beta").await.error, None);
    assert_eq!(console.journal("state=all&limit=1").await.total, sum as u64);
    console.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_refused_credential_stops_its_scope_until_an_operator_retries() {
    let (a, c) = (Emulator::start(10).await, Emulator::start(11).await);
    let wrong = "WrongWatchingSecret0123456789abcdefghijk";
    let dir = temp_dir();
    let mut refused_scope = scope("gamma", "lab-c", &c);
    refused_scope.wrong_sk = Some(wrong);
    let config = write_config(&dir, &[scope("alpha", "lab-a", &a), refused_scope]);
    let console = Console::start(&config, &sqlite_in(&dir)).await;

    let gamma = wait_for("gamma refused", || async {
        let h = console.health("gamma").await;
        (h.state == ScopeState::Refused).then_some(h)
    })
    .await;
    let error = gamma.error.expect("the error is shown");
    assert!(error.starts_with("HTTP 401"), "{error}");
    for secret in [wrong, c.sk.as_str(), a.sk.as_str()] {
        assert!(!error.contains(secret), "{error}");
    }
    assert_eq!(gamma.next_poll, None, "no next poll is planned");
    let calls = c.calls().await;
    assert!(calls >= 1);

    // Several rounds of alpha later, gamma has not been called again.
    let mut last = console.last_success("alpha").await;
    for _ in 0..3 {
        last = console.wait_for_round_after("alpha", &last).await;
    }
    assert_eq!(c.calls().await, calls, "a refused scope is not polled");
    assert_eq!(console.health("gamma").await.state, ScopeState::Refused);

    // An operator's retry polls it once more; still refused.
    let retry = |name: &str| {
        let url = format!("{}/api/scopes/{name}/retry", console.base);
        async move { send(client().post(url)).await }
    };
    let r = retry("gamma").await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    wait_for("gamma polled again and refused", || async {
        let refused = console.health("gamma").await.state == ScopeState::Refused;
        (refused && c.calls().await > calls).then_some(())
    })
    .await;
    assert_eq!(c.calls().await, calls + 1, "one round, ended by its first answer");
    for _ in 0..2 {
        last = console.wait_for_round_after("alpha", &last).await;
    }
    assert_eq!(c.calls().await, calls + 1);
    let r = retry("nowhere").await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::NOT_FOUND, "SDRS.0201".to_owned())
    );
    assert_eq!(console.journal("scope=gamma").await.total, 0);
    console.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_round_cut_short_by_garbage_marks_nothing_gone() {
    let (a, b) = (Emulator::start(12).await, Emulator::start(13).await);
    let dir = temp_dir();
    let config = write_config(&dir, &[scope("alpha", "lab-a", &a), scope("beta", "lab-b", &b)]);
    let console = Console::start(&config, &sqlite_in(&dir)).await;
    let sum = a.listed_ids().await.len() + b.listed_ids().await.len();
    console.wait_for_rounds(sum as u64).await;

    // Beta's group level lists fine, then its group list is not JSON: had
    // the round been recorded, beta's failures in groups would be gone.
    b.queue_fault(serde_json::json!({
        "path_prefix": format!("/v1/{}/server-groups", b.project_id),
        "status": 200,
        "body": "<html>gateway maintenance</html>",
        "content_type": "text/html",
        "times": 2
    }))
    .await;
    let failed = wait_for("beta backing off", || async {
        let h = console.health("beta").await;
        (h.state == ScopeState::Backoff).then_some(h)
    })
    .await;
    let error = failed.error.expect("the error is shown");
    assert!(error.contains("protection group list"), "{error}");
    assert_eq!(console.journal("state=cleared").await.total, 0);
    assert_eq!(console.journal("state=open&limit=1").await.total, sum as u64);
    assert_eq!(console.health("alpha").await.state, ScopeState::Ok);

    wait_for("beta polled again", || async {
        (console.health("beta").await.state == ScopeState::Ok).then_some(())
    })
    .await;
    assert_eq!(console.journal("state=cleared").await.total, 0);
    console.stop().await;
}
