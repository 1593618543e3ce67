//! Which failures a channel is told about: lists of patterns on the scope,
//! the failure status, the error code and the resource name. An empty
//! list lets everything through; otherwise one pattern of the list must
//! match. A pattern is text with `*` for any run of characters, compared
//! without regard to case (codes and statuses are spelt in several cases).

/// The facts of a failure a filter reads.
#[derive(Clone, Copy, Debug)]
pub struct FailureFacts<'a> {
    pub scope: &'a str,
    pub failure_status: &'a str,
    pub error_code: Option<&'a str>,
    pub resource_name: &'a str,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlertFilter {
    pub scopes: Vec<String>,
    pub failure_statuses: Vec<String>,
    pub error_codes: Vec<String>,
    pub resource_names: Vec<String>,
}

impl AlertFilter {
    pub fn matches(&self, facts: &FailureFacts<'_>) -> bool {
        any(&self.scopes, facts.scope)
            && any(&self.failure_statuses, facts.failure_status)
            // A failure without a code matches only a filter without codes.
            && (self.error_codes.is_empty()
                || facts.error_code.is_some_and(|code| any(&self.error_codes, code)))
            && any(&self.resource_names, facts.resource_name)
    }
}

fn any(patterns: &[String], text: &str) -> bool {
    patterns.is_empty() || patterns.iter().any(|p| glob(p, text))
}

/// `*` matches any run of characters (none included); case is ignored.
pub fn glob(pattern: &str, text: &str) -> bool {
    let pattern = pattern.to_lowercase();
    let text = text.to_lowercase();
    let parts: Vec<&str> = pattern.split('*').collect();
    let [first, middle @ .., last] = parts.as_slice() else {
        return pattern == text;
    };
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    for part in middle {
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(code: Option<&'a str>) -> FailureFacts<'a> {
        FailureFacts {
            scope: "prod-ap-southeast-3",
            failure_status: "failoverFail",
            error_code: code,
            resource_name: "web-01",
        }
    }

    #[test]
    fn globs() {
        assert!(glob("prod-*", "prod-ap-southeast-3"));
        assert!(glob("*", ""));
        assert!(glob("web-0?", "web-0?"));
        assert!(!glob("web-0?", "web-01"), "only * is special");
        assert!(glob("SDRS.*", "sdrs.1207"));
        assert!(glob("*-southeast-*", "prod-ap-southeast-3"));
        assert!(!glob("prod", "prod-ap"));
        assert!(!glob("a*a", "a"), "the prefix and suffix do not overlap");
        assert!(glob("a*a", "aa"));
        assert!(!glob("*x*", "prod"));
    }

    #[test]
    fn an_empty_filter_lets_everything_through() {
        assert!(AlertFilter::default().matches(&facts(None)));
    }

    #[test]
    fn every_list_must_match() {
        let filter = AlertFilter {
            scopes: vec!["prod-*".into()],
            failure_statuses: vec!["FAILOVERFAIL".into(), "createFail".into()],
            error_codes: vec!["SDRS.12*".into()],
            resource_names: vec![],
        };
        assert!(filter.matches(&facts(Some("SDRS.1207"))));
        assert!(!filter.matches(&facts(Some("SDRS.0001"))));
        assert!(!filter.matches(&facts(None)), "no code, but codes asked for");
        let other_scope = FailureFacts {
            scope: "staging",
            ..facts(Some("SDRS.1207"))
        };
        assert!(!filter.matches(&other_scope));
    }
}
