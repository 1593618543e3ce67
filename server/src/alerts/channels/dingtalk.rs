//! DingTalk custom robots (钉钉自定义机器人): a markdown message to
//! `https://oapi.dingtalk.com/robot/send?access_token=…`.
//!
//! - A signed robot gets `&timestamp=<ms>&sign=<urlencode(base64(
//!   HMAC-SHA256(key = secret, msg = timestamp + "\n" + secret)))>`.
//! - A keyword robot drops a message without one of its keywords: the
//!   configured keyword is put in the title and the text.
//! - Errors come in a 200: `errcode` 130101 "send too fast" (20 messages a
//!   minute; wait), 310000 keyword, signature or timestamp wrong
//!   (configuration); another code is retried with its message shown.

use crate::aksk::credentials::Secret;
use crate::alerts::answer::{self, by_status, json_code, json_text, Answer, Outcome};
use crate::alerts::markup::chat_markdown;
use crate::alerts::text::{markdown, markdown_link, Markdown};
use crate::alerts::{Alert, AlertEvent, ChannelKind, ChannelRequest};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};
use url::Url;

/// A markdown text's limit: DingTalk documents none, its robots cut
/// messages near 20,000 bytes.
const TEXT_BYTES: usize = 18_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DingTalkSettings {
    /// `https://oapi.dingtalk.com/robot/send?access_token=…`.
    pub url: Url,
    /// One of the robot's keywords, when it has that security setting.
    pub keyword: Option<String>,
}

/// The `sign` parameter before URL encoding (the URL's query encoder
/// encodes it once).
pub fn sign(secret: &Secret, timestamp_ms: i64) -> String {
    let message = format!("{timestamp_ms}\n{}", secret.expose());
    STANDARD.encode(super::hmac_sha256(secret.expose().as_bytes(), message.as_bytes()))
}

fn headline(text: &str, _event: AlertEvent) -> String {
    format!("### {text}")
}

const DIALECT: Markdown = Markdown {
    escape: chat_markdown,
    headline,
    link: markdown_link,
};

/// The keyword as the robot matches it: plain text, before the message.
pub(crate) fn with_keyword(keyword: Option<&str>, text: String) -> String {
    match keyword.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) if !text.contains(k) => format!("{k} {text}"),
        _ => text,
    }
}

pub fn body(settings: &DingTalkSettings, alert: &Alert) -> Value {
    let keyword = settings.keyword.as_deref();
    let title = with_keyword(keyword, chat_markdown(&alert.headline()));
    let text = markdown(alert, &DIALECT, TEXT_BYTES);
    let text = match keyword.map(str::trim).filter(|k| !k.is_empty()) {
        Some(k) if !text.contains(k) => format!("{k}\n\n{text}"),
        _ => text,
    };
    json!({
        "msgtype": "markdown",
        "markdown": {"title": title, "text": text},
        "at": {"isAtAll": false},
    })
}

pub fn request(
    settings: &DingTalkSettings,
    secret: Option<&Secret>,
    alert: &Alert,
    now_ms: i64,
) -> ChannelRequest {
    let mut url = settings.url.clone();
    if let Some(secret) = secret {
        url.query_pairs_mut()
            .append_pair("timestamp", &now_ms.to_string())
            .append_pair("sign", &sign(secret, now_ms));
    }
    ChannelRequest::post_json(ChannelKind::DingTalk, url, &body(settings, alert))
}

pub fn classify(answer: &Answer<'_>) -> Outcome {
    if let Some(outcome) = by_status(answer) {
        return outcome;
    }
    let Ok(body) = serde_json::from_slice::<Value>(answer.body) else {
        return answer::unreadable("DingTalk");
    };
    let Some(code) = json_code(&body, "errcode") else {
        return answer::unreadable("DingTalk");
    };
    let message = json_text(&body, "errmsg");
    match code {
        0 => Outcome::Delivered,
        130101 => answer::throttled("DingTalk", code, message),
        310000 => answer::misconfigured(
            "DingTalk",
            code,
            "the robot refused the message (keyword missing, signature or timestamp wrong, or IP not allowed)",
            message,
        ),
        _ => answer::unknown_code("DingTalk", code, message),
    }
}
