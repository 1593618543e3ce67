//! The failure journal's pages on SQLite and on a real PostgreSQL server:
//! each filter with its exact total, the order, pages and their largest
//! size, and retention.

mod common;
mod db_common;
mod journal_common;

use journal_common::*;
use sdrs_console_server::db::journal::{Journal, SeenFailure};
use sdrs_models::{FailureStatus, JournalPage, JournalQuery, JournalState};

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
