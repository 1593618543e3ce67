//! Huawei Cloud SMN (Simple Message Notification): publish to a topic,
//! `POST https://smn.{region}.myhuaweicloud.com/v2/{project_id}/notifications/topics/{topic_urn}/publish`
//! with `{"subject", "message", "time_to_live"}`; SMN fans it out to the
//! topic's e-mail, SMS and chat subscriptions (whose robot secrets live in
//! SMN). The request is returned unsigned with [`Signing::HuaweiAkSk`]:
//! the sender signs it with the scope's keys like every Huawei call.

use crate::alerts::answer::{self, by_status, Answer, Outcome};
use crate::alerts::markup::{cut_bytes, plain};
use crate::alerts::{text, Alert, ChannelKind, ChannelRequest, Signing};
use serde_json::{json, Value};
use url::Url;

/// SMN's limits on a subject and a message, in bytes.
pub const SUBJECT_BYTES: usize = 512;
pub const MESSAGE_BYTES: usize = 256 * 1024;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmnSettings {
    /// `https://smn.{region}.myhuaweicloud.com` (or an emulator's address).
    pub endpoint: Url,
    pub project_id: String,
    /// `urn:smn:{region}:{project_id}:{topic}`.
    pub topic_urn: String,
    /// How long SMN keeps trying its subscribers, in seconds (SMN's own
    /// default when `None`).
    pub time_to_live_secs: Option<u32>,
}

/// The publish URL: path segments encoded where they must be (a URN's
/// colons stay).
pub fn publish_url(settings: &SmnSettings) -> Url {
    let mut url = settings.endpoint.clone();
    url.set_query(None);
    url.set_fragment(None);
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.pop_if_empty().extend([
            "v2",
            settings.project_id.as_str(),
            "notifications",
            "topics",
            settings.topic_urn.as_str(),
            "publish",
        ]);
    }
    url
}

pub fn body(settings: &SmnSettings, alert: &Alert) -> Value {
    let mut body = json!({
        "subject": cut_bytes(&plain(&format!("[SDRS] {}", alert.headline())), SUBJECT_BYTES),
        "message": cut_bytes(&text::plain_text(alert), MESSAGE_BYTES),
    });
    if let (Some(ttl), Some(fields)) = (settings.time_to_live_secs, body.as_object_mut()) {
        fields.insert("time_to_live".into(), Value::String(ttl.to_string()));
    }
    body
}

pub fn request(settings: &SmnSettings, alert: &Alert) -> ChannelRequest {
    let mut req = ChannelRequest::post_json(ChannelKind::Smn, publish_url(settings), &body(settings, alert));
    req.signing = Signing::HuaweiAkSk;
    req
}

/// A 2xx carries the `message_id`; 401/403 (keys, signature, rights) and
/// other 4xx are configuration; 429 (`APIG.0308`) and 5xx are retried.
pub fn classify(answer: &Answer<'_>) -> Outcome {
    if let Some(outcome) = by_status(answer) {
        return outcome;
    }
    match serde_json::from_slice::<Value>(answer.body) {
        Ok(body) if body.get("message_id").is_some() => Outcome::Delivered,
        _ => answer::unreadable("SMN"),
    }
}
