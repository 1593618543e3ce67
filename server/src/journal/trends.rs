//! `GET /api/journal/trends`: the journal's [`sdrs_models::Trends`] over a
//! window ending now. Parameters: the journal's filters (`scope`,
//! `failure_status`, `resource_type`, `resource_name`, `server_group_id`,
//! `state`, which defaults to `all` here), `window` (`24h`, `7d`, …: hours
//! up to 14 days, days up to 366) and `bucket` (`hour` or `day`; by
//! default hours for windows up to two days). The window is whole buckets
//! in UTC, the last one holding now.

use super::query::parse;
use crate::db::journal::Journal;
use crate::db::journal_trends::TrendsQuery;
use crate::http::error::{codes, json_response, ApiError};
use crate::http::query::parse_pairs;
use crate::util::timefmt::now_ms;
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use sdrs_models::{JournalState, TrendBucket};
use std::sync::Arc;

pub const TRENDS: &str = "/api/journal/trends";

/// The most bars one answer holds.
pub const MAX_BARS: i64 = 400;
const HOUR_MS: i64 = 3_600_000;
const MAX_WINDOW_HOURS: i64 = 14 * 24;
const MAX_WINDOW_DAYS: i64 = 366;

fn bad(message: &str) -> ApiError {
    ApiError::bad_request(codes::PARAMS, message.to_owned())
}

/// `24h`, `7d`: the window in milliseconds.
fn window_ms(text: &str) -> Result<i64, ApiError> {
    let text = text.trim();
    let message = "window must be a number of hours (1h to 336h) or days (1d to 366d), such as 24h or 30d";
    let (number, unit) = text.split_at(text.len().saturating_sub(1));
    let n: i64 = number.parse().map_err(|_| bad(message))?;
    match unit {
        "h" if (1..=MAX_WINDOW_HOURS).contains(&n) => Ok(n * HOUR_MS),
        "d" if (1..=MAX_WINDOW_DAYS).contains(&n) => Ok(n * 24 * HOUR_MS),
        _ => Err(bad(message)),
    }
}

/// Reads the query string at `now_ms`.
pub fn parse_trends(raw: Option<&str>, now_ms: i64) -> Result<TrendsQuery, ApiError> {
    let mut filters = parse(raw, 1, u32::MAX)?;
    let mut window = 7 * 24 * HOUR_MS;
    let mut bucket = None;
    let mut state_given = false;
    for (name, value) in parse_pairs(raw)? {
        match name.as_str() {
            "window" if !value.is_empty() => window = window_ms(&value)?,
            "bucket" if !value.is_empty() => {
                bucket =
                    Some(TrendBucket::parse(value.trim()).ok_or_else(|| bad("bucket must be hour or day"))?)
            }
            "state" if !value.is_empty() => state_given = true,
            _ => {}
        }
    }
    if !state_given {
        filters.state = JournalState::All;
    }
    let bucket = bucket.unwrap_or(if window <= 48 * HOUR_MS {
        TrendBucket::Hour
    } else {
        TrendBucket::Day
    });
    let width = bucket.millis();
    let bars = (window + width - 1) / width;
    if bars > MAX_BARS {
        return Err(bad(
            "the window holds too many bars: choose bucket=day or a shorter window",
        ));
    }
    let to_ms = (now_ms.div_euclid(width) + 1) * width;
    Ok(TrendsQuery {
        filters,
        bucket,
        from_ms: to_ms - bars * width,
        to_ms,
    })
}

pub async fn trends(State(journal): State<Arc<Journal>>, uri: Uri) -> Result<Response, ApiError> {
    let q = parse_trends(uri.query(), now_ms())?;
    let trends = journal.trends(&q).await?;
    let body = serde_json::to_string(&trends).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "error",
            codes::INTERNAL,
            format!("The trends could not be written: {e}"),
        )
    })?;
    let mut res = json_response(StatusCode::OK, body);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(res)
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_800_000_123_456;

    #[test]
    fn a_week_of_days_by_default_over_every_state() {
        let q = parse_trends(None, NOW).unwrap();
        assert_eq!(q.bucket, TrendBucket::Day);
        assert_eq!(q.filters.state, JournalState::All);
        assert_eq!(q.to_ms - q.from_ms, 7 * 24 * HOUR_MS);
        assert!(q.from_ms < NOW && NOW < q.to_ms);
        assert_eq!(q.to_ms % TrendBucket::Day.millis(), 0, "whole days in UTC");
    }

    #[test]
    fn short_windows_count_hours_and_filters_carry_over() {
        let q = parse_trends(
            Some("window=24h&scope=prod&state=open&failure_status=createFail"),
            NOW,
        )
        .unwrap();
        assert_eq!(q.bucket, TrendBucket::Hour);
        assert_eq!(q.to_ms - q.from_ms, 24 * HOUR_MS);
        assert_eq!(q.to_ms % HOUR_MS, 0);
        assert_eq!(q.filters.scope.as_deref(), Some("prod"));
        assert_eq!(q.filters.state, JournalState::Open);
        assert_eq!(q.filters.failure_status.as_deref(), Some("createFail"));
        let q = parse_trends(Some("window=36h&bucket=day"), NOW).unwrap();
        assert_eq!(q.to_ms - q.from_ms, 2 * 24 * HOUR_MS, "rounded up to whole days");
    }

    #[test]
    fn bad_windows_and_buckets_are_400s_naming_the_parameter() {
        for query in [
            "window=0d",
            "window=367d",
            "window=337h",
            "window=7",
            "window=d",
            "window=7w",
            "bucket=week",
        ] {
            let e = parse_trends(Some(query), NOW).unwrap_err();
            let text = format!("{e:?}");
            assert!(
                text.contains("window must") || text.contains("bucket must"),
                "{query}: {text}"
            );
        }
        let e = parse_trends(Some("window=366d&bucket=hour"), NOW).unwrap_err();
        assert!(format!("{e:?}").contains("too many bars"));
    }
}
