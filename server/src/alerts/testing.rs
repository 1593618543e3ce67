//! Alerts the channel tests render, and a signature computed from the
//! published algorithms with the crates directly (not the code under test).

use crate::alerts::{Alert, AlertEvent, FailureItem, Resource};
use hmac::{Hmac, Mac};
use sha2::Sha256;
use std::time::SystemTime;
use url::Url;

pub fn console() -> Url {
    Url::parse("https://sdrs.example.com/console").unwrap()
}

pub fn failure(job_id: &str, name: &str) -> FailureItem {
    FailureItem {
        job_id: job_id.into(),
        resource: Resource {
            name: name.into(),
            kind: "protected_instances".into(),
            id: format!("res-{job_id}"),
        },
        server_group_id: Some("pg-1".into()),
        failure_status: "failoverFail".into(),
        error_code: Some("SDRS.1207".into()),
        error_meaning: Some("The replication pair could not be switched over.".into()),
        fail_reason: Some("volume busy".into()),
        begin_time: "2026-12-06T10:15:30.250Z".into(),
        cleared_at: None,
    }
}

pub fn one(job_id: &str) -> Alert {
    Alert::digest(
        AlertEvent::New,
        "prod-ap-southeast-3",
        "ap-southeast-3",
        vec![failure(job_id, "web-01")],
        10,
        console(),
    )
}

/// 12 failures, 3 listed.
pub fn burst() -> Alert {
    let failures = (1..=12)
        .map(|i| failure(&format!("job-{i:02}"), &format!("web-{i:02}")))
        .collect();
    Alert::digest(
        AlertEvent::New,
        "prod-ap-southeast-3",
        "ap-southeast-3",
        failures,
        3,
        console(),
    )
}

/// Field values written to inject a link, a mention and markup.
pub const HOSTILE_NAME: &str = "<!channel> @all [click](https://evil.example/x) *bold* `code`";
pub const HOSTILE_REASON: &str =
    "line1\n# Heading <at id=all></at> <@U123> <https://evil.example|here> & more";

pub fn hostile() -> Alert {
    let mut f = failure("job-x", HOSTILE_NAME);
    f.fail_reason = Some(HOSTILE_REASON.into());
    Alert::digest(AlertEvent::New, "prod", "ap-southeast-3", vec![f], 10, console())
}

/// Independent HMAC-SHA256.
pub fn hmac256(key: &[u8], msg: &[u8]) -> Vec<u8> {
    let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(key).unwrap();
    mac.update(msg);
    mac.finalize().into_bytes().to_vec()
}

pub fn answer(status: u16, body: &'static str) -> crate::alerts::Answer<'static> {
    crate::alerts::Answer {
        status,
        retry_after: None,
        body: body.as_bytes(),
        received: SystemTime::UNIX_EPOCH,
    }
}

/// The text of every string in a JSON value, joined (to search a body).
pub fn all_text(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Array(items) => items.iter().map(all_text).collect::<Vec<_>>().join("\n"),
        serde_json::Value::Object(map) => map.values().map(all_text).collect::<Vec<_>>().join("\n"),
        other => other.to_string(),
    }
}

/// What no escaped field may leave in a chat message.
pub fn assert_inert(text: &str) {
    for bad in [
        "<!channel>",
        "@all",
        "[click](",
        "https://evil",
        "<at id=all>",
        "<@U123>",
        "\n# Heading",
    ] {
        assert!(!text.contains(bad), "{bad:?} survived in {text}");
    }
}
