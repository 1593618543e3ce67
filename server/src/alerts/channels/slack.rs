//! Slack incoming webhooks: `text` (what notifications show, so always
//! set) and `blocks` in `mrkdwn`. Slack answers `ok` with 200; 429 with
//! `Retry-After` over its rate (about one message a second); 400/403/404/410
//! with a short code (`invalid_payload`, `no_service`, …): the hook is
//! wrong or gone.

use crate::alerts::answer::{by_status, Answer, Outcome};
use crate::alerts::markup::slack_mrkdwn;
use crate::alerts::text::{facts, folded_line};
use crate::alerts::{Alert, ChannelKind, ChannelRequest};
use serde_json::{json, Value};
use url::Url;

/// Slack's limit on a section's text.
const SECTION_CHARS: usize = 3000;
/// Failures listed as blocks (Slack takes 50 blocks a message); the others
/// are counted.
const LISTED: usize = 45;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SlackSettings {
    /// `https://hooks.slack.com/services/T…/B…/…` (the path is the credential).
    pub url: Url,
}

fn section(text: String) -> Value {
    let text: String = text.chars().take(SECTION_CHARS).collect();
    json!({"type": "section", "text": {"type": "mrkdwn", "text": text}})
}

/// `<url|text>`: the text is ours, the URL built by [`Alert`].
fn link(url: &str, text: &str) -> String {
    format!("<{url}|{text}>")
}

pub fn body(alert: &Alert) -> Value {
    let headline = slack_mrkdwn(&alert.headline());
    let mut blocks = vec![section(format!(
        "*{}*\nScope: {}  Region: {}",
        link(&alert.link(), &headline),
        slack_mrkdwn(&alert.scope),
        slack_mrkdwn(&alert.region)
    ))];
    for failure in alert.failures.iter().take(LISTED) {
        let mut text = String::new();
        for (label, value) in facts(failure, slack_mrkdwn) {
            text.push_str(&format!("*{label}:* {value}\n"));
        }
        text.push_str(&link(&alert.failure_link(failure), "Open in the console"));
        blocks.push(section(text));
    }
    if let Some(more) = folded_line(alert, alert.failures.len().saturating_sub(LISTED)) {
        blocks.push(section(format!("{more}: {}", link(&alert.link(), "all of them"))));
    }
    // Notifications read `text` as mrkdwn too: escaped like the blocks.
    json!({"text": slack_mrkdwn(&alert.headline()), "blocks": blocks})
}

pub fn request(settings: &SlackSettings, alert: &Alert) -> ChannelRequest {
    ChannelRequest::post_json(ChannelKind::Slack, settings.url.clone(), &body(alert))
}

pub fn classify(answer: &Answer<'_>) -> Outcome {
    by_status(answer).unwrap_or(Outcome::Delivered)
}
