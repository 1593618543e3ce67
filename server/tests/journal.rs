//! The failure journal on SQLite and on a real PostgreSQL server: rounds
//! (first seen decided once, last seen, gone, reopened), the link to the
//! audit record of a console delete, filters with exact totals and pages,
//! retention; and `/api/journal` (JSON and CSV) of a running server.

mod common;
mod db_common;
mod team_common;

use common::{api, client, get, send, PROJECT};
use reqwest::StatusCode;
use sdrs_console_server::audit::record::{Action, NewRecord, Outcome};
use sdrs_console_server::db::journal::{Journal, RoundResult, ScopeRef, SeenFailure};
use sdrs_models::{
    Clearance, FailureJob, FailureStatus, JournalEntry, JournalPage, JournalQuery, JournalState, ResourceType,
};
use std::collections::HashSet;

const T0: i64 = 1_800_000_000_000;
const MINUTE: i64 = 60_000;

fn scope(name: &str, project_id: &str) -> ScopeRef {
    ScopeRef {
        name: name.into(),
        region: "ap-southeast-3".into(),
        project_id: project_id.into(),
    }
}

/// A failure that began `begin_min` minutes after `T0`.
fn failure(job_id: &str, name: &str, status: FailureStatus, kind: &str, begin_min: i64) -> SeenFailure {
    SeenFailure {
        server_group_id: None,
        job: FailureJob {
            job_id: job_id.into(),
            resource_id: format!("r-{job_id}"),
            resource_name: name.into(),
            resource_type: ResourceType(kind.into()),
            failure_status: status,
            begin_time: sdrs_console_server::util::timefmt::format_ms(T0 + begin_min * MINUTE),
            job_type: "createProtectedInstance".into(),
            ..FailureJob::default()
        },
    }
}

fn simple(job_id: &str, begin_min: i64) -> SeenFailure {
    failure(
        job_id,
        job_id,
        FailureStatus::CreateFail,
        "protectedInstance",
        begin_min,
    )
}

fn query() -> JournalQuery {
    JournalQuery {
        limit: 100,
        ..JournalQuery::default()
    }
}

fn ids(page: &JournalPage) -> Vec<&str> {
    page.entries.iter().map(|e| e.job.job_id.as_str()).collect()
}

fn entry<'a>(page: &'a JournalPage, job_id: &str) -> &'a JournalEntry {
    page.entries
        .iter()
        .find(|e| e.job.job_id == job_id)
        .unwrap_or_else(|| panic!("{job_id} not in {:?}", ids(page)))
}

fn time(ms: i64) -> String {
    sdrs_console_server::util::timefmt::format_ms(ms)
}

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

fn statuses(page: &JournalPage) -> Vec<(String, String)> {
    page.entries
        .iter()
        .map(|e| (e.scope.clone(), e.job.job_id.clone()))
        .collect()
}

#[tokio::test]
async fn filters_count_exactly_and_pages_follow_the_order() {
    for db in db_common::all().await {
        let journal = Journal::new(db_common::open(&db.url).await);
        let prod = scope("prod", "p1");
        let dr = scope("dr", "p2");
        let mut in_group = failure("j3", "DB-Main", FailureStatus::DeleteFail, "replication", 3);
        in_group.server_group_id = Some("g7".into());
        journal
            .record_round(
                &prod,
                &[
                    failure("j1", "web-1", FailureStatus::CreateFail, "protectedInstance", 1),
                    failure("j2", "Web-2", FailureStatus::CreateFail, "protected_instances", 2),
                    in_group,
                    failure("j4", "50%_off", FailureStatus::StartFail, "serverGroup", 4),
                ],
                T0,
            )
            .await
            .unwrap();
        // Same begin time in two scopes: scope, then job id, break the tie.
        journal
            .record_round(
                &dr,
                &[
                    failure("j2", "web-2", FailureStatus::CreateFail, "protectedInstance", 2),
                    failure("j0", "web-0", FailureStatus::CreateFail, "protectedInstance", 2),
                ],
                T0,
            )
            .await
            .unwrap();
        journal
            .record_round(&prod, &[simple("j1", 1)], T0 + MINUTE)
            .await
            .unwrap();

        let page = journal.page(&query()).await.unwrap();
        let order: Vec<(&str, &str)> = page
            .entries
            .iter()
            .map(|e| (e.scope.as_str(), e.job.job_id.as_str()))
            .collect();
        assert_eq!(
            order,
            [
                ("prod", "j4"),
                ("prod", "j3"),
                ("dr", "j0"),
                ("dr", "j2"),
                ("prod", "j2"),
                ("prod", "j1")
            ],
            "{}",
            db.name
        );
        assert_eq!(page.total, 6);

        let cases: Vec<(JournalQuery, Vec<(&str, &str)>)> = vec![
            (
                JournalQuery {
                    scope: Some("dr".into()),
                    ..query()
                },
                vec![("dr", "j0"), ("dr", "j2")],
            ),
            (
                JournalQuery {
                    state: JournalState::Open,
                    ..query()
                },
                vec![("dr", "j0"), ("dr", "j2"), ("prod", "j1")],
            ),
            (
                JournalQuery {
                    state: JournalState::Cleared,
                    ..query()
                },
                vec![("prod", "j4"), ("prod", "j3"), ("prod", "j2")],
            ),
            (
                JournalQuery {
                    failure_status: Some("createFail".into()),
                    ..query()
                },
                vec![("dr", "j0"), ("dr", "j2"), ("prod", "j2"), ("prod", "j1")],
            ),
            (
                // Both spellings of a kind are one kind.
                JournalQuery {
                    resource_type: Some("protected_instances".into()),
                    ..query()
                },
                vec![("dr", "j0"), ("dr", "j2"), ("prod", "j2"), ("prod", "j1")],
            ),
            (
                JournalQuery {
                    resource_type: Some("serverGroup".into()),
                    ..query()
                },
                vec![("prod", "j4")],
            ),
            (
                // A part of the name, any case.
                JournalQuery {
                    resource_name: Some("EB-2".into()),
                    ..query()
                },
                vec![("dr", "j2"), ("prod", "j2")],
            ),
            (
                // `%` and `_` are plain characters.
                JournalQuery {
                    resource_name: Some("0%_".into()),
                    ..query()
                },
                vec![("prod", "j4")],
            ),
            (
                JournalQuery {
                    resource_name: Some("_".into()),
                    ..query()
                },
                vec![("prod", "j4")],
            ),
            (
                JournalQuery {
                    server_group_id: Some("g7".into()),
                    ..query()
                },
                vec![("prod", "j3")],
            ),
            (
                JournalQuery {
                    scope: Some("prod".into()),
                    state: JournalState::Cleared,
                    failure_status: Some("createFail".into()),
                    resource_name: Some("web".into()),
                    ..query()
                },
                vec![("prod", "j2")],
            ),
            (
                JournalQuery {
                    scope: Some("nowhere".into()),
                    ..query()
                },
                vec![],
            ),
        ];
        for (q, expected) in cases {
            let page = journal.page(&q).await.unwrap();
            let got = statuses(&page);
            let expected: Vec<(String, String)> = expected
                .iter()
                .map(|(s, j)| (s.to_string(), j.to_string()))
                .collect();
            assert_eq!(got, expected, "{}: {}", db.name, q.to_query_string());
            assert_eq!(
                page.total,
                expected.len() as u64,
                "{}: {}",
                db.name,
                q.to_query_string()
            );
        }

        // Pages: the total stays exact whatever the page.
        let paged = |limit, offset| JournalQuery {
            limit,
            offset,
            ..query()
        };
        let second = journal.page(&paged(2, 2)).await.unwrap();
        assert_eq!(
            (second.total, statuses(&second)),
            (6, vec![("dr".into(), "j0".into()), ("dr".into(), "j2".into())])
        );
        let past = journal.page(&paged(2, 10)).await.unwrap();
        assert_eq!((past.total, past.entries.len()), (6, 0));
        let none = journal.page(&paged(0, 0)).await.unwrap();
        assert_eq!((none.total, none.entries.len()), (6, 0));
    }
}

#[tokio::test]
async fn a_page_is_at_most_the_largest_limit() {
    for db in db_common::all().await {
        let journal = Journal::new(db_common::open(&db.url).await);
        let many: Vec<SeenFailure> = (0..1_005).map(|i| simple(&format!("j{i:04}"), i)).collect();
        journal
            .record_round(&scope("prod", "p1"), &many, T0)
            .await
            .unwrap();
        let page = journal
            .page(&JournalQuery {
                limit: u32::MAX,
                ..query()
            })
            .await
            .unwrap();
        assert_eq!(page.total, 1_005, "{}", db.name);
        assert_eq!(page.entries.len(), JournalQuery::MAX_LIMIT as usize);
        assert_eq!(page.entries[0].job.job_id, "j1004");
    }
}

#[tokio::test]
async fn prune_deletes_only_what_was_gone_before_the_cutoff() {
    for db in db_common::all().await {
        let journal = Journal::new(db_common::open(&db.url).await);
        let prod = scope("prod", "p1");
        let all = [simple("old", 1), simple("recent", 2), simple("open", 3)];
        journal.record_round(&prod, &all, T0).await.unwrap();
        journal
            .record_round(&prod, &[simple("recent", 2), simple("open", 3)], T0 + MINUTE)
            .await
            .unwrap();
        journal
            .record_round(&prod, &[simple("open", 3)], T0 + 3 * MINUTE)
            .await
            .unwrap();
        assert_eq!(journal.prune(T0 + 2 * MINUTE).await.unwrap(), 1, "{}", db.name);
        let page = journal.page(&query()).await.unwrap();
        assert_eq!(ids(&page), ["open", "recent"], "{}", db.name);
        assert_eq!(
            journal.prune(T0 + 3 * MINUTE).await.unwrap(),
            0,
            "gone at the cutoff is kept"
        );
        assert_eq!(journal.prune(T0 + 10 * MINUTE).await.unwrap(), 1);
        let page = journal.page(&query()).await.unwrap();
        assert_eq!((ids(&page), page.total), (vec!["open"], 1), "{}", db.name);
        let cleared = JournalQuery {
            state: JournalState::Cleared,
            ..query()
        };
        assert_eq!(journal.page(&cleared).await.unwrap().total, 0);
    }
}

async fn failure_jobs(base: &str) -> Vec<FailureJob> {
    let reply = get(&api(base, "task-center/failure-jobs?limit=1000")).await;
    assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
    sdrs_models::FailureJobList::from_json(reply.text.as_bytes())
        .unwrap()
        .failure_jobs
}

#[tokio::test]
async fn the_api_serves_json_and_csv_and_links_a_console_delete() {
    for db in db_common::all().await {
        let base = common::start(&["--database", &db.url]).await;
        let journal = Journal::new(db_common::open(&db.url).await);
        let jobs = failure_jobs(&base).await;
        assert!(jobs.len() >= 2, "the emulator lists group-level failures");
        let seen: Vec<SeenFailure> = jobs
            .iter()
            .map(|job| SeenFailure {
                server_group_id: None,
                job: job.clone(),
            })
            .collect();
        let here = scope("emulated", PROJECT);
        journal.record_round(&here, &seen, T0).await.unwrap();

        // A delete through the console (by `anonymous`: emulate mode
        // without sign-in).
        let gone = &jobs[0];
        let sent = sdrs_models::failure_job_id(gone);
        let res = send(client().delete(api(&base, &format!("task-center/failure-jobs/{sent}")))).await;
        assert!(res.status.is_success(), "{}: {}", res.status, res.text);

        let reply = get(&format!("{base}/api/journal?state=cleared&limit=5")).await;
        assert_eq!(reply.status, StatusCode::OK, "{}", reply.text);
        assert_eq!(reply.header("cache-control"), Some("no-store"));
        let page: JournalPage = serde_json::from_str(&reply.text).unwrap();
        assert!(page.total >= 1, "{}: {}", db.name, reply.text);
        let cleared = page
            .entries
            .iter()
            .find(|e| e.job.job_id == gone.job_id)
            .unwrap_or_else(|| panic!("{}: {} not cleared: {}", db.name, gone.job_id, reply.text));
        match &cleared.cleared {
            Some(Clearance::Console { user, audit_id }) => {
                assert_eq!(user, "anonymous");
                let audit = get(&format!("{base}/audit/records?action=delete")).await.json();
                assert_eq!(audit["records"][0]["id"].as_i64(), Some(*audit_id), "{}", db.name);
                assert_eq!(audit["records"][0]["user"], "anonymous");
            }
            other => panic!("{}: cleared {other:?}", db.name),
        }

        let all = get(&format!("{base}/api/journal?limit=1000")).await;
        let all: JournalPage = serde_json::from_str(&all.text).unwrap();
        assert_eq!(all.total, jobs.len() as u64);
        let name = &jobs[1].resource_name;
        let by_name = get(&format!(
            "{base}/api/journal?scope=emulated&resource_name={}",
            name.to_uppercase().replace(' ', "%20")
        ))
        .await;
        let by_name: JournalPage = serde_json::from_str(&by_name.text).unwrap();
        assert!(by_name.entries.iter().any(|e| e.job.job_id == jobs[1].job_id));

        let csv = get(&format!("{base}/api/journal.csv?state=all")).await;
        assert_eq!(csv.status, StatusCode::OK);
        assert!(csv.header("content-type").unwrap().starts_with("text/csv"));
        assert!(csv
            .header("content-disposition")
            .unwrap()
            .starts_with("attachment;"));
        assert_eq!(csv.header("cache-control"), Some("no-store"));
        let mut reader = csv::Reader::from_reader(csv.text.as_bytes());
        assert_eq!(&reader.headers().unwrap()[0], "scope");
        let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert_eq!(rows.len(), jobs.len(), "{}", db.name);
        let row = rows.iter().find(|r| &r[4] == gone.job_id.as_str()).unwrap();
        assert_eq!(
            (&row[0], &row[17], &row[19]),
            ("emulated", "console", "anonymous")
        );
        let limited = get(&format!("{base}/api/journal.csv?limit=1")).await;
        assert_eq!(limited.text.split_terminator("\r\n").count(), 2);

        for bad in ["state=bogus", "limit=0", "limit=1001", "offset=-1", "offset=x"] {
            let reply = get(&format!("{base}/api/journal?{bad}")).await;
            assert_eq!(reply.status, StatusCode::BAD_REQUEST, "{bad}: {}", reply.text);
            assert_eq!(reply.code(), "SDRS.0201", "{bad}");
        }
        // The CSV takes larger pages, up to its own limit.
        for bad in ["state=bogus", "limit=0", "limit=100001", "offset=-1"] {
            let csv = get(&format!("{base}/api/journal.csv?{bad}")).await;
            assert_eq!(csv.status, StatusCode::BAD_REQUEST, "csv {bad}");
        }
        assert_eq!(
            get(&format!("{base}/api/journal.csv?limit=1001")).await.status,
            StatusCode::OK
        );
        let reply = get(&format!("{base}/api/journal?state=bogus")).await;
        assert!(
            reply.text.contains("state must be open, cleared or all"),
            "{}",
            reply.text
        );
        let post = send(client().post(format!("{base}/api/journal"))).await;
        assert_eq!(post.status, StatusCode::METHOD_NOT_ALLOWED);
    }
}

/// Behind team sign-in the journal needs a session; any role reads it.
#[tokio::test]
async fn the_journal_is_read_by_signed_in_users_of_any_role() {
    // A database of its own, not the tests' shared default file.
    let db = db_common::sqlite();
    let base = team_common::team_server(&["--database", &db.url]).await;
    for path in ["/api/journal", "/api/journal.csv"] {
        let anonymous = get(&format!("{base}{path}")).await;
        assert_eq!(anonymous.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(anonymous.code(), "SDRS.0002");
        let bob = team_common::sign_in(&base, "bob", team_common::BOB_PASSWORD).await;
        let viewer =
            team_common::with_session(reqwest::Method::GET, &format!("{base}{path}"), &bob, false).await;
        assert_eq!(viewer.status, StatusCode::OK, "{path}: {}", viewer.text);
    }
}
