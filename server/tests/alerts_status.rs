//! A channel's status and log through `/api/alerts/...`: a robot that
//! refuses its signature (an error code inside HTTP 200) is shown
//! misconfigured and not retried, a test message by an operator sets it
//! going again, and neither the API nor the log ever holds the channel's
//! secret or the key in its URL.

mod alerts_common;

use alerts_common::*;
use axum::body::{to_bytes, Body};
use axum::http::{Method, Request, StatusCode};
use sdrs_console_server::alerts::routes::routes;
use sdrs_console_server::team::identity::{Identity, Role, SignInMethod};
use sdrs_console_server::util::timefmt::now_ms;
use serde_json::Value;
use std::io::Write;
use std::sync::{Arc, Mutex};
use tower::ServiceExt;

const TOKEN: &str = "DINGTOKENabcdef0123456789";
const SECRET: &str = "SECdingsecret0123456789abcdef";

/// Everything the server logs in this test.
#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

async fn call(router: &axum::Router, method: Method, uri: &str, role: Option<Role>) -> (StatusCode, String) {
    let mut req = Request::builder()
        .method(method)
        .uri(uri)
        .body(Body::empty())
        .unwrap();
    if let Some(role) = role {
        req.extensions_mut().insert(Identity {
            user: "ana".into(),
            role,
            method: SignInMethod::Local,
        });
    }
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let body = to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, String::from_utf8_lossy(&body).into_owned())
}

fn assert_no_secret(what: &str, text: &str) {
    for secret in [TOKEN, SECRET] {
        assert!(!text.contains(secret), "{what} holds a secret: {text}");
    }
}

// One thread, so the server's log lines from every task reach the
// subscriber set for this test.
#[tokio::test(flavor = "current_thread")]
async fn a_refused_robot_is_shown_misconfigured_and_a_test_sets_it_going() {
    let logs = Captured::default();
    let writer = logs.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_writer(move || writer.clone())
        .with_ansi(false)
        .with_max_level(tracing::Level::DEBUG)
        .finish();
    let _guard = tracing::subscriber::set_default(subscriber);

    // DingTalk's answer to a wrong signature, echoing the URL's token.
    let refused = ok(&format!(
        r#"{{"errcode":310000,"errmsg":"sign not match, url /robot/send?access_token={TOKEN}"}}"#
    ));
    let receiver = Receiver::start(refused).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let config = "[[alerts.channels]]\nname = \"ding\"\nkind = \"dingtalk\"\nurl_env = \"DING_URL\"\n\
                  secret_env = \"DING_SECRET\"\nbatch_secs = 0\n";
    let ding_url = format!("{}/robot/send?access_token={TOKEN}", receiver.base);
    let setup = channels(
        config,
        &[("DING_URL", &ding_url), ("DING_SECRET", SECRET)],
        db.clone(),
    );
    round(&db, &setup, &failures(1..=2), now_ms()).await;
    let tasks = start(&setup);
    let router = routes(setup.sender.clone());

    receiver.wait_for(1).await;
    let mut channel = Value::Null;
    for _ in 0..3000 {
        let (status, body) = call(&router, Method::GET, "/api/alerts/channels", Some(Role::Viewer)).await;
        assert_eq!(status, StatusCode::OK, "{body}");
        assert_no_secret("GET /api/alerts/channels", &body);
        channel = serde_json::from_str::<Value>(&body).unwrap()["channels"][0].clone();
        if channel["state"] == "misconfigured" {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert_eq!(channel["state"], "misconfigured", "{channel}");
    assert!(
        channel["reason"]
            .as_str()
            .unwrap()
            .contains("DingTalk error 310000"),
        "{channel}"
    );
    assert_eq!(channel["kind"], "dingtalk");
    assert_eq!(
        channel["url"],
        format!("{}/robot/send?access_token=…", receiver.base)
    );
    assert_eq!(channel["pending"], 2, "the failures wait, not lost: {channel}");
    assert_eq!(channel["attempts"]["misconfigured"], 1);

    // Not retried: the channel's task waits for a test message. Ten more
    // of its ticks pass without a request.
    tokio::time::sleep(fast().tick * 10).await;
    assert_eq!(receiver.got().len(), 1, "a configuration error is not retried");

    // A viewer may not send a test; an operator may.
    let (status, body) = call(
        &router,
        Method::POST,
        "/api/alerts/channels/ding/test",
        Some(Role::Viewer),
    )
    .await;
    assert_eq!(status, StatusCode::FORBIDDEN, "{body}");
    let (status, body) = call(
        &router,
        Method::POST,
        "/api/alerts/channels/nope/test",
        Some(Role::Operator),
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    receiver.answer_from_now(ok(r#"{"errcode":0,"errmsg":"ok"}"#));
    let (status, body) = call(
        &router,
        Method::POST,
        "/api/alerts/channels/ding/test",
        Some(Role::Operator),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_no_secret("the test's answer", &body);
    let test: Value = serde_json::from_str(&body).unwrap();
    assert_eq!(test["delivery"]["outcome"], "delivered", "{test}");
    assert_eq!(test["delivery"]["purpose"], "test");

    // What waited goes out now.
    receiver.wait_for(3).await;
    settled(&setup, "ding").await;
    let (status, body) = call(
        &router,
        Method::GET,
        "/api/alerts/deliveries?channel=ding&limit=10",
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_no_secret("GET /api/alerts/deliveries", &body);
    let log: Value = serde_json::from_str(&body).unwrap();
    let outcomes: Vec<(&str, &str)> = log["deliveries"]
        .as_array()
        .unwrap()
        .iter()
        .rev()
        .map(|d| (d["purpose"].as_str().unwrap(), d["outcome"].as_str().unwrap()))
        .collect();
    assert_eq!(
        outcomes,
        [
            ("alert", "misconfigured"),
            ("test", "delivered"),
            ("alert", "delivered")
        ]
    );
    let (status, _) = call(&router, Method::GET, "/api/alerts/deliveries?limit=0", None).await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    let (status, _) = call(&router, Method::GET, "/api/alerts/deliveries?channel=nope", None).await;
    assert_eq!(status, StatusCode::NOT_FOUND);

    for t in tasks {
        t.abort();
    }
    let logged = String::from_utf8(logs.0.lock().unwrap().clone()).unwrap();
    assert!(
        logged.contains("alert not delivered"),
        "the failure is logged: {logged}"
    );
    assert!(logged.contains("alert delivered"), "{logged}");
    assert_no_secret("the server's log", &logged);
}
