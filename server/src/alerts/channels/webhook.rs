//! A generic JSON webhook, signed so that the receiver can tell the
//! message comes from this server and was not replayed.
//!
//! The signature, in the manner of Stripe's and GitHub's webhooks:
//!
//! - `X-SDRS-Timestamp: <unix seconds>`
//! - `X-SDRS-Signature: sha256=<hex HMAC-SHA256(key = secret, msg = timestamp + "." + body)>`
//!
//! The receiver recomputes the HMAC over the timestamp header, a `.` and
//! the raw body bytes, compares it in constant time, and refuses a
//! timestamp more than five minutes from its clock. Without a secret the
//! request carries the timestamp and no signature.
//!
//! The body (`version` 1): `event` (`new`, `cleared`), `title`, `text`
//! (the plain-text message), `scope`, `region`, `count`, `folded`,
//! `console_url`, and `failures`, each with a `dedup_key`
//! (`scope/job_id`, the same for its trigger and its clearing), its
//! fields and its `console_url`. Field values are as SDRS gave them (JSON
//! escapes them, nothing else does): a receiver that shows them as markup
//! escapes them itself.

use crate::aksk::credentials::Secret;
use crate::alerts::answer::{by_status, Answer, Outcome};
use crate::alerts::markup::plain;
use crate::alerts::{alert, text, Alert, ChannelKind, ChannelRequest};
use serde_json::{json, Value};
use url::Url;

pub const TIMESTAMP_HEADER: &str = "x-sdrs-timestamp";
pub const SIGNATURE_HEADER: &str = "x-sdrs-signature";
pub const EVENT_HEADER: &str = "x-sdrs-event";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WebhookSettings {
    pub url: Url,
}

/// `sha256=<hex>` over `timestamp.body`.
pub fn signature(secret: &Secret, timestamp_secs: i64, body: &[u8]) -> String {
    let mut message = format!("{timestamp_secs}.").into_bytes();
    message.extend_from_slice(body);
    let mac = super::hmac_sha256(secret.expose().as_bytes(), &message);
    format!("sha256={}", hex::encode(mac))
}

pub fn body(alert: &Alert) -> Value {
    let failures: Vec<Value> = alert
        .failures
        .iter()
        .map(|f| {
            json!({
                "dedup_key": alert::dedup_key(&alert.scope, f),
                "job_id": f.job_id,
                "resource": {"name": f.resource.name, "type": f.resource.kind, "id": f.resource.id},
                "server_group_id": f.server_group_id,
                "failure_status": f.failure_status,
                "error_code": f.error_code,
                "error_meaning": f.error_meaning,
                "fail_reason": f.fail_reason,
                "begin_time": f.begin_time,
                "cleared_at": f.cleared_at,
                "console_url": alert.failure_link(f),
            })
        })
        .collect();
    json!({
        "version": 1,
        "event": alert.event.as_str(),
        "title": plain(&alert.headline()),
        "text": text::plain_text(alert),
        "scope": alert.scope,
        "region": alert.region,
        "count": alert.count(),
        "folded": alert.folded,
        "console_url": alert.link(),
        "failures": failures,
    })
}

pub fn request(
    settings: &WebhookSettings,
    secret: Option<&Secret>,
    alert: &Alert,
    now_ms: i64,
) -> ChannelRequest {
    let mut req = ChannelRequest::post_json(ChannelKind::Webhook, settings.url.clone(), &body(alert));
    let timestamp = now_ms.div_euclid(1000);
    req.headers
        .push((TIMESTAMP_HEADER.to_owned(), timestamp.to_string()));
    req.headers
        .push((EVENT_HEADER.to_owned(), alert.event.as_str().to_owned()));
    if let Some(secret) = secret {
        let signed = signature(secret, timestamp, &req.body);
        req.headers.push((SIGNATURE_HEADER.to_owned(), signed));
    }
    req
}

/// Any 2xx is delivered; the body is the receiver's own.
pub fn classify(answer: &Answer<'_>) -> Outcome {
    by_status(answer).unwrap_or(Outcome::Delivered)
}
