//! The failure journal and scope health of `sdrs-console-server`: what the
//! server's watcher recorded of every scope (a project of a region with
//! its credential), read by the console's "All scopes" view.
//!
//! - `GET /api/journal?…` answers a [`JournalPage`] (`/api/journal.csv` the
//!   same rows as CSV), filtered by a [`JournalQuery`].
//! - `GET /api/scopes` answers a [`ScopeList`]: each scope's health.
//! - `POST /api/scopes/{name}/retry` polls a refused scope again.
//! - `/scopes/{name}/v1/...` is one scope's Task Center API, live, with
//!   that scope's credential; a delete there is audited with the scope and
//!   marks the journal entry cleared through the console.

use crate::job::FailureJob;
use percent_encoding::{utf8_percent_encode, NON_ALPHANUMERIC};
use serde::{Deserialize, Serialize};

/// Whether a journal entry's failure is still listed upstream.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum JournalState {
    /// Still listed by SDRS at the last poll.
    Open,
    /// Gone upstream: deleted through this console or elsewhere.
    Cleared,
    /// Both.
    #[default]
    All,
}

impl JournalState {
    pub fn as_str(self) -> &'static str {
        match self {
            JournalState::Open => "open",
            JournalState::Cleared => "cleared",
            JournalState::All => "all",
        }
    }

    /// `open`, `cleared` or `all`; anything else is `None`.
    pub fn parse(text: &str) -> Option<JournalState> {
        match text {
            "open" => Some(JournalState::Open),
            "cleared" => Some(JournalState::Cleared),
            "all" => Some(JournalState::All),
            _ => None,
        }
    }
}

/// How a failure left SDRS.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "by", rename_all = "snake_case")]
pub enum Clearance {
    /// Deleted through this console: the audit record that did it.
    Console {
        audit_id: i64,
        #[serde(default)]
        user: String,
    },
    /// Gone upstream without a delete through this console (Huawei's own
    /// console, a script, SDRS itself).
    Outside,
}

/// One failure as the journal keeps it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The scope's name from the server's configuration.
    pub scope: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub project_id: String,
    /// The protection group the failure was listed under; `None` for
    /// group-level failures.
    #[serde(default)]
    pub server_group_id: Option<String>,
    /// The failure's own fields as SDRS listed them last.
    pub job: FailureJob,
    /// When the watcher first and last saw it listed (ISO 8601, UTC).
    pub first_seen: String,
    pub last_seen: String,
    /// When it was first missing from the list; `None` while open.
    #[serde(default)]
    pub gone_since: Option<String>,
    /// How it went, once gone.
    #[serde(default)]
    pub cleared: Option<Clearance>,
    /// Acknowledged by a user, with a comment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ack: Option<crate::attention::Ack>,
}

/// A page of the journal. `total` is exact: the number of entries matching
/// the filters, over all pages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalPage {
    pub total: u64,
    pub entries: Vec<JournalEntry>,
}

/// The filters of the journal, as query parameters. Entries are sorted by
/// begin time, newest first.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JournalQuery {
    pub scope: Option<String>,
    pub state: JournalState,
    pub failure_status: Option<String>,
    pub resource_type: Option<String>,
    /// A part of the resource name (case-insensitive).
    pub resource_name: Option<String>,
    pub server_group_id: Option<String>,
    /// One error code (equal).
    pub error_code: Option<String>,
    /// Began at or after this instant (ISO 8601).
    pub begun_from: Option<String>,
    /// Began before this instant (ISO 8601).
    pub begun_before: Option<String>,
    pub limit: u32,
    pub offset: u64,
}

impl JournalQuery {
    /// The largest page the server answers.
    pub const MAX_LIMIT: u32 = 1000;

    /// The query string (without `?`), parameters in a fixed order, empty
    /// filters left out.
    pub fn to_query_string(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        let mut push = |name: &str, value: &str| {
            parts.push(format!("{name}={}", utf8_percent_encode(value, NON_ALPHANUMERIC)));
        };
        for (name, value) in [
            ("scope", &self.scope),
            ("failure_status", &self.failure_status),
            ("resource_type", &self.resource_type),
            ("resource_name", &self.resource_name),
            ("server_group_id", &self.server_group_id),
            ("error_code", &self.error_code),
            ("begun_from", &self.begun_from),
            ("begun_before", &self.begun_before),
        ] {
            if let Some(v) = value.as_deref().filter(|v| !v.is_empty()) {
                push(name, v);
            }
        }
        push("state", self.state.as_str());
        push("limit", &self.limit.to_string());
        push("offset", &self.offset.to_string());
        parts.join("&")
    }
}

/// What the watcher knows of one scope now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ScopeState {
    /// Not polled yet.
    #[default]
    Pending,
    /// The last poll succeeded.
    Ok,
    /// The upstream throttled (429) or failed (5xx, timeout, garbage); the
    /// watcher backs off and tries again.
    Backoff,
    /// The credential was refused (401/403); not polled until retried or
    /// reconfigured.
    Refused,
}

/// One scope's health, for the strip above the "All scopes" list.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeHealth {
    pub name: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub project_id: String,
    pub state: ScopeState,
    /// ISO 8601, UTC.
    #[serde(default)]
    pub last_success: Option<String>,
    #[serde(default)]
    pub next_poll: Option<String>,
    /// The last error as the user may read it (never a secret).
    #[serde(default)]
    pub error: Option<String>,
    /// Failures open in this scope at the last poll.
    #[serde(default)]
    pub open_failures: u64,
}

/// `GET /api/scopes`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ScopeList {
    pub scopes: Vec<ScopeHealth>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_string_leaves_out_empty_filters_and_encodes_values() {
        let q = JournalQuery {
            scope: Some("prod ap/3".into()),
            resource_name: Some(String::new()),
            state: JournalState::Open,
            limit: 50,
            offset: 100,
            ..JournalQuery::default()
        };
        assert_eq!(
            q.to_query_string(),
            "scope=prod%20ap%2F3&state=open&limit=50&offset=100"
        );
    }

    #[test]
    fn clearance_is_tagged_by_who_cleared() {
        let console: Clearance =
            serde_json::from_str(r#"{"by":"console","audit_id":7,"user":"ana"}"#).unwrap();
        assert_eq!(
            console,
            Clearance::Console {
                audit_id: 7,
                user: "ana".into()
            }
        );
        let outside: Clearance = serde_json::from_str(r#"{"by":"outside"}"#).unwrap();
        assert_eq!(outside, Clearance::Outside);
    }

    #[test]
    fn state_parses_its_own_names_only() {
        for s in [JournalState::Open, JournalState::Cleared, JournalState::All] {
            assert_eq!(JournalState::parse(s.as_str()), Some(s));
        }
        assert_eq!(JournalState::parse("gone"), None);
    }
}
