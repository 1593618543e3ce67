//! Team sign-in as the console sees it: what `config.json` offers, the
//! server's session answer, the sign-in form's body and the way its
//! failures read, and where "Sign in with <provider>" goes. The CSRF token
//! lives in memory only, so `TeamSession`'s `Debug` leaves it out; the
//! password is only ever in the request body.

use crate::i18n::TeamKey;
use sdrs_models::error::parse_error_body;
use sdrs_models::query::{encode_component, query_pairs};
use serde::Deserialize;

pub const SESSION_PATH: &str = "/auth/session";
pub const LOCAL_SIGN_IN_PATH: &str = "/auth/local/sign-in";
pub const SIGN_OUT_PATH: &str = "/auth/sign-out";
pub const OIDC_START_PATH: &str = "/auth/oidc/start";
/// The header every state-changing call of a session carries.
pub const CSRF_HEADER: &str = "X-CSRF-Token";

/// `config.json`'s `teamSignIn`: the ways this server signs users in.
#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default, rename_all = "camelCase")]
pub struct TeamSignIn {
    /// A users file: the user name and password form.
    pub local: bool,
    pub oidc: Option<OidcOffer>,
    /// An authenticating reverse proxy signs users in before the console.
    pub proxy: bool,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct OidcOffer {
    /// "Sign in with <provider>", as the server's administrator wrote it.
    pub label: String,
}

impl TeamSignIn {
    /// Only the proxy signs in: the console has no form to show.
    pub fn proxy_only(&self) -> bool {
        self.proxy && !self.local && self.oidc.is_none()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TeamRole {
    Operator,
    Viewer,
}

impl TeamRole {
    /// An unknown role reads as the one that may do least.
    pub fn from_wire(text: &str) -> TeamRole {
        if text.trim().eq_ignore_ascii_case("operator") {
            TeamRole::Operator
        } else {
            TeamRole::Viewer
        }
    }

    pub fn wire(self) -> &'static str {
        match self {
            TeamRole::Operator => "operator",
            TeamRole::Viewer => "viewer",
        }
    }

    /// Delete and clear, and reading the audit trail.
    pub fn may_delete(self) -> bool {
        self == TeamRole::Operator
    }

    pub fn key(self) -> TeamKey {
        match self {
            TeamRole::Operator => TeamKey::RoleOperator,
            TeamRole::Viewer => TeamKey::RoleViewer,
        }
    }
}

/// Why the panel may not delete, when it may not: the text every delete
/// and clear control shows and announces.
/// The server's code of an action the user's team role does not allow.
pub const ROLE_REFUSED_CODE: &str = "SDRS.0005";

pub fn delete_refusal(role: Option<TeamRole>) -> Option<TeamKey> {
    match role {
        Some(r) if !r.may_delete() => Some(TeamKey::ViewerMayNotDelete),
        _ => None,
    }
}

#[derive(Clone, PartialEq)]
pub struct TeamSession {
    pub user: String,
    pub role: TeamRole,
    /// `local`, `oidc`, `proxy` or `loopback`, as the server said it.
    pub method: String,
    pub csrf_token: String,
    pub idle_timeout_secs: u64,
    pub expires_at_ms: f64,
}

impl std::fmt::Debug for TeamSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TeamSession")
            .field("user", &self.user)
            .field("role", &self.role)
            .field("method", &self.method)
            .finish_non_exhaustive()
    }
}

/// What `GET /auth/session` said.
#[derive(Clone, Debug, PartialEq)]
pub enum SessionCheck {
    SignedIn(TeamSession),
    /// 401: show the sign-in screen.
    SignedOut,
    /// Anything else: say why (the server's message).
    Failed(String),
}

/// Reads the answer of `GET /auth/session`.
pub fn read_session(status: u16, body: &[u8]) -> SessionCheck {
    let text = String::from_utf8_lossy(body);
    match status {
        401 => SessionCheck::SignedOut,
        s if s >= 400 => SessionCheck::Failed(parse_error_body(s, &text).message),
        _ => match decode_session(&text) {
            Some(s) => SessionCheck::SignedIn(s),
            None => SessionCheck::Failed("the server's answer names no signed-in user".into()),
        },
    }
}

/// Read through `serde_json::Value` accessors (the console already carries
/// that parser; a derived decoder would add code of its own).
fn decode_session(text: &str) -> Option<TeamSession> {
    let v: serde_json::Map<String, serde_json::Value> = serde_json::from_str(text).ok()?;
    let text = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or_default().to_owned();
    let (user, csrf_token) = (text("user"), text("csrfToken"));
    if user.trim().is_empty() || csrf_token.is_empty() {
        return None;
    }
    Some(TeamSession {
        role: TeamRole::from_wire(&text("role")),
        method: text("method"),
        user,
        csrf_token,
        idle_timeout_secs: v
            .get("idleTimeoutSecs")
            .and_then(|x| x.as_u64())
            .unwrap_or_default(),
        expires_at_ms: v.get("expiresAtMs").and_then(|x| x.as_f64()).unwrap_or_default(),
    })
}

/// The sign-in form's body, checked before anything is sent.
pub fn local_sign_in_body(user: &str, password: &str) -> Result<String, TeamKey> {
    let user = user.trim();
    if user.is_empty() || password.is_empty() {
        return Err(TeamKey::MissingFields);
    }
    Ok(serde_json::json!({ "user": user, "password": password }).to_string())
}

/// Why a sign-in failed, as the form shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct SignInError {
    pub key: TeamKey,
    /// Seconds to wait (a 429's `Retry-After`).
    pub wait_s: Option<u64>,
    /// The server's message, for texts with a `{reason}`.
    pub reason: String,
}

impl SignInError {
    pub fn of(key: TeamKey) -> Self {
        SignInError {
            key,
            wait_s: None,
            reason: String::new(),
        }
    }
}

/// Reads the answer of `POST /auth/local/sign-in`; `retry_after` is the
/// header of a 429.
pub fn read_sign_in(status: u16, body: &[u8], retry_after: Option<&str>) -> Result<TeamSession, SignInError> {
    let text = String::from_utf8_lossy(body);
    if status < 400 {
        return decode_session(&text).ok_or_else(|| SignInError {
            reason: "the server's answer names no signed-in user".into(),
            ..SignInError::of(TeamKey::Failed)
        });
    }
    let detail = parse_error_body(status, &text);
    Err(match status {
        401 => SignInError::of(TeamKey::WrongPassword),
        429 => match retry_after.and_then(|r| r.trim().parse::<u64>().ok()) {
            Some(n) => SignInError {
                wait_s: Some(n.max(1)),
                ..SignInError::of(TeamKey::RateLimited)
            },
            None => SignInError::of(TeamKey::RateLimitedNoWait),
        },
        502 | 504 => SignInError::of(TeamKey::Unreachable),
        _ => SignInError {
            reason: detail.message,
            ..SignInError::of(TeamKey::Failed)
        },
    })
}

/// Where "Sign in with <provider>" goes: the server's start route, told to
/// come back to `next` (the page's path and query). Only a same-origin
/// path is passed on; anything else comes back to `/`.
pub fn oidc_start_url(api_base: &str, next: &str) -> String {
    let same_origin = next.starts_with('/') && !next.starts_with("//") && !next.starts_with("/\\");
    let next = if same_origin { next } else { "/" };
    format!(
        "{}{OIDC_START_PATH}?next={}",
        api_base.trim().trim_end_matches('/'),
        encode_component(next)
    )
}

/// The short code of `?signInError=` (an OIDC sign-in that came back
/// without a session), when it is one: letters, digits, `_`, `-`, `.`.
pub fn sign_in_error_code(search: &str) -> Option<String> {
    query_pairs(search)
        .find(|(k, _)| k == "signInError")
        .map(|(_, v)| v)
        .filter(|v| {
            (1..=40).contains(&v.len())
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'_' | b'-' | b'.'))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALICE: &[u8] = br#"{"user":"alice","role":"operator","method":"oidc","csrfToken":"c5rf-secret","idleTimeoutSecs":1800,"expiresAtMs":1764700000000}"#;

    #[test]
    fn a_session_answer_gives_user_role_and_token() {
        let SessionCheck::SignedIn(s) = read_session(200, ALICE) else {
            panic!("not signed in")
        };
        assert_eq!(
            (s.user.as_str(), s.role, s.method.as_str(), s.csrf_token.as_str()),
            ("alice", TeamRole::Operator, "oidc", "c5rf-secret")
        );
        assert_eq!(
            (s.idle_timeout_secs, s.expires_at_ms),
            (1800, 1_764_700_000_000.0)
        );
    }

    #[test]
    fn the_csrf_token_never_shows_in_debug() {
        let SessionCheck::SignedIn(s) = read_session(200, ALICE) else {
            panic!("not signed in")
        };
        let shown = format!("{s:?} {:?}", read_session(200, ALICE));
        assert!(
            shown.contains("alice") && !shown.contains("c5rf-secret"),
            "{shown}"
        );
        assert_eq!(s.role, TeamRole::Operator);
    }

    #[test]
    fn signed_out_failed_and_malformed_answers() {
        let envelope = br#"{"error":{"code":"SDRS.0002","message":"Sign in first"}}"#;
        assert_eq!(read_session(401, envelope), SessionCheck::SignedOut);
        assert_eq!(
            read_session(
                503,
                br#"{"error":{"code":"SDRS.0013","message":"The database is unreachable"}}"#
            ),
            SessionCheck::Failed("The database is unreachable".into())
        );
        for bad in [
            &b"{}"[..],
            br#"{"user":"","role":"operator","csrfToken":"x"}"#,
            br#"{"user":"a","role":"operator","csrfToken":""}"#,
            b"<html>",
        ] {
            assert!(
                matches!(read_session(200, bad), SessionCheck::Failed(_)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn an_unknown_role_may_do_least() {
        assert_eq!(TeamRole::from_wire("Operator"), TeamRole::Operator);
        assert_eq!(TeamRole::from_wire("admin"), TeamRole::Viewer);
        assert_eq!(TeamRole::from_wire(""), TeamRole::Viewer);
        assert_eq!(
            delete_refusal(Some(TeamRole::Viewer)),
            Some(TeamKey::ViewerMayNotDelete)
        );
        assert_eq!(delete_refusal(Some(TeamRole::Operator)), None);
        // No team sign-in (embedded panel, plain emulator): unchanged.
        assert_eq!(delete_refusal(None), None);
    }

    #[test]
    fn the_form_needs_both_fields_and_keeps_the_password_as_typed() {
        assert_eq!(local_sign_in_body(" ", "pw"), Err(TeamKey::MissingFields));
        assert_eq!(local_sign_in_body("alice", ""), Err(TeamKey::MissingFields));
        let body: serde_json::Value =
            serde_json::from_str(&local_sign_in_body(" alice ", " p w ").unwrap()).unwrap();
        assert_eq!(body, serde_json::json!({"user":"alice","password":" p w "}));
    }

    #[test]
    fn sign_in_failures_read_clearly() {
        let envelope = br#"{"error":{"code":"SDRS.0002","message":"Wrong user name or password"}}"#;
        assert_eq!(
            read_sign_in(401, envelope, None).unwrap_err().key,
            TeamKey::WrongPassword
        );
        let limited = read_sign_in(429, b"{}", Some(" 42 ")).unwrap_err();
        assert_eq!((limited.key, limited.wait_s), (TeamKey::RateLimited, Some(42)));
        assert_eq!(
            read_sign_in(429, b"{}", Some("soon")).unwrap_err().key,
            TeamKey::RateLimitedNoWait
        );
        assert_eq!(
            read_sign_in(504, b"", None).unwrap_err().key,
            TeamKey::Unreachable
        );
        let other = read_sign_in(
            503,
            br#"{"error":{"code":"SDRS.0013","message":"The database is unreachable"}}"#,
            None,
        )
        .unwrap_err();
        assert_eq!(
            (other.key, other.reason.as_str()),
            (TeamKey::Failed, "The database is unreachable")
        );
        assert_eq!(read_sign_in(200, b"[]", None).unwrap_err().key, TeamKey::Failed);
        assert_eq!(read_sign_in(200, ALICE, None).unwrap().user, "alice");
    }

    #[test]
    fn the_provider_comes_back_only_to_a_same_origin_path() {
        assert_eq!(
            oidc_start_url("", "/?view=audit&user=bob"),
            "/auth/oidc/start?next=%2F%3Fview%3Daudit%26user%3Dbob"
        );
        assert_eq!(
            oidc_start_url("/console/", "/x"),
            "/console/auth/oidc/start?next=%2Fx"
        );
        for foreign in [
            "//evil.example/",
            "https://evil.example/",
            "/\\evil.example",
            "",
            "javascript:alert(1)",
        ] {
            assert_eq!(
                oidc_start_url("", foreign),
                "/auth/oidc/start?next=%2F",
                "{foreign}"
            );
        }
    }

    #[test]
    fn the_provider_error_code_is_read_only_when_plain() {
        assert_eq!(
            sign_in_error_code("?signInError=access_denied&x=1").as_deref(),
            Some("access_denied")
        );
        assert_eq!(sign_in_error_code("?signInError=%3Cb%3E"), None);
        assert_eq!(sign_in_error_code("?signInError="), None);
        assert_eq!(sign_in_error_code("?view=audit"), None);
    }

    #[test]
    fn proxy_only_when_nothing_else_signs_in() {
        let c = |json: &str| serde_json::from_str::<TeamSignIn>(json).unwrap();
        assert!(c(r#"{"local":false,"oidc":null,"proxy":true}"#).proxy_only());
        assert!(!c(r#"{"local":true,"proxy":true}"#).proxy_only());
        assert!(!c(r#"{"oidc":{"label":"Sign in with Dex"},"proxy":true}"#).proxy_only());
        assert_eq!(
            c(r#"{"oidc":{"label":"Sign in with Dex"}}"#).oidc.unwrap().label,
            "Sign in with Dex"
        );
    }
}
