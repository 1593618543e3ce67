//! What people do about failures, shared by the server and the console:
//! an acknowledgement (who, when, why) and a silence (matchers and a time
//! span during which matching failures are not announced).

use serde::{Deserialize, Serialize};

/// A failure acknowledged: shown with its journal entry.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Ack {
    pub user: String,
    /// ISO 8601, UTC.
    pub at: String,
    pub comment: String,
}

/// A journal entry's key.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryKey {
    pub scope: String,
    pub job_id: String,
}

/// `POST /api/journal/ack`: acknowledges these failures with one comment.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AckRequest {
    pub entries: Vec<EntryKey>,
    pub comment: String,
}

impl AckRequest {
    /// The most failures one request acknowledges (a page of the journal).
    pub const MAX_ENTRIES: usize = 1000;
    pub const MAX_COMMENT: usize = 1000;
}

/// `POST /api/journal/ack/withdraw`: these failures are no longer
/// acknowledged (at most [`AckRequest::MAX_ENTRIES`]).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct AckWithdrawal {
    pub entries: Vec<EntryKey>,
}

/// What a silence matches: every matcher given must match (`None`: any).
/// `resource_name` is a part of the name, any case; the others are equal.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SilenceMatchers {
    pub scope: Option<String>,
    pub failure_status: Option<String>,
    pub error_code: Option<String>,
    pub resource_name: Option<String>,
}

/// `POST /api/silences`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NewSilence {
    pub matchers: SilenceMatchers,
    /// ISO 8601; now when absent.
    pub starts_at: Option<String>,
    /// ISO 8601, after the start.
    pub ends_at: String,
    pub comment: String,
}

/// A silence as `GET /api/silences` lists it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Silence {
    pub id: i64,
    pub matchers: SilenceMatchers,
    pub starts_at: String,
    pub ends_at: String,
    pub created_by: String,
    pub created_at: String,
    pub comment: String,
    /// `pending` (not started), `active` or `expired`.
    pub state: String,
}

/// `GET /api/silences`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct SilenceList {
    pub silences: Vec<Silence>,
}
