//! Refinements over the fetched rows (the API has no time range and no text
//! search): begin-time window and free-text search across reason, error
//! code, names and ids. The UI labels them as applying to this page.

use super::ascii_fold::contains_ignore_ascii_case;
use sdrs_models::FailureJob;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TimeWindow {
    #[default]
    Any,
    LastHour,
    LastDay,
    LastWeek,
    /// Epoch ms, inclusive; either end may be open.
    Custom {
        from_ms: Option<i64>,
        to_ms: Option<i64>,
    },
}

impl TimeWindow {
    /// `(from, to)` in epoch ms at `now_ms`.
    pub fn bounds(self, now_ms: f64) -> (Option<f64>, Option<f64>) {
        const HOUR: f64 = 3_600_000.0;
        match self {
            TimeWindow::Any => (None, None),
            TimeWindow::LastHour => (Some(now_ms - HOUR), None),
            TimeWindow::LastDay => (Some(now_ms - 24.0 * HOUR), None),
            TimeWindow::LastWeek => (Some(now_ms - 7.0 * 24.0 * HOUR), None),
            TimeWindow::Custom { from_ms, to_ms } => (from_ms.map(|v| v as f64), to_ms.map(|v| v as f64)),
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Refinement {
    pub window: TimeWindow,
    pub text: String,
}

impl Refinement {
    pub fn is_active(&self) -> bool {
        self.window != TimeWindow::Any || !self.text.trim().is_empty()
    }

    /// Whether `job` stays; `begin_ms` is its parsed begin time (NaN when
    /// unreadable: such rows are kept only without a time window).
    pub fn keeps(&self, job: &FailureJob, begin_ms: f64, now_ms: f64) -> bool {
        let (from, to) = self.window.bounds(now_ms);
        if from.is_some() || to.is_some() {
            if begin_ms.is_nan() {
                return false;
            }
            if from.is_some_and(|f| begin_ms < f) || to.is_some_and(|t| begin_ms > t) {
                return false;
            }
        }
        let needle = self.text.trim();
        if needle.is_empty() {
            return true;
        }
        [
            job.fail_reason.as_deref().unwrap_or(""),
            job.error_code.as_deref().unwrap_or(""),
            &job.resource_name,
            &job.job_type,
            &job.job_id,
            &job.resource_id,
        ]
        .iter()
        .any(|field| contains_ignore_ascii_case(field, needle))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: f64 = 1_800_000_000_000.0;

    fn job(reason: &str, code: &str) -> FailureJob {
        FailureJob {
            fail_reason: Some(reason.into()),
            error_code: Some(code.into()),
            resource_name: "Web-01".into(),
            ..Default::default()
        }
    }

    #[test]
    fn text_search_is_case_insensitive_over_fields() {
        let r = Refinement {
            text: "  evs.20 ".into(),
            ..Default::default()
        };
        assert!(r.keeps(&job("volume", "EVS.2024"), NOW, NOW));
        assert!(!r.keeps(&job("volume", "SDRS.1820"), NOW, NOW));
        let r = Refinement {
            text: "web".into(),
            ..Default::default()
        };
        assert!(r.keeps(&job("x", "y"), NOW, NOW));
    }

    #[test]
    fn time_windows() {
        let r = Refinement {
            window: TimeWindow::LastHour,
            ..Default::default()
        };
        assert!(r.keeps(&job("", ""), NOW - 60_000.0, NOW));
        assert!(!r.keeps(&job("", ""), NOW - 7_200_000.0, NOW));
        assert!(!r.keeps(&job("", ""), f64::NAN, NOW));
        let c = Refinement {
            window: TimeWindow::Custom {
                from_ms: Some(100),
                to_ms: Some(200),
            },
            ..Default::default()
        };
        assert!(c.keeps(&job("", ""), 150.0, NOW));
        assert!(!c.keeps(&job("", ""), 250.0, NOW));
        assert!(Refinement::default().keeps(&job("", ""), f64::NAN, NOW));
        assert!(!Refinement::default().is_active());
    }
}
