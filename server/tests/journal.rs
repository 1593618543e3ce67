//! The failure journal on SQLite and on a real PostgreSQL server: rounds
//! (first seen decided once, last seen, gone, reopened) and the link to the
//! audit record of a console delete.

mod common;
mod db_common;
mod journal_common;

use journal_common::*;
use sdrs_console_server::audit::record::{Action, NewRecord, Outcome};
use sdrs_console_server::db::journal::{Journal, RoundResult, SeenFailure};
use sdrs_models::{Clearance, FailureStatus, JournalQuery, JournalState};
use std::collections::HashSet;

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn first_seen_is_decided_once_when_two_instances_record_the_same_round() {
    for db in db_common::all().await {
        // Two server instances: two pools on one database. More rows than
        // one statement writes, so the rounds interleave chunk by chunk.
        let a = Journal::new(db_common::open(&db.url).await);
        let b = Journal::new(db_common::open(&db_common::same(&db).url).await);
        let seen: Vec<SeenFailure> = (0..1_200).map(|i| simple(&format!("j{i:04}"), i)).collect();
        let prod = scope("prod", "p1");
        for round in 0..3 {
            let now = T0 + round * MINUTE;
            let (ra, rb) = tokio::join!(
                a.record_round(&prod, &seen, now),
                b.record_round(&prod, &seen, now)
            );
            let (ra, rb) = (ra.unwrap(), rb.unwrap());
            let new_a: HashSet<&String> = ra.new.iter().collect();
            let new_b: HashSet<&String> = rb.new.iter().collect();
            assert!(
                new_a.is_disjoint(&new_b),
                "{}: a failure first seen twice",
                db.name
            );
            let expected_new = if round == 0 { seen.len() } else { 0 };
            assert_eq!(
                new_a.len() + new_b.len(),
                expected_new,
                "{} round {round}",
                db.name
            );
            assert_eq!((ra.open, rb.open), (1_200, 1_200), "{}", db.name);
            assert!(ra.gone.is_empty() && rb.gone.is_empty());
        }
        let page = a.page(&query()).await.unwrap();
        assert_eq!(page.total, 1_200);
        assert!(page
            .entries
            .iter()
            .all(|e| e.first_seen == time(T0) && e.last_seen == time(T0 + 2 * MINUTE)));
    }
}

#[tokio::test]
async fn rounds_refresh_last_seen_mark_gone_and_reopen() {
    for db in db_common::all().await {
        let journal = Journal::new(db_common::open(&db.url).await);
        let prod = scope("prod", "p1");
        let (t1, t2, t3) = (T0, T0 + MINUTE, T0 + 2 * MINUTE);
        let mut b = simple("b", 2);
        b.server_group_id = Some("g1".into());
        let first = journal
            .record_round(&prod, &[simple("a", 1), b.clone(), simple("c", 3)], t1)
            .await
            .unwrap();
        assert_eq!(
            first,
            RoundResult {
                new: vec!["a".into(), "b".into(), "c".into()],
                gone: vec![],
                open: 3
            },
            "{}",
            db.name
        );

        // b is listed with new fields; c is no longer listed.
        b.job.failure_status = FailureStatus::DeleteFail;
        b.job.fail_reason = Some("quota".into());
        let second = journal
            .record_round(&prod, &[simple("a", 1), b.clone()], t2)
            .await
            .unwrap();
        assert_eq!(
            second,
            RoundResult {
                new: vec![],
                gone: vec!["c".into()],
                open: 2
            }
        );
        let page = journal.page(&query()).await.unwrap();
        assert_eq!(
            ids(&page),
            ["c", "b", "a"],
            "{}: newest begin time first",
            db.name
        );
        let a = entry(&page, "a");
        assert_eq!(
            (a.first_seen.as_str(), a.last_seen.as_str()),
            (time(t1).as_str(), time(t2).as_str())
        );
        assert_eq!((&a.gone_since, &a.cleared), (&None, &None));
        assert_eq!(
            (a.scope.as_str(), a.region.as_str(), a.project_id.as_str()),
            ("prod", "ap-southeast-3", "p1")
        );
        let got_b = entry(&page, "b");
        assert_eq!(got_b.job, b.job, "{}: the fields as last listed", db.name);
        assert_eq!(got_b.server_group_id.as_deref(), Some("g1"));
        let c = entry(&page, "c");
        assert_eq!(c.gone_since, Some(time(t2)));
        assert_eq!(c.cleared, Some(Clearance::Outside));
        assert_eq!(c.last_seen, time(t1));

        // c is listed again: open, its first sighting kept.
        let third = journal
            .record_round(&prod, &[simple("a", 1), b, simple("c", 3)], t3)
            .await
            .unwrap();
        assert_eq!(
            third,
            RoundResult {
                new: vec![],
                gone: vec![],
                open: 3
            }
        );
        let page = journal.page(&query()).await.unwrap();
        let c = entry(&page, "c");
        assert_eq!((&c.gone_since, &c.cleared), (&None, &None), "{}", db.name);
        assert_eq!((c.first_seen.clone(), c.last_seen.clone()), (time(t1), time(t3)));

        // An empty round clears the scope, and only that scope.
        let other = scope("dr", "p2");
        journal.record_round(&other, &[simple("a", 1)], t3).await.unwrap();
        let emptied = journal.record_round(&prod, &[], t3 + MINUTE).await.unwrap();
        assert_eq!((emptied.gone.len(), emptied.open), (3, 0));
        assert_eq!(
            journal.open_counts().await.unwrap(),
            [("dr".to_owned(), 1)],
            "{}",
            db.name
        );
    }
}

fn audit_record(user: &str, project_id: &str, sent_id: &str, at: i64) -> NewRecord {
    NewRecord {
        user: user.into(),
        method: "local".into(),
        action: Action::Delete,
        project_id: project_id.into(),
        region: None,
        scope: None,
        failure_job_id: Some(sent_id.into()),
        server_group_id: None,
        started_at_ms: at,
        removed: vec![],
    }
}

#[tokio::test]
async fn a_console_delete_links_its_audit_record() {
    for db in db_common::all().await {
        let handle = db_common::open(&db.url).await;
        let journal = Journal::new(handle.clone());
        let prod = scope("prod", "p1");
        let other = scope("other", "p2");
        let all = [simple("a", 1), simple("b", 2), simple("c", 3), simple("d", 4)];
        journal.record_round(&prod, &all, T0).await.unwrap();
        journal.record_round(&other, &[simple("b", 2)], T0).await.unwrap();

        // b deleted by its resource id, c by its job id.
        let t = T0 + MINUTE;
        let ana = handle
            .insert_pending(&audit_record("ana", "p1", "r-b", t))
            .await
            .unwrap();
        handle
            .complete(ana, Outcome::Succeeded, Some(204), None, t + 5)
            .await
            .unwrap();
        let linked = journal
            .cleared_by_console("p1", &["r-b".into(), "c".into()], ana, t + 5)
            .await
            .unwrap();
        assert_eq!(linked, 2, "{}", db.name);
        let page = journal.page(&query()).await.unwrap();
        let ana_cleared = Some(Clearance::Console {
            audit_id: ana,
            user: "ana".into(),
        });
        let b = page
            .entries
            .iter()
            .find(|e| e.job.job_id == "b" && e.scope == "prod")
            .unwrap();
        assert_eq!((&b.cleared, &b.gone_since), (&ana_cleared, &Some(time(t + 5))));
        assert_eq!(entry(&page, "c").cleared, ana_cleared);
        let other_b = page.entries.iter().find(|e| e.scope == "other").unwrap();
        assert_eq!(
            other_b.cleared, None,
            "{}: another project's failure stays open",
            db.name
        );
        // The totals follow (summed from the kept counts).
        let open = JournalQuery {
            state: JournalState::Open,
            ..query()
        };
        assert_eq!(journal.page(&open).await.unwrap().total, 3, "{}", db.name);
        assert_eq!(
            journal.open_counts().await.unwrap(),
            [("other".to_owned(), 1), ("prod".to_owned(), 2)]
        );

        // A poll that listed b just before the delete reopens it; when it
        // is gone again it is still the console's delete.
        journal
            .record_round(&prod, &[simple("a", 1), simple("b", 2), simple("d", 4)], t + 6)
            .await
            .unwrap();
        let round = journal
            .record_round(&prod, &[simple("a", 1)], t + 7)
            .await
            .unwrap();
        assert_eq!(round.gone, ["b", "d"]);
        let page = journal.page(&query()).await.unwrap();
        let b = page
            .entries
            .iter()
            .find(|e| e.job.job_id == "b" && e.scope == "prod")
            .unwrap();
        assert_eq!(b.cleared, ana_cleared, "{}", db.name);
        // d: gone by a poll after bo's delete started, linked when it completes.
        let bo = handle
            .insert_pending(&audit_record("bo", "p1", "d", t + 7))
            .await
            .unwrap();
        journal
            .cleared_by_console("p1", &["d".into()], bo, t + 8)
            .await
            .unwrap();
        let page = journal.page(&query()).await.unwrap();
        let d = entry(&page, "d");
        assert_eq!(
            (&d.cleared, &d.gone_since),
            (
                &Some(Clearance::Console {
                    audit_id: bo,
                    user: "bo".into()
                }),
                &Some(time(t + 7))
            ),
            "{}",
            db.name
        );
        // A row gone before the delete started is not the delete's.
        let late = handle
            .insert_pending(&audit_record("cy", "p1", "b", t + 60))
            .await
            .unwrap();
        let linked = journal
            .cleared_by_console("p1", &["b".into()], late, t + 61)
            .await
            .unwrap();
        assert_eq!(linked, 0, "{}", db.name);
        assert_eq!(journal.cleared_by_console("p1", &[], late, t).await.unwrap(), 0);
    }
}
