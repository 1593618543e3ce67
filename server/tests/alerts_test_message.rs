//! `POST /api/alerts/channels/{name}/test` within the channel's rate: a
//! test over it is refused with 429 and `Retry-After`, unsent (a robot
//! over its limit blocks for minutes); another instance shows the state
//! its log tells. Apart from `alerts_status`, whose test captures the log:
//! a scoped log subscriber sees only callsites no other test thread
//! reached first.

mod alerts_common;

use alerts_common::*;
use axum::body::{to_bytes, Body};
use axum::http::{Method, Request, StatusCode};
use sdrs_console_server::alerts::routes::routes;
use tower::ServiceExt;

async fn post(router: &axum::Router, uri: &str) -> (StatusCode, String, Option<String>) {
    let req = Request::builder()
        .method(Method::POST)
        .uri(uri)
        .body(Body::empty())
        .unwrap();
    let res = router.clone().oneshot(req).await.unwrap();
    let status = res.status();
    let retry_after = res
        .headers()
        .get("retry-after")
        .map(|v| v.to_str().unwrap().to_owned());
    let body = to_bytes(res.into_body(), 1 << 20).await.unwrap();
    (status, String::from_utf8_lossy(&body).into_owned(), retry_after)
}

#[tokio::test]
async fn a_test_message_over_the_channels_rate_is_refused_unsent() {
    let receiver = Receiver::start(ok("")).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let config = format!(
        "[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"{}/hook\"\nper_minute = 1\n",
        receiver.base
    );
    let setup = channels(&config, &[], db);
    let router = routes(setup.sender.clone());
    let (status, body, _) = post(&router, "/api/alerts/channels/hook/test").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (status, body, retry_after) = post(&router, "/api/alerts/channels/hook/test").await;
    assert_eq!(status, StatusCode::TOO_MANY_REQUESTS, "{body}");
    assert!(retry_after.is_some_and(|s| s.parse::<u64>().unwrap() >= 1));
    assert!(body.contains("rate limit"), "{body}");
    assert_eq!(receiver.got().len(), 1, "the second test was not sent");
    let log = setup.sender.log().list(Some("hook"), 10).await.unwrap();
    assert_eq!(log.len(), 1);
}

#[tokio::test]
async fn an_instance_that_has_not_sent_shows_the_state_the_log_tells() {
    let receiver = Receiver::start(ok("")).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let config = format!(
        "[[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"{}/hook\"\n",
        receiver.base
    );
    let first = channels(&config, &[], db.clone());
    let (status, body, _) = post(&routes(first.sender.clone()), "/api/alerts/channels/hook/test").await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // Another instance (or a restart) on the same database.
    let other = routes(channels(&config, &[], db).sender.clone());
    let req = Request::builder()
        .uri("/api/alerts/channels")
        .body(Body::empty())
        .unwrap();
    let res = other.oneshot(req).await.unwrap();
    let body = to_bytes(res.into_body(), 1 << 20).await.unwrap();
    let list: serde_json::Value = serde_json::from_slice(&body).unwrap();
    let hook = &list["channels"][0];
    assert_eq!(hook["state"], "ok", "{hook}");
    assert_eq!(hook["last"]["purpose"], "test");
    assert_eq!(hook["attempts"]["delivered"], 1);
}
