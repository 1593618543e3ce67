//! The Audit view's model: its filters and page as the page URL and as the
//! server's query (`GET /audit/records`, `/audit/records.csv`), and the
//! records decoded leniently (a record the console cannot read is counted,
//! never fatal; a removed task is read as the failed-task list reads it).

use crate::i18n::TeamKey;
use sdrs_models::query::{encode_component, query_pairs};
use sdrs_models::FailureJob;
use sdrs_models::FailureJobList;
use serde_json::{Map, Value};

pub const RECORDS_PATH: &str = "/audit/records";
pub const CSV_PATH: &str = "/audit/records.csv";
/// Records per page of the view.
pub const PAGE_SIZE: u64 = 25;
/// The page URL's `view=` of the Audit view.
pub const VIEW_PARAM: &str = "audit";

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditAction {
    Delete,
    ClearGroup,
    ClearGroupLevel,
    /// A failure of the journal acknowledged ("All scopes").
    Acknowledge,
    /// An acknowledgement taken back.
    WithdrawAck,
}

impl AuditAction {
    pub const ALL: [AuditAction; 5] = [
        AuditAction::Delete,
        AuditAction::ClearGroup,
        AuditAction::ClearGroupLevel,
        AuditAction::Acknowledge,
        AuditAction::WithdrawAck,
    ];

    pub fn wire(self) -> &'static str {
        match self {
            AuditAction::Delete => "delete",
            AuditAction::ClearGroup => "clear_group",
            AuditAction::ClearGroupLevel => "clear_group_level",
            AuditAction::Acknowledge => "acknowledge",
            AuditAction::WithdrawAck => "withdraw_ack",
        }
    }

    pub fn from_wire(text: &str) -> Option<AuditAction> {
        AuditAction::ALL.into_iter().find(|a| a.wire() == text)
    }

    pub fn key(self) -> TeamKey {
        match self {
            AuditAction::Delete => TeamKey::ActionDelete,
            AuditAction::ClearGroup => TeamKey::ActionClearGroup,
            AuditAction::ClearGroupLevel => TeamKey::ActionClearGroupLevel,
            AuditAction::Acknowledge => TeamKey::ActionAcknowledge,
            AuditAction::WithdrawAck => TeamKey::ActionWithdrawAck,
        }
    }
}

/// The view's filters and page.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditQuery {
    pub user: Option<String>,
    pub action: Option<AuditAction>,
    /// Unix ms, inclusive bounds.
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub offset: u64,
}

impl AuditQuery {
    fn filter_pairs(&self) -> Vec<(&'static str, String)> {
        let mut pairs = Vec::with_capacity(4);
        if let Some(user) = self.user.as_deref().map(str::trim).filter(|u| !u.is_empty()) {
            pairs.push(("user", user.to_owned()));
        }
        if let Some(action) = self.action {
            pairs.push(("action", action.wire().to_owned()));
        }
        if let Some(from) = self.from_ms {
            pairs.push(("from", from.to_string()));
        }
        if let Some(to) = self.to_ms {
            pairs.push(("to", to.to_string()));
        }
        pairs
    }

    /// `GET /audit/records?…` for this page.
    pub fn records_path(&self) -> String {
        let mut pairs = self.filter_pairs();
        pairs.push(("limit", PAGE_SIZE.to_string()));
        pairs.push(("offset", self.offset.to_string()));
        format!("{RECORDS_PATH}?{}", join(&pairs))
    }

    /// `GET /audit/records.csv?…`: every record of these filters.
    pub fn csv_path(&self) -> String {
        let pairs = self.filter_pairs();
        if pairs.is_empty() {
            CSV_PATH.to_owned()
        } else {
            format!("{CSV_PATH}?{}", join(&pairs))
        }
    }

    /// The page URL's query of the view (`view=audit&…`).
    pub fn to_page_query(&self) -> String {
        let mut pairs = vec![("view", VIEW_PARAM.to_owned())];
        pairs.extend(self.filter_pairs());
        if self.offset > 0 {
            pairs.push(("offset", self.offset.to_string()));
        }
        join(&pairs)
    }

    /// Reads the page URL; junk is ignored.
    pub fn from_page_query(search: &str) -> AuditQuery {
        let mut q = AuditQuery::default();
        for (key, value) in query_pairs(search) {
            match key.as_str() {
                "user" if !value.trim().is_empty() && value.len() <= 128 => q.user = Some(value),
                "action" => q.action = AuditAction::from_wire(&value),
                "from" => q.from_ms = value.parse().ok(),
                "to" => q.to_ms = value.parse().ok(),
                "offset" => q.offset = value.parse().unwrap_or(0),
                _ => {}
            }
        }
        q
    }

    /// The filters edited: back to the first page.
    pub fn with_filters(&self, edit: impl FnOnce(&mut AuditQuery)) -> AuditQuery {
        let mut q = self.clone();
        edit(&mut q);
        q.offset = 0;
        q
    }
}

fn join(pairs: &[(&str, String)]) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{k}={}", encode_component(v)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Whether the page URL shows the Audit view.
pub fn is_audit_view(search: &str) -> bool {
    query_pairs(search).any(|(k, v)| k == "view" && v == VIEW_PARAM)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Recorded before the call; no completion written (the server may have
    /// stopped in between): what happened upstream is not known.
    Pending,
    Succeeded,
    Failed,
}

impl Outcome {
    pub fn key(self) -> TeamKey {
        match self {
            Outcome::Pending => TeamKey::OutcomePending,
            Outcome::Succeeded => TeamKey::OutcomeSucceeded,
            Outcome::Failed => TeamKey::OutcomeFailed,
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct AuditRecord {
    pub id: u64,
    pub user: String,
    pub method: String,
    /// `None`: an action this console does not know (shown raw).
    pub action: Option<AuditAction>,
    pub action_raw: String,
    pub project_id: String,
    /// The scope (as the server's config file names it) the action went to.
    pub scope: Option<String>,
    pub failure_job_id: Option<String>,
    pub server_group_id: Option<String>,
    pub started_at_ms: f64,
    pub completed_at_ms: Option<f64>,
    pub outcome: Outcome,
    pub upstream_status: Option<u16>,
    pub request_id: Option<String>,
    pub removed: Vec<FailureJob>,
    /// What an acknowledgement said (acknowledged, or withdrawn).
    pub comment: Option<String>,
}

impl AuditRecord {
    /// Read through `serde_json::Value` accessors rather than a derived
    /// decoder: the console already carries that parser, and a typed
    /// decoder from `Value` would add its own copy of every field's code.
    /// A field of the wrong type reads as absent.
    fn from_value(v: &Map<String, Value>) -> AuditRecord {
        let text = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_owned);
        let number = |k: &str| v.get(k).and_then(Value::as_f64);
        let action_raw = text("action").unwrap_or_default();
        let outcome = match v.get("outcome").and_then(Value::as_str) {
            Some("succeeded") => Outcome::Succeeded,
            Some("failed") => Outcome::Failed,
            // Anything else, absent included, is not known to have happened.
            _ => Outcome::Pending,
        };
        AuditRecord {
            id: v.get("id").and_then(Value::as_u64).unwrap_or_default(),
            user: text("user").unwrap_or_default(),
            method: text("method").unwrap_or_default(),
            action: AuditAction::from_wire(&action_raw),
            action_raw,
            project_id: text("projectId").unwrap_or_default(),
            scope: text("scope").filter(|s| !s.is_empty()),
            failure_job_id: text("failureJobId").filter(|s| !s.is_empty()),
            server_group_id: text("serverGroupId").filter(|s| !s.is_empty()),
            started_at_ms: number("startedAtMs").unwrap_or_default(),
            completed_at_ms: number("completedAtMs"),
            outcome,
            upstream_status: v
                .get("upstreamStatus")
                .and_then(Value::as_u64)
                .and_then(|s| u16::try_from(s).ok()),
            request_id: text("requestId").filter(|s| !s.is_empty()),
            removed: removed_jobs(v.get("removed")),
            comment: text("comment").filter(|s| !s.is_empty()),
        }
    }

    /// What the action covered: one task, a group, or the group level.
    pub fn target(&self) -> (TeamKey, Option<&str>) {
        use AuditAction::{Acknowledge, Delete, WithdrawAck};
        match (self.action, &self.failure_job_id, &self.server_group_id) {
            (Some(Delete | Acknowledge | WithdrawAck), Some(job), _) => (TeamKey::ScopeJob, Some(job)),
            (_, _, Some(group)) => (TeamKey::ScopeGroup, Some(group)),
            (_, Some(job), None) => (TeamKey::ScopeJob, Some(job)),
            _ => (TeamKey::ScopeGroupLevel, None),
        }
    }
}

/// The removed tasks, read by the failed-task list's own lenient decoder
/// (what is not a task object is left out).
fn removed_jobs(removed: Option<&Value>) -> Vec<FailureJob> {
    let Some(list) = removed.filter(|r| r.is_array()) else {
        return Vec::new();
    };
    let body = serde_json::json!({ "failure_jobs": list }).to_string();
    FailureJobList::from_json(body.as_bytes())
        .map(|l| l.failure_jobs)
        .unwrap_or_default()
}

/// The text of a sign-in method, or the raw word when it is not known.
pub fn method_key(method: &str) -> Option<TeamKey> {
    match method {
        "local" => Some(TeamKey::MethodLocal),
        "oidc" => Some(TeamKey::MethodOidc),
        "proxy" => Some(TeamKey::MethodProxy),
        "loopback" => Some(TeamKey::MethodLoopback),
        _ => None,
    }
}

/// One page of records.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct AuditPage {
    pub records: Vec<AuditRecord>,
    pub total: u64,
    /// Elements of `records` that were not objects.
    pub malformed: usize,
}

impl AuditPage {
    /// Only a body that is not a JSON object is an error.
    pub fn from_json(body: &[u8]) -> Result<AuditPage, serde_json::Error> {
        let top: Map<String, Value> = serde_json::from_slice(body)?;
        let mut page = AuditPage::default();
        for item in top.get("records").and_then(Value::as_array).into_iter().flatten() {
            match item.as_object() {
                Some(record) => page.records.push(AuditRecord::from_value(record)),
                None => page.malformed += 1,
            }
        }
        page.total = top
            .get("total")
            .and_then(Value::as_u64)
            .unwrap_or(page.records.len() as u64);
        Ok(page)
    }

    /// Offsets of the previous and next page, when there are such pages.
    pub fn neighbours(&self, offset: u64) -> (Option<u64>, Option<u64>) {
        let previous = (offset > 0).then(|| offset.saturating_sub(PAGE_SIZE));
        let next = (offset + PAGE_SIZE < self.total).then_some(offset + PAGE_SIZE);
        (previous, next)
    }
}

#[cfg(test)]
#[path = "audit_tests.rs"]
mod tests;
