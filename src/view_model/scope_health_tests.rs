use super::*;

/// 2026-12-06T19:00:00Z.
const NOW: f64 = 1_796_583_600_000.0;

fn health(state: ScopeState) -> ScopeHealth {
    ScopeHealth {
        name: "prod".into(),
        region: "ap-southeast-3".into(),
        state,
        ..ScopeHealth::default()
    }
}

#[test]
fn iso_times_parse_with_zones_and_fractions() {
    assert_eq!(parse_iso_ms("2026-12-06T19:00:00Z"), Some(NOW));
    assert_eq!(parse_iso_ms("2026-12-06T19:00:00.250Z"), Some(NOW + 250.0));
    assert_eq!(parse_iso_ms("2026-12-07T03:00:00+08:00"), Some(NOW));
    assert_eq!(parse_iso_ms("2026-12-06T14:00:00-05:00"), Some(NOW));
    assert_eq!(parse_iso_ms("1970-01-01T00:00:00Z"), Some(0.0));
    assert_eq!(parse_iso_ms("2000-02-29T00:00:00Z"), Some(951_782_400_000.0));
    for bad in [
        "",
        "yesterday",
        "2026-13-01T00:00:00Z",
        "2026-12-06",
        "2026-12-06T25:00:00Z",
    ] {
        assert_eq!(parse_iso_ms(bad), None, "{bad}");
    }
}

#[test]
fn until_counts_up_to_the_time() {
    assert_eq!(until(NOW, NOW + 40_500.0, Locale::En), "in 41 s");
    assert_eq!(until(NOW, NOW + 150_000.0, Locale::En), "in 3 min");
    assert_eq!(until(NOW, NOW + 2.0 * 3_600_000.0, Locale::Zh), "2 小时后");
    assert_eq!(until(NOW, NOW + 200.0, Locale::En), "now");
    assert_eq!(until(NOW, f64::NAN, Locale::En), "");
}

#[test]
fn a_scope_polled_on_time_is_fresh_and_says_when() {
    let mut h = health(ScopeState::Ok);
    h.last_success = Some("2026-12-06T18:58:00Z".into());
    h.next_poll = Some("2026-12-06T19:00:30Z".into());
    h.open_failures = 1234;
    let line = health_line(&h, NOW, true, Locale::En);
    assert_eq!((line.state, line.state_text), ("ok", "polling"));
    assert_eq!(
        line.details,
        [
            "last successful poll 2 min ago",
            "next poll in 30 s",
            "1,234 still failing"
        ]
    );
    assert!(!line.stale && !line.retryable);
    assert_eq!(line.error, None);
}

#[test]
fn an_overdue_poll_or_no_success_is_stale() {
    let mut h = health(ScopeState::Ok);
    h.last_success = Some("2026-12-06T18:50:00Z".into());
    h.next_poll = Some("2026-12-06T18:57:59Z".into());
    assert!(is_stale(&h, NOW), "over two minutes overdue");
    h.next_poll = Some("2026-12-06T18:58:30Z".into());
    assert!(!is_stale(&h, NOW), "90 s late is within the grace");
    assert!(health_line(&h, NOW, true, Locale::En).details[1] == "next poll overdue");
    h.last_success = None;
    assert!(is_stale(&h, NOW));
    // Not polled yet is waiting, not stale.
    assert!(!is_stale(&health(ScopeState::Pending), NOW));
    assert_eq!(
        health_line(&health(ScopeState::Pending), NOW, true, Locale::En).details,
        Vec::<String>::new()
    );
}

#[test]
fn refused_and_backoff_are_stale_with_their_error_in_words() {
    let mut refused = health(ScopeState::Refused);
    refused.error = Some("IAM refused the credential (401)".into());
    refused.next_poll = Some("2026-12-06T19:01:00Z".into());
    let line = health_line(&refused, NOW, true, Locale::En);
    assert_eq!(line.state, "refused");
    assert!(
        line.state_text.contains("credential refused"),
        "{}",
        line.state_text
    );
    assert!(line.stale && line.retryable);
    assert_eq!(line.error.as_deref(), Some("IAM refused the credential (401)"));
    // A refused scope is not polled: no next poll is promised.
    assert_eq!(line.details, ["no successful poll yet"]);

    let mut backoff = health(ScopeState::Backoff);
    backoff.next_poll = Some("2026-12-06T19:00:20Z".into());
    backoff.last_success = Some("2026-12-06T18:00:00Z".into());
    backoff.error = Some("  ".into());
    let line = health_line(&backoff, NOW, true, Locale::Zh);
    assert_eq!(line.state, "backoff");
    assert!(line.stale && !line.retryable);
    assert_eq!(line.error, None, "a blank error is no error");
    assert_eq!(line.details, ["上次成功轮询：1 小时前", "下次重试：20 秒后"]);
}

#[test]
fn an_old_answer_makes_every_scope_stale() {
    let mut ok = health(ScopeState::Ok);
    ok.last_success = Some("2026-12-06T18:59:00Z".into());
    ok.next_poll = Some("2026-12-06T19:00:30Z".into());
    let mut down = health(ScopeState::Refused);
    down.name = "dr".into();
    let list = [ok.clone(), down];
    assert_eq!(stale_scopes(&list, NOW, true), ["dr"]);
    assert_eq!(stale_scopes(&list, NOW, false), ["prod", "dr"]);
    assert!(health_line(&ok, NOW, false, Locale::En).stale);
}
