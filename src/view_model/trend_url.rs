//! The Trends page's choices in the page URL (`trend_scope`,
//! `trend_window`, `trend_bucket`; defaults left out), so a link or a
//! reload shows the same trends. The failures' own parameters are written
//! by their store; these ride along ([`carry`]).

use super::trends::{TrendWindow, TrendsParams};
use sdrs_models::query::{encode_component, query_pairs};
use sdrs_models::TrendBucket;

const SCOPE: &str = "trend_scope";
const WINDOW: &str = "trend_window";
const BUCKET: &str = "trend_bucket";
const NAMES: [&str; 3] = [SCOPE, WINDOW, BUCKET];

/// The choices a page URL's query names; junk is the default. A scope is
/// kept only if it is one of `scopes`; hours only where the window offers
/// them.
pub fn params_from_search(search: &str, scopes: &[&str]) -> TrendsParams {
    let mut params = TrendsParams::default();
    let mut bucket = None;
    for (key, value) in query_pairs(search) {
        match key.as_str() {
            SCOPE if scopes.contains(&value.as_str()) => params.scope = Some(value),
            WINDOW => {
                if let Some(window) = TrendWindow::parse(&value) {
                    params = params.with_window(window);
                }
            }
            BUCKET => bucket = TrendBucket::parse(&value),
            _ => {}
        }
    }
    match bucket {
        Some(TrendBucket::Hour) if !params.window.allows_hours() => {}
        Some(b) => params.bucket = b,
        None => {}
    }
    params
}

/// `search` (without `?`) with its trend parameters set to `params`, the
/// other parameters kept in order.
pub fn search_with_params(search: &str, params: &TrendsParams) -> String {
    let mut parts = others(search);
    let defaults = TrendsParams::default().with_window(params.window);
    if let Some(scope) = &params.scope {
        parts.push(format!("{SCOPE}={}", encode_component(scope)));
    }
    if params.window != TrendsParams::default().window {
        parts.push(format!("{WINDOW}={}", params.window.param()));
    }
    if params.bucket != defaults.bucket {
        parts.push(format!("{BUCKET}={}", params.bucket.as_str()));
    }
    parts.join("&")
}

/// `into` (without `?`) with the trend parameters of `from` added: the
/// failures' store rewrites the URL from its own state and keeps these.
pub fn carry(from: &str, into: &str) -> String {
    let mut parts: Vec<String> = others(into);
    parts.extend(
        query_pairs(from)
            .filter(|(k, _)| NAMES.contains(&k.as_str()))
            .map(|(k, v)| format!("{k}={}", encode_component(&v))),
    );
    parts.join("&")
}

fn others(search: &str) -> Vec<String> {
    query_pairs(search)
        .filter(|(k, _)| !NAMES.contains(&k.as_str()))
        .map(|(k, v)| format!("{}={}", encode_component(&k), encode_component(&v)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const SCOPES: [&str; 2] = ["prod", "dr site"];

    #[test]
    fn choices_read_back_from_the_url() {
        let params = TrendsParams {
            scope: Some("dr site".into()),
            window: TrendWindow::Month,
            bucket: TrendBucket::Day,
        };
        let search = search_with_params("tab=trends&state=all", &params);
        assert_eq!(
            search,
            "tab=trends&state=all&trend_scope=dr%20site&trend_window=30d"
        );
        assert_eq!(params_from_search(&search, &SCOPES), params);
        let hours = TrendsParams {
            bucket: TrendBucket::Hour,
            ..TrendsParams::default()
        };
        let search = search_with_params("", &hours);
        assert_eq!(search, "trend_bucket=hour");
        assert_eq!(params_from_search(&search, &SCOPES), hours);
        assert_eq!(
            search_with_params("trend_window=90d&x=1", &TrendsParams::default()),
            "x=1"
        );
    }

    #[test]
    fn junk_unknown_scopes_and_impossible_hours_are_the_defaults() {
        let read = params_from_search("trend_scope=elsewhere&trend_window=1y&trend_bucket=week", &SCOPES);
        assert_eq!(read, TrendsParams::default());
        let read = params_from_search("trend_window=90d&trend_bucket=hour", &SCOPES);
        assert_eq!(
            (read.window, read.bucket),
            (TrendWindow::Quarter, TrendBucket::Day)
        );
    }

    #[test]
    fn the_failures_store_keeps_the_trend_choices() {
        let now = "tab=trends&state=all&trend_window=30d&trend_scope=prod";
        assert_eq!(
            carry(now, "state=open&limit=50&tab=trends"),
            "state=open&limit=50&tab=trends&trend_window=30d&trend_scope=prod"
        );
        assert_eq!(carry("", "state=open"), "state=open");
    }
}
