//! A silence's rules, as plain functions: what a new one must hold, whether
//! it matches a failure, and its state at a time.

use crate::util::iso_time::parse_iso_ms;
use sdrs_models::{FailureJob, NewSilence, SilenceMatchers};

/// The longest comment kept.
pub const MAX_COMMENT: usize = 1000;
/// The longest a silence may last: a year, like the journal's default
/// retention.
pub const MAX_SPAN_MS: i64 = 366 * 24 * 3_600_000;

/// A new silence, checked: matchers trimmed (empty ones are none), times
/// in milliseconds.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ValidSilence {
    pub matchers: SilenceMatchers,
    pub starts_at_ms: i64,
    pub ends_at_ms: i64,
    pub comment: String,
}

fn given(v: &Option<String>) -> Option<String> {
    v.as_deref()
        .map(str::trim)
        .filter(|v| !v.is_empty())
        .map(str::to_owned)
}

/// Checks `new` at `now_ms`; the error says what is wrong, for the user.
pub fn validate(new: &NewSilence, now_ms: i64) -> Result<ValidSilence, String> {
    let m = &new.matchers;
    let matchers = SilenceMatchers {
        scope: given(&m.scope),
        failure_status: given(&m.failure_status),
        error_code: given(&m.error_code),
        resource_name: given(&m.resource_name),
    };
    if matchers == SilenceMatchers::default() {
        return Err(
            "A silence needs at least one matcher: scope, failure status, error code or resource name".into(),
        );
    }
    let starts_at_ms = match given(&new.starts_at) {
        Some(text) => parse_iso_ms(&text)
            .ok_or_else(|| format!("starts_at is not a UTC time such as 2026-12-06T08:00:00Z: {text}"))?,
        None => now_ms,
    };
    let ends_at_ms = parse_iso_ms(&new.ends_at).ok_or_else(|| {
        format!(
            "ends_at is not a UTC time such as 2026-12-07T08:00:00Z: {}",
            new.ends_at
        )
    })?;
    if ends_at_ms <= starts_at_ms {
        return Err("A silence must end after it starts".into());
    }
    if ends_at_ms <= now_ms {
        return Err("A silence must end in the future".into());
    }
    if ends_at_ms - starts_at_ms > MAX_SPAN_MS {
        return Err("A silence may last a year at most".into());
    }
    let comment = new.comment.trim().to_owned();
    if comment.is_empty() {
        return Err("A silence needs a comment: why the failures may go unannounced".into());
    }
    if comment.chars().count() > MAX_COMMENT {
        return Err(format!("The comment is longer than {MAX_COMMENT} characters"));
    }
    Ok(ValidSilence {
        matchers,
        starts_at_ms,
        ends_at_ms,
        comment,
    })
}

/// Whether `matchers` match a failure of `scope`.
pub fn matches(matchers: &SilenceMatchers, scope: &str, job: &FailureJob) -> bool {
    let equal = |want: &Option<String>, have: &str| want.as_deref().is_none_or(|w| w == have);
    equal(&matchers.scope, scope)
        && equal(&matchers.failure_status, job.failure_status.as_str())
        && matchers
            .error_code
            .as_deref()
            .is_none_or(|w| job.error_code.as_deref() == Some(w))
        && matchers
            .resource_name
            .as_deref()
            .is_none_or(|w| job.resource_name.to_lowercase().contains(&w.to_lowercase()))
}

/// `pending`, `active` or `expired` at `now_ms`.
pub fn state(starts_at_ms: i64, ends_at_ms: i64, now_ms: i64) -> &'static str {
    if now_ms < starts_at_ms {
        "pending"
    } else if now_ms < ends_at_ms {
        "active"
    } else {
        "expired"
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdrs_models::FailureStatus;

    const NOW: i64 = 1_800_000_000_000;
    const HOUR: i64 = 3_600_000;

    fn new(matchers: SilenceMatchers, starts: Option<&str>, ends: &str, comment: &str) -> NewSilence {
        NewSilence {
            matchers,
            starts_at: starts.map(str::to_owned),
            ends_at: ends.into(),
            comment: comment.into(),
        }
    }

    fn by_code(code: &str) -> SilenceMatchers {
        SilenceMatchers {
            error_code: Some(code.into()),
            ..SilenceMatchers::default()
        }
    }

    fn iso(ms: i64) -> String {
        crate::util::timefmt::format_ms(ms)
    }

    #[test]
    fn a_silence_starts_now_unless_told_and_trims_its_matchers() {
        let s = validate(
            &new(
                SilenceMatchers {
                    scope: Some("  ".into()),
                    error_code: Some(" SDRS.1001 ".into()),
                    ..SilenceMatchers::default()
                },
                None,
                &iso(NOW + HOUR),
                " known: the DR site's quota ",
            ),
            NOW,
        )
        .unwrap();
        assert_eq!(s.matchers, by_code("SDRS.1001"));
        assert_eq!((s.starts_at_ms, s.ends_at_ms), (NOW, NOW + HOUR));
        assert_eq!(s.comment, "known: the DR site's quota");
    }

    #[test]
    fn bad_silences_say_what_is_wrong() {
        let cases = [
            (
                new(SilenceMatchers::default(), None, &iso(NOW + HOUR), "c"),
                "at least one matcher",
            ),
            (
                new(by_code("x"), Some(&iso(NOW + 2 * HOUR)), &iso(NOW + HOUR), "c"),
                "end after it starts",
            ),
            (
                new(by_code("x"), Some(&iso(NOW - 2 * HOUR)), &iso(NOW - HOUR), "c"),
                "end in the future",
            ),
            (
                new(by_code("x"), None, "tomorrow", "c"),
                "ends_at is not a UTC time",
            ),
            (
                new(by_code("x"), Some("now"), &iso(NOW + HOUR), "c"),
                "starts_at is not a UTC time",
            ),
            (
                new(by_code("x"), None, &iso(NOW + 400 * 24 * HOUR), "c"),
                "a year at most",
            ),
            (new(by_code("x"), None, &iso(NOW + HOUR), "  "), "needs a comment"),
            (
                new(by_code("x"), None, &iso(NOW + HOUR), &"x".repeat(1001)),
                "longer than 1000",
            ),
        ];
        for (silence, expected) in cases {
            let e = validate(&silence, NOW).unwrap_err();
            assert!(e.contains(expected), "{silence:?}: {e}");
        }
    }

    #[test]
    fn every_given_matcher_must_match() {
        let job = FailureJob {
            failure_status: FailureStatus::CreateFail,
            error_code: Some("SDRS.1001".into()),
            resource_name: "Web-Prod-01".into(),
            ..FailureJob::default()
        };
        let all = SilenceMatchers {
            scope: Some("prod".into()),
            failure_status: Some("createFail".into()),
            error_code: Some("SDRS.1001".into()),
            resource_name: Some("web-prod".into()),
        };
        assert!(matches(&all, "prod", &job));
        assert!(!matches(&all, "dr", &job));
        assert!(matches(&by_code("SDRS.1001"), "dr", &job));
        assert!(!matches(&by_code("SDRS.1002"), "prod", &job));
        let no_code = FailureJob {
            error_code: None,
            ..job.clone()
        };
        assert!(!matches(&by_code("SDRS.1001"), "prod", &no_code));
        let status = SilenceMatchers {
            failure_status: Some("deleteFail".into()),
            ..SilenceMatchers::default()
        };
        assert!(!matches(&status, "prod", &job));
    }

    #[test]
    fn state_at_a_time() {
        assert_eq!(state(NOW, NOW + HOUR, NOW - 1), "pending");
        assert_eq!(state(NOW, NOW + HOUR, NOW), "active");
        assert_eq!(state(NOW, NOW + HOUR, NOW + HOUR), "expired");
    }
}
