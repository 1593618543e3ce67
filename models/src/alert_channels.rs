//! Alert channels as `GET /api/alerts/channels` shows them, and the
//! delivery log of `GET /api/alerts/deliveries`, shared by the server and
//! the console. A channel's URL is shown with its key replaced by `…`; a
//! reason is the sender's reading of an answer, never a URL or a secret.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// One attempt to deliver a message to a channel.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertDelivery {
    pub id: i64,
    pub channel: String,
    pub at_ms: i64,
    /// `alert`, `resend` or `test`.
    pub purpose: String,
    /// `delivered`, `retry`, `misconfigured`, `unreachable`, or
    /// `suppressed` (kept back by a silence or an acknowledgement).
    pub outcome: String,
    pub http_status: Option<i64>,
    pub reason: Option<String>,
    /// Failures the message stood for.
    pub failures: i64,
    /// 1 for a first attempt.
    pub attempt: i64,
    pub headline: String,
}

/// A channel's kind, target, state and counts.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertChannel {
    pub name: String,
    /// `webhook`, `slack`, `dingtalk`, `feishu`, `wecom`, `smn`,
    /// `alertmanager`.
    pub kind: String,
    /// The target with any key in it replaced by `…`.
    pub url: String,
    /// `idle`, `ok`, `retrying` or `misconfigured`.
    pub state: String,
    pub reason: Option<String>,
    /// When the channel came to its state (epoch ms).
    pub since_ms: Option<i64>,
    pub batch_secs: u64,
    pub per_minute: u32,
    /// A failure still open and not acknowledged this long after it was
    /// announced is announced once more (`None`: never).
    pub remind_after_secs: Option<u64>,
    /// Failures queued, not yet sent.
    pub pending: i64,
    /// Failures sent.
    pub sent: i64,
    /// Attempts per outcome.
    pub attempts: BTreeMap<String, i64>,
    pub last: Option<AlertDelivery>,
}

/// `GET /api/alerts/channels`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertChannelList {
    pub channels: Vec<AlertChannel>,
}

/// `GET /api/alerts/deliveries`, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertDeliveryList {
    pub deliveries: Vec<AlertDelivery>,
}

/// `POST /api/alerts/channels/{name}/test`: the attempt it made.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AlertTestAnswer {
    pub delivery: AlertDelivery,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_server_writes_the_console_reads_back() {
        let channel = AlertChannel {
            name: "oncall".into(),
            kind: "dingtalk".into(),
            url: "https://oapi.dingtalk.com/robot/send?access_token=…".into(),
            state: "ok".into(),
            per_minute: 20,
            attempts: BTreeMap::from([("delivered".to_owned(), 2)]),
            last: Some(AlertDelivery {
                id: 2,
                channel: "oncall".into(),
                outcome: "delivered".into(),
                attempt: 1,
                ..AlertDelivery::default()
            }),
            ..AlertChannel::default()
        };
        let list = AlertChannelList {
            channels: vec![channel],
        };
        let text = serde_json::to_string(&list).unwrap();
        assert_eq!(serde_json::from_str::<AlertChannelList>(&text).unwrap(), list);
    }

    #[test]
    fn missing_fields_take_their_defaults() {
        let d: AlertDelivery = serde_json::from_str(r#"{"outcome":"retry"}"#).unwrap();
        assert_eq!((d.outcome.as_str(), d.attempt, d.reason), ("retry", 0, None));
        let c: AlertChannel = serde_json::from_str(r#"{"name":"hook","last":null}"#).unwrap();
        assert_eq!((c.name.as_str(), c.last, c.pending), ("hook", None, 0));
    }
}
