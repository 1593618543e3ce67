use super::alertmanager::{self, AlertmanagerSettings};
use super::smn::{self, SmnSettings, SUBJECT_BYTES};
use crate::aksk::credentials::Secret;
use crate::alerts::testing::*;
use crate::alerts::{Alert, AlertEvent, Outcome, Signing};
use url::Url;

fn smn_settings() -> SmnSettings {
    SmnSettings {
        endpoint: Url::parse("https://smn.ap-southeast-3.myhuaweicloud.com").unwrap(),
        project_id: "0123456789abcdef0123456789abcdef".into(),
        topic_urn: "urn:smn:ap-southeast-3:0123456789abcdef0123456789abcdef:sdrs-alerts".into(),
        time_to_live_secs: Some(3600),
    }
}

#[test]
fn smn_publishes_to_the_topic_unsigned_for_the_aksk_signer() {
    let req = smn::request(&smn_settings(), &one("job-1"));
    assert_eq!(req.method, "POST");
    assert_eq!(req.signing, Signing::HuaweiAkSk);
    assert_eq!(
        req.url.as_str(),
        "https://smn.ap-southeast-3.myhuaweicloud.com/v2/0123456789abcdef0123456789abcdef/notifications/topics/urn:smn:ap-southeast-3:0123456789abcdef0123456789abcdef:sdrs-alerts/publish"
    );
    assert!(req.header("authorization").is_none() && req.header("x-sdk-date").is_none());
    let body = req.json().unwrap();
    assert_eq!(
        body["subject"],
        "[SDRS] 1 new failure in prod-ap-southeast-3 (ap-southeast-3)"
    );
    assert_eq!(body["time_to_live"], "3600");
    let message = body["message"].as_str().unwrap();
    for fact in [
        "Resource: web-01 (protected_instances, res-job-1)",
        "Failure status: failoverFail",
        "Error: SDRS.1207 — The replication pair could not be switched over.",
        "Began: 2026-12-06T10:15:30.250Z",
        "Console: https://sdrs.example.com/console/?in_scope=prod-ap-southeast-3&state=all&job=job-1&job_scope=prod-ap-southeast-3",
    ] {
        assert!(message.contains(fact), "{fact:?} not in {message}");
    }
    let mut no_ttl = smn_settings();
    no_ttl.time_to_live_secs = None;
    assert!(smn::body(&no_ttl, &one("j")).get("time_to_live").is_none());
}

#[test]
fn smn_request_signs_with_the_existing_aksk_signer() {
    let req = smn::request(&smn_settings(), &one("job-1"));
    let keys = crate::aksk::credentials::KeyPair {
        ak: "AKTEST".into(),
        sk: Secret::new("sk-test"),
        security_token: None,
    };
    let url = crate::aksk::request::canonical_url(&req.url);
    let added = crate::aksk::request::sign_headers(
        &keys,
        req.method,
        &url,
        &req.headers,
        &req.body,
        1_700_000_000_000,
    );
    let auth = added
        .iter()
        .find(|(n, _)| n == "authorization")
        .map(|(_, v)| v.as_str())
        .unwrap();
    assert!(
        auth.starts_with(
            "SDK-HMAC-SHA256 Access=AKTEST, SignedHeaders=content-type;host;x-sdk-date, Signature="
        ),
        "{auth}"
    );
}

#[test]
fn smn_subject_keeps_512_bytes_on_a_character_boundary() {
    let alert = Alert::digest(
        AlertEvent::New,
        &"生产环境".repeat(100),
        "cn-north-4",
        vec![failure("j", "vm")],
        1,
        console(),
    );
    let subject = smn::body(&smn_settings(), &alert)["subject"]
        .as_str()
        .unwrap()
        .to_owned();
    assert!(
        subject.len() <= SUBJECT_BYTES && subject.len() > SUBJECT_BYTES - 6,
        "{}",
        subject.len()
    );
    assert!(subject.starts_with("[SDRS] 1 new failure in 生产环境") && subject.ends_with('…'));
}

#[test]
fn smn_answers() {
    assert_eq!(
        smn::classify(&answer(
            200,
            r#"{"request_id":"6a63a18b8bab40ffb71ebd9cb80d0085","message_id":"bf94b63a5dfb475994d3ac34664e24f2"}"#
        )),
        Outcome::Delivered
    );
    assert!(matches!(
        smn::classify(&answer(
            401,
            r#"{"error_code":"APIG.0301","error_msg":"Incorrect IAM authentication information"}"#
        )),
        Outcome::Misconfigured { .. }
    ));
    assert!(matches!(
        smn::classify(&answer(429, r#"{"error_code":"APIG.0308"}"#)),
        Outcome::Retry { .. }
    ));
    assert!(matches!(smn::classify(&answer(200, "{}")), Outcome::Retry { .. }));
}

fn am_settings() -> AlertmanagerSettings {
    AlertmanagerSettings {
        url: Url::parse("http://alertmanager.internal:9093/prefix/").unwrap(),
    }
}

#[test]
fn alertmanager_gets_one_alert_per_failure_with_the_labels() {
    let req = alertmanager::request(&am_settings(), None, &burst(), 1_700_000_000_000);
    assert_eq!(
        req.url.as_str(),
        "http://alertmanager.internal:9093/prefix/api/v2/alerts"
    );
    assert!(req.header("authorization").is_none());
    let body = req.json().unwrap();
    let alerts = body.as_array().unwrap();
    assert_eq!(alerts.len(), 3);
    let first = &alerts[0];
    assert_eq!(
        first["labels"],
        serde_json::json!({
            "alertname": "SDRSFailedTask",
            "scope": "prod-ap-southeast-3",
            "region": "ap-southeast-3",
            "failure_status": "failoverFail",
            "error_code": "SDRS.1207",
            "resource_name": "web-01",
            "job_id": "job-01",
        })
    );
    assert_eq!(
        first["annotations"]["summary"],
        "failoverFail of web-01 in prod-ap-southeast-3"
    );
    assert_eq!(
        first["annotations"]["description"],
        "The replication pair could not be switched over. — volume busy"
    );
    assert_eq!(first["startsAt"], "2026-12-06T10:15:30.250Z");
    assert!(
        first.get("endsAt").is_none(),
        "open: Alertmanager's resolve timeout applies"
    );
    assert_eq!(
        first["generatorURL"],
        "https://sdrs.example.com/console/?in_scope=prod-ap-southeast-3&state=all&job=job-01&job_scope=prod-ap-southeast-3"
    );
}

#[test]
fn alertmanager_resolves_with_ends_at() {
    let mut alert = one("job-1");
    alert.event = AlertEvent::Cleared;
    alert.failures[0].cleared_at = Some("2026-12-06T11:00:00Z".into());
    let body = alertmanager::body(&alert, 1_700_000_000_000);
    assert_eq!(body[0]["endsAt"], "2026-12-06T11:00:00.000Z");
    alert.failures[0].cleared_at = None;
    assert_eq!(
        alertmanager::body(&alert, 1_700_000_000_000)[0]["endsAt"],
        "2023-11-14T22:13:20.000Z"
    );
    // An unreadable begin time leaves startsAt to Alertmanager.
    alert.failures[0].begin_time = "yesterday".into();
    assert!(alertmanager::body(&alert, 0)[0].get("startsAt").is_none());
}

#[test]
fn alertmanager_leaves_out_empty_labels_and_sends_a_bearer_when_set() {
    let mut alert = one("job-1");
    alert.failures[0].error_code = None;
    let token = Secret::new("am-token");
    let req = alertmanager::request(&am_settings(), Some(&token), &alert, 0);
    assert_eq!(req.header("authorization"), Some("Bearer am-token"));
    assert!(
        !format!("{req:?}").contains("am-token"),
        "Debug shows header names only"
    );
    let body = req.json().unwrap();
    assert!(body[0]["labels"].get("error_code").is_none());
}

#[test]
fn alertmanager_answers() {
    assert_eq!(alertmanager::classify(&answer(200, "")), Outcome::Delivered);
    assert!(matches!(
        alertmanager::classify(&answer(400, "bad alert")),
        Outcome::Misconfigured { .. }
    ));
    assert!(matches!(
        alertmanager::classify(&answer(503, "")),
        Outcome::Retry { .. }
    ));
}
