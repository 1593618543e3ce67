//! `failure_journal_names` on SQLite and on a real PostgreSQL server: its
//! counts equal a count over the journal after every kind of write, and a
//! name filter gives the same total and rows whether its page is read by
//! name or found in begin time order.

mod common;
mod db_common;
mod journal_common;

use journal_common::*;
use sdrs_console_server::audit::record::{Action, NewRecord, Outcome};
use sdrs_console_server::db::journal::{Journal, SeenFailure};
use sdrs_models::{FailureStatus, JournalQuery, JournalState};
use sqlx::Row;

/// (name, open, gone) per name holding a failure, from the names table
/// and counted over the journal.
async fn both_counts(url: &str) -> (Vec<(String, i64, i64)>, Vec<(String, i64, i64)>) {
    let pool = sqlx::AnyPool::connect(url).await.unwrap();
    let read = |sql: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query(sql)
                .fetch_all(&pool)
                .await
                .unwrap()
                .iter()
                .map(|r| (r.get(0), r.get(1), r.get(2)))
                .collect::<Vec<(String, i64, i64)>>()
        }
    };
    let kept = read(
        "SELECT resource_name_lower, n_open, n_gone FROM failure_journal_names \
         WHERE n_open <> 0 OR n_gone <> 0 ORDER BY resource_name_lower",
    )
    .await;
    let counted = read(
        "SELECT resource_name_lower, \
         CAST(SUM(CASE WHEN gone_since_ms IS NULL THEN 1 ELSE 0 END) AS BIGINT), \
         CAST(SUM(CASE WHEN gone_since_ms IS NULL THEN 0 ELSE 1 END) AS BIGINT) \
         FROM failure_journal GROUP BY resource_name_lower ORDER BY resource_name_lower",
    )
    .await;
    pool.close().await;
    (kept, counted)
}

async fn assert_counts_match(url: &str, db: &str, step: &str) -> Vec<(String, i64, i64)> {
    let (kept, counted) = both_counts(url).await;
    assert_eq!(kept, counted, "{db}: after {step}");
    kept
}

fn named(job_id: &str, name: &str, begin_min: i64) -> SeenFailure {
    failure(
        job_id,
        name,
        FailureStatus::CreateFail,
        "protectedInstance",
        begin_min,
    )
}

fn delete_record(project_id: &str, at: i64) -> NewRecord {
    NewRecord {
        user: "ana".into(),
        method: "local".into(),
        action: Action::Delete,
        project_id: project_id.into(),
        region: None,
        scope: None,
        failure_job_id: Some("x".into()),
        server_group_id: None,
        started_at_ms: at,
        removed: vec![],
    }
}

#[tokio::test]
async fn the_names_count_what_the_journal_holds_after_every_write() {
    for db in db_common::all().await {
        let handle = db_common::open(&db.url).await;
        let journal = Journal::new(handle.clone());
        let (prod, dr) = (scope("prod", "p1"), scope("dr", "p2"));
        // One name many times, across two scopes, in mixed case.
        let round: Vec<SeenFailure> = (0..30)
            .map(|i| {
                named(
                    &format!("w{i:02}"),
                    if i % 2 == 0 { "Web-01" } else { "web-01" },
                    i,
                )
            })
            .chain([named("d1", "db-01", 40), named("d2", "db-02", 41)])
            .collect();
        journal.record_round(&prod, &round, T0).await.unwrap();
        journal.record_round(&dr, &round[..5], T0).await.unwrap();
        let kept = assert_counts_match(&db.url, db.name, "the first rounds").await;
        assert_eq!(
            kept,
            [
                ("db-01".to_owned(), 1, 0),
                ("db-02".to_owned(), 1, 0),
                ("web-01".to_owned(), 35, 0)
            ],
            "{}",
            db.name
        );

        // Gone: w00..w09 and d2 are no longer listed.
        journal
            .record_round(&prod, &round[10..31], T0 + MINUTE)
            .await
            .unwrap();
        assert_counts_match(&db.url, db.name, "a round with failures gone").await;
        // Reappear (one renamed, one with a new status), and a rename of an open one.
        let mut again = round[10..31].to_vec();
        again.push(named("w00", "web-01", 0));
        again.push(named("w01", "App-9", 1));
        again.push(failure(
            "d2",
            "db-02",
            FailureStatus::DeleteFail,
            "replication",
            41,
        ));
        again[0] = named("w10", "cache-7", 10);
        journal
            .record_round(&prod, &again, T0 + 2 * MINUTE)
            .await
            .unwrap();
        let kept = assert_counts_match(&db.url, db.name, "failures listed again").await;
        assert!(
            kept.contains(&("app-9".to_owned(), 1, 0)),
            "{}: {kept:?}",
            db.name
        );

        // Cleared through the console: an open one goes, a gone one is linked.
        let t = T0 + 3 * MINUTE;
        let audit = handle.insert_pending(&delete_record("p1", t)).await.unwrap();
        handle
            .complete(audit, Outcome::Succeeded, Some(204), None, t)
            .await
            .unwrap();
        journal
            .cleared_by_console("p1", &["w11".into(), "r-w12".into(), "w02".into()], audit, t)
            .await
            .unwrap();
        assert_counts_match(&db.url, db.name, "a console delete").await;

        // The prune deletes what was gone; names left without a failure go.
        journal.record_round(&dr, &[], t + MINUTE).await.unwrap();
        assert!(journal.prune(t + 2 * MINUTE).await.unwrap() > 0);
        let kept = assert_counts_match(&db.url, db.name, "a prune").await;
        assert!(kept.iter().all(|(_, open, gone)| *open > 0 && *gone == 0));
        let pool = sqlx::AnyPool::connect(&db.url).await.unwrap();
        let empty: i64 =
            sqlx::query("SELECT COUNT(*) FROM failure_journal_names WHERE n_open = 0 AND n_gone = 0")
                .fetch_one(&pool)
                .await
                .unwrap()
                .get(0);
        assert_eq!(empty, 0, "{}: a prune drops the names no failure holds", db.name);
        pool.close().await;
    }
}

/// Regression: a name filter reads the rows of the matching names when they
/// are few and walks the begin time order when they are many; both must
/// give the total and the rows a plain `LIKE` over the journal gives.
#[tokio::test]
async fn a_name_filter_gives_the_same_rows_read_by_name_or_in_begin_order() {
    for db in db_common::all().await {
        let journal = Journal::new(db_common::open(&db.url).await);
        let (prod, dr) = (scope("prod", "p1"), scope("dr", "p2"));
        // "web-01" repeated 300 times in each scope; "rare-7" 3 times; the
        // same begin times in both scopes, so scope and job id break ties.
        let round: Vec<SeenFailure> = (0..300)
            .map(|i| named(&format!("w{i:03}"), "web-01", i / 2))
            .chain((0..3).map(|i| named(&format!("r{i}"), "RARE-7", 100 + i)))
            .collect();
        for s in [&prod, &dr] {
            journal.record_round(s, &round, T0).await.unwrap();
        }
        // Every third failure of prod is gone (w000, w003, …, and r0), and r1.
        let listed: Vec<SeenFailure> = round
            .iter()
            .enumerate()
            .filter(|(i, f)| i % 3 != 0 && f.job.job_id != "r1")
            .map(|(_, f)| f.clone())
            .collect();
        journal.record_round(&prod, &listed, T0 + MINUTE).await.unwrap();

        for name in ["web", "rare-7", "Are-", "nothing", "%"] {
            for state in [JournalState::Open, JournalState::Cleared, JournalState::All] {
                for (offset, limit) in [(0, 50), (40, 50), (590, 50), (0, 1000)] {
                    let q = JournalQuery {
                        resource_name: Some(name.into()),
                        state,
                        offset,
                        limit,
                        ..JournalQuery::default()
                    };
                    let page = journal.page(&q).await.unwrap();
                    // The same query with a scope filter is counted and
                    // walked over the journal: the reference.
                    let mut expected = Vec::new();
                    let mut total = 0;
                    for s in ["dr", "prod"] {
                        let one = journal
                            .page(&JournalQuery {
                                scope: Some(s.into()),
                                offset: 0,
                                limit: 1000,
                                ..q.clone()
                            })
                            .await
                            .unwrap();
                        total += one.total;
                        expected.extend(one.entries);
                    }
                    expected.sort_by(|a, b| {
                        (b.job.begin_time.as_str(), a.scope.as_str(), a.job.job_id.as_str()).cmp(&(
                            a.job.begin_time.as_str(),
                            b.scope.as_str(),
                            b.job.job_id.as_str(),
                        ))
                    });
                    let expected: Vec<(String, String)> = expected
                        .into_iter()
                        .skip(offset as usize)
                        .take(limit as usize)
                        .map(|e| (e.scope, e.job.job_id))
                        .collect();
                    let got: Vec<(String, String)> = page
                        .entries
                        .into_iter()
                        .map(|e| (e.scope, e.job.job_id))
                        .collect();
                    let what = format!("{}: {name:?} {state:?} offset {offset}", db.name);
                    assert_eq!(page.total, total, "{what}");
                    assert_eq!(got, expected, "{what}");
                }
            }
        }
        let total = |name: &str, state| {
            let q = JournalQuery {
                resource_name: Some(name.into()),
                state,
                limit: 1,
                ..JournalQuery::default()
            };
            let journal = journal.clone();
            async move { journal.page(&q).await.unwrap().total }
        };
        assert_eq!(total("WEB-01", JournalState::All).await, 600, "{}", db.name);
        assert_eq!(total("web-01", JournalState::Cleared).await, 100, "{}", db.name);
        assert_eq!(total("rare", JournalState::Open).await, 4, "{}", db.name);
        assert_eq!(total("-", JournalState::All).await, 606, "{}", db.name);
    }
}
