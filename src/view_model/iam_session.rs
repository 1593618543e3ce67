//! "Sign in with IAM user": the request to the server's sign-in route, its
//! answer, and the life of the session it gives. The token lives in memory
//! only (never storage, URL or log), so `IamSession` has no `Debug` that
//! shows it.

use crate::i18n::Key;
use sdrs_models::error::parse_error_body;
use serde::Deserialize;

/// The server's sign-in route (same origin as `config.json`'s API base).
pub const SIGN_IN_PATH: &str = "/auth/iam/sign-in";

/// The prompt to sign in again comes this long before expiry at most...
pub const PROMPT_LEAD_MAX_MS: f64 = 5.0 * 60_000.0;
/// ...and never earlier than this share of the lifetime before it, so a
/// short-lived token is not "expiring" from the start.
pub const PROMPT_LEAD_SHARE: f64 = 0.2;

#[derive(Clone, PartialEq)]
pub struct IamSession {
    pub token: String,
    pub user: String,
    pub domain: String,
    /// As IAM wrote it, for display.
    pub expires_at: String,
    /// Browser clock, from the server's `expires_in_ms`.
    pub signed_in_ms: f64,
    pub expires_ms: f64,
}

impl std::fmt::Debug for IamSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("IamSession")
            .field("user", &self.user)
            .field("domain", &self.domain)
            .field("expires_at", &self.expires_at)
            .finish_non_exhaustive()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SessionPhase {
    Active,
    /// Shortly before expiry: the console asks to sign in again.
    ExpiringSoon,
    Expired,
}

impl IamSession {
    /// How long before expiry the prompt shows.
    pub fn prompt_lead_ms(&self) -> f64 {
        let lifetime = (self.expires_ms - self.signed_in_ms).max(0.0);
        (lifetime * PROMPT_LEAD_SHARE).min(PROMPT_LEAD_MAX_MS)
    }

    pub fn phase(&self, now_ms: f64) -> SessionPhase {
        if now_ms >= self.expires_ms {
            SessionPhase::Expired
        } else if now_ms >= self.expires_ms - self.prompt_lead_ms() {
            SessionPhase::ExpiringSoon
        } else {
            SessionPhase::Active
        }
    }

    /// The token while it is valid.
    pub fn valid_token(&self, now_ms: f64) -> Option<&str> {
        (self.phase(now_ms) != SessionPhase::Expired).then_some(self.token.as_str())
    }
}

/// The form's fields, checked before anything is sent.
pub fn sign_in_body(domain: &str, user: &str, password: &str) -> Result<String, Key> {
    let (domain, user) = (domain.trim(), user.trim());
    if domain.is_empty() || user.is_empty() || password.is_empty() {
        return Err(Key::IamMissingFields);
    }
    Ok(serde_json::json!({ "domain": domain, "user": user, "password": password }).to_string())
}

#[derive(Deserialize)]
struct SignedIn {
    token: String,
    #[serde(default)]
    expires_at: String,
    expires_in_ms: f64,
    #[serde(default)]
    user: String,
    #[serde(default)]
    domain: String,
}

/// Why a sign-in failed, as the form shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignInError {
    pub key: Key,
    /// The server's message, filled into `{reason}` where the text has one.
    pub reason: String,
}

/// Reads the route's answer; `now_ms` is the browser's clock.
pub fn read_answer(status: u16, body: &[u8], now_ms: f64) -> Result<IamSession, SignInError> {
    let text = String::from_utf8_lossy(body);
    if status >= 400 {
        let detail = parse_error_body(status, &text);
        let key = match status {
            401 => Key::IamWrongPassword,
            502 | 504 => Key::IamUnreachable,
            _ => Key::IamFailed,
        };
        return Err(SignInError {
            key,
            reason: detail.message,
        });
    }
    let answer: SignedIn = serde_json::from_str(&text).map_err(|_| SignInError {
        key: Key::IamFailed,
        reason: "the server's answer has no token".into(),
    })?;
    if answer.token.trim().is_empty() || !answer.expires_in_ms.is_finite() || answer.expires_in_ms <= 0.0 {
        return Err(SignInError {
            key: Key::IamFailed,
            reason: "the server's answer has no valid token".into(),
        });
    }
    Ok(IamSession {
        token: answer.token,
        user: answer.user,
        domain: answer.domain,
        expires_at: answer.expires_at,
        signed_in_ms: now_ms,
        expires_ms: now_ms + answer.expires_in_ms,
    })
}

/// A delete refused with 403 is the IAM user's missing permission: the
/// console says so in words, and keeps reading.
pub fn delete_refused_by_policy(status: Option<u16>) -> bool {
    status == Some(403)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn session(lifetime_ms: f64) -> IamSession {
        read_answer(
            200,
            format!(r#"{{"token":"MIIsecret","expires_at":"2026-12-02T00:00:00.000000Z","expires_in_ms":{lifetime_ms},"user":"reader","domain":"acme"}}"#).as_bytes(),
            1_000.0,
        )
        .unwrap()
    }

    #[test]
    fn a_day_long_session_prompts_five_minutes_before_expiry() {
        let s = session(86_400_000.0);
        let expiry = 1_000.0 + 86_400_000.0;
        assert_eq!(s.phase(1_000.0), SessionPhase::Active);
        assert_eq!(s.phase(expiry - 300_001.0), SessionPhase::Active);
        assert_eq!(s.phase(expiry - 300_000.0), SessionPhase::ExpiringSoon);
        assert_eq!(s.phase(expiry - 1.0), SessionPhase::ExpiringSoon);
        assert_eq!(s.phase(expiry), SessionPhase::Expired);
        assert_eq!(s.valid_token(expiry - 1.0), Some("MIIsecret"));
        assert_eq!(s.valid_token(expiry), None);
    }

    #[test]
    fn a_short_session_prompts_in_its_last_fifth() {
        let s = session(10_000.0);
        assert_eq!(s.prompt_lead_ms(), 2_000.0);
        assert_eq!(s.phase(8_999.0), SessionPhase::Active);
        assert_eq!(s.phase(9_000.0), SessionPhase::ExpiringSoon);
        assert_eq!(s.phase(11_000.0), SessionPhase::Expired);
    }

    #[test]
    fn the_token_never_shows_in_debug() {
        let s = session(1.0);
        assert!(!format!("{s:?}").contains("MIIsecret"));
        assert_eq!((s.user.as_str(), s.domain.as_str()), ("reader", "acme"));
    }

    #[test]
    fn form_checks() {
        assert_eq!(sign_in_body(" ", "u", "p"), Err(Key::IamMissingFields));
        assert_eq!(sign_in_body("d", "u", ""), Err(Key::IamMissingFields));
        let body: serde_json::Value =
            serde_json::from_str(&sign_in_body(" acme ", "alice", " pw ").unwrap()).unwrap();
        assert_eq!(
            body,
            serde_json::json!({"domain":"acme","user":"alice","password":" pw "})
        );
    }

    #[test]
    fn error_answers() {
        let wrong = br#"{"error":{"code":"SDRS.0002","message":"IAM refused the sign-in"}}"#;
        let e = read_answer(401, wrong, 0.0).unwrap_err();
        assert_eq!(
            (e.key, e.reason.as_str()),
            (Key::IamWrongPassword, "IAM refused the sign-in")
        );
        let down = br#"{"error":{"code":"SDRS.0013","message":"IAM at https://iam.x could not be reached"}}"#;
        assert_eq!(read_answer(502, down, 0.0).unwrap_err().key, Key::IamUnreachable);
        assert_eq!(
            read_answer(504, b"<html>", 0.0).unwrap_err().key,
            Key::IamUnreachable
        );
        assert_eq!(
            read_answer(404, b"Not found", 0.0).unwrap_err().key,
            Key::IamFailed
        );
        for bad in [
            &b"{}"[..],
            br#"{"token":"","expires_in_ms":5}"#,
            br#"{"token":"t","expires_in_ms":-1}"#,
            b"nope",
        ] {
            assert_eq!(read_answer(200, bad, 0.0).unwrap_err().key, Key::IamFailed);
        }
    }

    #[test]
    fn only_403_is_a_policy_refusal() {
        assert!(delete_refused_by_policy(Some(403)));
        assert!(!delete_refused_by_policy(Some(401)));
        assert!(!delete_refused_by_policy(None));
    }
}
