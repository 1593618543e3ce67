//! The scope-health strip above the "All scopes" list: one line per scope
//! from `GET /api/scopes`, its state in words (never colour alone), when it
//! was last polled and will be next, the error, whether it is stale and
//! whether it may be retried.
//!
//! Stale: the journal's rows of that scope may be out of date — its
//! credential was refused, it backs off, it never answered, or its poll is
//! long overdue; or the strip itself could not be refreshed. A stale scope
//! is marked, its rows stay listed, and the other scopes are unaffected.

use crate::i18n::{fill, Locale, ScopeKey};
use crate::view_model::format::relative_time;
use sdrs_models::journal::{ScopeHealth, ScopeState};

/// A poll this late past its time means the watcher is not getting to it.
pub const OVERDUE_MS: f64 = 120_000.0;
/// How often the strip asks the server again.
pub const REFRESH_MS: u32 = 15_000;

/// One scope's line of the strip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HealthLine {
    pub name: String,
    pub region: String,
    /// `ok`, `pending`, `backoff` or `refused` (a `data-state`).
    pub state: &'static str,
    /// The state in words.
    pub state_text: &'static str,
    /// Last successful poll, next poll or try, failures open.
    pub details: Vec<String>,
    pub error: Option<String>,
    pub stale: bool,
    /// Refused: an operator may ask for a poll now.
    pub retryable: bool,
}

/// Epoch ms of an ISO 8601 time (`2026-12-06T19:42:42Z`, fractions of a
/// second and `±hh:mm` offsets too); `None` when it is not one.
pub fn parse_iso_ms(text: &str) -> Option<f64> {
    let t = text.trim();
    let (date, rest) = t.split_once(['T', ' '])?;
    let mut d = date.splitn(3, '-');
    let (y, mo, day): (i64, i64, i64) = (
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
        d.next()?.parse().ok()?,
    );
    let (clock, offset_ms) = if let Some(c) = rest.strip_suffix(['Z', 'z']) {
        (c, 0)
    } else {
        let at = rest.rfind(['+', '-'])?;
        let (c, off) = rest.split_at(at);
        let sign = if off.starts_with('-') { -1 } else { 1 };
        let (oh, om) = off[1..].split_once(':').unwrap_or((&off[1..], "0"));
        let minutes = oh.parse::<i64>().ok()? * 60 + om.parse::<i64>().ok()?;
        (c, sign * minutes * 60_000)
    };
    let mut c = clock.splitn(3, ':');
    let (h, mi): (i64, i64) = (c.next()?.parse().ok()?, c.next()?.parse().ok()?);
    let s: f64 = c.next().unwrap_or("0").parse().ok()?;
    let valid = (1..=12).contains(&mo)
        && (1..=31).contains(&day)
        && (0..24).contains(&h)
        && (0..60).contains(&mi)
        && (0.0..61.0).contains(&s);
    if !valid {
        return None;
    }
    // Howard Hinnant's days-from-civil.
    let yy = if mo <= 2 { y - 1 } else { y };
    let era = yy.div_euclid(400);
    let yoe = yy.rem_euclid(400);
    let mp = (mo + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let ms = (days * 86_400 + h * 3600 + mi * 60) * 1000 - offset_ms;
    Some(ms as f64 + s * 1000.0)
}

/// "in 40 s", "in 3 min", "now": a time ahead of `now_ms`.
pub fn until(now_ms: f64, then_ms: f64, locale: Locale) -> String {
    let ahead = then_ms - now_ms;
    if !ahead.is_finite() {
        return String::new();
    }
    let (key, n) = if ahead < 1000.0 {
        return ScopeKey::Now.text(locale).to_owned();
    } else if ahead < 60_000.0 {
        (ScopeKey::InSeconds, ahead / 1000.0)
    } else if ahead < 3_600_000.0 {
        (ScopeKey::InMinutes, ahead / 60_000.0)
    } else {
        (ScopeKey::InHours, ahead / 3_600_000.0)
    };
    fill(key.text(locale), &[("n", &(n.ceil() as u64).to_string())]).into_owned()
}

fn parsed(text: &Option<String>) -> Option<f64> {
    text.as_deref().and_then(parse_iso_ms)
}

/// Whether the rows of this scope may be out of date (see the module).
pub fn is_stale(h: &ScopeHealth, now_ms: f64) -> bool {
    match h.state {
        ScopeState::Refused | ScopeState::Backoff => true,
        ScopeState::Pending => false,
        ScopeState::Ok => {
            parsed(&h.last_success).is_none()
                || parsed(&h.next_poll).is_some_and(|next| now_ms - next > OVERDUE_MS)
        }
    }
}

/// The strip's line of `h` at `now_ms`; `fresh`: the strip's last request
/// succeeded (else every line is from an older answer, so stale).
pub fn health_line(h: &ScopeHealth, now_ms: f64, fresh: bool, locale: Locale) -> HealthLine {
    let t = |k: ScopeKey| k.text(locale);
    let (state, state_text) = match h.state {
        ScopeState::Ok => ("ok", t(ScopeKey::HealthOk)),
        ScopeState::Pending => ("pending", t(ScopeKey::HealthPending)),
        ScopeState::Backoff => ("backoff", t(ScopeKey::HealthBackoff)),
        ScopeState::Refused => ("refused", t(ScopeKey::HealthRefused)),
    };
    let mut details = Vec::with_capacity(3);
    match parsed(&h.last_success) {
        Some(ms) => details.push(
            fill(
                t(ScopeKey::HealthLastSuccess),
                &[("ago", &relative_time(now_ms, ms, locale))],
            )
            .into_owned(),
        ),
        None if h.state != ScopeState::Pending => details.push(t(ScopeKey::HealthNever).to_owned()),
        None => {}
    }
    if h.state != ScopeState::Refused {
        if let Some(next) = parsed(&h.next_poll) {
            let key = match h.state {
                ScopeState::Backoff => ScopeKey::HealthNextTry,
                _ => ScopeKey::HealthNextPoll,
            };
            let when = if next < now_ms {
                t(ScopeKey::Overdue).to_owned()
            } else {
                until(now_ms, next, locale)
            };
            details.push(fill(t(key), &[("when", &when)]).into_owned());
        }
    }
    if h.state == ScopeState::Ok || h.open_failures > 0 {
        details.push(
            fill(
                t(ScopeKey::HealthOpenFailures),
                &[("n", &crate::view_model::format::count(h.open_failures))],
            )
            .into_owned(),
        );
    }
    HealthLine {
        name: h.name.clone(),
        region: h.region.clone(),
        state,
        state_text,
        details,
        error: h.error.clone().filter(|e| !e.trim().is_empty()),
        stale: !fresh || is_stale(h, now_ms),
        retryable: h.state == ScopeState::Refused,
    }
}

/// The names of the stale scopes, for the rows of the list.
pub fn stale_scopes(scopes: &[ScopeHealth], now_ms: f64, fresh: bool) -> Vec<String> {
    scopes
        .iter()
        .filter(|h| !fresh || is_stale(h, now_ms))
        .map(|h| h.name.clone())
        .collect()
}

#[cfg(test)]
#[path = "scope_health_tests.rs"]
mod tests;
