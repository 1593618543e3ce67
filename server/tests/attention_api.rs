//! Acknowledging journal entries and silencing alerts through the API of a
//! server with team sign-in, on SQLite and on a real PostgreSQL server:
//! who may, what is recorded and shown, and what is refused.

mod common;
mod db_common;
mod journal_common;
mod team_common;

use common::{client, get, send, Reply};
use journal_common::*;
use reqwest::{Method, StatusCode};
use sdrs_console_server::db::journal::Journal;
use sdrs_console_server::util::timefmt::{format_ms, now_ms};
use sdrs_models::{JournalPage, Silence, SilenceList};
use serde_json::{json, Value};
use team_common::{Session, ALICE_PASSWORD, BOB_PASSWORD};

/// `method url` with the session's cookie, its CSRF token unless `csrf` is
/// false, and a JSON body.
async fn call(method: Method, url: &str, who: &Session, csrf: bool, body: Option<Value>) -> Reply {
    let mut req = client().request(method, url).header("cookie", &who.cookie);
    if csrf {
        req = req.header("x-csrf-token", &who.csrf);
    }
    if let Some(body) = body {
        req = req.json(&body);
    }
    send(req).await
}

/// Every entry of the journal, as `who` reads it.
async fn journal_page(base: &str, who: &Session) -> JournalPage {
    let r = call(
        Method::GET,
        &format!("{base}/api/journal?state=all"),
        who,
        false,
        None,
    )
    .await;
    serde_json::from_str(&r.text).unwrap_or_else(|e| panic!("{e}: {}", r.text))
}

#[tokio::test]
async fn operators_acknowledge_failures_with_a_comment_shown_in_the_journal() {
    for db in db_common::all().await {
        let base = team_common::team_server(&["--database", &db.url]).await;
        let journal = Journal::new(db_common::open(&db.url).await);
        let prod = scope("prod", "p1");
        journal
            .record_round(&prod, &[simple("a", 1), simple("b", 2), simple("c", 3)], T0)
            .await
            .unwrap();
        let alice = team_common::sign_in(&base, "alice", ALICE_PASSWORD).await;
        let bob = team_common::sign_in(&base, "bob", BOB_PASSWORD).await;
        let ack = format!("{base}/api/journal/ack");
        let keys = json!([
            {"scope": "prod", "job_id": "a"},
            {"scope": "prod", "job_id": "b"},
            {"scope": "prod", "job_id": "not-in-the-journal"},
        ]);
        let body = json!({"entries": keys, "comment": "known: DR site quota, ticket OPS-12"});

        let r = call(Method::POST, &ack, &bob, true, Some(body.clone())).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::FORBIDDEN, "SDRS.0005".to_owned()),
            "{}",
            r.text
        );
        let r = call(Method::POST, &ack, &alice, false, Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "no CSRF token: {}", r.text);
        for (bad, expected) in [
            (json!({"entries": keys, "comment": "  "}), "needs a comment"),
            (json!({"entries": [], "comment": "x"}), "1 to 1000"),
            (
                json!({"entries": "a", "comment": "x"}),
                "not JSON of the expected shape",
            ),
        ] {
            let r = call(Method::POST, &ack, &alice, true, Some(bad)).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
            assert!(r.text.contains(expected), "{}: {}", db.name, r.text);
        }

        let r = call(Method::POST, &ack, &alice, true, Some(body)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(
            r.json(),
            json!({"acknowledged": 2, "not_found": 1}),
            "{}",
            db.name
        );

        let page = journal_page(&base, &bob).await;
        for e in &page.entries {
            match e.job.job_id.as_str() {
                "a" | "b" => {
                    let a = e.ack.as_ref().unwrap_or_else(|| panic!("{}: {e:?}", db.name));
                    assert_eq!(
                        (a.user.as_str(), a.comment.as_str()),
                        ("alice", "known: DR site quota, ticket OPS-12")
                    );
                }
                _ => assert_eq!(e.ack, None, "{}", db.name),
            }
        }
        let csv = call(
            Method::GET,
            &format!("{base}/api/journal.csv?state=all"),
            &bob,
            false,
            None,
        )
        .await;
        assert!(
            csv.text
                .lines()
                .next()
                .unwrap()
                .ends_with("acked_by,acked_at,ack_comment"),
            "{}",
            csv.text
        );
        assert!(csv.text.contains(",alice,"), "{}", csv.text);

        // Withdrawn by operators only; the entries are then unacknowledged.
        let withdraw = format!("{base}/api/journal/ack/withdraw");
        let body = json!({"entries": [
            {"scope": "prod", "job_id": "a"},
            {"scope": "prod", "job_id": "c"},
        ]});
        let r = call(Method::POST, &withdraw, &bob, true, Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
        let r = call(Method::POST, &withdraw, &alice, false, Some(body.clone())).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "no CSRF token: {}", r.text);
        let r = call(
            Method::POST,
            &withdraw,
            &alice,
            true,
            Some(json!({"entries": []})),
        )
        .await;
        assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
        assert!(r.text.contains("1 to 1000"), "{}", r.text);
        let r = call(Method::POST, &withdraw, &alice, true, Some(body)).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        assert_eq!(
            r.json(),
            json!({"withdrawn": 1, "not_acknowledged": 1}),
            "{}",
            db.name
        );
        let page = journal_page(&base, &bob).await;
        let acked: Vec<&str> = page
            .entries
            .iter()
            .filter(|e| e.ack.is_some())
            .map(|e| e.job.job_id.as_str())
            .collect();
        assert_eq!(acked, ["b"], "{}", db.name);

        // Both are in the audit trail, a record a failure: who and how,
        // the scope and job, the comment acknowledged or withdrawn.
        let audited = |action: &'static str| {
            let (base, alice) = (base.clone(), &alice);
            async move {
                let url = format!("{base}/audit/records?action={action}");
                let r = call(Method::GET, &url, alice, false, None).await;
                assert_eq!(r.status, StatusCode::OK, "{}", r.text);
                let mut rows: Vec<(String, String, String, String, String, String)> = r.json()["records"]
                    .as_array()
                    .expect("records")
                    .iter()
                    .map(|x| {
                        let text = |k: &str| x[k].as_str().unwrap_or("-").to_owned();
                        (
                            text("user"),
                            text("method"),
                            text("scope"),
                            text("projectId"),
                            text("failureJobId"),
                            text("comment"),
                        )
                    })
                    .collect();
                rows.sort();
                rows
            }
        };
        let row = |job: &str, comment: &str| {
            let text = |s: &str| s.to_owned();
            (
                text("alice"),
                text("local"),
                text("prod"),
                text("p1"),
                text(job),
                text(comment),
            )
        };
        let comment = "known: DR site quota, ticket OPS-12";
        assert_eq!(
            audited("acknowledge").await,
            [row("a", comment), row("b", comment)],
            "{}: not the entry outside the journal",
            db.name
        );
        assert_eq!(
            audited("withdraw_ack").await,
            [row("a", comment)],
            "{}: not the entry never acknowledged",
            db.name
        );
    }
}

#[tokio::test]
async fn operators_add_and_expire_silences_that_everyone_may_read() {
    for db in db_common::all().await {
        let base = team_common::team_server(&["--database", &db.url]).await;
        let alice = team_common::sign_in(&base, "alice", ALICE_PASSWORD).await;
        let bob = team_common::sign_in(&base, "bob", BOB_PASSWORD).await;
        let silences = format!("{base}/api/silences");
        let now = now_ms();
        let hour = 3_600_000;
        let new = json!({
            "matchers": {"scope": "prod", "error_code": "SDRS.1001"},
            "ends_at": format_ms(now + hour),
            "comment": "quota raised tomorrow",
        });

        assert_eq!(get(&silences).await.status, StatusCode::UNAUTHORIZED);
        let r = call(Method::POST, &silences, &bob, true, Some(new.clone())).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::FORBIDDEN, "SDRS.0005".to_owned()),
            "{}",
            r.text
        );
        for (bad, expected) in [
            (
                json!({"matchers": {}, "ends_at": format_ms(now + hour), "comment": "c"}),
                "at least one matcher",
            ),
            (
                json!({"matchers": {"scope": "prod"}, "starts_at": format_ms(now + 2 * hour), "ends_at": format_ms(now + hour), "comment": "c"}),
                "end after it starts",
            ),
            (
                json!({"matchers": {"scope": "prod"}, "ends_at": "soon", "comment": "c"}),
                "ends_at is not a UTC time",
            ),
            (json!([1, 2]), "not JSON of the expected shape"),
        ] {
            let r = call(Method::POST, &silences, &alice, true, Some(bad)).await;
            assert_eq!(r.status, StatusCode::BAD_REQUEST, "{}", r.text);
            assert!(r.text.contains(expected), "{}: {}", db.name, r.text);
        }

        let r = call(Method::POST, &silences, &alice, true, Some(new)).await;
        assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
        let added: Silence = serde_json::from_str(&r.text).unwrap();
        assert_eq!(
            (
                added.state.as_str(),
                added.created_by.as_str(),
                added.matchers.error_code.as_deref()
            ),
            ("active", "alice", Some("SDRS.1001")),
            "{}",
            db.name
        );
        let r = call(Method::GET, &silences, &bob, false, None).await;
        let list: SilenceList = serde_json::from_str(&r.text).unwrap();
        assert_eq!(list.silences, vec![added.clone()], "{}", db.name);

        let one = format!("{silences}/{}", added.id);
        let r = call(Method::DELETE, &one, &bob, true, None).await;
        assert_eq!(r.status, StatusCode::FORBIDDEN, "{}", r.text);
        let r = call(Method::DELETE, &one, &alice, true, None).await;
        assert_eq!(r.status, StatusCode::OK, "{}", r.text);
        let expired: Silence = serde_json::from_str(&r.text).unwrap();
        assert_eq!(expired.state, "expired");
        assert!(expired.ends_at < added.ends_at, "ended early: {expired:?}");
        for unknown in ["999999", "x"] {
            let r = call(
                Method::DELETE,
                &format!("{silences}/{unknown}"),
                &alice,
                true,
                None,
            )
            .await;
            assert_eq!(
                (r.status, r.code()),
                (StatusCode::NOT_FOUND, "SDRS.0201".to_owned()),
                "{}",
                r.text
            );
        }
        let r = call(Method::GET, &silences, &bob, false, None).await;
        let list: SilenceList = serde_json::from_str(&r.text).unwrap();
        assert_eq!(list.silences[0].state, "expired", "{}", db.name);
    }
}
