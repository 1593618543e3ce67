//! The journal's trends on SQLite and on a real PostgreSQL server: bars by
//! failure status, top codes and groups, and the time to clear, equal to
//! what the journal itself lists.

mod common;
mod db_common;
mod journal_common;

use journal_common::*;
use sdrs_console_server::db::journal::{Journal, SeenFailure};
use sdrs_console_server::db::journal_trends::TrendsQuery;
use sdrs_models::{CodeCount, FailureStatus, GroupCount, JournalQuery, JournalState, TrendBucket};

const HOUR: i64 = 60 * MINUTE;

/// A bar as compared: its start, total and counts by status.
type Bar<'a> = (i64, u64, Vec<(&'a str, u64)>);

fn with(mut f: SeenFailure, code: Option<&str>, group: Option<&str>) -> SeenFailure {
    f.job.error_code = code.map(str::to_owned);
    f.server_group_id = group.map(str::to_owned);
    f
}

fn window(filters: JournalQuery, from_ms: i64, to_ms: i64) -> TrendsQuery {
    TrendsQuery {
        filters: JournalQuery {
            state: JournalState::All,
            ..filters
        },
        bucket: TrendBucket::Hour,
        from_ms,
        to_ms,
    }
}

/// prod: a, b, c, d (d began before the window); dr: e. Recorded at T0+2h;
/// b and c gone at T0+3h (an hour after first seen), e at T0+5h (three).
async fn filled(journal: &Journal) {
    let prod = scope("prod", "p1");
    let dr = scope("dr", "p2");
    let a = with(simple("a", 10), Some("SDRS.1001"), Some("g1"));
    let b = with(simple("b", 70), Some("SDRS.1001"), Some("g1"));
    let c = with(
        failure("c", "c", FailureStatus::DeleteFail, "protectedInstance", 70),
        None,
        None,
    );
    let d = with(simple("d", -5), Some("SDRS.1001"), None);
    let e = with(
        failure("e", "e", FailureStatus::StartFail, "protectedInstance", 20),
        Some("EVS.2024"),
        Some("g2"),
    );
    let first = T0 + 2 * HOUR;
    journal
        .record_round(&prod, &[a.clone(), b, c, d.clone()], first)
        .await
        .unwrap();
    journal.record_round(&dr, &[e], first).await.unwrap();
    journal.record_round(&prod, &[a, d], T0 + 3 * HOUR).await.unwrap();
    journal.record_round(&dr, &[], T0 + 5 * HOUR).await.unwrap();
}

#[tokio::test]
async fn bars_codes_groups_and_time_to_clear() {
    for db in db_common::all().await {
        let journal = Journal::new(db_common::open(&db.url).await);
        filled(&journal).await;
        let t = journal.trends(&window(query(), T0, T0 + 3 * HOUR)).await.unwrap();
        let name = &db.name;
        assert_eq!(t.total, 4, "{name}: d began before the window");
        let bars: Vec<Bar> = t
            .bars
            .iter()
            .map(|b| {
                let by: Vec<(&str, u64)> = b
                    .by_status
                    .iter()
                    .map(|s| (s.failure_status.as_str(), s.count))
                    .collect();
                (b.start_ms, b.total, by)
            })
            .collect();
        assert_eq!(
            bars,
            [
                (T0, 2, vec![("createFail", 1), ("startFail", 1)]),
                (T0 + HOUR, 2, vec![("createFail", 1), ("deleteFail", 1)]),
                (T0 + 2 * HOUR, 0, vec![]),
            ],
            "{name}"
        );
        assert_eq!(
            t.top_codes,
            [
                CodeCount {
                    error_code: Some("SDRS.1001".into()),
                    count: 2
                },
                CodeCount {
                    error_code: Some("EVS.2024".into()),
                    count: 1
                },
                CodeCount {
                    error_code: None,
                    count: 1
                },
            ],
            "{name}"
        );
        assert_eq!(
            t.top_groups,
            [
                GroupCount {
                    scope: "prod".into(),
                    server_group_id: "g1".into(),
                    count: 2
                },
                GroupCount {
                    scope: "dr".into(),
                    server_group_id: "g2".into(),
                    count: 1
                },
            ],
            "{name}"
        );
        // Cleared: b and c after an hour, e after three.
        let clear = &t.time_to_clear;
        assert_eq!(
            (clear.cleared, clear.median_secs, clear.p90_secs),
            (3, Some(3600), Some(3 * 3600)),
            "{name}"
        );
    }
}

/// The bars add up to what the journal lists for the same filters.
#[tokio::test]
async fn the_figures_equal_the_journals_counts() {
    for db in db_common::all().await {
        let journal = Journal::new(db_common::open(&db.url).await);
        filled(&journal).await;
        let everything = (T0 - HOUR, T0 + 3 * HOUR);
        let cases = [
            query(),
            JournalQuery {
                scope: Some("prod".into()),
                ..query()
            },
            JournalQuery {
                failure_status: Some("createFail".into()),
                ..query()
            },
            JournalQuery {
                state: JournalState::Open,
                ..query()
            },
            JournalQuery {
                state: JournalState::Cleared,
                ..query()
            },
            JournalQuery {
                server_group_id: Some("g1".into()),
                ..query()
            },
            JournalQuery {
                resource_name: Some("E".into()),
                ..query()
            },
        ];
        for filters in cases {
            let page = journal.page(&filters).await.unwrap();
            let mut q = window(filters.clone(), everything.0, everything.1);
            q.filters.state = filters.state;
            let t = journal.trends(&q).await.unwrap();
            assert_eq!(t.total, page.total, "{}: {filters:?}", db.name);
            let codes: u64 = t.top_codes.iter().map(|c| c.count).sum();
            assert_eq!(codes, page.total, "{}: {filters:?}", db.name);
            let cleared = page.entries.iter().filter(|e| e.gone_since.is_some()).count() as u64;
            assert_eq!(t.time_to_clear.cleared, cleared, "{}: {filters:?}", db.name);
        }
    }
}

/// What a click on a bar, a status of a bar, a code or a group lists (the
/// journal filtered by begin time, status, code or group) counts what the
/// figure showed.
#[tokio::test]
async fn a_picked_bar_code_or_group_lists_what_it_counted() {
    for db in db_common::all().await {
        let journal = Journal::new(db_common::open(&db.url).await);
        filled(&journal).await;
        let t = journal
            .trends(&window(query(), T0 - HOUR, T0 + 3 * HOUR))
            .await
            .unwrap();
        let all = || JournalQuery {
            state: JournalState::All,
            ..query()
        };
        let listed = |q: JournalQuery| {
            let journal = &journal;
            async move { journal.page(&q).await.unwrap().total }
        };
        for (i, bar) in t.bars.iter().enumerate() {
            let before = t.bars.get(i + 1).map_or(t.to.clone(), |b| b.start.clone());
            let span = JournalQuery {
                begun_from: Some(bar.start.clone()),
                begun_before: Some(before),
                ..all()
            };
            assert_eq!(
                listed(span.clone()).await,
                bar.total,
                "{}: bar {}",
                db.name,
                bar.start
            );
            for part in &bar.by_status {
                let q = JournalQuery {
                    failure_status: Some(part.failure_status.clone()),
                    ..span.clone()
                };
                assert_eq!(
                    listed(q).await,
                    part.count,
                    "{}: {} {:?}",
                    db.name,
                    bar.start,
                    part
                );
            }
        }
        let in_window = JournalQuery {
            begun_from: Some(t.from.clone()),
            begun_before: Some(t.to.clone()),
            ..all()
        };
        for code in t.top_codes.iter().filter(|c| c.error_code.is_some()) {
            let q = JournalQuery {
                error_code: code.error_code.clone(),
                ..in_window.clone()
            };
            assert_eq!(listed(q).await, code.count, "{}: {code:?}", db.name);
        }
        for group in &t.top_groups {
            let q = JournalQuery {
                scope: Some(group.scope.clone()),
                server_group_id: Some(group.server_group_id.clone()),
                ..in_window.clone()
            };
            assert_eq!(listed(q).await, group.count, "{}: {group:?}", db.name);
        }
        assert!(t.bars.iter().any(|b| b.total > 0) && !t.top_codes.is_empty() && !t.top_groups.is_empty());
    }
}
