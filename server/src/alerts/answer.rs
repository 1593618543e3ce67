//! Reading a channel's answer: delivered, worth a retry (when, if the
//! channel said), or a configuration error that no retry will fix. The
//! robots of DingTalk, WeCom and Feishu answer HTTP 200 with an error code
//! in the body, so each channel reads its own body; the HTTP rules common
//! to all are here.
//!
//! A reason is fixed wording, the channel's error code and at most a short
//! part of its message with every long token taken out: an answer that
//! echoes the URL or the secret does not carry either into a status page
//! or a log.

use std::time::{Duration, SystemTime};

/// An HTTP answer as the sender received it.
#[derive(Clone, Copy, Debug)]
pub struct Answer<'a> {
    pub status: u16,
    /// The `Retry-After` header, if any.
    pub retry_after: Option<&'a str>,
    pub body: &'a [u8],
    /// When it arrived (for a `Retry-After` given as a date).
    pub received: SystemTime,
}

/// What to do after an answer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    Delivered,
    /// Try again: after `after` if the channel said when, else with the
    /// sender's backoff.
    Retry {
        after: Option<Duration>,
        reason: String,
    },
    /// The channel's settings are wrong (signature, keyword, key, IP
    /// allow-list, payload): shown on the channel, not retried.
    Misconfigured {
        reason: String,
    },
}

impl Outcome {
    pub fn reason(&self) -> Option<&str> {
        match self {
            Outcome::Delivered => None,
            Outcome::Retry { reason, .. } | Outcome::Misconfigured { reason } => Some(reason),
        }
    }
}

/// `Retry-After` as seconds or as an HTTP date; a date in the past is now.
pub fn retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if let Ok(secs) = value.parse::<u64>() {
        return Some(Duration::from_secs(secs));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// The rules for every channel by HTTP status alone: `None` for a 2xx,
/// whose body the channel reads.
pub fn by_status(answer: &Answer<'_>) -> Option<Outcome> {
    let status = answer.status;
    let after = answer.retry_after.and_then(|v| retry_after(v, answer.received));
    match status {
        200..=299 => None,
        429 => Some(Outcome::Retry {
            after,
            reason: "HTTP 429: the channel's rate limit was reached".to_owned(),
        }),
        408 | 500..=599 => Some(Outcome::Retry {
            after,
            reason: format!("HTTP {status} from the channel{}", short_message(answer.body)),
        }),
        300..=399 => Some(Outcome::Misconfigured {
            reason: format!("HTTP {status}: the channel's URL redirects; set the final URL"),
        }),
        _ => Some(Outcome::Misconfigured {
            reason: format!("HTTP {status} from the channel{}", short_message(answer.body)),
        }),
    }
}

/// A throttling code inside a 200: retry after a minute, the robots' window.
pub(crate) fn throttled(channel: &str, code: i64, message: &str) -> Outcome {
    Outcome::Retry {
        after: Some(Duration::from_secs(60)),
        reason: format!("{channel} error {code}: sending too fast{}", shown(message)),
    }
}

pub(crate) fn misconfigured(channel: &str, code: i64, what: &str, message: &str) -> Outcome {
    Outcome::Misconfigured {
        reason: format!("{channel} error {code}: {what}{}", shown(message)),
    }
}

/// An error code the table does not know: retried (the sender caps the
/// attempts), its reason shown.
pub(crate) fn unknown_code(channel: &str, code: i64, message: &str) -> Outcome {
    Outcome::Retry {
        after: None,
        reason: format!("{channel} error {code}{}", shown(message)),
    }
}

/// A 200 whose body is not the channel's answer: nothing says it arrived.
pub(crate) fn unreadable(channel: &str) -> Outcome {
    Outcome::Retry {
        after: None,
        reason: format!("{channel} answered HTTP 200 with a body that is not its answer"),
    }
}

/// `: message` from a body that is short text, else nothing.
fn short_message(body: &[u8]) -> String {
    match std::str::from_utf8(body) {
        Ok(text) if !text.trim().is_empty() => shown(text),
        _ => String::new(),
    }
}

/// Characters of a channel's message a reason keeps.
const MESSAGE_CHARS: usize = 160;
/// A run of this many token characters (letters, digits, `-_`) is taken
/// for a key or a signature and hidden.
const TOKEN_RUN: usize = 16;

/// `: message`, one line, cut, with every long token replaced by `…`.
pub(crate) fn shown(message: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.chars().count() >= TOKEN_RUN {
            out.push('…');
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in message.chars() {
        if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(if c.is_control() { ' ' } else { c });
        }
    }
    flush(&mut run, &mut out);
    let one_line = out.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.is_empty() {
        return String::new();
    }
    let cut: String = one_line.chars().take(MESSAGE_CHARS).collect();
    let more = if cut.len() < one_line.len() { "…" } else { "" };
    format!(": {cut}{more}")
}

/// An integer field of a JSON answer, if it has one.
pub(crate) fn json_code(body: &serde_json::Value, field: &str) -> Option<i64> {
    body.get(field).and_then(serde_json::Value::as_i64)
}

pub(crate) fn json_text<'a>(body: &'a serde_json::Value, field: &str) -> &'a str {
    body.get(field).and_then(serde_json::Value::as_str).unwrap_or("")
}
