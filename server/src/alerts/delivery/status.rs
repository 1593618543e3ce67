//! What a channel's status page says: its state and the reason of its
//! last failure (the sender's reading of an answer, never a URL or
//! secret). Kept in memory by the instance that sends; the delivery log
//! in the database holds the history.

use serde::Serialize;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ChannelState {
    /// Nothing sent since start.
    #[default]
    Idle,
    /// The last message went through.
    Ok,
    /// The last attempt failed; it is tried again.
    Retrying,
    /// The channel's settings are wrong: nothing is sent until a test
    /// message goes through (or a restart with fixed settings).
    Misconfigured,
}

impl ChannelState {
    /// The name the channels' list gives it.
    pub fn as_str(self) -> &'static str {
        match self {
            ChannelState::Idle => "idle",
            ChannelState::Ok => "ok",
            ChannelState::Retrying => "retrying",
            ChannelState::Misconfigured => "misconfigured",
        }
    }

    /// The state a logged outcome leaves (for an instance that has not
    /// sent since it started: another instance's or an earlier run's).
    pub fn after(outcome: &str) -> ChannelState {
        match outcome {
            "delivered" => ChannelState::Ok,
            "misconfigured" => ChannelState::Misconfigured,
            _ => ChannelState::Retrying,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ChannelStatus {
    pub state: ChannelState,
    pub reason: Option<String>,
    pub since_ms: Option<i64>,
}

impl ChannelStatus {
    pub fn set(&mut self, state: ChannelState, reason: Option<String>, now_ms: i64) {
        if self.state != state {
            self.since_ms = Some(now_ms);
        }
        self.state = state;
        self.reason = reason;
    }
}
