//! One audit record as the API shows it, and the filters of a query.

use crate::http::error::{codes, ApiError};
use crate::http::query::parse_pairs;
use serde::Serialize;
use serde_json::Value;

/// What a delete removed (one task, a group's tasks, or the
/// protection-group-level tasks), or a failure of the journal acknowledged
/// or its acknowledgement withdrawn.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Delete,
    ClearGroup,
    ClearGroupLevel,
    Acknowledge,
    WithdrawAck,
}

impl Action {
    pub fn as_str(self) -> &'static str {
        match self {
            Action::Delete => "delete",
            Action::ClearGroup => "clear_group",
            Action::ClearGroupLevel => "clear_group_level",
            Action::Acknowledge => "acknowledge",
            Action::WithdrawAck => "withdraw_ack",
        }
    }

    pub const ALL: [Action; 5] = [
        Action::Delete,
        Action::ClearGroup,
        Action::ClearGroupLevel,
        Action::Acknowledge,
        Action::WithdrawAck,
    ];

    pub fn parse(text: &str) -> Option<Action> {
        Action::ALL.into_iter().find(|a| a.as_str() == text)
    }
}

/// `pending` until the answer of the call is known; a record left
/// `pending` means the server stopped in between (outcome unknown).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Outcome {
    Pending,
    Succeeded,
    Failed,
}

impl Outcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Pending => "pending",
            Outcome::Succeeded => "succeeded",
            Outcome::Failed => "failed",
        }
    }

    pub fn parse(text: &str) -> Option<Outcome> {
        [Outcome::Pending, Outcome::Succeeded, Outcome::Failed]
            .into_iter()
            .find(|o| o.as_str() == text)
    }
}

/// What is known before the call is sent.
#[derive(Clone, Debug, PartialEq)]
pub struct NewRecord {
    pub user: String,
    /// Sign-in method (`local`, `oidc`, `proxy`, `loopback`, `anonymous`).
    pub method: String,
    pub action: Action,
    pub project_id: String,
    pub region: Option<String>,
    /// The scope the delete went to, when the server watches scopes.
    pub scope: Option<String>,
    pub failure_job_id: Option<String>,
    pub server_group_id: Option<String>,
    pub started_at_ms: i64,
    /// The failed tasks as read just before the call.
    pub removed: Vec<Value>,
}

/// A stored record, as `GET /audit/records` answers it.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditRecord {
    pub id: i64,
    pub user: String,
    pub method: String,
    pub action: Action,
    pub project_id: String,
    pub region: Option<String>,
    pub scope: Option<String>,
    pub failure_job_id: Option<String>,
    pub server_group_id: Option<String>,
    pub started_at_ms: i64,
    pub completed_at_ms: Option<i64>,
    pub outcome: Outcome,
    pub upstream_status: Option<u16>,
    pub request_id: Option<String>,
    pub removed: Vec<Value>,
    /// An acknowledgement's comment (for `acknowledge` and `withdraw_ack`).
    pub comment: Option<String>,
}

/// Largest page of `GET /audit/records`.
pub const MAX_LIMIT: i64 = 1000;
pub const DEFAULT_LIMIT: i64 = 100;

/// The filters of `GET /audit/records` (and its CSV): all optional;
/// `from`/`to` are Unix milliseconds, both inclusive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub user: Option<String>,
    pub action: Option<Action>,
    pub from_ms: Option<i64>,
    pub to_ms: Option<i64>,
    pub limit: i64,
    pub offset: i64,
}

fn bad(message: String) -> ApiError {
    ApiError::bad_request(codes::PARAMS, message)
}

fn number(name: &str, value: &str) -> Result<i64, ApiError> {
    value
        .trim()
        .parse::<i64>()
        .map_err(|_| bad(format!("{name} must be an integer")))
}

impl AuditFilter {
    /// Parses a query string; unknown parameters are ignored, empty ones
    /// are no filter, a bad value is a 400 naming the parameter.
    pub fn parse(query: Option<&str>, default_limit: i64) -> Result<AuditFilter, ApiError> {
        let mut filter = AuditFilter {
            limit: default_limit,
            ..AuditFilter::default()
        };
        for (name, value) in parse_pairs(query)? {
            if value.is_empty() {
                continue;
            }
            match name.as_str() {
                "user" => filter.user = Some(value),
                "action" => {
                    filter.action = Some(Action::parse(&value).ok_or_else(|| {
                        let names: Vec<&str> = Action::ALL.iter().map(|a| a.as_str()).collect();
                        bad(format!("action must be one of {}", names.join(", ")))
                    })?)
                }
                "from" => filter.from_ms = Some(number("from", &value)?),
                "to" => filter.to_ms = Some(number("to", &value)?),
                "limit" => {
                    let limit = number("limit", &value)?;
                    if !(1..=MAX_LIMIT.max(default_limit)).contains(&limit) {
                        return Err(bad(format!("limit must be 1..={}", MAX_LIMIT.max(default_limit))));
                    }
                    filter.limit = limit;
                }
                "offset" => {
                    let offset = number("offset", &value)?;
                    if offset < 0 {
                        return Err(bad("offset must not be negative".into()));
                    }
                    filter.offset = offset;
                }
                _ => {}
            }
        }
        Ok(filter)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn filters() {
        let f = AuditFilter::parse(
            Some("user=al%20ice&action=clear_group&from=5&to=9&limit=3&offset=2&x=1"),
            100,
        )
        .unwrap();
        assert_eq!(
            f,
            AuditFilter {
                user: Some("al ice".into()),
                action: Some(Action::ClearGroup),
                from_ms: Some(5),
                to_ms: Some(9),
                limit: 3,
                offset: 2,
            }
        );
        assert_eq!(AuditFilter::parse(Some("user=&action="), 100).unwrap().user, None);
        for bad in [
            "action=drop",
            "from=yesterday",
            "limit=0",
            "limit=1001",
            "offset=-1",
        ] {
            let e = AuditFilter::parse(Some(bad), 100).unwrap_err();
            assert_eq!(e.status, 400, "{bad}");
        }
    }

    #[test]
    fn names_round_trip() {
        for a in Action::ALL {
            assert_eq!(Action::parse(a.as_str()), Some(a));
        }
        for o in [Outcome::Pending, Outcome::Succeeded, Outcome::Failed] {
            assert_eq!(Outcome::parse(o.as_str()), Some(o));
        }
    }
}
