//! WeCom group robots (企业微信群机器人): markdown to
//! `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`; the key in
//! the URL is the credential. The content is kept to 2,048 bytes of
//! UTF-8, cut on a character boundary. Errors in a 200: `errcode` 45009
//! throttled (20 messages a minute), 93000 the key is not a robot's.

use crate::alerts::answer::{self, by_status, json_code, json_text, Answer, Outcome};
use crate::alerts::markup::chat_markdown;
use crate::alerts::text::{markdown, markdown_link, Markdown};
use crate::alerts::{Alert, AlertEvent, ChannelKind, ChannelRequest};
use serde_json::{json, Value};
use url::Url;

/// The most bytes of content a message carries.
pub const CONTENT_BYTES: usize = 2048;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WeComSettings {
    /// `https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=…`.
    pub url: Url,
}

fn headline(text: &str, event: AlertEvent) -> String {
    let colour = match event {
        AlertEvent::New | AlertEvent::Reminder => "warning",
        AlertEvent::Cleared => "info",
    };
    format!("<font color=\"{colour}\">**{text}**</font>")
}

const DIALECT: Markdown = Markdown {
    escape: chat_markdown,
    headline,
    link: markdown_link,
};

pub fn content(alert: &Alert) -> String {
    markdown(alert, &DIALECT, CONTENT_BYTES)
}

pub fn body(alert: &Alert) -> Value {
    json!({"msgtype": "markdown", "markdown": {"content": content(alert)}})
}

pub fn request(settings: &WeComSettings, alert: &Alert) -> ChannelRequest {
    ChannelRequest::post_json(ChannelKind::WeCom, settings.url.clone(), &body(alert))
}

pub fn classify(answer: &Answer<'_>) -> Outcome {
    if let Some(outcome) = by_status(answer) {
        return outcome;
    }
    let Ok(body) = serde_json::from_slice::<Value>(answer.body) else {
        return answer::unreadable("WeCom");
    };
    let Some(code) = json_code(&body, "errcode") else {
        return answer::unreadable("WeCom");
    };
    let message = json_text(&body, "errmsg");
    match code {
        0 => Outcome::Delivered,
        45009 => answer::throttled("WeCom", code, message),
        93000 => answer::misconfigured("WeCom", code, "the key is not a robot's webhook key", message),
        _ => answer::unknown_code("WeCom", code, message),
    }
}
