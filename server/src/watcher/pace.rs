//! How fast the watcher may call SDRS: a request rate per credential,
//! shared by every scope polled with it (the API gateway throttles per
//! account), the period between rounds with jitter, and the backoff after a
//! throttled or failed round. The delays are pure functions of their inputs
//! (the random part passed in), so they are tested without waiting.

use governor::clock::Clock;
use governor::middleware::NoOpMiddleware;
use governor::state::{InMemoryState, NotKeyed};
use governor::{Quota, RateLimiter};
use std::collections::HashMap;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::Duration;

/// The first backoff after a throttled or failed round; Huawei advises
/// retrying a throttled call after 2–5 s.
pub const FIRST_BACKOFF: Duration = Duration::from_secs(2);

/// The longest `Retry-After` honoured: a larger one is read as this.
pub const MAX_RETRY_AFTER: Duration = Duration::from_secs(3600);

/// The share of a backoff that jitter may add or take away.
const BACKOFF_JITTER: f64 = 0.25;

/// The clock of tokio's timer, so that a paused test clock paces the
/// limiter as it does the sleeps.
#[derive(Clone, Debug, Default)]
pub struct TokioClock;

impl Clock for TokioClock {
    type Instant = std::time::Instant;

    fn now(&self) -> Self::Instant {
        tokio::time::Instant::now().into_std()
    }
}

/// At most `per_second` requests a second, evenly spaced (no burst: the
/// gateway counts per second, so a burst at the edge of one second would
/// count twice).
pub struct CredentialLimiter {
    limiter: RateLimiter<NotKeyed, InMemoryState, TokioClock, NoOpMiddleware<std::time::Instant>>,
}

impl CredentialLimiter {
    /// `per_second` 0 is read as 1.
    pub fn new(per_second: u32) -> CredentialLimiter {
        let interval = Duration::from_secs(1) / per_second.max(1);
        let quota = Quota::with_period(interval)
            .unwrap_or_else(|| Quota::per_second(NonZeroU32::MIN))
            .allow_burst(NonZeroU32::MIN);
        CredentialLimiter {
            limiter: RateLimiter::direct_with_clock(quota, TokioClock),
        }
    }

    /// Waits until one more request may go.
    pub async fn until_ready(&self) {
        while let Err(not_until) = self.limiter.check() {
            tokio::time::sleep(not_until.wait_time_from(TokioClock.now())).await;
        }
    }
}

/// One limiter per credential name.
pub struct Limiters {
    per_credential: HashMap<String, Arc<CredentialLimiter>>,
}

impl Limiters {
    pub fn new<'a>(credentials: impl IntoIterator<Item = &'a str>, per_second: u32) -> Limiters {
        let mut per_credential = HashMap::new();
        for name in credentials {
            per_credential
                .entry(name.to_owned())
                .or_insert_with(|| Arc::new(CredentialLimiter::new(per_second)));
        }
        Limiters { per_credential }
    }

    /// The limiter of `credential`; one made by [`Limiters::new`] for it.
    pub fn get(&self, credential: &str) -> Option<Arc<CredentialLimiter>> {
        self.per_credential.get(credential).cloned()
    }
}

/// The wait before the next round of a healthy scope: `period` give or take
/// `jitter`, so that scopes started together drift apart. `unit` is a
/// random number in `[0, 1)`.
pub fn next_round_delay(period: Duration, jitter: Duration, unit: f64) -> Duration {
    let offset = jitter.as_secs_f64() * (2.0 * unit.clamp(0.0, 1.0) - 1.0);
    Duration::from_secs_f64((period.as_secs_f64() + offset).max(0.0))
}

/// The wait before a scope's first round: up to `jitter`, so that scopes do
/// not all start at once.
pub fn first_round_delay(jitter: Duration, unit: f64) -> Duration {
    jitter.mul_f64(unit.clamp(0.0, 1.0))
}

/// The wait after the `attempt`th throttled or failed round in a row
/// (1-based): [`FIRST_BACKOFF`] doubling up to `cap` (`max_backoff_secs`),
/// ± 25 % jitter, and never less than the upstream's `Retry-After` (itself
/// at most [`MAX_RETRY_AFTER`]). `unit` is a random number in `[0, 1)`.
pub fn backoff_delay(attempt: u32, cap: Duration, retry_after: Option<Duration>, unit: f64) -> Duration {
    let doublings = attempt.saturating_sub(1).min(20);
    let base = FIRST_BACKOFF.saturating_mul(1 << doublings).min(cap);
    let factor = 1.0 + BACKOFF_JITTER * (2.0 * unit.clamp(0.0, 1.0) - 1.0);
    let jittered = base.mul_f64(factor);
    match retry_after {
        Some(wait) => jittered.max(wait.min(MAX_RETRY_AFTER)),
        None => jittered,
    }
}

/// A random number in `[0, 1)` for the delays above.
pub fn random_unit() -> f64 {
    fastrand::f64()
}

#[cfg(test)]
mod tests {
    use super::*;

    const PERIOD: Duration = Duration::from_secs(60);
    /// The longest backoff of these tests.
    const CAP: Duration = Duration::from_secs(240);

    #[test]
    fn backoff_starts_at_two_seconds_and_doubles() {
        // unit 0.5 is the middle of the jitter: no change.
        let waits: Vec<u64> = (1..=5)
            .map(|n| backoff_delay(n, CAP, None, 0.5).as_secs())
            .collect();
        assert_eq!(waits, [2, 4, 8, 16, 32]);
    }

    #[test]
    fn backoff_stops_at_four_periods_even_after_many_attempts() {
        for attempt in [8, 9, 30, u32::MAX] {
            assert_eq!(backoff_delay(attempt, CAP, None, 0.5), CAP, "attempt {attempt}");
        }
    }

    #[test]
    fn backoff_jitter_stays_within_a_quarter() {
        for attempt in [1, 3, 9] {
            let middle = backoff_delay(attempt, CAP, None, 0.5);
            let low = backoff_delay(attempt, CAP, None, 0.0);
            let high = backoff_delay(attempt, CAP, None, 0.999_999);
            assert_eq!(low, middle.mul_f64(0.75));
            assert!(high < middle.mul_f64(1.25) && high > middle, "{high:?}");
        }
    }

    #[test]
    fn retry_after_is_a_minimum_not_a_replacement() {
        let long = Duration::from_secs(90);
        assert_eq!(backoff_delay(1, CAP, Some(long), 0.0), long);
        // A short Retry-After does not shorten the backoff.
        let short = Duration::from_secs(1);
        assert_eq!(backoff_delay(4, CAP, Some(short), 0.5), Duration::from_secs(16));
        // Beyond the cap of the backoff too.
        let beyond = PERIOD * 10;
        assert_eq!(backoff_delay(9, CAP, Some(beyond), 0.999), beyond);
    }

    #[test]
    fn an_absurd_retry_after_is_read_as_an_hour() {
        let week = Duration::from_secs(7 * 24 * 3600);
        assert_eq!(backoff_delay(1, CAP, Some(week), 0.5), MAX_RETRY_AFTER);
    }

    #[test]
    fn round_delay_is_the_period_give_or_take_the_jitter() {
        let jitter = Duration::from_secs(10);
        assert_eq!(next_round_delay(PERIOD, jitter, 0.0), Duration::from_secs(50));
        assert_eq!(next_round_delay(PERIOD, jitter, 0.5), PERIOD);
        assert!(next_round_delay(PERIOD, jitter, 0.999_9) < Duration::from_secs(70));
        assert_eq!(next_round_delay(PERIOD, Duration::ZERO, 0.9), PERIOD);
        // A jitter larger than the period never makes a negative wait.
        assert_eq!(
            next_round_delay(Duration::from_secs(1), jitter, 0.0),
            Duration::ZERO
        );
    }

    #[test]
    fn first_round_waits_up_to_the_jitter() {
        let jitter = Duration::from_secs(10);
        assert_eq!(first_round_delay(jitter, 0.0), Duration::ZERO);
        assert_eq!(first_round_delay(jitter, 0.5), Duration::from_secs(5));
        assert!(first_round_delay(jitter, 0.999) < jitter);
    }

    #[tokio::test(start_paused = true)]
    async fn limiter_spaces_requests_evenly_at_the_rate() {
        let limiter = CredentialLimiter::new(5);
        let start = tokio::time::Instant::now();
        for _ in 0..11 {
            limiter.until_ready().await;
        }
        // The first goes at once, each next one 200 ms later (virtual time).
        assert_eq!(start.elapsed(), Duration::from_secs(2));
    }

    #[tokio::test(start_paused = true)]
    async fn scopes_of_one_credential_share_its_limiter_and_others_do_not() {
        let limiters = Limiters::new(["prod", "staging", "prod"], 2);
        let prod_a = limiters.get("prod").unwrap();
        let prod_b = limiters.get("prod").unwrap();
        let staging = limiters.get("staging").unwrap();
        assert!(Arc::ptr_eq(&prod_a, &prod_b));
        assert!(limiters.get("unknown").is_none());
        let start = tokio::time::Instant::now();
        prod_a.until_ready().await;
        staging.until_ready().await;
        // Another credential's request did not wait for prod's.
        assert_eq!(start.elapsed(), Duration::ZERO);
        prod_b.until_ready().await;
        assert_eq!(start.elapsed(), Duration::from_millis(500));
    }

    #[test]
    fn zero_requests_per_second_is_read_as_one() {
        let limiter = CredentialLimiter::new(0);
        assert!(limiter.limiter.check().is_ok());
        assert!(limiter.limiter.check().is_err());
    }
}
