//! Feishu / Lark custom bots (飞书自定义机器人): an interactive card to
//! `https://open.feishu.cn/open-apis/bot/v2/hook/{id}` (Lark:
//! `open.larksuite.com`); the hook id is the credential.
//!
//! - A signed bot gets `"timestamp": "<seconds>"` and `"sign":
//!   base64(HMAC-SHA256(key = timestamp + "\n" + secret, msg = ""))` in the
//!   body (not URL-encoded; key and message the other way round from
//!   DingTalk).
//! - A keyword bot needs one of its keywords in the message.
//! - Errors in the body (`code`, older bots `StatusCode`): 11232 throttled
//!   (avoid the full and half hour), 9499 bad request, 19021 signature or
//!   timestamp wrong, 19022 IP not allowed, 19024 keyword missing.

use crate::aksk::credentials::Secret;
use crate::alerts::answer::{self, by_status, json_code, json_text, Answer, Outcome};
use crate::alerts::channels::dingtalk::with_keyword;
use crate::alerts::markup::chat_markdown;
use crate::alerts::text::{markdown, markdown_link, Markdown};
use crate::alerts::{Alert, AlertEvent, ChannelKind, ChannelRequest};
use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use serde_json::{json, Value};
use url::Url;

/// The card's markdown, below the bot's 20 KB body limit with room for
/// the JSON around it.
const CARD_TEXT_BYTES: usize = 16_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeishuSettings {
    /// `https://open.feishu.cn/open-apis/bot/v2/hook/{id}`.
    pub url: Url,
    /// One of the bot's keywords, when it has that security setting.
    pub keyword: Option<String>,
}

pub fn sign(secret: &Secret, timestamp_secs: i64) -> String {
    let key = format!("{timestamp_secs}\n{}", secret.expose());
    STANDARD.encode(super::hmac_sha256(key.as_bytes(), b""))
}

fn headline(text: &str, _event: AlertEvent) -> String {
    format!("**{text}**")
}

const DIALECT: Markdown = Markdown {
    escape: chat_markdown,
    headline,
    link: markdown_link,
};

pub fn body(settings: &FeishuSettings, alert: &Alert) -> Value {
    let keyword = settings.keyword.as_deref();
    let title = with_keyword(keyword, chat_markdown(&alert.headline()));
    let template = match alert.event {
        AlertEvent::New => "red",
        AlertEvent::Reminder => "orange",
        AlertEvent::Cleared => "green",
    };
    json!({
        "msg_type": "interactive",
        "card": {
            "header": {"title": {"tag": "plain_text", "content": title}, "template": template},
            "elements": [{"tag": "markdown", "content": markdown(alert, &DIALECT, CARD_TEXT_BYTES)}],
        },
    })
}

pub fn request(
    settings: &FeishuSettings,
    secret: Option<&Secret>,
    alert: &Alert,
    now_ms: i64,
) -> ChannelRequest {
    let mut body = body(settings, alert);
    if let (Some(secret), Some(fields)) = (secret, body.as_object_mut()) {
        let timestamp = now_ms.div_euclid(1000);
        fields.insert("timestamp".into(), Value::String(timestamp.to_string()));
        fields.insert("sign".into(), Value::String(sign(secret, timestamp)));
    }
    ChannelRequest::post_json(ChannelKind::Feishu, settings.url.clone(), &body)
}

pub fn classify(answer: &Answer<'_>) -> Outcome {
    // Feishu answers its codes with 200 and, for some, with 400: the code
    // decides when there is one.
    let body = serde_json::from_slice::<Value>(answer.body).ok();
    let code = body
        .as_ref()
        .and_then(|b| json_code(b, "code").or_else(|| json_code(b, "StatusCode")));
    let (Some(body), Some(code)) = (body.as_ref(), code) else {
        return by_status(answer).unwrap_or_else(|| answer::unreadable("Feishu"));
    };
    let message = match json_text(body, "msg") {
        "" => json_text(body, "StatusMessage"),
        m => m,
    };
    match code {
        0 => by_status(answer).unwrap_or(Outcome::Delivered),
        11232 => answer::throttled("Feishu", code, message),
        9499 => answer::misconfigured(
            "Feishu",
            code,
            "the bot refused the message as a bad request",
            message,
        ),
        19021 => answer::misconfigured(
            "Feishu",
            code,
            "the signature is wrong or the timestamp more than an hour off",
            message,
        ),
        19022 => answer::misconfigured("Feishu", code, "this server's IP address is not allowed", message),
        19024 => answer::misconfigured(
            "Feishu",
            code,
            "the message has none of the bot's keywords",
            message,
        ),
        _ => by_status(answer).unwrap_or_else(|| answer::unknown_code("Feishu", code, message)),
    }
}
