//! The failed-task list query: what the console sends and what its page URL
//! holds. Only set parameters are sent; text is percent-encoded; `limit` is
//! always within 1..=1000 and `offset` never negative, so the service's
//! SDRS.0221 / SDRS.0222 cannot be provoked from here.

use crate::enums::{FailureStatus, ResourceKind};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Largest page the API serves.
pub const MAX_LIMIT: u32 = 1000;
/// Page size of a fresh console.
pub const DEFAULT_LIMIT: u32 = 50;
/// Page sizes offered to the user.
pub const PAGE_SIZES: [u32; 6] = [10, 20, 50, 100, 500, 1000];

/// Everything but RFC 3986 unreserved characters is encoded.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct FailureJobQuery {
    pub failure_status: Option<FailureStatus>,
    pub resource_type: Option<ResourceKind>,
    /// `None`: protection-group-level failures only (the scope rule).
    pub server_group_id: Option<String>,
    pub resource_name: Option<String>,
    limit: u32,
    offset: u64,
}

impl Default for FailureJobQuery {
    fn default() -> Self {
        FailureJobQuery {
            failure_status: None,
            resource_type: None,
            server_group_id: None,
            resource_name: None,
            limit: DEFAULT_LIMIT,
            offset: 0,
        }
    }
}

/// Clamps a page size into 1..=1000.
pub fn clamp_limit(limit: u64) -> u32 {
    limit.clamp(1, MAX_LIMIT as u64) as u32
}

/// Percent-encodes one query value or path segment.
pub fn encode_component(text: &str) -> String {
    utf8_percent_encode(text, QUERY_VALUE).to_string()
}

/// Decodes a query component (`+` is a space, as in forms); invalid UTF-8
/// is replaced, never fatal.
pub fn decode_component(text: &str) -> String {
    let spaced = text.replace('+', " ");
    percent_decode_str(&spaced).decode_utf8_lossy().into_owned()
}

fn non_blank(text: Option<String>) -> Option<String> {
    text.map(|t| t.trim().to_owned()).filter(|t| !t.is_empty())
}

impl FailureJobQuery {
    pub fn limit(&self) -> u32 {
        self.limit
    }
    pub fn offset(&self) -> u64 {
        self.offset
    }
    pub fn set_limit(&mut self, limit: u64) {
        self.limit = clamp_limit(limit);
    }
    pub fn set_offset(&mut self, offset: u64) {
        self.offset = offset;
    }
    pub fn with_limit(mut self, limit: u64) -> Self {
        self.set_limit(limit);
        self
    }
    pub fn with_offset(mut self, offset: u64) -> Self {
        self.offset = offset;
        self
    }

    /// The same filters on the first page: used whenever a filter changes.
    pub fn first_page(&self) -> Self {
        self.clone().with_offset(0)
    }

    /// Filters equal, ignoring the page.
    pub fn same_filters(&self, other: &Self) -> bool {
        self.first_page().with_limit(1) == other.first_page().with_limit(1)
    }

    /// Blank text filters count as unset.
    pub fn normalized(mut self) -> Self {
        self.resource_name = non_blank(self.resource_name.take());
        self.server_group_id = non_blank(self.server_group_id.take());
        if matches!(self.failure_status, Some(FailureStatus::Other(_))) {
            self.failure_status = None;
        }
        self
    }

    /// `key=value&...` with only the set parameters, in a fixed order.
    /// `limit` is always sent (the API's default is 1000, a heavy page);
    /// `offset` only when not 0.
    pub fn to_query_string(&self) -> String {
        let mut pairs: Vec<(&str, String)> = Vec::with_capacity(6);
        if let Some(s) = &self.failure_status {
            pairs.push(("failure_status", s.as_str().to_owned()));
        }
        if let Some(name) = non_blank(self.resource_name.clone()) {
            pairs.push(("resource_name", name));
        }
        if let Some(group) = non_blank(self.server_group_id.clone()) {
            pairs.push(("server_group_id", group));
        }
        if let Some(kind) = self.resource_type {
            pairs.push(("resource_type", kind.filter_value().to_owned()));
        }
        pairs.push(("limit", self.limit.to_string()));
        if self.offset > 0 {
            pairs.push(("offset", self.offset.to_string()));
        }
        let mut out = String::new();
        for (k, v) in pairs {
            if !out.is_empty() {
                out.push('&');
            }
            out.push_str(k);
            out.push('=');
            out.push_str(&encode_component(&v));
        }
        out
    }

    /// Reads a query string (with or without a leading `?`). Unknown keys,
    /// unknown enum values, bad numbers and empty values are ignored; a
    /// later repeat of a key wins; limits are clamped.
    pub fn from_query_string(query: &str) -> Self {
        let mut q = FailureJobQuery::default();
        for (key, value) in query_pairs(query) {
            match key.as_str() {
                "failure_status" => {
                    let s = FailureStatus::parse(&value);
                    if s.is_known() {
                        q.failure_status = Some(s);
                    }
                }
                "resource_type" => {
                    if let Some(kind) = ResourceKind::from_filter(&value) {
                        q.resource_type = Some(kind);
                    }
                }
                "server_group_id" => q.server_group_id = non_blank(Some(value)),
                "resource_name" => q.resource_name = non_blank(Some(value)),
                "limit" => {
                    if let Ok(n) = value.trim().parse::<u64>() {
                        q.set_limit(n);
                    }
                }
                "offset" => {
                    if let Ok(n) = value.trim().parse::<u64>() {
                        q.offset = n;
                    }
                }
                _ => {}
            }
        }
        q
    }
}

/// Decoded `(key, value)` pairs of a query string.
pub fn query_pairs(query: &str) -> impl Iterator<Item = (String, String)> + '_ {
    query
        .trim_start_matches('?')
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((k, v)) => (decode_component(k), decode_component(v)),
            None => (decode_component(pair), String::new()),
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_set_parameters_are_sent() {
        assert_eq!(FailureJobQuery::default().to_query_string(), "limit=50");
        let q = FailureJobQuery {
            failure_status: Some(FailureStatus::ExpandFail),
            resource_type: Some(ResourceKind::Replication),
            server_group_id: Some("g-1".into()),
            resource_name: Some("  ".into()),
            ..Default::default()
        }
        .with_limit(20)
        .with_offset(40);
        assert_eq!(
            q.to_query_string(),
            "failure_status=expandFail&server_group_id=g-1&resource_type=replications&limit=20&offset=40"
        );
    }

    #[test]
    fn text_is_percent_encoded() {
        let q = FailureJobQuery {
            resource_name: Some("a&b#c%d+e f/数据?=".into()),
            ..Default::default()
        };
        assert_eq!(
            q.to_query_string(),
            "resource_name=a%26b%23c%25d%2Be%20f%2F%E6%95%B0%E6%8D%AE%3F%3D&limit=50"
        );
    }

    #[test]
    fn limit_is_never_zero_nor_over_1000() {
        assert_eq!(FailureJobQuery::default().with_limit(0).limit(), 1);
        assert_eq!(FailureJobQuery::default().with_limit(5000).limit(), 1000);
        assert_eq!(FailureJobQuery::from_query_string("limit=0").limit(), 1);
        assert_eq!(
            FailureJobQuery::from_query_string("limit=-4").limit(),
            DEFAULT_LIMIT
        );
        assert_eq!(FailureJobQuery::from_query_string("offset=-4").offset(), 0);
    }

    #[test]
    fn round_trips_through_a_page_url() {
        let q = FailureJobQuery {
            failure_status: Some(FailureStatus::FailoverFail),
            resource_type: Some(ResourceKind::DisasterRecoveryDrill),
            server_group_id: Some("8a1b-c".into()),
            resource_name: Some("web & db #1 100% + ünï 数据".into()),
            ..Default::default()
        }
        .with_limit(500)
        .with_offset(1500);
        assert_eq!(
            FailureJobQuery::from_query_string(&format!("?{}", q.to_query_string())),
            q
        );
    }

    #[test]
    fn junk_is_ignored() {
        let q = FailureJobQuery::from_query_string(
            "?failure_status=bogus&resource_type=protectedInstance&limit=abc&offset=x&&=&zz=1&job=abc&resource_name=%ZZ&server_group_id=",
        );
        assert_eq!(q.failure_status, None);
        assert_eq!(q.resource_type, None);
        assert_eq!(q.limit(), DEFAULT_LIMIT);
        assert_eq!(q.offset(), 0);
        assert_eq!(q.server_group_id, None);
        assert_eq!(q.resource_name.as_deref(), Some("%ZZ"));
        assert_eq!(
            FailureJobQuery::from_query_string("resource_name=%FF%FE")
                .resource_name
                .as_deref(),
            Some("\u{FFFD}\u{FFFD}")
        );
        assert_eq!(
            FailureJobQuery::from_query_string("resource_name=a+b")
                .resource_name
                .as_deref(),
            Some("a b")
        );
    }

    #[test]
    fn same_filters_ignores_the_page() {
        let a = FailureJobQuery::default().with_offset(100);
        let b = FailureJobQuery::default().with_limit(10);
        assert!(a.same_filters(&b));
        let c = FailureJobQuery {
            resource_name: Some("x".into()),
            ..Default::default()
        };
        assert!(!a.same_filters(&c));
    }
}
