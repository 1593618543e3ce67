//! The Alert channels page as plain data: the routes, each channel's state
//! and the delivery log decoded row by row, and their texts. The server
//! redacts: a channel's target is shown exactly as given (a key already
//! replaced by `…` is never filled in again) and every reason is text, put
//! in the page as text.

use crate::i18n::{fill, AlertKey, Locale};
use sdrs_models::query::encode_component;
use sdrs_models::{AlertChannel, AlertDelivery};
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};

pub const CHANNELS_PATH: &str = "/api/alerts/channels";
pub const DELIVERIES_PATH: &str = "/api/alerts/deliveries";
/// Rows of the delivery log asked for (the server's limit is 500).
pub const LOG_LIMIT: u32 = 100;

/// The delivery log of `channel` (all channels when `None`), newest first.
pub fn deliveries_path(channel: Option<&str>) -> String {
    match channel.map(str::trim).filter(|c| !c.is_empty()) {
        Some(name) => format!(
            "{DELIVERIES_PATH}?channel={}&limit={LOG_LIMIT}",
            encode_component(name)
        ),
        None => format!("{DELIVERIES_PATH}?limit={LOG_LIMIT}"),
    }
}

/// `POST` here sends a test message to `name`.
pub fn test_path(name: &str) -> String {
    format!("{CHANNELS_PATH}/{}/test", encode_component(name))
}

/// The farthest instant a browser's `Date` holds (epoch ms, either way).
pub const MAX_INSTANT_MS: i64 = 8_640_000_000_000_000;

/// `ms` when it is an instant a calendar can show; a hostile or broken
/// answer's number is shown as it came instead.
pub fn showable_instant(ms: i64) -> Option<i64> {
    (-MAX_INSTANT_MS..=MAX_INSTANT_MS).contains(&ms).then_some(ms)
}

/// Rows of an answer, and how many could not be read.
#[derive(Clone, Debug, PartialEq)]
pub struct Read<T> {
    pub rows: Vec<T>,
    pub malformed: usize,
}

impl<T> Default for Read<T> {
    fn default() -> Self {
        Read {
            rows: Vec::new(),
            malformed: 0,
        }
    }
}

fn decode_rows<T: DeserializeOwned>(body: &[u8], field: &str) -> Result<Read<T>, serde_json::Error> {
    let top: Map<String, Value> = serde_json::from_slice(body)?;
    let mut read = Read::default();
    for item in top.get(field).and_then(Value::as_array).into_iter().flatten() {
        match serde_json::from_value::<T>(item.clone()) {
            Ok(row) if item.is_object() => read.rows.push(row),
            _ => read.malformed += 1,
        }
    }
    Ok(read)
}

/// Reads `GET /api/alerts/channels`.
pub fn decode_channels(body: &[u8]) -> Result<Read<AlertChannel>, serde_json::Error> {
    decode_rows(body, "channels")
}

/// Reads `GET /api/alerts/deliveries`.
pub fn decode_deliveries(body: &[u8]) -> Result<Read<AlertDelivery>, serde_json::Error> {
    decode_rows(body, "deliveries")
}

/// Reads the answer of a test message: the attempt it made.
pub fn decode_test_answer(body: &[u8]) -> Result<AlertDelivery, serde_json::Error> {
    let top: Map<String, Value> = serde_json::from_slice(body)?;
    serde_json::from_value(top.get("delivery").cloned().unwrap_or(Value::Null))
}

/// A channel's state in words (never colour alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChannelHealth {
    /// Nothing sent yet.
    Idle,
    Ok,
    /// The last attempt failed; it is tried again.
    Failing,
    /// Its settings are wrong: nothing is sent until a test goes through.
    Misconfigured,
    Unknown,
}

impl ChannelHealth {
    pub fn of(wire: &str) -> ChannelHealth {
        match wire {
            "idle" => ChannelHealth::Idle,
            "ok" => ChannelHealth::Ok,
            "retrying" => ChannelHealth::Failing,
            "misconfigured" => ChannelHealth::Misconfigured,
            _ => ChannelHealth::Unknown,
        }
    }

    /// For `data-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelHealth::Idle => "idle",
            ChannelHealth::Ok => "ok",
            ChannelHealth::Failing => "failing",
            ChannelHealth::Misconfigured => "misconfigured",
            ChannelHealth::Unknown => "unknown",
        }
    }

    pub fn key(self) -> AlertKey {
        match self {
            ChannelHealth::Idle => AlertKey::ChannelIdle,
            ChannelHealth::Ok => AlertKey::ChannelOk,
            ChannelHealth::Failing => AlertKey::ChannelFailing,
            ChannelHealth::Misconfigured => AlertKey::ChannelMisconfigured,
            ChannelHealth::Unknown => AlertKey::StateUnknown,
        }
    }
}

/// What a logged message was for.
pub fn purpose_key(purpose: &str) -> AlertKey {
    match purpose {
        "alert" => AlertKey::PurposeAlert,
        "resend" => AlertKey::PurposeResend,
        "test" => AlertKey::PurposeTest,
        _ => AlertKey::StateUnknown,
    }
}

/// What came of an attempt, in words.
pub fn outcome_key(outcome: &str) -> AlertKey {
    match outcome {
        "delivered" => AlertKey::OutcomeSent,
        "retry" => AlertKey::OutcomeRetry,
        "misconfigured" => AlertKey::OutcomeMisconfigured,
        "unreachable" => AlertKey::OutcomeUnreachable,
        "suppressed" => AlertKey::OutcomeSuppressed,
        _ => AlertKey::StateUnknown,
    }
}

/// Whether an attempt went through (or was kept back on purpose).
pub fn outcome_ok(outcome: &str) -> bool {
    matches!(outcome, "delivered" | "suppressed")
}

/// One row of the delivery log, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveryLine {
    pub id: i64,
    pub channel: String,
    pub at_ms: i64,
    /// `alert`, `resend`, `test` (for `data-purpose`).
    pub purpose: String,
    pub what: String,
    /// `delivered`, `retry`… (for `data-outcome`).
    pub outcome: String,
    /// The outcome, with the HTTP status and reason when there are.
    pub outcome_text: String,
    /// "1st attempt", "retry 2"…
    pub attempt: String,
}

/// The log's row of `d` in `locale`: the headline (a failure, a digest or
/// the test) after what it was for, the reason as the server wrote it.
pub fn delivery_line(d: &AlertDelivery, locale: Locale) -> DeliveryLine {
    let purpose = purpose_key(&d.purpose).text(locale);
    let what = match d.headline.trim() {
        "" => purpose.to_owned(),
        headline => format!("{purpose}: {headline}"),
    };
    let mut outcome_text = outcome_key(&d.outcome).text(locale).to_owned();
    if let Some(status) = d.http_status {
        outcome_text.push_str(&format!(" (HTTP {status})"));
    }
    if let Some(reason) = d.reason.as_deref().map(str::trim).filter(|r| !r.is_empty()) {
        outcome_text.push_str(" — ");
        outcome_text.push_str(reason);
    }
    let attempt = if d.attempt <= 1 {
        AlertKey::FirstAttempt.text(locale).to_owned()
    } else {
        fill(
            AlertKey::RetryAttempt.text(locale),
            &[("n", &d.attempt.to_string())],
        )
        .into_owned()
    };
    DeliveryLine {
        id: d.id,
        channel: d.channel.clone(),
        at_ms: d.at_ms,
        purpose: d.purpose.clone(),
        what,
        outcome: d.outcome.clone(),
        outcome_text,
        attempt,
    }
}

/// A channel's figures: queued, sent, attempts by outcome.
pub fn channel_counts(c: &AlertChannel, locale: Locale) -> String {
    let mut text = fill(
        AlertKey::ChannelCounts.text(locale),
        &[("pending", &c.pending.to_string()), ("sent", &c.sent.to_string())],
    )
    .into_owned();
    for (outcome, n) in &c.attempts {
        text.push_str(&format!(" · {} {n}", outcome_key(outcome).text(locale)));
    }
    if let Some(secs) = c.remind_after_secs {
        let after = crate::view_model::format::duration(secs as f64 * 1000.0, locale);
        text.push_str(" · ");
        text.push_str(&fill(AlertKey::RemindsAfter.text(locale), &[("after", &after)]));
    }
    text
}

/// What a test message came to, for the line under its button.
pub fn test_result(d: &AlertDelivery, locale: Locale) -> (bool, String) {
    let line = delivery_line(d, locale);
    let ok = d.outcome == "delivered";
    let key = if ok {
        AlertKey::TestSent
    } else {
        AlertKey::TestFailed
    };
    (
        ok,
        fill(key.text(locale), &[("outcome", &line.outcome_text)]).into_owned(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const DINGTALK: &str = r#"{"channels":[
        {"name":"oncall","kind":"dingtalk","url":"https://oapi.dingtalk.com/robot/send?access_token=…","state":"misconfigured",
         "reason":"DingTalk refused the message: 310000 <img src=x onerror=alert(1)> sign not match","since_ms":1800000000000,
         "batch_secs":60,"per_minute":20,"pending":3,"sent":7,"attempts":{"delivered":2,"misconfigured":1},
         "last":{"id":9,"channel":"oncall","at_ms":1800000000000,"purpose":"alert","outcome":"misconfigured","http_status":200,
                 "reason":"sign not match","failures":3,"attempt":1,"headline":"3 new failures in prod"}},
        {"name":7},
        {"name":"hook","kind":"webhook","state":"paused-by-someone"}
    ]}"#;

    #[test]
    fn a_redacted_url_is_shown_as_given_and_reasons_stay_text() {
        let read = decode_channels(DINGTALK.as_bytes()).unwrap();
        assert_eq!(read.malformed, 1);
        let c = &read.rows[0];
        assert_eq!(
            c.url, "https://oapi.dingtalk.com/robot/send?access_token=…",
            "the key stays replaced"
        );
        assert_eq!(ChannelHealth::of(&c.state), ChannelHealth::Misconfigured);
        // The reason reaches the page as the text the server wrote (the
        // view puts it in a text node, never markup).
        assert!(c
            .reason
            .as_deref()
            .unwrap()
            .contains("<img src=x onerror=alert(1)>"));
        let last = delivery_line(c.last.as_ref().unwrap(), Locale::En);
        assert_eq!(
            last.outcome_text,
            "misconfigured — not retried (HTTP 200) — sign not match"
        );
        assert_eq!(last.what, "failure alert: 3 new failures in prod");
        assert_eq!(
            channel_counts(c, Locale::En),
            "3 queued, 7 sent · sent 2 · misconfigured — not retried 1"
        );
        let reminding = AlertChannel {
            remind_after_secs: Some(4 * 3600),
            ..AlertChannel::default()
        };
        assert_eq!(
            channel_counts(&reminding, Locale::En),
            "0 queued, 0 sent · reminds after 4 h 0 m"
        );
        assert_eq!(ChannelHealth::of(&read.rows[1].state), ChannelHealth::Unknown);
    }

    #[test]
    fn the_log_reads_what_how_and_which_attempt() {
        let body = br#"{"deliveries":[
            {"id":3,"channel":"hook","at_ms":1800000000000,"purpose":"test","outcome":"delivered","http_status":200,"failures":1,"attempt":1,"headline":"test message"},
            {"id":2,"channel":"hook","at_ms":1799999990000,"purpose":"alert","outcome":"retry","http_status":500,"reason":"HTTP 500","failures":12,"attempt":3,"headline":"12 new failures in prod-ap-southeast-3"},
            {"id":1,"channel":"hook","purpose":"alert","outcome":"suppressed","reason":"silenced","attempt":"x"},
            null
        ]}"#;
        let read = decode_deliveries(body).unwrap();
        assert_eq!((read.rows.len(), read.malformed), (2, 2));
        let lines: Vec<DeliveryLine> = read.rows.iter().map(|d| delivery_line(d, Locale::En)).collect();
        assert_eq!(lines[0].what, "test message: test message");
        assert_eq!(lines[0].outcome_text, "sent (HTTP 200)");
        assert_eq!(lines[0].attempt, "first attempt");
        assert_eq!(lines[1].outcome_text, "failed, retrying (HTTP 500) — HTTP 500");
        assert_eq!(lines[1].attempt, "attempt 3");
        assert!(outcome_ok("suppressed") && !outcome_ok("retry"));
        let zh = delivery_line(&read.rows[1], Locale::Zh);
        assert!(zh.attempt.contains('3'), "{zh:?}");
    }

    #[test]
    fn a_test_answer_says_whether_it_went_through() {
        let sent = decode_test_answer(
            br#"{"delivery":{"channel":"hook","purpose":"test","outcome":"delivered","http_status":204,"attempt":1}}"#,
        )
        .unwrap();
        assert_eq!(
            test_result(&sent, Locale::En),
            (true, "Test message sent: sent (HTTP 204)".to_owned())
        );
        let failed =
            decode_test_answer(br#"{"delivery":{"outcome":"unreachable","reason":"no answer within 10 s"}}"#)
                .unwrap();
        let (ok, text) = test_result(&failed, Locale::En);
        assert!(!ok);
        assert!(text.contains("no answer within 10 s"), "{text}");
        assert!(decode_test_answer(b"{}").is_err());
        assert!(decode_test_answer(b"not json").is_err());
    }

    #[test]
    fn paths_encode_channel_names() {
        assert_eq!(deliveries_path(None), "/api/alerts/deliveries?limit=100");
        assert_eq!(deliveries_path(Some(" ")), "/api/alerts/deliveries?limit=100");
        assert_eq!(
            deliveries_path(Some("ops hook/1")),
            "/api/alerts/deliveries?channel=ops%20hook%2F1&limit=100"
        );
        assert_eq!(test_path("a/b?c"), "/api/alerts/channels/a%2Fb%3Fc/test");
    }

    #[test]
    fn only_instants_a_calendar_holds_are_shown_as_dates() {
        assert_eq!(showable_instant(1_800_000_000_000), Some(1_800_000_000_000));
        assert_eq!(showable_instant(-1), Some(-1));
        assert_eq!(showable_instant(i64::MAX), None);
        assert_eq!(showable_instant(i64::MIN), None);
        let d: AlertDelivery = serde_json::from_str(r#"{"at_ms":9223372036854775807,"attempt":-5}"#).unwrap();
        let line = delivery_line(&d, Locale::En);
        assert_eq!((line.at_ms, line.attempt.as_str()), (i64::MAX, "first attempt"));
    }

    #[test]
    fn hostile_answers_are_errors_or_empty_never_panics() {
        for body in [&b""[..], b"[]", b"null", b"<html>", b"{\"channels\":"] {
            assert!(decode_channels(body).is_err(), "{body:?}");
        }
        assert_eq!(decode_channels(b"{}").unwrap(), Read::default());
        assert_eq!(
            decode_deliveries(br#"{"deliveries":{"a":1}}"#).unwrap(),
            Read::default()
        );
    }
}
