//! Auto-refresh timing: the chosen period, doubled after each transient
//! failure (429, 5xx, no answer) up to 16 times or ten minutes.

/// Periods offered, in seconds; `None` is off.
pub const PERIODS: [Option<u32>; 4] = [None, Some(30), Some(60), Some(300)];

const MAX_BACKOFF_MS: f64 = 600_000.0;

/// When the next automatic refresh is due, in epoch ms.
pub fn next_due_ms(last_attempt_ms: f64, period_s: u32, failures: u32) -> f64 {
    let period = period_s as f64 * 1000.0;
    let factor = 2f64.powi(failures.min(4) as i32);
    last_attempt_ms + (period * factor).min(MAX_BACKOFF_MS.max(period))
}

/// Whether an automatic refresh should run now.
pub fn should_refresh(
    now_ms: f64,
    last_attempt_ms: f64,
    period_s: Option<u32>,
    failures: u32,
    paused: bool,
) -> bool {
    match period_s {
        Some(p) if !paused => now_ms >= next_due_ms(last_attempt_ms, p, failures),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backs_off_exponentially_with_a_cap() {
        assert_eq!(next_due_ms(0.0, 30, 0), 30_000.0);
        assert_eq!(next_due_ms(0.0, 30, 1), 60_000.0);
        assert_eq!(next_due_ms(0.0, 30, 3), 240_000.0);
        assert_eq!(next_due_ms(0.0, 30, 9), 480_000.0);
        assert_eq!(next_due_ms(0.0, 300, 4), 600_000.0);
    }

    #[test]
    fn pauses_and_off() {
        assert!(should_refresh(31_000.0, 0.0, Some(30), 0, false));
        assert!(!should_refresh(31_000.0, 0.0, Some(30), 0, true));
        assert!(!should_refresh(31_000.0, 0.0, None, 0, false));
        assert!(!should_refresh(31_000.0, 0.0, Some(30), 1, false));
    }
}
