//! Two server instances on one PostgreSQL database, both recording the
//! same rounds and both sending (the worst case: each thinks it leads):
//! every failure is announced once. Needs the PostgreSQL server of
//! `scripts/test` (`SDRS_TEST_POSTGRES_URL`); without it the test says so
//! and is skipped, or fails under `SDRS_REQUIRE_ALL_TOOLS=1`.

mod alerts_common;
mod common;
mod db_common;

use alerts_common::*;
use sdrs_console_server::util::timefmt::now_ms;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_senders_on_one_postgres_announce_each_failure_once() {
    let Some(pg) = db_common::postgres().await else {
        return;
    };
    let receiver = Receiver::start(ok("")).await;
    let config = format!(
        "[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"{}/hook\"\nbatch_secs = 0\n",
        receiver.base
    );
    let (db_a, db_b) = (open(&pg.url).await, open(&pg.url).await);
    let (a, b) = (
        channels(&config, &[], db_a.clone()),
        channels(&config, &[], db_b.clone()),
    );
    let mut tasks = start(&a);
    tasks.extend(start(&b));
    // Both instances record each round, at the same time.
    for last in [3, 6, 9] {
        let seen = failures(1..=last);
        let now = now_ms();
        tokio::join!(round(&db_a, &a, &seen, now), round(&db_b, &b, &seen, now));
    }
    settled(&a, "hook").await;
    let counts = a.sender.log().counts("hook").await.unwrap();
    assert_eq!((counts.sent, counts.pending), (9, 0));
    for t in tasks {
        t.abort();
    }
    let mut announced: Vec<String> = receiver
        .got()
        .iter()
        .flat_map(|r| {
            r.json()["failures"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["job_id"].as_str().unwrap().to_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    announced.sort();
    let expected: Vec<String> = (1..=9).map(|i| format!("job-{i:02}")).collect();
    assert_eq!(announced, expected, "each failure once");
}
