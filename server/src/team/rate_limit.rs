//! Failed sign-ins per user and per client address: after `limit`
//! failures within `window`, further tries of that user or from that
//! address are refused until the oldest failure is older than the window.
//! A sliding window of instants per key; the map is pruned as it grows,
//! so a flood of names cannot grow it without bound.

use std::collections::{HashMap, VecDeque};
use std::sync::{Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Keys kept before stale ones are swept.
const SWEEP_AT: usize = 10_000;

type Attempts = HashMap<String, VecDeque<Instant>>;

pub struct FailureLimiter {
    limit: usize,
    window: Duration,
    failures: Mutex<Attempts>,
}

impl FailureLimiter {
    pub fn new(limit: usize, window: Duration) -> Self {
        FailureLimiter {
            limit: limit.max(1),
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    /// `None` when every key may try now, else how long until one may.
    #[cfg(test)]
    fn retry_after(&self, keys: &[String], now: Instant) -> Option<Duration> {
        let mut map = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        self.wait_of(&mut map, keys, now)
    }

    fn wait_of(&self, map: &mut Attempts, keys: &[String], now: Instant) -> Option<Duration> {
        keys.iter()
            .filter_map(|key| {
                let times = map.get_mut(key)?;
                prune(times, now, self.window);
                (times.len() >= self.limit).then(|| {
                    let oldest = times[times.len() - self.limit];
                    self.window.saturating_sub(now.duration_since(oldest))
                })
            })
            .max()
    }

    /// Counts one failure against every key.
    #[cfg(test)]
    fn record_failure(&self, keys: &[String], now: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        self.record(&mut map, keys, now);
    }

    fn record(&self, map: &mut Attempts, keys: &[String], now: Instant) {
        if map.len() >= SWEEP_AT {
            map.retain(|_, times| {
                prune(times, now, self.window);
                !times.is_empty()
            });
        }
        for key in keys {
            let times = map.entry(key.clone()).or_default();
            prune(times, now, self.window);
            times.push_back(now);
            // Only the newest `limit` matter.
            while times.len() > self.limit {
                times.pop_front();
            }
        }
    }

    /// Counts an attempt as failed before it is checked, in one step with
    /// the limit check, so parallel attempts cannot all pass the check
    /// first. `Err` is how long until one of the keys may try again.
    /// [`FailureLimiter::release`] takes the attempt back if it succeeds.
    pub fn reserve(&self, keys: &[String], now: Instant) -> Result<(), Duration> {
        let mut map = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(wait) = self.wait_of(&mut map, keys, now) {
            return Err(wait);
        }
        self.record(&mut map, keys, now);
        Ok(())
    }

    /// Takes back the attempt of `key` counted at `at` by
    /// [`FailureLimiter::reserve`].
    pub fn release(&self, key: &str, at: Instant) {
        let mut map = self.failures.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(times) = map.get_mut(key) {
            if let Some(i) = times.iter().rposition(|t| *t == at) {
                times.remove(i);
            }
            if times.is_empty() {
                map.remove(key);
            }
        }
    }

    /// Forgets the failures of `key` (a successful sign-in of that user).
    pub fn forget(&self, key: &str) {
        self.failures
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .remove(key);
    }

    #[cfg(test)]
    fn keys(&self) -> usize {
        self.failures.lock().unwrap().len()
    }
}

fn prune(times: &mut VecDeque<Instant>, now: Instant, window: Duration) {
    while times.front().is_some_and(|t| now.duration_since(*t) >= window) {
        times.pop_front();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn five_failures_in_the_window_then_refused() {
        let lim = FailureLimiter::new(5, Duration::from_secs(300));
        let t0 = Instant::now();
        let k = keys(&["user:alice", "addr:10.0.0.1"]);
        for i in 0..5 {
            assert_eq!(lim.retry_after(&k, t0), None, "try {i}");
            lim.record_failure(&k, t0 + Duration::from_secs(i * 10));
        }
        let now = t0 + Duration::from_secs(60);
        assert_eq!(lim.retry_after(&k, now), Some(Duration::from_secs(240)));
        // Another user from the same address is refused too; the same user
        // from another address as well.
        assert!(lim
            .retry_after(&keys(&["user:bob", "addr:10.0.0.1"]), now)
            .is_some());
        assert!(lim
            .retry_after(&keys(&["user:alice", "addr:10.9.9.9"]), now)
            .is_some());
        assert_eq!(lim.retry_after(&keys(&["user:bob", "addr:10.9.9.9"]), now), None);
        // The oldest failure leaves the window: one more try is allowed.
        assert_eq!(lim.retry_after(&k, t0 + Duration::from_secs(300)), None);
    }

    #[test]
    fn reserve_counts_the_attempt_before_it_is_checked() {
        let lim = FailureLimiter::new(5, Duration::from_secs(300));
        let t0 = Instant::now();
        let k = keys(&["user:alice", "addr:10.0.0.1"]);
        let granted = (0..24).filter(|_| lim.reserve(&k, t0).is_ok()).count();
        assert_eq!(granted, 5, "parallel attempts get at most the limit");
        assert!(lim.reserve(&k, t0).is_err());
        // A success takes its attempt back.
        let other = keys(&["user:bob", "addr:10.0.0.2"]);
        lim.reserve(&other, t0).unwrap();
        lim.release("addr:10.0.0.2", t0);
        lim.release("user:bob", t0);
        assert_eq!(lim.retry_after(&other, t0), None);
        assert_eq!(lim.keys(), 2);
    }

    #[test]
    fn forget_and_sweep() {
        let lim = FailureLimiter::new(2, Duration::from_secs(1));
        let t0 = Instant::now();
        lim.record_failure(&keys(&["user:a"]), t0);
        lim.record_failure(&keys(&["user:a"]), t0);
        assert!(lim.retry_after(&keys(&["user:a"]), t0).is_some());
        lim.forget("user:a");
        assert_eq!(lim.retry_after(&keys(&["user:a"]), t0), None);
        for i in 0..SWEEP_AT {
            lim.record_failure(&[format!("user:{i}")], t0);
        }
        lim.record_failure(&keys(&["user:late"]), t0 + Duration::from_secs(2));
        assert_eq!(lim.keys(), 1, "stale keys are swept");
    }
}
