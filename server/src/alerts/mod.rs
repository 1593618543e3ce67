//! Alerts to the team's channels. As pure code: what a message says
//! ([`alert`]) with the meaning of its error code ([`code_meanings`]), how
//! each channel writes and signs it and reads its answer ([`channels`], one
//! module a channel), the escaping of hostile field values ([`markup`]),
//! the display form of a channel's URL without its credential
//! ([`redact`]), the `[[alerts.channels]]` of the config file ([`config`])
//! and which failures a channel is told about ([`filter`]). Around it:
//! [`delivery`], the sender that takes due rows from the alert outbox
//! (written by the journal's round transaction, `db::alert_outbox`) and
//! sends them, and [`routes`], `/api/alerts/...`.

pub mod alert;
pub mod answer;
pub mod channels;
pub mod code_meanings;
pub mod config;
pub mod delivery;
pub mod filter;
pub mod markup;
pub mod redact;
pub mod request;
pub mod routes;
pub mod text;

#[cfg(test)]
mod alerts_tests;
#[cfg(test)]
pub(crate) mod testing;

pub use alert::{Alert, AlertEvent, FailureItem, Resource};
pub use answer::{Answer, Outcome};
pub use request::{ChannelRequest, Signing};

/// The kinds of channel.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChannelKind {
    /// A generic JSON webhook signed with HMAC-SHA256.
    Webhook,
    Slack,
    DingTalk,
    Feishu,
    WeCom,
    /// Huawei Cloud Simple Message Notification.
    Smn,
    Alertmanager,
}

impl ChannelKind {
    pub const ALL: [ChannelKind; 7] = [
        ChannelKind::Webhook,
        ChannelKind::Slack,
        ChannelKind::DingTalk,
        ChannelKind::Feishu,
        ChannelKind::WeCom,
        ChannelKind::Smn,
        ChannelKind::Alertmanager,
    ];

    /// The name a configuration and a metric label use.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelKind::Webhook => "webhook",
            ChannelKind::Slack => "slack",
            ChannelKind::DingTalk => "dingtalk",
            ChannelKind::Feishu => "feishu",
            ChannelKind::WeCom => "wecom",
            ChannelKind::Smn => "smn",
            ChannelKind::Alertmanager => "alertmanager",
        }
    }

    /// Reads the channel's answer (see [`answer`]).
    pub fn classify(self, answer: &Answer<'_>) -> Outcome {
        match self {
            ChannelKind::Webhook => channels::webhook::classify(answer),
            ChannelKind::Slack => channels::slack::classify(answer),
            ChannelKind::DingTalk => channels::dingtalk::classify(answer),
            ChannelKind::Feishu => channels::feishu::classify(answer),
            ChannelKind::WeCom => channels::wecom::classify(answer),
            ChannelKind::Smn => channels::smn::classify(answer),
            ChannelKind::Alertmanager => channels::alertmanager::classify(answer),
        }
    }
}
