//! Server-side sessions: started for an [`Identity`] after a sign-in,
//! found again from the `sdrs_session` cookie, ended by sign-out or by the
//! idle and absolute timeouts. The cookie holds 32 random bytes
//! (base64url); the store keeps only their SHA-256, so a copy of the store
//! signs nobody in. Each session has its own CSRF token.

use super::cookie;
use super::identity::{Identity, Role, SignInMethod};
use super::secret::{is_token_shaped, random_token, sha256_hex};
use super::session_store::{SessionStore, StoreError, StoredSession};
use axum::http::HeaderValue;
use serde::Serialize;
use std::sync::Arc;
use std::time::Duration;

/// Marker in a request's extensions: this state-changing request passed
/// the CSRF check (same origin and the session's `X-CSRF-Token`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CsrfChecked;

/// Timeouts and cookie attributes of the sessions of one server.
#[derive(Clone, Debug)]
pub struct SessionConfig {
    /// Ends a session this long after its last request.
    pub idle: Duration,
    /// Ends a session this long after sign-in, however busy.
    pub max_age: Duration,
    /// Cookie `Secure` attribute (the console is served over https).
    pub secure: bool,
}

/// A signed-in session as requests see it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ActiveSession {
    /// SHA-256 of the cookie value (the store's key).
    pub id_hash: String,
    pub identity: Identity,
    pub csrf_token: String,
    pub created_ms: i64,
    pub expires_at_ms: i64,
}

/// The JSON of `GET /auth/session` and of a successful sign-in.
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase")]
pub struct SessionInfo {
    pub user: String,
    pub role: Role,
    pub method: SignInMethod,
    pub csrf_token: String,
    pub idle_timeout_secs: u64,
    pub expires_at_ms: i64,
}

/// A session just started: its cookie (a secret: only for `Set-Cookie`)
/// and what the console is told.
pub struct StartedSession {
    pub set_cookie: HeaderValue,
    pub session: ActiveSession,
    pub info: SessionInfo,
}

impl std::fmt::Debug for StartedSession {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("StartedSession")
            .field("user", &self.info.user)
            .finish_non_exhaustive()
    }
}

/// Why no session was found for a cookie.
#[derive(Debug, PartialEq, Eq)]
pub enum Lookup {
    Active(ActiveSession),
    /// No cookie, a malformed one, or one the store does not know.
    Unknown,
    /// The session timed out (it is removed).
    Expired,
}

fn store_error_of_random(e: getrandom::Error) -> StoreError {
    StoreError(format!("no randomness for a session id: {e}"))
}

pub struct Sessions {
    store: Arc<dyn SessionStore>,
    config: SessionConfig,
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

impl Sessions {
    pub fn new(store: Arc<dyn SessionStore>, config: SessionConfig) -> Self {
        Sessions { store, config }
    }

    pub fn config(&self) -> &SessionConfig {
        &self.config
    }

    pub fn store(&self) -> &Arc<dyn SessionStore> {
        &self.store
    }

    /// Starts a session for `identity` now.
    pub async fn start(&self, identity: &Identity) -> Result<StartedSession, StoreError> {
        self.start_at(identity, crate::util::timefmt::now_ms()).await
    }

    pub async fn start_at(&self, identity: &Identity, now_ms: i64) -> Result<StartedSession, StoreError> {
        let id = random_token().map_err(store_error_of_random)?;
        let csrf_token = random_token().map_err(store_error_of_random)?;
        let stored = StoredSession {
            id_hash: sha256_hex(&id),
            user: identity.user.clone(),
            role: identity.role,
            method: identity.method,
            csrf_token,
            created_ms: now_ms,
            last_seen_ms: now_ms,
        };
        self.store.insert(stored.clone()).await?;
        let session = self.active(stored);
        Ok(StartedSession {
            set_cookie: cookie::set(&id, self.config.secure),
            info: self.info(&session),
            session,
        })
    }

    fn active(&self, s: StoredSession) -> ActiveSession {
        ActiveSession {
            expires_at_ms: s.created_ms.saturating_add(millis(self.config.max_age)),
            identity: Identity {
                user: s.user,
                role: s.role,
                method: s.method,
            },
            id_hash: s.id_hash,
            csrf_token: s.csrf_token,
            created_ms: s.created_ms,
        }
    }

    /// What the console is told about `session`.
    pub fn info(&self, session: &ActiveSession) -> SessionInfo {
        SessionInfo {
            user: session.identity.user.clone(),
            role: session.identity.role,
            method: session.identity.method,
            csrf_token: session.csrf_token.clone(),
            idle_timeout_secs: self.config.idle.as_secs(),
            expires_at_ms: session.expires_at_ms,
        }
    }

    /// The session of a cookie value, now; records the activity.
    pub async fn find(&self, cookie_value: &str) -> Result<Lookup, StoreError> {
        self.find_at(cookie_value, crate::util::timefmt::now_ms()).await
    }

    pub async fn find_at(&self, cookie_value: &str, now_ms: i64) -> Result<Lookup, StoreError> {
        if !is_token_shaped(cookie_value) {
            return Ok(Lookup::Unknown);
        }
        let id_hash = sha256_hex(cookie_value);
        let Some(stored) = self.store.get(&id_hash).await? else {
            return Ok(Lookup::Unknown);
        };
        let idle_over = now_ms.saturating_sub(stored.last_seen_ms) > millis(self.config.idle);
        let max_over = now_ms.saturating_sub(stored.created_ms) >= millis(self.config.max_age);
        if idle_over || max_over {
            self.store.remove(&id_hash).await?;
            return Ok(Lookup::Expired);
        }
        // One write per stretch of activity, not per request: the idle
        // timeout is then exact to within this step.
        if now_ms.saturating_sub(stored.last_seen_ms) >= millis(self.touch_step()) {
            self.store.touch(&id_hash, now_ms).await?;
        }
        Ok(Lookup::Active(self.active(stored)))
    }

    fn touch_step(&self) -> Duration {
        (self.config.idle / 20).min(Duration::from_secs(30))
    }

    /// Ends the session of `id_hash` (sign-out).
    pub async fn end(&self, id_hash: &str) -> Result<(), StoreError> {
        self.store.remove(id_hash).await
    }

    /// Drops timed-out sessions from the store; returns how many.
    pub async fn remove_expired(&self) -> Result<u64, StoreError> {
        let now = crate::util::timefmt::now_ms();
        self.store
            .remove_expired(
                now.saturating_sub(millis(self.config.idle)),
                now.saturating_sub(millis(self.config.max_age)),
            )
            .await
    }

    /// `Set-Cookie` removing the session cookie.
    pub fn clear_cookie(&self) -> HeaderValue {
        cookie::clear(self.config.secure)
    }
}

fn parse_positive(raw: &str, unit_secs: f64, unit: &str) -> Result<Duration, String> {
    let value: f64 = raw
        .trim()
        .parse()
        .map_err(|_| format!("not a number of {unit}: {raw}"))?;
    if !(value.is_finite() && value > 0.0) {
        return Err(format!("must be a positive number of {unit}"));
    }
    Duration::try_from_secs_f64(value * unit_secs).map_err(|_| format!("too many {unit}: {raw}"))
}

/// `--session-idle-mins`: positive minutes, decimals allowed.
pub fn parse_minutes(raw: &str) -> Result<Duration, String> {
    parse_positive(raw, 60.0, "minutes")
}

/// `--session-max-hours`: positive hours, decimals allowed.
pub fn parse_hours(raw: &str) -> Result<Duration, String> {
    parse_positive(raw, 3600.0, "hours")
}

#[cfg(test)]
mod tests {
    use super::super::memory_store::MemoryStore;
    use super::*;

    fn sessions(idle_secs: u64, max_secs: u64) -> (Sessions, Arc<MemoryStore>) {
        let store = Arc::new(MemoryStore::new());
        let config = SessionConfig {
            idle: Duration::from_secs(idle_secs),
            max_age: Duration::from_secs(max_secs),
            secure: false,
        };
        (Sessions::new(store.clone(), config), store)
    }

    fn alice() -> Identity {
        Identity {
            user: "alice".into(),
            role: Role::Operator,
            method: SignInMethod::Local,
        }
    }

    fn cookie_value(started: &StartedSession) -> String {
        let text = started.set_cookie.to_str().unwrap();
        let rest = text.strip_prefix("sdrs_session=").unwrap();
        rest.split(';').next().unwrap().to_owned()
    }

    #[tokio::test]
    async fn start_find_end() {
        let (s, store) = sessions(60, 3600);
        let started = s.start_at(&alice(), 1_000).await.unwrap();
        let value = cookie_value(&started);
        assert!(is_token_shaped(&value));
        // The store keeps the hash only.
        let stored = store.get(&sha256_hex(&value)).await.unwrap().unwrap();
        assert_ne!(stored.id_hash, value);
        assert_eq!(started.info.expires_at_ms, 1_000 + 3_600_000);
        assert_eq!(started.info.idle_timeout_secs, 60);
        let Lookup::Active(found) = s.find_at(&value, 2_000).await.unwrap() else {
            panic!("session not found");
        };
        assert_eq!(found.identity, alice());
        assert_eq!(found.csrf_token, started.info.csrf_token);
        s.end(&found.id_hash).await.unwrap();
        assert_eq!(s.find_at(&value, 3_000).await.unwrap(), Lookup::Unknown);
    }

    #[tokio::test]
    async fn idle_and_absolute_timeouts() {
        let (s, store) = sessions(60, 300);
        let value = cookie_value(&s.start_at(&alice(), 0).await.unwrap());
        // Active use keeps it alive past one idle period...
        for t in [50_000, 100_000, 150_000, 200_000, 250_000] {
            assert!(
                matches!(s.find_at(&value, t).await.unwrap(), Lookup::Active(_)),
                "at {t}"
            );
        }
        // ...but not past the absolute limit.
        assert_eq!(s.find_at(&value, 300_000).await.unwrap(), Lookup::Expired);
        assert!(store.is_empty());

        let value = cookie_value(&s.start_at(&alice(), 0).await.unwrap());
        assert_eq!(s.find_at(&value, 60_001).await.unwrap(), Lookup::Expired);
    }

    #[tokio::test]
    async fn malformed_and_unknown_cookies() {
        let (s, _) = sessions(60, 300);
        let started = s.start_at(&alice(), 0).await.unwrap();
        let value = cookie_value(&started);
        let mut tampered = value.clone().into_bytes();
        tampered[0] = if tampered[0] == b'A' { b'B' } else { b'A' };
        let tampered = String::from_utf8(tampered).unwrap();
        for bad in [tampered.as_str(), "", "x", "../../etc", &value[..10]] {
            assert_eq!(s.find_at(bad, 1).await.unwrap(), Lookup::Unknown, "{bad}");
        }
    }

    #[tokio::test]
    async fn every_session_its_own_id_and_csrf_token() {
        let (s, store) = sessions(60, 300);
        let a = s.start_at(&alice(), 0).await.unwrap();
        let b = s.start_at(&alice(), 0).await.unwrap();
        assert_ne!(cookie_value(&a), cookie_value(&b));
        assert_ne!(a.info.csrf_token, b.info.csrf_token);
        assert_eq!(store.len(), 2);
        assert_eq!(s.store().remove_expired(0, 0).await.unwrap(), 0);
        assert_eq!(s.store().remove_expired(1, 0).await.unwrap(), 2);
    }

    #[test]
    fn duration_flags() {
        assert_eq!(parse_minutes("30"), Ok(Duration::from_secs(1800)));
        assert_eq!(parse_minutes("0.01"), Ok(Duration::from_millis(600)));
        assert_eq!(parse_hours("12"), Ok(Duration::from_secs(43_200)));
        for bad in ["0", "-1", "abc", "", "NaN", "inf", "1e300"] {
            assert!(parse_minutes(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn session_json_of_the_contract() {
        let info = SessionInfo {
            user: "alice".into(),
            role: Role::Viewer,
            method: SignInMethod::Proxy,
            csrf_token: "t".into(),
            idle_timeout_secs: 1800,
            expires_at_ms: 5,
        };
        assert_eq!(
            serde_json::to_value(&info).unwrap(),
            serde_json::json!({"user":"alice","role":"viewer","method":"proxy","csrfToken":"t","idleTimeoutSecs":1800,"expiresAtMs":5})
        );
    }
}
