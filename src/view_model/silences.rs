//! The Silences page as plain data: the routes, the "New silence" form
//! checked by the server's own rules before anything is sent (at least one
//! matcher, an end after the start and in the future, a year at most, a
//! comment), the request body, and the list decoded row by row.

use crate::i18n::AlertKey;
use crate::view_model::civil::Civil;
use sdrs_models::query::encode_component;
use sdrs_models::{NewSilence, Silence, SilenceMatchers};
use serde_json::{Map, Value};

/// `GET` lists the silences, `POST` adds one.
pub const SILENCES_PATH: &str = "/api/silences";
/// The longest a silence may last: the server's limit (a year).
pub const MAX_SPAN_MS: i64 = 366 * 24 * HOUR_MS;
/// The longest comment the server keeps.
pub const MAX_COMMENT: usize = 1000;
const HOUR_MS: i64 = 3_600_000;

/// `DELETE` here expires the silence `id`.
pub fn silence_path(id: i64) -> String {
    format!("{SILENCES_PATH}/{}", encode_component(&id.to_string()))
}

/// The end's quick picks: two hours, a day, a week.
pub const QUICK_SPANS: [(AlertKey, i64); 3] = [
    (AlertKey::SpanTwoHours, 2 * HOUR_MS),
    (AlertKey::SpanOneDay, 24 * HOUR_MS),
    (AlertKey::SpanOneWeek, 7 * 24 * HOUR_MS),
];

/// The form as typed: empty matchers match anything; times in epoch ms,
/// read from the local-time inputs by the page (`None` for the start:
/// now; `None` for the end: not given or unreadable).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SilenceDraft {
    pub scope: String,
    pub failure_status: String,
    pub error_code: String,
    pub resource_name: String,
    pub starts_ms: Option<i64>,
    pub ends_ms: Option<i64>,
    pub comment: String,
}

fn given(text: &str) -> Option<String> {
    Some(text.trim().to_owned()).filter(|t| !t.is_empty())
}

/// `2026-12-07T08:00:00Z` of an epoch-ms instant.
pub fn iso_utc(ms: i64) -> String {
    let c = Civil::at(ms, 0);
    format!("{}T{:02}:{:02}:{:02}Z", c.date(), c.hour, c.minute, c.second)
}

impl SilenceDraft {
    /// The matchers given (trimmed; blank ones are none).
    pub fn matchers(&self) -> SilenceMatchers {
        SilenceMatchers {
            scope: given(&self.scope),
            failure_status: given(&self.failure_status),
            error_code: given(&self.error_code),
            resource_name: given(&self.resource_name),
        }
    }

    /// The silence to send at `now_ms`, or the first thing the server
    /// would refuse, in the form's words.
    pub fn to_new_silence(&self, now_ms: i64) -> Result<NewSilence, AlertKey> {
        let matchers = self.matchers();
        if matchers == SilenceMatchers::default() {
            return Err(AlertKey::NeedsMatcher);
        }
        let starts = self.starts_ms.unwrap_or(now_ms);
        let ends = self.ends_ms.ok_or(AlertKey::NeedsEnd)?;
        if ends <= starts {
            return Err(AlertKey::EndBeforeStart);
        }
        if ends <= now_ms {
            return Err(AlertKey::EndInPast);
        }
        if ends - starts > MAX_SPAN_MS {
            return Err(AlertKey::TooLong);
        }
        let comment = self.comment.trim();
        if comment.is_empty() {
            return Err(AlertKey::NeedsComment);
        }
        if comment.chars().count() > MAX_COMMENT {
            return Err(AlertKey::CommentTooLong);
        }
        Ok(NewSilence {
            matchers,
            starts_at: self.starts_ms.map(iso_utc),
            ends_at: iso_utc(ends),
            comment: comment.to_owned(),
        })
    }
}

/// The body of `POST /api/silences`.
pub fn new_silence_body(silence: &NewSilence) -> String {
    serde_json::to_string(silence).unwrap_or_default()
}

/// A silence's state as the server named it; anything else is unknown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SilenceState {
    Pending,
    Active,
    Expired,
    Unknown,
}

impl SilenceState {
    pub fn of(wire: &str) -> SilenceState {
        match wire {
            "pending" => SilenceState::Pending,
            "active" => SilenceState::Active,
            "expired" => SilenceState::Expired,
            _ => SilenceState::Unknown,
        }
    }

    /// For `data-state`.
    pub fn as_str(self) -> &'static str {
        match self {
            SilenceState::Pending => "pending",
            SilenceState::Active => "active",
            SilenceState::Expired => "expired",
            SilenceState::Unknown => "unknown",
        }
    }

    pub fn key(self) -> AlertKey {
        match self {
            SilenceState::Pending => AlertKey::StatePending,
            SilenceState::Active => AlertKey::StateActive,
            SilenceState::Expired => AlertKey::StateExpired,
            SilenceState::Unknown => AlertKey::StateUnknown,
        }
    }

    /// Not yet over: it may be expired now.
    pub fn may_expire(self) -> bool {
        matches!(self, SilenceState::Pending | SilenceState::Active)
    }
}

/// Which silences the list shows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SilenceFilter {
    /// Active and pending.
    #[default]
    Current,
    All,
}

impl SilenceFilter {
    pub fn shows(self, silence: &Silence) -> bool {
        self == SilenceFilter::All || SilenceState::of(&silence.state).may_expire()
    }
}

/// The matchers of a silence, each with its label; "any" ones left out.
pub fn matcher_parts(m: &SilenceMatchers) -> Vec<(AlertKey, String)> {
    [
        (AlertKey::MatchScope, &m.scope),
        (AlertKey::MatchStatus, &m.failure_status),
        (AlertKey::MatchCode, &m.error_code),
        (AlertKey::MatchResource, &m.resource_name),
    ]
    .into_iter()
    .filter_map(|(key, value)| value.as_deref().and_then(given).map(|v| (key, v)))
    .collect()
}

/// The silences of an answer, and how many entries could not be read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadSilences {
    pub silences: Vec<Silence>,
    pub malformed: usize,
}

/// Reads `GET /api/silences`: an object with a `silences` list; an entry
/// that is not a silence is counted, not fatal.
pub fn decode_silences(body: &[u8]) -> Result<ReadSilences, serde_json::Error> {
    let top: Map<String, Value> = serde_json::from_slice(body)?;
    let mut read = ReadSilences::default();
    let items = top.get("silences").and_then(Value::as_array);
    for item in items.into_iter().flatten() {
        match serde_json::from_value::<Silence>(item.clone()) {
            Ok(s) if item.is_object() => read.silences.push(s),
            _ => read.malformed += 1,
        }
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_000_000;

    fn draft() -> SilenceDraft {
        SilenceDraft {
            error_code: " SDRS.1001 ".into(),
            ends_ms: Some(NOW + 2 * HOUR_MS),
            comment: " DR site quota, OPS-12 ".into(),
            ..SilenceDraft::default()
        }
    }

    #[test]
    fn a_good_draft_starts_now_and_sends_trimmed_matchers_in_utc() {
        let new = draft().to_new_silence(NOW).unwrap();
        assert_eq!(new.matchers.error_code.as_deref(), Some("SDRS.1001"));
        assert_eq!(new.matchers.scope, None);
        assert_eq!(new.starts_at, None, "the server starts it now");
        assert_eq!(new.ends_at, "2027-01-15T10:00:00Z");
        assert_eq!(new.comment, "DR site quota, OPS-12");
        let body: Value = serde_json::from_str(&new_silence_body(&new)).unwrap();
        assert_eq!(body["matchers"]["error_code"], "SDRS.1001");
        assert_eq!(body["ends_at"], "2027-01-15T10:00:00Z");
        let later = SilenceDraft {
            starts_ms: Some(NOW + HOUR_MS),
            ..draft()
        };
        assert_eq!(
            later.to_new_silence(NOW).unwrap().starts_at.as_deref(),
            Some("2027-01-15T09:00:00Z")
        );
    }

    #[test]
    fn the_servers_rules_are_checked_before_sending() {
        let cases = [
            (
                SilenceDraft {
                    error_code: "  ".into(),
                    ..draft()
                },
                AlertKey::NeedsMatcher,
            ),
            (
                SilenceDraft {
                    ends_ms: None,
                    ..draft()
                },
                AlertKey::NeedsEnd,
            ),
            (
                SilenceDraft {
                    starts_ms: Some(NOW + 3 * HOUR_MS),
                    ..draft()
                },
                AlertKey::EndBeforeStart,
            ),
            (
                SilenceDraft {
                    starts_ms: Some(NOW - 3 * HOUR_MS),
                    ends_ms: Some(NOW - HOUR_MS),
                    ..draft()
                },
                AlertKey::EndInPast,
            ),
            (
                SilenceDraft {
                    ends_ms: Some(NOW + MAX_SPAN_MS + 1),
                    ..draft()
                },
                AlertKey::TooLong,
            ),
            (
                SilenceDraft {
                    comment: " \n ".into(),
                    ..draft()
                },
                AlertKey::NeedsComment,
            ),
            (
                SilenceDraft {
                    comment: "x".repeat(MAX_COMMENT + 1),
                    ..draft()
                },
                AlertKey::CommentTooLong,
            ),
        ];
        for (d, expected) in cases {
            assert_eq!(d.to_new_silence(NOW), Err(expected), "{d:?}");
        }
        // A year exactly, and a start in the past, are allowed.
        let year = SilenceDraft {
            starts_ms: Some(NOW - HOUR_MS),
            ends_ms: Some(NOW - HOUR_MS + MAX_SPAN_MS),
            ..draft()
        };
        assert!(year.to_new_silence(NOW).is_ok());
    }

    #[test]
    fn any_one_matcher_is_enough_and_blank_ones_are_left_out() {
        let by_name = SilenceDraft {
            error_code: String::new(),
            resource_name: "web-".into(),
            scope: " ".into(),
            ..draft()
        };
        let m = by_name.to_new_silence(NOW).unwrap().matchers;
        assert_eq!(m.resource_name.as_deref(), Some("web-"));
        assert_eq!((m.scope, m.error_code, m.failure_status), (None, None, None));
        assert_eq!(
            matcher_parts(&by_name.matchers()),
            vec![(AlertKey::MatchResource, "web-".to_owned())]
        );
    }

    #[test]
    fn paths_encode_the_id() {
        assert_eq!(silence_path(42), "/api/silences/42");
        assert_eq!(silence_path(-1), "/api/silences/-1");
    }

    #[test]
    fn states_are_read_openly_and_the_filter_keeps_current_ones() {
        assert_eq!(SilenceState::of("active"), SilenceState::Active);
        assert_eq!(SilenceState::of("ACTIVE"), SilenceState::Unknown);
        assert!(SilenceState::of("pending").may_expire());
        assert!(!SilenceState::of("expired").may_expire());
        let s = |state: &str| Silence {
            state: state.into(),
            ..Silence::default()
        };
        assert!(SilenceFilter::Current.shows(&s("pending")));
        assert!(!SilenceFilter::Current.shows(&s("expired")));
        assert!(SilenceFilter::All.shows(&s("expired")));
    }

    #[test]
    fn hostile_lists_decode_what_they_can() {
        let body = br#"{"silences":[
            {"id":3,"matchers":{"error_code":"SDRS.1001"},"starts_at":"2026-12-06T08:00:00Z","ends_at":"2026-12-07T08:00:00Z","created_by":"ana","created_at":"2026-12-06T08:00:00Z","comment":"<b>quota</b>","state":"active"},
            {"id":"not a number"},
            "a string",
            {"id":4}
        ]}"#;
        let read = decode_silences(body).unwrap();
        assert_eq!(read.malformed, 2);
        assert_eq!(read.silences.len(), 2);
        assert_eq!(read.silences[0].comment, "<b>quota</b>", "kept as text");
        assert_eq!(read.silences[1].state, "", "missing fields default");
        assert_eq!(decode_silences(b"{}").unwrap(), ReadSilences::default());
        assert_eq!(
            decode_silences(br#"{"silences":null}"#).unwrap(),
            ReadSilences::default()
        );
        assert!(decode_silences(b"[]").is_err());
        assert!(decode_silences(b"<html>").is_err());
    }
}
