//! The throttle of password sign-ins (the local users file and IAM): each
//! attempt is counted against its user and its client address before the
//! password is checked (so parallel attempts cannot all pass the limit),
//! and taken back when it succeeds; argon2 checks (about 19 MiB each) run
//! off the async threads, a few at a time.

use super::rate_limit::FailureLimiter;
use super::{FAILED_SIGN_INS, FAILED_SIGN_IN_WINDOW};
use std::net::IpAddr;
use std::time::{Duration, Instant};
use tokio::sync::Semaphore;

/// Password hashes checked at once; further checks wait their turn.
pub const PARALLEL_HASH_CHECKS: usize = 2;

/// Longest user name counted as given; longer ones count as this prefix.
const COUNTED_NAME_CHARS: usize = 129;

pub struct SignInThrottle {
    limiter: FailureLimiter,
    hash_checks: Semaphore,
}

/// One counted sign-in attempt. Dropped, it stays counted as a failure;
/// [`Attempt::succeeded`] takes it back.
pub struct Attempt<'a> {
    throttle: &'a SignInThrottle,
    /// `[user key, address key]`.
    keys: [String; 2],
    at: Instant,
}

impl Attempt<'_> {
    /// The sign-in succeeded: the user's failures are forgotten and the
    /// address is not charged for this attempt.
    pub fn succeeded(self) {
        self.throttle.limiter.release(&self.keys[1], self.at);
        self.throttle.limiter.forget(&self.keys[0]);
    }

    /// The attempt could not be judged (e.g. IAM unreachable): not counted.
    pub fn not_counted(self) {
        for key in &self.keys {
            self.throttle.limiter.release(key, self.at);
        }
    }
}

impl Default for SignInThrottle {
    fn default() -> Self {
        Self::new()
    }
}

impl SignInThrottle {
    pub fn new() -> Self {
        SignInThrottle {
            limiter: FailureLimiter::new(FAILED_SIGN_INS, FAILED_SIGN_IN_WINDOW),
            hash_checks: Semaphore::new(PARALLEL_HASH_CHECKS),
        }
    }

    /// Counts an attempt of `user` (in the namespace `kind`, e.g. `user` or
    /// `iam`) from `client`; `Err` is how long until both may try again
    /// (answer it with `answers::too_many_failures`).
    pub fn attempt(&self, kind: &str, user: &str, client: Option<IpAddr>) -> Result<Attempt<'_>, Duration> {
        let counted: String = user.chars().take(COUNTED_NAME_CHARS).collect();
        let keys = [
            format!("{kind}:{counted}"),
            format!(
                "addr:{}",
                client.map_or("unknown".to_owned(), |ip| ip.to_string())
            ),
        ];
        let at = Instant::now();
        match self.limiter.reserve(&keys, at) {
            Ok(()) => Ok(Attempt {
                throttle: self,
                keys,
                at,
            }),
            Err(wait) => Err(wait),
        }
    }

    /// Runs a password hash check on the blocking pool, at most
    /// [`PARALLEL_HASH_CHECKS`] at once; `None` if it could not run.
    pub async fn hash_check<T: Send + 'static>(
        &self,
        check: impl FnOnce() -> T + Send + 'static,
    ) -> Option<T> {
        let _permit = self.hash_checks.acquire().await.ok()?;
        tokio::task::spawn_blocking(check).await.ok()
    }
}
