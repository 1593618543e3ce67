//! OpenID Connect logins between `/auth/oidc/start` and the provider's
//! redirect back: kept server-side, a few minutes at most, each used once.
//! An entry is found by the `state` the provider hands back and belongs to
//! the browser whose `sdrs_oidc_login` cookie (HttpOnly, SameSite=Lax: the
//! provider's redirect back is a cross-site navigation) hashes to its
//! `browser_hash`, so a callback URL replayed elsewhere, or twice, finds
//! nothing.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

pub const COOKIE_NAME: &str = "sdrs_oidc_login";
/// How long a browser has to sign in at the provider.
pub const TTL: Duration = Duration::from_secs(600);
/// Pending logins kept at most; beyond, the oldest go first.
const CAPACITY: usize = 10_000;

/// One login started and not yet finished. Secrets (the PKCE verifier and
/// the nonce) never leave the server.
pub struct PendingLogin {
    pub browser_hash: String,
    pub pkce_verifier: String,
    pub nonce: String,
    /// Where to go after sign-in (a checked same-origin path).
    pub next: String,
    pub created: Instant,
}

impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("next", &self.next)
            .finish_non_exhaustive()
    }
}

/// Why a callback found no login.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TakeError {
    /// No such state (never issued, already used, or dropped).
    Unknown,
    /// Issued to another browser: the cookie does not match.
    OtherBrowser,
    Expired,
}

#[derive(Default)]
pub struct PendingLogins {
    by_state: Mutex<HashMap<String, PendingLogin>>,
}

impl PendingLogins {
    pub fn insert(&self, state: String, login: PendingLogin) {
        let mut map = self.by_state.lock().unwrap_or_else(|e| e.into_inner());
        let now = Instant::now();
        map.retain(|_, l| now.duration_since(l.created) < TTL);
        while map.len() >= CAPACITY {
            let Some(oldest) = map.iter().min_by_key(|(_, l)| l.created).map(|(s, _)| s.clone()) else {
                break;
            };
            map.remove(&oldest);
        }
        map.insert(state, login);
    }

    /// Removes and returns the login of `state` if it belongs to the
    /// browser of `browser_hash` and is not expired. A state presented by
    /// another browser is removed too: it has leaked.
    pub fn take(&self, state: &str, browser_hash: Option<&str>) -> Result<PendingLogin, TakeError> {
        let mut map = self.by_state.lock().unwrap_or_else(|e| e.into_inner());
        let login = map.remove(state).ok_or(TakeError::Unknown)?;
        if browser_hash != Some(login.browser_hash.as_str()) {
            return Err(TakeError::OtherBrowser);
        }
        if login.created.elapsed() >= TTL {
            return Err(TakeError::Expired);
        }
        Ok(login)
    }

    pub fn len(&self) -> usize {
        self.by_state.lock().unwrap_or_else(|e| e.into_inner()).len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// Whether `next` is a path of this origin: starts with one `/`, no
/// backslash, no scheme-relative `//`, no control characters, not huge.
pub fn is_safe_next(next: &str) -> bool {
    next.len() <= 2048
        && next.starts_with('/')
        && !next.starts_with("//")
        && !next.contains('\\')
        && !next.chars().any(char::is_control)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn login(browser: &str) -> PendingLogin {
        PendingLogin {
            browser_hash: browser.to_owned(),
            pkce_verifier: "v".into(),
            nonce: "n".into(),
            next: "/".into(),
            created: Instant::now(),
        }
    }

    #[test]
    fn a_login_is_taken_once_by_its_browser() {
        let logins = PendingLogins::default();
        logins.insert("s1".into(), login("b1"));
        assert_eq!(logins.take("s1", Some("b1")).unwrap().next, "/");
        assert_eq!(logins.take("s1", Some("b1")).unwrap_err(), TakeError::Unknown);
    }

    #[test]
    fn another_browser_or_no_cookie_is_refused_and_burns_the_state() {
        let logins = PendingLogins::default();
        logins.insert("s1".into(), login("b1"));
        assert_eq!(
            logins.take("s1", Some("b2")).unwrap_err(),
            TakeError::OtherBrowser
        );
        assert_eq!(logins.take("s1", Some("b1")).unwrap_err(), TakeError::Unknown);
        logins.insert("s2".into(), login("b1"));
        assert_eq!(logins.take("s2", None).unwrap_err(), TakeError::OtherBrowser);
        assert!(logins.is_empty());
    }

    #[test]
    fn expired_logins_are_refused() {
        let logins = PendingLogins::default();
        let mut old = login("b1");
        old.created = Instant::now().checked_sub(TTL + Duration::from_secs(1)).unwrap();
        logins.insert("s1".into(), login("b1"));
        logins.by_state.lock().unwrap().insert("old".into(), old);
        assert_eq!(logins.take("old", Some("b1")).unwrap_err(), TakeError::Expired);
        // Inserting sweeps expired entries.
        logins.by_state.lock().unwrap().insert("old2".into(), {
            let mut l = login("b1");
            l.created = Instant::now().checked_sub(TTL * 2).unwrap();
            l
        });
        logins.insert("s3".into(), login("b1"));
        assert_eq!(logins.len(), 2);
    }

    #[test]
    fn next_must_be_a_local_path() {
        for ok in ["/", "/?project=1#x", "/audit", "/a/b?c=d%2F"] {
            assert!(is_safe_next(ok), "{ok}");
        }
        for bad in [
            "",
            "//evil.example",
            "/\\evil.example",
            "https://evil.example/",
            "evil",
            "/a\nb",
            "\\\\x",
        ] {
            assert!(!is_safe_next(bad), "{bad:?}");
        }
        assert!(!is_safe_next(&format!("/{}", "a".repeat(3000))));
    }
}
