//! The "Trends" page of "All scopes" as plain Rust: what it asks the
//! server for (`GET /api/journal/trends`), the answer read leniently (a
//! part the console cannot read is counted, never fatal; figures are capped
//! so a hostile answer cannot make a huge chart), the bars as a
//! [`Timeline`] for the shared chart, what a click on a bar picks, and
//! the time to clear in words.

use super::code_catalog::{CodeCatalog, Explanation};
use super::format::count;
use super::timeline::{Bucket, BucketSize, Timeline};
use super::trend_pick::Picked;
use crate::i18n::{fill, Locale, TrendsKey};
use sdrs_models::query::encode_component;
use sdrs_models::{
    CodeCount, FailureStatus, GroupCount, StatusCount, TimeToClear, TrendBar, TrendBucket, Trends,
};
use serde_json::{Map, Value};

pub const TRENDS_PATH: &str = "/api/journal/trends";
/// The most bars drawn from one answer (the server sends at most 400).
pub const MAX_BARS: usize = 400;
/// The most statuses read in one bar.
const MAX_STATUSES: usize = 64;

/// The span the trends cover, ending now.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum TrendWindow {
    Day,
    #[default]
    Week,
    Month,
    Quarter,
}

impl TrendWindow {
    pub const ALL: [TrendWindow; 4] = [
        TrendWindow::Day,
        TrendWindow::Week,
        TrendWindow::Month,
        TrendWindow::Quarter,
    ];

    /// The server's `window` parameter.
    pub fn param(self) -> &'static str {
        match self {
            TrendWindow::Day => "24h",
            TrendWindow::Week => "7d",
            TrendWindow::Month => "30d",
            TrendWindow::Quarter => "90d",
        }
    }

    pub fn parse(text: &str) -> Option<TrendWindow> {
        TrendWindow::ALL.into_iter().find(|w| w.param() == text)
    }

    pub fn label(self) -> TrendsKey {
        match self {
            TrendWindow::Day => TrendsKey::Window24h,
            TrendWindow::Week => TrendsKey::Window7d,
            TrendWindow::Month => TrendsKey::Window30d,
            TrendWindow::Quarter => TrendsKey::Window90d,
        }
    }

    fn hours(self) -> u32 {
        match self {
            TrendWindow::Day => 24,
            TrendWindow::Week => 7 * 24,
            TrendWindow::Month => 30 * 24,
            TrendWindow::Quarter => 90 * 24,
        }
    }

    /// Bars per hour are offered up to 14 days (the server draws hours no
    /// further).
    pub fn allows_hours(self) -> bool {
        self.hours() <= 14 * 24
    }

    /// The bar width a window starts with: hours for a day, else days.
    pub fn default_bucket(self) -> TrendBucket {
        if self.hours() <= 48 {
            TrendBucket::Hour
        } else {
            TrendBucket::Day
        }
    }
}

/// What the page asks for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TrendsParams {
    /// `None`: every scope.
    pub scope: Option<String>,
    pub window: TrendWindow,
    pub bucket: TrendBucket,
}

impl Default for TrendsParams {
    fn default() -> Self {
        let window = TrendWindow::default();
        TrendsParams {
            scope: None,
            window,
            bucket: window.default_bucket(),
        }
    }
}

impl TrendsParams {
    /// Another window, with the bar width it starts with.
    pub fn with_window(&self, window: TrendWindow) -> TrendsParams {
        TrendsParams {
            window,
            bucket: window.default_bucket(),
            ..self.clone()
        }
    }

    /// `GET` this for the trends.
    pub fn path(&self) -> String {
        let mut path = format!(
            "{TRENDS_PATH}?window={}&bucket={}",
            self.window.param(),
            self.bucket.as_str()
        );
        if let Some(scope) = self.scope.as_deref().filter(|s| !s.is_empty()) {
            path.push_str("&scope=");
            path.push_str(&encode_component(scope));
        }
        path
    }
}

/// An answer as read: the trends and how many parts were left out.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadTrends {
    pub trends: Trends,
    pub malformed: u64,
}

fn text(map: &Map<String, Value>, key: &str) -> Option<String> {
    map.get(key).and_then(Value::as_str).map(str::to_owned)
}

fn number(map: &Map<String, Value>, key: &str) -> Option<u64> {
    map.get(key).and_then(Value::as_u64)
}

fn status_counts(bar: &Map<String, Value>) -> Option<Vec<StatusCount>> {
    let items = bar.get("by_status")?.as_array()?;
    items
        .iter()
        .take(MAX_STATUSES)
        .map(|item| {
            let item = item.as_object()?;
            Some(StatusCount {
                failure_status: text(item, "failure_status")?,
                count: number(item, "count")?,
            })
        })
        .collect()
}

fn bar(item: &Value) -> Option<TrendBar> {
    let item = item.as_object()?;
    let by_status = status_counts(item)?;
    Some(TrendBar {
        start: text(item, "start").unwrap_or_default(),
        start_ms: item.get("start_ms")?.as_i64()?,
        total: by_status.iter().fold(0u64, |n, s| n.saturating_add(s.count)),
        by_status,
    })
}

fn code_count(item: &Value) -> Option<CodeCount> {
    let item = item.as_object()?;
    let error_code = match item.get("error_code") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_str()?.to_owned()),
    };
    Some(CodeCount {
        error_code,
        count: number(item, "count")?,
    })
}

fn group_count(item: &Value) -> Option<GroupCount> {
    let item = item.as_object()?;
    Some(GroupCount {
        scope: text(item, "scope")?,
        server_group_id: text(item, "server_group_id")?,
        count: number(item, "count")?,
    })
}

/// Reads each item of `key` with `read`, at most `max`; the rest and the
/// unreadable ones are counted in `malformed`.
fn list<T>(
    top: &Map<String, Value>,
    key: &str,
    max: usize,
    read: fn(&Value) -> Option<T>,
    malformed: &mut u64,
) -> Vec<T> {
    let mut out = Vec::new();
    for item in top.get(key).and_then(Value::as_array).into_iter().flatten() {
        match read(item) {
            Some(v) if out.len() < max => out.push(v),
            _ => *malformed += 1,
        }
    }
    out
}

/// Reads `GET /api/journal/trends`; only a body that is not a JSON object
/// is an error.
pub fn decode_trends(body: &[u8]) -> Result<ReadTrends, serde_json::Error> {
    let top: Map<String, Value> = serde_json::from_slice(body)?;
    let mut malformed = 0;
    let mut bars = list(&top, "bars", usize::MAX, bar, &mut malformed);
    bars.sort_by_key(|b| b.start_ms);
    let before = bars.len();
    bars.dedup_by_key(|b| b.start_ms);
    if bars.len() > MAX_BARS {
        bars.drain(..bars.len() - MAX_BARS);
    }
    malformed += (before - bars.len()) as u64;
    let ttc = top.get("time_to_clear").and_then(Value::as_object);
    let time_to_clear = ttc
        .map(|t| TimeToClear {
            cleared: number(t, "cleared").unwrap_or(0),
            median_secs: number(t, "median_secs"),
            p90_secs: number(t, "p90_secs"),
        })
        .unwrap_or_default();
    let bucket = top
        .get("bucket")
        .and_then(Value::as_str)
        .and_then(TrendBucket::parse)
        .unwrap_or_default();
    let from_ms = top.get("from_ms").and_then(Value::as_i64);
    let to_ms = top.get("to_ms").and_then(Value::as_i64);
    let bars_total = bars.iter().fold(0u64, |n, b| n.saturating_add(b.total));
    let trends = Trends {
        from: text(&top, "from").unwrap_or_default(),
        to: text(&top, "to").unwrap_or_default(),
        from_ms: from_ms.or(bars.first().map(|b| b.start_ms)).unwrap_or(0),
        to_ms: to_ms
            .or(bars.last().map(|b| b.start_ms.saturating_add(bucket.millis())))
            .unwrap_or(0),
        bucket,
        total: number(&top, "total").unwrap_or(bars_total),
        top_codes: list(&top, "top_codes", Trends::TOP, code_count, &mut malformed),
        top_groups: list(&top, "top_groups", Trends::TOP, group_count, &mut malformed),
        bars,
        time_to_clear,
    };
    Ok(ReadTrends { trends, malformed })
}

/// Where bar `i` ends: the next bar's start, else the window's end, else
/// one bucket on.
fn bar_end_ms(t: &Trends, i: usize) -> i64 {
    let start = t.bars.get(i).map_or(0, |b| b.start_ms);
    match t.bars.get(i + 1) {
        Some(next) => next.start_ms,
        None if t.to_ms > start => t.to_ms,
        None => start.saturating_add(t.bucket.millis()),
    }
}

/// The bars as the shared chart draws them: one series per status present
/// (in the timeline's order), every bar in order, empty ones included.
pub fn timeline(t: &Trends) -> Timeline {
    let mut series: Vec<FailureStatus> = Vec::new();
    for s in t.bars.iter().flat_map(|b| &b.by_status) {
        let status = FailureStatus::parse(&s.failure_status);
        if !series.contains(&status) {
            series.push(status);
        }
    }
    series.sort();
    let clamp = |n: u64| u32::try_from(n).unwrap_or(u32::MAX);
    let buckets = t
        .bars
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let mut counts = vec![0u32; series.len()];
            for s in &b.by_status {
                let status = FailureStatus::parse(&s.failure_status);
                if let Some(k) = series.iter().position(|x| *x == status) {
                    counts[k] = counts[k].saturating_add(clamp(s.count));
                }
            }
            let total = counts.iter().fold(0u32, |n, c| n.saturating_add(*c));
            Bucket {
                start_ms: b.start_ms,
                end_ms: bar_end_ms(t, i),
                counts,
                total,
            }
        })
        .collect();
    Timeline {
        size: match t.bucket {
            TrendBucket::Hour => BucketSize::Hour,
            TrendBucket::Day => BucketSize::Day,
        },
        series,
        buckets,
        earlier: 0,
        undated: 0,
    }
}

/// An ISO 8601 UTC instant, as the server writes them.
fn iso(ms: i64) -> String {
    let c = super::civil::Civil::at(ms, 0);
    format!("{}T{}:00.000Z", c.date(), c.clock())
}

/// An instant of the window for people: `2026-12-01 00:00` (UTC).
pub fn utc_text(ms: i64) -> String {
    let c = super::civil::Civil::at(ms, 0);
    format!("{} {}", c.date(), c.clock())
}

/// The failures of bars `a..=b` (either order), of one status when
/// `status` is given: the first bar's start to the last bar's end, as the
/// server wrote them.
pub fn bars_pick(t: &Trends, a: usize, b: usize, status: Option<&FailureStatus>) -> Option<Picked> {
    let (lo, hi) = (a.min(b), a.max(b));
    let first = t.bars.get(lo)?;
    t.bars.get(hi)?;
    let from = if first.start.is_empty() {
        iso(first.start_ms)
    } else {
        first.start.clone()
    };
    let before = match t.bars.get(hi + 1) {
        Some(next) if !next.start.is_empty() => next.start.clone(),
        None if !t.to.is_empty() => t.to.clone(),
        _ => iso(bar_end_ms(t, hi)),
    };
    Some(Picked::Began {
        from,
        before,
        failure_status: status.map(|s| s.as_str().to_owned()),
    })
}

/// What a code means, from the catalog of the page's language.
pub fn code_meaning<'a>(catalog: &'a CodeCatalog, code: &'a str) -> Option<&'a str> {
    match catalog.explain(code, None) {
        Explanation::Sdrs { entry, .. }
        | Explanation::Service {
            entry: Some(entry), ..
        } => Some(entry.meaning.as_str()),
        _ => None,
    }
}

/// `3 h 20 min`, `2 d 4 h`, `45 s`: the two largest units.
pub fn clear_duration(secs: u64, locale: Locale) -> String {
    let unit = |key: TrendsKey, n: u64| fill(key.text(locale), &[("n", &count(n))]).into_owned();
    let (d, h, m, s) = (secs / 86_400, secs / 3600 % 24, secs / 60 % 60, secs % 60);
    let parts = match (d, h, m) {
        (0, 0, 0) => vec![unit(TrendsKey::UnitSeconds, s)],
        (0, 0, _) if s > 0 => vec![unit(TrendsKey::UnitMinutes, m), unit(TrendsKey::UnitSeconds, s)],
        (0, 0, _) => vec![unit(TrendsKey::UnitMinutes, m)],
        (0, _, 0) => vec![unit(TrendsKey::UnitHours, h)],
        (0, _, _) => vec![unit(TrendsKey::UnitHours, h), unit(TrendsKey::UnitMinutes, m)],
        (_, 0, _) => vec![unit(TrendsKey::UnitDays, d)],
        _ => vec![unit(TrendsKey::UnitDays, d), unit(TrendsKey::UnitHours, h)],
    };
    parts.join(" ")
}

/// The time to clear in one sentence.
pub fn clear_summary(ttc: &TimeToClear, locale: Locale) -> String {
    match (ttc.cleared, ttc.median_secs, ttc.p90_secs) {
        (n, Some(median), Some(p90)) if n > 0 => fill(
            TrendsKey::ClearSummary.text(locale),
            &[
                ("n", &count(n)),
                ("median", &clear_duration(median, locale)),
                ("p90", &clear_duration(p90, locale)),
            ],
        )
        .into_owned(),
        _ => TrendsKey::ClearNone.text(locale).to_owned(),
    }
}

#[cfg(test)]
#[path = "trends_tests.rs"]
mod tests;
