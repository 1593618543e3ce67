//! A channel's pace, as pure code: the wait before the next attempt after
//! a failure (exponential, with jitter, or what `Retry-After` asked), and
//! the channel's messages-a-minute window.

use std::collections::VecDeque;
use std::time::Duration;

/// Retry waits: `base` doubled per attempt up to `max`, each ±25 %.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backoff {
    pub base: Duration,
    pub max: Duration,
}

impl Default for Backoff {
    fn default() -> Self {
        Backoff {
            base: Duration::from_secs(5),
            max: Duration::from_secs(3600),
        }
    }
}

impl Backoff {
    /// The wait after failed attempt number `attempt` (1 for the first);
    /// `asked` (a `Retry-After`) wins, up to `max`. `unit` in [0, 1) is the
    /// jitter's draw.
    pub fn wait(&self, attempt: i64, asked: Option<Duration>, unit: f64) -> Duration {
        if let Some(asked) = asked {
            return asked.min(self.max);
        }
        let doublings = u32::try_from(attempt.saturating_sub(1).clamp(0, 30)).unwrap_or(30);
        let plain = self
            .base
            .saturating_mul(2u32.saturating_pow(doublings))
            .min(self.max);
        let factor = 0.75 + 0.5 * unit.clamp(0.0, 1.0);
        plain.mul_f64(factor).min(self.max)
    }
}

/// The last minute's sends of a channel (a minute unless told otherwise).
#[derive(Debug, Default)]
pub struct MinuteWindow {
    per_minute: usize,
    window_ms: i64,
    sent_ms: VecDeque<i64>,
}

pub const MINUTE: Duration = Duration::from_secs(60);

impl MinuteWindow {
    pub fn new(per_minute: u32, window: Duration) -> MinuteWindow {
        MinuteWindow {
            per_minute: per_minute.max(1) as usize,
            window_ms: i64::try_from(window.as_millis()).unwrap_or(i64::MAX).max(1),
            sent_ms: VecDeque::new(),
        }
    }

    fn forget(&mut self, now_ms: i64) {
        while self
            .sent_ms
            .front()
            .is_some_and(|at| *at <= now_ms - self.window_ms)
        {
            self.sent_ms.pop_front();
        }
    }

    /// Whether one more message fits now.
    pub fn allows(&mut self, now_ms: i64) -> bool {
        self.forget(now_ms);
        self.sent_ms.len() < self.per_minute
    }

    pub fn note(&mut self, now_ms: i64) {
        self.sent_ms.push_back(now_ms);
    }

    /// When the next message fits.
    pub fn next_free(&mut self, now_ms: i64) -> i64 {
        self.forget(now_ms);
        if self.sent_ms.len() < self.per_minute {
            return now_ms;
        }
        self.sent_ms
            .front()
            .map_or(now_ms, |first| first + self.window_ms)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_doubles_within_its_jitter_and_caps() {
        let b = Backoff::default();
        assert_eq!(b.wait(1, None, 0.5), Duration::from_secs(5));
        assert_eq!(b.wait(3, None, 0.5), Duration::from_secs(20));
        assert_eq!(b.wait(1, None, 0.0), Duration::from_millis(3750));
        assert_eq!(b.wait(1, None, 1.0), Duration::from_millis(6250));
        assert_eq!(b.wait(40, None, 1.0), Duration::from_secs(3600));
    }

    #[test]
    fn retry_after_wins_up_to_the_cap() {
        let b = Backoff::default();
        assert_eq!(
            b.wait(1, Some(Duration::from_secs(2)), 0.9),
            Duration::from_secs(2)
        );
        assert_eq!(
            b.wait(1, Some(Duration::from_secs(99_999)), 0.9),
            Duration::from_secs(3600)
        );
    }

    #[test]
    fn the_window_holds_per_minute_messages() {
        let mut w = MinuteWindow::new(2, MINUTE);
        assert!(w.allows(0));
        w.note(0);
        w.note(10_000);
        assert!(!w.allows(30_000));
        assert_eq!(w.next_free(30_000), 60_000);
        assert!(w.allows(60_000), "the first send left the window");
        assert_eq!(w.next_free(60_000), 60_000);
    }
}
