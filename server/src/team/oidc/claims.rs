//! What an OpenID Connect ID token says about the user: a name for the
//! audit trail and a role from a configurable claim (`--oidc-role-claim`,
//! default `groups`; members of `--operator-group` are operators).

use crate::team::identity::Role;
use openidconnect::AdditionalClaims;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

/// Every claim of the ID token that is not a standard one, kept as JSON:
/// the role claim is named at run time.
#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct ExtraClaims {
    #[serde(flatten)]
    pub claims: Map<String, Value>,
}

impl AdditionalClaims for ExtraClaims {}

/// The claim at `path` (`a.b` walks into objects; a claim whose own name
/// has a dot is found first).
fn claim_at<'a>(claims: &'a Map<String, Value>, path: &str) -> Option<&'a Value> {
    if let Some(v) = claims.get(path) {
        return Some(v);
    }
    let mut parts = path.split('.');
    let mut value = claims.get(parts.next()?)?;
    for part in parts {
        value = value.as_object()?.get(part)?;
    }
    Some(value)
}

/// Operator when the claim is the operator group, or a list holding it
/// (also a space- or comma-separated string); viewer otherwise, also when
/// the claim is missing.
pub fn role_from_claims(claims: &Map<String, Value>, claim: &str, operator_group: &str) -> Role {
    let is_operator = match claim_at(claims, claim) {
        Some(Value::Array(items)) => items.iter().any(|v| v.as_str() == Some(operator_group)),
        Some(Value::String(text)) => text
            .split(|c: char| c == ',' || c.is_whitespace())
            .any(|g| g == operator_group),
        _ => false,
    };
    if is_operator {
        Role::Operator
    } else {
        Role::Viewer
    }
}

/// Longest user name kept; longer names are cut (they end up in the audit
/// trail and the console's header).
const MAX_NAME: usize = 128;

/// The user's name: `preferred_username`, else `email`, else the subject.
/// Control characters are dropped so a name is one plain line.
pub fn user_name(preferred_username: Option<&str>, email: Option<&str>, subject: &str) -> String {
    let raw = [preferred_username, email]
        .into_iter()
        .flatten()
        .find(|s| !s.trim().is_empty())
        .unwrap_or(subject);
    raw.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(MAX_NAME)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn claims(v: Value) -> Map<String, Value> {
        v.as_object().cloned().unwrap()
    }

    #[test]
    fn groups_list_decides_the_role() {
        let op = claims(json!({"groups": ["x", "sdrs-operators"]}));
        let viewer = claims(json!({"groups": ["sdrs-viewers"]}));
        assert_eq!(role_from_claims(&op, "groups", "sdrs-operators"), Role::Operator);
        assert_eq!(
            role_from_claims(&viewer, "groups", "sdrs-operators"),
            Role::Viewer
        );
        // A group whose name only contains the operator group's is not it.
        let near = claims(json!({"groups": ["sdrs-operators-old"]}));
        assert_eq!(role_from_claims(&near, "groups", "sdrs-operators"), Role::Viewer);
    }

    #[test]
    fn missing_or_odd_claims_mean_viewer() {
        for c in [
            json!({}),
            json!({"groups": 7}),
            json!({"groups": [1, null]}),
            json!({"groups": {"a": 1}}),
        ] {
            assert_eq!(role_from_claims(&claims(c), "groups", "ops"), Role::Viewer);
        }
    }

    #[test]
    fn nested_and_string_claims() {
        let keycloak = claims(json!({"realm_access": {"roles": ["ops", "user"]}}));
        assert_eq!(
            role_from_claims(&keycloak, "realm_access.roles", "ops"),
            Role::Operator
        );
        let dotted = claims(json!({"https://example.com/roles": "ops"}));
        assert_eq!(
            role_from_claims(&dotted, "https://example.com/roles", "ops"),
            Role::Operator
        );
        let spaced = claims(json!({"role": "viewer ops"}));
        assert_eq!(role_from_claims(&spaced, "role", "ops"), Role::Operator);
        assert_eq!(role_from_claims(&spaced, "role.x", "ops"), Role::Viewer);
    }

    #[test]
    fn user_name_prefers_the_username() {
        assert_eq!(user_name(Some("alice"), Some("a@x"), "sub1"), "alice");
        assert_eq!(user_name(Some("  "), Some("a@x"), "sub1"), "a@x");
        assert_eq!(user_name(None, None, "sub1"), "sub1");
        assert_eq!(user_name(Some("al\nice\u{7}"), None, "s"), "alice");
        assert_eq!(user_name(Some(&"x".repeat(300)), None, "s").len(), MAX_NAME);
    }
}
