//! OpenID Connect logins between `/auth/oidc/start` and the provider's
//! redirect back: kept server-side (in the database, so the redirect may
//! come back to another server instance), a few minutes at most, each used
//! once. An entry is found by the hash of the `state` the provider hands
//! back and belongs to the browser whose `sdrs_oidc_login` cookie
//! (HttpOnly, SameSite=Lax: the provider's redirect back is a cross-site
//! navigation) hashes to its `browser_hash`, so a callback URL replayed
//! elsewhere, or twice, finds nothing.

use crate::team::session_store::{StoreError, StoreFuture};
use sha2::{Digest, Sha256};
use std::time::Duration;

pub const COOKIE_NAME: &str = "sdrs_oidc_login";
/// How long a browser has to sign in at the provider.
pub const TTL: Duration = Duration::from_secs(600);
/// Pending logins kept at most; beyond, the oldest go first.
pub const CAPACITY: i64 = 10_000;

/// One login started and not yet finished. Secrets (the PKCE verifier and
/// the nonce) never leave the server and are kept only until used or
/// expired.
#[derive(Clone, PartialEq, Eq)]
pub struct PendingLogin {
    pub browser_hash: String,
    pub pkce_verifier: String,
    pub nonce: String,
    /// Where to go after sign-in (a checked same-origin path).
    pub next: String,
    /// Unix milliseconds.
    pub created_ms: i64,
}

impl std::fmt::Debug for PendingLogin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PendingLogin")
            .field("next", &self.next)
            .field("created_ms", &self.created_ms)
            .finish_non_exhaustive()
    }
}

/// Why a callback found no login.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TakeError {
    /// No such state (never issued, already used, or dropped).
    Unknown,
    /// Issued to another browser: the cookie does not match.
    OtherBrowser,
    Expired,
    /// The store could not be asked.
    Store(StoreError),
}

/// Where pending logins live: the database layer implements it, so every
/// instance on one database sees every login. Keys are
/// [`state_hash`]es, never the state itself.
pub trait PendingLoginStore: Send + Sync {
    /// Stores a login; drops expired ones, and the oldest beyond
    /// [`CAPACITY`].
    fn insert(&self, state_hash: String, login: PendingLogin) -> StoreFuture<'_, ()>;
    /// Removes and returns the login of `state_hash`, atomically: of two
    /// concurrent calls, one at most gets it.
    fn remove<'a>(&'a self, state_hash: &'a str) -> StoreFuture<'a, Option<PendingLogin>>;
    /// Drops the logins created before `created_before_ms`; returns how many.
    fn remove_expired(&self, created_before_ms: i64) -> StoreFuture<'_, u64>;
}

/// The key a login is stored under: the SHA-256 (hex) of its `state`, so a
/// copy of the store cannot be matched with a callback URL.
pub fn state_hash(state: &str) -> String {
    hex::encode(Sha256::digest(state.as_bytes()))
}

/// Logins created before this (Unix ms) have expired at `now_ms`.
pub fn expired_before(now_ms: i64) -> i64 {
    now_ms - TTL.as_millis() as i64
}

/// Removes the login of `state` and returns it if it belongs to the
/// browser of `browser_hash` and is not expired. A state presented by
/// another browser is removed too: it has leaked.
pub async fn take(
    store: &dyn PendingLoginStore,
    state: &str,
    browser_hash: Option<&str>,
    now_ms: i64,
) -> Result<PendingLogin, TakeError> {
    let login = store
        .remove(&state_hash(state))
        .await
        .map_err(TakeError::Store)?
        .ok_or(TakeError::Unknown)?;
    check_taken(login, browser_hash, now_ms)
}

/// Whether a removed login may finish for the browser of `browser_hash`.
fn check_taken(
    login: PendingLogin,
    browser_hash: Option<&str>,
    now_ms: i64,
) -> Result<PendingLogin, TakeError> {
    if browser_hash != Some(login.browser_hash.as_str()) {
        return Err(TakeError::OtherBrowser);
    }
    if login.created_ms < expired_before(now_ms) {
        return Err(TakeError::Expired);
    }
    Ok(login)
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

    const NOW: i64 = 1_700_000_000_000;

    fn login(browser: &str, created_ms: i64) -> PendingLogin {
        PendingLogin {
            browser_hash: browser.to_owned(),
            pkce_verifier: "v".into(),
            nonce: "n".into(),
            next: "/".into(),
            created_ms,
        }
    }

    #[test]
    fn only_its_browser_within_the_ttl_may_finish_a_login() {
        assert_eq!(check_taken(login("b1", NOW), Some("b1"), NOW).unwrap().next, "/");
        assert_eq!(
            check_taken(login("b1", NOW), Some("b2"), NOW).unwrap_err(),
            TakeError::OtherBrowser
        );
        assert_eq!(
            check_taken(login("b1", NOW), None, NOW).unwrap_err(),
            TakeError::OtherBrowser
        );
        let ttl = TTL.as_millis() as i64;
        assert!(check_taken(login("b1", NOW - ttl), Some("b1"), NOW).is_ok());
        assert_eq!(
            check_taken(login("b1", NOW - ttl - 1), Some("b1"), NOW).unwrap_err(),
            TakeError::Expired
        );
    }

    #[test]
    fn states_are_stored_hashed() {
        let h = state_hash("some-state");
        assert_eq!(h.len(), 64);
        assert!(!h.contains("some-state"));
        assert_ne!(h, state_hash("some-statf"));
    }

    #[test]
    fn the_debug_text_has_no_secret() {
        let text = format!(
            "{:?}",
            PendingLogin {
                pkce_verifier: "verifier-secret".into(),
                nonce: "nonce-secret".into(),
                ..login("b1", NOW)
            }
        );
        assert!(!text.contains("secret"), "{text}");
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
