//! Alerts from the journal's outbox to a receiver on 127.0.0.1: each
//! signature checked with the receiver's own code (the published
//! algorithms over the crates, not the server's functions), a burst folded
//! into one message, retries after a 500 and after a 429 with
//! `Retry-After`, once only across a restart of the sender.

mod alerts_common;

use alerts_common::*;
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use hmac::{Hmac, Mac};
use sdrs_console_server::util::timefmt::now_ms;
use sha2::Sha256;

fn hmac(key: &[u8], message: &[u8]) -> Vec<u8> {
    let mut mac = Hmac::<Sha256>::new_from_slice(key).unwrap();
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}

const HOOK_SECRET: &str = "whsec-test-0123456789";

fn webhook_config(base: &str) -> String {
    format!(
        "[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"{base}/hook\"\n\
         secret_env = \"HOOK_SECRET\"\nbatch_secs = 0\n"
    )
}

#[tokio::test]
async fn a_burst_is_one_signed_webhook_message_the_receiver_verifies() {
    let receiver = Receiver::start(ok("")).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let setup = channels(
        &webhook_config(&receiver.base),
        &[("HOOK_SECRET", HOOK_SECRET)],
        db.clone(),
    );
    round(&db, &setup, &failures(1..=12), now_ms()).await;
    let tasks = start(&setup);
    let got = receiver.wait_for(1).await;
    let req = &got[0];
    // X-SDRS-Signature: sha256=hex(HMAC-SHA256(secret, "{timestamp}.{body}")).
    let timestamp = req.header("x-sdrs-timestamp");
    let mut signed = format!("{timestamp}.").into_bytes();
    signed.extend_from_slice(&req.body);
    let expected = format!("sha256={}", hex::encode(hmac(HOOK_SECRET.as_bytes(), &signed)));
    assert_eq!(req.header("x-sdrs-signature"), expected);
    let body = req.json();
    assert_eq!(body["count"], 12, "{body}");
    assert_eq!(
        body["title"],
        "12 new failures in prod-ap-southeast-3 (ap-southeast-3)"
    );
    assert_eq!(body["failures"][0]["error_code"], "SDRS.0002");
    assert_eq!(
        body["failures"][0]["error_meaning"], "SDRS refused the IAM token that came with the request.",
        "the meaning from the console's code catalog"
    );
    settled(&setup, "hook").await;
    let log = setup.sender.log().list(Some("hook"), 10).await.unwrap();
    assert_eq!(log.len(), 1);
    assert_eq!((log[0].outcome.as_str(), log[0].failures), ("delivered", 12));
    for t in tasks {
        t.abort();
    }
    assert_eq!(receiver.got().len(), 1, "one message for the burst");
}

#[tokio::test]
async fn dingtalk_and_feishu_signatures_verify_with_the_receivers_own_code() {
    let receiver = Receiver::start(ok(r#"{"errcode":0,"errmsg":"ok","code":0,"msg":"success"}"#)).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let config = "[[alerts.channels]]\nname = \"ding\"\nkind = \"dingtalk\"\nurl_env = \"DING_URL\"\n\
                  secret_env = \"DING_SECRET\"\nbatch_secs = 0\n\
                  [[alerts.channels]]\nname = \"lark\"\nkind = \"feishu\"\nurl_env = \"LARK_URL\"\n\
                  secret_env = \"LARK_SECRET\"\nbatch_secs = 0\n";
    let ding_url = format!("{}/robot/send?access_token=DINGTOKEN0123456789", receiver.base);
    let lark_url = format!("{}/open-apis/bot/v2/hook/LARKHOOK0123456789", receiver.base);
    let setup = channels(
        config,
        &[
            ("DING_URL", &ding_url),
            ("DING_SECRET", "SECding0123456789"),
            ("LARK_URL", &lark_url),
            ("LARK_SECRET", "larksecret0123456789"),
        ],
        db.clone(),
    );
    round(&db, &setup, &failures(1..=2), now_ms()).await;
    let tasks = start(&setup);
    let got = receiver.wait_for(2).await;
    let ding = got
        .iter()
        .find(|r| r.path_and_query.starts_with("/robot/send"))
        .unwrap();
    let q = ding.query();
    assert_eq!(q["access_token"], "DINGTOKEN0123456789");
    // sign = base64(HMAC-SHA256(key = secret, msg = timestamp + "\n" + secret)).
    let message = format!("{}\nSECding0123456789", q["timestamp"]);
    assert_eq!(
        q["sign"],
        STANDARD.encode(hmac(b"SECding0123456789", message.as_bytes()))
    );
    assert_eq!(ding.json()["msgtype"], "markdown");
    let lark = got
        .iter()
        .find(|r| r.path_and_query.starts_with("/open-apis"))
        .unwrap();
    let body = lark.json();
    // sign = base64(HMAC-SHA256(key = timestamp + "\n" + secret, msg = "")).
    let key = format!("{}\nlarksecret0123456789", body["timestamp"].as_str().unwrap());
    assert_eq!(body["sign"], STANDARD.encode(hmac(key.as_bytes(), b"")));
    assert_eq!(body["msg_type"], "interactive");
    for t in tasks {
        t.abort();
    }
}

#[tokio::test]
async fn a_500_is_retried_and_delivered_once() {
    let receiver = Receiver::start(ok("")).await;
    receiver.then(Reply {
        status: 500,
        headers: Vec::new(),
        body: "upstream broke".into(),
        after: None,
    });
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let setup = channels(
        &webhook_config(&receiver.base),
        &[("HOOK_SECRET", HOOK_SECRET)],
        db.clone(),
    );
    round(&db, &setup, &failures(1..=3), now_ms()).await;
    let tasks = start(&setup);
    let got = receiver.wait_for(2).await;
    assert_eq!(
        got[0].json()["failures"],
        got[1].json()["failures"],
        "the same message again"
    );
    settled(&setup, "hook").await;
    let sender = setup.sender.clone();
    let log = sender.log().list(Some("hook"), 10).await.unwrap();
    let outcomes: Vec<(&str, i64)> = log
        .iter()
        .rev()
        .map(|d| (d.outcome.as_str(), d.attempt))
        .collect();
    assert_eq!(outcomes, [("retry", 1), ("delivered", 2)]);
    assert_eq!(log[1].http_status, Some(500));
    for t in tasks {
        t.abort();
    }
}

#[tokio::test]
async fn a_429_waits_its_retry_after() {
    let receiver = Receiver::start(ok("")).await;
    receiver.then(Reply {
        status: 429,
        headers: vec![("retry-after", "1".into())],
        body: String::new(),
        after: None,
    });
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let setup = channels(
        &webhook_config(&receiver.base),
        &[("HOOK_SECRET", HOOK_SECRET)],
        db.clone(),
    );
    round(&db, &setup, &failures(1..=1), now_ms()).await;
    let tasks = start(&setup);
    receiver.wait_for(2).await;
    settled(&setup, "hook").await;
    let log = setup.sender.log().list(Some("hook"), 10).await.unwrap();
    let (first, second) = (&log[1], &log[0]);
    assert_eq!((first.outcome.as_str(), first.http_status), ("retry", Some(429)));
    assert_eq!(second.outcome, "delivered");
    // Retry-After: 1 is a whole second, where the test's backoff is 50 ms.
    assert!(
        second.at_ms - first.at_ms >= 1000,
        "{} ms",
        second.at_ms - first.at_ms
    );
    for t in tasks {
        t.abort();
    }
}

#[tokio::test]
async fn a_restarted_sender_sends_nothing_twice() {
    let receiver = Receiver::start(ok("")).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let config = webhook_config(&receiver.base);
    let setup = channels(&config, &[("HOOK_SECRET", HOOK_SECRET)], db.clone());
    round(&db, &setup, &failures(1..=3), now_ms()).await;
    let tasks = start(&setup);
    receiver.wait_for(1).await;
    settled(&setup, "hook").await;
    for t in tasks {
        t.abort();
    }
    // A new process on the same database: the same failures again, and
    // one new one.
    let db = open(&url).await;
    let setup = channels(&config, &[("HOOK_SECRET", HOOK_SECRET)], db.clone());
    round(&db, &setup, &failures(1..=3), now_ms()).await;
    round(&db, &setup, &failures(1..=4), now_ms()).await;
    let tasks = start(&setup);
    let got = receiver.wait_for(2).await;
    let second = got[1].json();
    assert_eq!(second["count"], 1, "{second}");
    assert_eq!(second["failures"][0]["job_id"], "job-04");
    settled(&setup, "hook").await;
    let counts = setup.sender.log().counts("hook").await.unwrap();
    assert_eq!((counts.sent, counts.pending), (4, 0));
    for t in tasks {
        t.abort();
    }
    assert_eq!(receiver.got().len(), 2);
}

#[tokio::test]
async fn what_is_over_the_rate_is_folded_into_the_next_message() {
    let receiver = Receiver::start(ok("")).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    // One message per window (2 s in these tests).
    let config = format!("{}per_minute = 1\n", webhook_config(&receiver.base));
    let setup = channels(&config, &[("HOOK_SECRET", HOOK_SECRET)], db.clone());
    round(&db, &setup, &failures(1..=3), now_ms()).await;
    let tasks = start(&setup);
    receiver.wait_for(1).await;
    settled(&setup, "hook").await;
    // Two more rounds within the window, each with a new failure.
    round(&db, &setup, &failures(1..=4), now_ms()).await;
    round(&db, &setup, &failures(1..=5), now_ms()).await;
    let got = receiver.wait_for(2).await;
    let second = got[1].json();
    assert_eq!(second["count"], 2, "both rounds in one message: {second}");
    settled(&setup, "hook").await;
    for t in tasks {
        t.abort();
    }
    assert_eq!(receiver.got().len(), 2);
}

#[tokio::test]
async fn alertmanager_is_resolved_when_a_failure_is_gone_and_told_again_while_open() {
    let receiver = Receiver::start(ok("")).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let config = format!(
        "[[alerts.channels]]\nname = \"am\"\nkind = \"alertmanager\"\nurl = \"{}/\"\nbatch_secs = 0\n",
        receiver.base
    );
    let setup = channels(&config, &[], db.clone());
    let tasks = start(&setup);
    round(&db, &setup, &failures(1..=2), now_ms()).await;
    let got = receiver.wait_for(1).await;
    assert_eq!(got[0].path_and_query, "/api/v2/alerts");
    let fired = got[0].json();
    assert_eq!(fired.as_array().unwrap().len(), 2, "{fired}");
    assert!(fired[0].get("endsAt").is_none(), "{fired}");
    assert_eq!(fired[0]["labels"]["scope"], SCOPE);
    settled(&setup, "am").await;
    // job-02 is gone: its alert is resolved.
    round(&db, &setup, &failures(1..=1), now_ms()).await;
    let got = receiver.wait_for(2).await;
    let resolved = got[1].json();
    assert_eq!(resolved.as_array().unwrap().len(), 1, "{resolved}");
    assert_eq!(resolved[0]["labels"]["job_id"], "job-02");
    assert!(resolved[0]["endsAt"].is_string(), "{resolved}");
    settled(&setup, "am").await;
    for t in tasks {
        t.abort();
    }
    // A sender starting again tells Alertmanager what is still open.
    let setup = channels(&config, &[], db.clone());
    let tasks = start(&setup);
    let got = receiver.wait_for(3).await;
    let again = got[2].json();
    assert_eq!(again.as_array().unwrap().len(), 1, "{again}");
    assert_eq!(again[0]["labels"]["job_id"], "job-01");
    assert!(again[0].get("endsAt").is_none(), "{again}");
    let log = setup.sender.log().list(Some("am"), 10).await.unwrap();
    assert_eq!(log[0].purpose, "resend");
    for t in tasks {
        t.abort();
    }
}

#[tokio::test]
async fn each_channel_is_told_only_what_its_filters_match() {
    let receiver = Receiver::start(ok("")).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let base = &receiver.base;
    let config = format!(
        "[[alerts.channels]]\nname = \"staging\"\nkind = \"webhook\"\nurl = \"{base}/staging\"\n\
         scopes = [\"staging-*\"]\nbatch_secs = 0\n\
         [[alerts.channels]]\nname = \"tokens\"\nkind = \"webhook\"\nurl = \"{base}/tokens\"\n\
         scopes = [\"PROD-*\"]\nerror_codes = [\"sdrs.000*\"]\nresource_names = [\"web-0*\"]\nbatch_secs = 0\n\
         [[alerts.channels]]\nname = \"creates\"\nkind = \"webhook\"\nurl = \"{base}/creates\"\n\
         failure_statuses = [\"createFail\"]\nbatch_secs = 0\n"
    );
    let setup = channels(&config, &[], db.clone());
    // web-01 … web-12: the name filter lets web-01 … web-09 through.
    round(&db, &setup, &failures(1..=12), now_ms()).await;
    let tasks = start(&setup);
    let got = receiver.wait_for(1).await;
    settled(&setup, "tokens").await;
    for t in tasks {
        t.abort();
    }
    assert_eq!(got.len(), 1, "only one channel matched");
    assert_eq!(got[0].path_and_query, "/tokens");
    assert_eq!(got[0].json()["count"], 9);
    for quiet in ["staging", "creates"] {
        let counts = setup.sender.log().counts(quiet).await.unwrap();
        assert_eq!((counts.pending, counts.sent), (0, 0), "{quiet} queued nothing");
    }
}

#[tokio::test]
async fn the_outbox_and_log_are_pruned_with_the_journal_only() {
    let receiver = Receiver::start(ok("")).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let setup = channels(
        &webhook_config(&receiver.base),
        &[("HOOK_SECRET", HOOK_SECRET)],
        db.clone(),
    );
    round(&db, &setup, &failures(1..=3), now_ms()).await;
    let tasks = start(&setup);
    receiver.wait_for(1).await;
    settled(&setup, "hook").await;
    for t in tasks {
        t.abort();
    }
    // job-03 is gone; the journal prunes it, the outbox follows.
    round(&db, &setup, &failures(1..=2), now_ms()).await;
    let cutoff = now_ms() + 1;
    let journal = sdrs_console_server::db::journal::Journal::new(db.clone());
    assert_eq!(journal.prune(cutoff).await.unwrap(), 1);
    let outbox = sdrs_console_server::db::alert_outbox::Outbox::new(db.clone());
    assert_eq!(
        outbox.prune(cutoff).await.unwrap(),
        2,
        "job-03's row and the one log line"
    );
    let counts = setup.sender.log().counts("hook").await.unwrap();
    assert_eq!(
        (counts.sent, counts.pending),
        (2, 0),
        "the open failures stay announced"
    );
    assert!(counts.last.is_none());
}
