//! End-to-end tests of the Trends page of "All scopes", on the server of
//! `all_scopes.rs` (three emulated scopes, one refused): the page comes
//! from its own chunk, its figures are the server's trends and the
//! journal's counts, a bar, a status's part of a bar, an error code and a
//! protection group each list their failures on the Failures page with
//! the count they showed, trends that cannot be fetched offer a Retry, a
//! scope without failures says so, and axe finds nothing serious in
//! English and Chinese.

use sdrs_console::i18n::Locale;
use sdrs_console::view_model::format::count;
use sdrs_e2e::all_scopes::{start_with_one_scope_failing, wait_health, ListedScope};
use sdrs_e2e::cdp::Cdp;
use sdrs_e2e::chunks::fetch_count;
use sdrs_e2e::{assert_axe_clean, check, wait_until, Console, Key};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const CHART: &str = ".sdrs-trends-chart";
const BAR: &str = ".sdrs-trends-chart .sdrs-tl-bar";
const TOTAL: &str = ".sdrs-trends-total[data-total]";
/// The Trends page's scope (the Failures page, kept mounted, has its own).
const SCOPE: &str = ".sdrs-trends-controls select[name=scope]";
const TABLE_ROW: &str = ".sdrs-trends-table tbody tr[data-total]";
const RANGE: &str = ".sdrs-journal .sdrs-range";
/// Ninety days hold every seeded failure's begin time but the oldest few.
const WINDOW: &str = "90d";

/// The server with every scope polled, the page on the Trends tab.
async fn start_on_trends() -> (Console, Vec<ListedScope>) {
    let (c, scopes) = start_with_one_scope_failing().await;
    c.goto(&c.page_url("")).await;
    wait_health(&c, &scopes).await;
    open_trends(&c).await;
    (c, scopes)
}

/// The Trends tab of a fresh page over [`WINDOW`], once its figures are the
/// server's; returns the server's answer.
async fn open_trends(c: &Console) -> Value {
    c.goto(&c.page_url("tab=trends")).await;
    c.wait_for(CHART).await;
    c.select("select[name=window]", WINDOW).await;
    let trends = c
        .server
        .get_json(&format!("/api/journal/trends?window={WINDOW}&bucket=day"))
        .await;
    let expected = trends["total"].as_u64().expect("a total").to_string();
    let bars = trends["bars"].as_array().map_or(0, Vec::len);
    wait_until("the trends of 90 days on the page", || async {
        let seen = (c.attr(TOTAL, "data-total").await, c.count(BAR).await);
        check(seen == (Some(expected.clone()), bars), seen)
    })
    .await;
    trends
}

/// Each bar's total and its count per status, as drawn.
async fn drawn_bars(c: &Console) -> Value {
    c.js(
        "return [...document.querySelectorAll(arguments[0])].map(g => [Number(g.dataset.total), \
           Object.fromEntries([...g.querySelectorAll('rect[data-status]')]\
             .map(r => [r.dataset.status, Number(r.dataset.count)]))])",
        vec![json!(BAR)],
    )
    .await
}

/// The server's bars in the same shape.
fn answered_bars(trends: &Value) -> Value {
    let bars = trends["bars"].as_array().expect("bars");
    Value::Array(
        bars.iter()
            .map(|b| {
                let by: BTreeMap<String, Value> = b["by_status"]
                    .as_array()
                    .expect("by_status")
                    .iter()
                    .map(|s| {
                        (
                            s["failure_status"].as_str().unwrap().to_owned(),
                            s["count"].clone(),
                        )
                    })
                    .collect();
                json!([b["total"], by])
            })
            .collect(),
    )
}

/// The journal's exact total for `query` (its own parameter names).
async fn journal_total(c: &Console, query: &str) -> u64 {
    let page = c
        .server
        .get_json(&format!("/api/journal?state=all&limit=1&{query}"))
        .await;
    page["total"]
        .as_u64()
        .unwrap_or_else(|| panic!("a total: {page}"))
}

/// The page URL's query parameters.
async fn page_params(c: &Console) -> BTreeMap<String, String> {
    c.url().await.query_pairs().into_owned().collect()
}

/// Waits for the Failures page to list `n` failures, and returns the
/// journal query its URL names.
async fn wait_listed(c: &Console, n: u64, what: &str) -> BTreeMap<String, String> {
    let expected = format!("of {}", count(n));
    wait_until(&format!("the failures of {what} listed"), || async {
        let range = c.try_text(RANGE).await.unwrap_or_default();
        let params = page_params(c).await;
        let picked = params.contains_key("begun_from") && params.get("tab").is_none_or(|t| t == "failures");
        check(picked && range.ends_with(&expected), (range, params))
    })
    .await;
    page_params(c).await
}

fn encoded(params: &[(&str, &str)]) -> String {
    url::form_urlencoded::Serializer::new(String::new())
        .extend_pairs(params)
        .finish()
}

/// 1. The figures drawn are the server's trends, and the trends' total is
///    the journal's count of the failures that began in the window; the
///    chart came from its own chunk; the table alternative has the same
///    figures.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trend_figures_equal_the_journal_counts() {
    let (c, _) = start_on_trends().await;
    let trends = open_trends(&c).await;
    let fetched = c
        .js(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname.split('/').pop())",
            vec![],
        )
        .await;
    assert!(
        fetched
            .as_array()
            .is_some_and(|all| all.iter().any(|n| n == "split_trends.wasm")),
        "the page came from its chunk: {fetched}"
    );
    assert_eq!(drawn_bars(&c).await, answered_bars(&trends));
    let total = trends["total"].as_u64().unwrap();
    assert!(total > 0, "the seeded failures are in the window: {trends}");
    let (from, to) = (trends["from"].as_str().unwrap(), trends["to"].as_str().unwrap());
    assert_eq!(
        journal_total(&c, &encoded(&[("begun_from", from), ("begun_before", to)])).await,
        total,
        "the trends count what the journal lists"
    );
    let bar_sum: u64 = trends["bars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["total"].as_u64().unwrap())
        .sum();
    assert_eq!(bar_sum, total);

    // The table alternative: a row per bar with the same totals.
    c.click(".sdrs-trends-table > summary").await;
    let rows: Vec<u64> = c
        .attrs(TABLE_ROW, "data-total")
        .await
        .into_iter()
        .map(|t| t.and_then(|t| t.parse().ok()).expect("a total"))
        .collect();
    let bars: Vec<u64> = trends["bars"]
        .as_array()
        .unwrap()
        .iter()
        .map(|b| b["total"].as_u64().unwrap())
        .collect();
    assert_eq!(rows, bars);

    // The ranked codes, in the server's order with its counts.
    let codes = c
        .js(
            "return [...document.querySelectorAll('.sdrs-trends-codes tbody tr')]\
               .map(tr => [tr.dataset.code, tr.lastElementChild.textContent])",
            vec![],
        )
        .await;
    let answered: Vec<Value> = trends["top_codes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|k| {
            json!([
                k["error_code"].as_str().unwrap_or(""),
                count(k["count"].as_u64().unwrap())
            ])
        })
        .collect();
    assert_eq!(codes, Value::Array(answered));
    let cleared = c.attr(".sdrs-trends-clear", "data-cleared").await;
    assert_eq!(
        cleared.as_deref(),
        Some(trends["time_to_clear"]["cleared"].to_string().as_str())
    );
    c.assert_no_console_errors(&[]).await;
    // The window chosen is in the page URL: a reload shows the same trends.
    let params = page_params(&c).await;
    assert_eq!(
        params.get("trend_window").map(String::as_str),
        Some(WINDOW),
        "{params:?}"
    );
    let here = c.url().await.to_string();
    c.goto(&here).await;
    c.wait_for(CHART).await;
    let expected = trends["total"].as_u64().unwrap().to_string();
    wait_until("the same window after a reload", || async {
        let window = c
            .js(
                "return document.querySelector('select[name=window]').value",
                vec![],
            )
            .await;
        let seen = (window, c.attr(TOTAL, "data-total").await);
        check(seen == (serde_json::json!(WINDOW), Some(expected.clone())), seen)
    })
    .await;
    c.close().await;
}

/// The busiest bar: its index, total and largest status with its count.
fn busiest(trends: &Value) -> (usize, &Value, String, u64) {
    let bars = trends["bars"].as_array().unwrap();
    let (i, bar) = bars
        .iter()
        .enumerate()
        .max_by_key(|(_, b)| b["total"].as_u64())
        .expect("bars");
    let top = &bar["by_status"][0];
    (
        i,
        bar,
        top["failure_status"].as_str().unwrap().to_owned(),
        top["count"].as_u64().unwrap(),
    )
}

/// 2. A click on one status's part of a bar, Enter on a bar, a click on an
///    error code and on a group each list their failures on the Failures
///    page, filtered in its URL, as many as the trends counted.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bar_a_code_and_a_group_list_their_failures() {
    let (c, _) = start_on_trends().await;
    let trends = open_trends(&c).await;
    let (i, bar, status, n) = busiest(&trends);
    let bars = trends["bars"].as_array().unwrap();
    let start = bar["start"].as_str().unwrap().to_owned();
    let end = bars
        .get(i + 1)
        .map_or(trends["to"].as_str().unwrap(), |b| b["start"].as_str().unwrap())
        .to_owned();

    // One status's part of the busiest bar, by mouse.
    c.click(&format!("{BAR}[data-index='{i}'] rect[data-status='{status}']"))
        .await;
    let params = wait_listed(&c, n, "a status's part of a bar").await;
    assert_eq!(params.get("begun_from"), Some(&start), "{params:?}");
    assert_eq!(params.get("begun_before"), Some(&end), "{params:?}");
    assert_eq!(params.get("failure_status"), Some(&status), "{params:?}");
    let query = encoded(&[
        ("begun_from", &start),
        ("begun_before", &end),
        ("failure_status", &status),
    ]);
    assert_eq!(journal_total(&c, &query).await, n);

    // Regression: back on Trends by its tab, the page asked for the code
    // catalog again; the view keeps it for its whole life.
    c.click("button[data-tab=trends]").await;
    c.wait_for(".sdrs-trends-codes tr[data-code]").await;
    let asked = fetch_count(&c, "/codes/en.json").await;
    assert_eq!(asked, 1, "the code catalog was fetched {asked} times");

    // The whole bar from the keyboard: the chart's one Tab stop, Home,
    // arrows to the bar, Enter.
    open_trends(&c).await;
    c.js(
        "document.querySelector(arguments[0] + '[tabindex=\"0\"]').focus()",
        vec![json!(BAR)],
    )
    .await;
    c.key(Key::Home).await;
    for _ in 0..i {
        c.key(Key::Right).await;
    }
    assert_eq!(c.active_attr("data-index").await, Some(i.to_string()));
    let label = c.active_attr("aria-label").await.unwrap_or_default();
    let total = bar["total"].as_u64().unwrap();
    assert!(
        label.contains(&count(total)),
        "the bar's name says its count: {label}"
    );
    c.key(Key::Enter).await;
    let params = wait_listed(&c, total, "a bar").await;
    assert_eq!(params.get("begun_from"), Some(&start), "{params:?}");
    assert_eq!(params.get("failure_status"), None, "{params:?}");

    // An error code: listed within the window it was counted in.
    open_trends(&c).await;
    let code = trends["top_codes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|k| k["error_code"].is_string())
        .expect("a ranked code");
    let (code_text, code_n) = (
        code["error_code"].as_str().unwrap(),
        code["count"].as_u64().unwrap(),
    );
    c.click(&format!(
        ".sdrs-trends-codes tr[data-code='{code_text}'] button[data-action=trends-code]"
    ))
    .await;
    let params = wait_listed(&c, code_n, "an error code").await;
    assert_eq!(params.get("error_code").map(String::as_str), Some(code_text));
    let (from, to) = (trends["from"].as_str().unwrap(), trends["to"].as_str().unwrap());
    let query = encoded(&[
        ("error_code", code_text),
        ("begun_from", from),
        ("begun_before", to),
    ]);
    assert_eq!(journal_total(&c, &query).await, code_n);

    // A protection group.
    open_trends(&c).await;
    let group = &trends["top_groups"][0];
    let (scope, id, group_n) = (
        group["scope"].as_str().expect("a ranked group"),
        group["server_group_id"].as_str().unwrap(),
        group["count"].as_u64().unwrap(),
    );
    c.click(&format!(
        ".sdrs-trends-groups tr[data-scope='{scope}'][data-group='{id}'] button[data-action=trends-group]"
    ))
    .await;
    let params = wait_listed(&c, group_n, "a protection group").await;
    assert_eq!(params.get("server_group_id").map(String::as_str), Some(id));
    assert_eq!(params.get("in_scope").map(String::as_str), Some(scope));
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}

/// 3. axe over the Trends page, its table alternative open, in English and
///    in Chinese.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_trends_in_both_languages() {
    let (c, _) = start_on_trends().await;
    c.click(".sdrs-trends-table > summary").await;
    c.wait_for(TABLE_ROW).await;
    let mut found = Vec::new();
    for locale in Locale::ALL {
        c.switch_language(locale).await;
        found.extend(c.axe_serious(&format!("trends, {locale:?}")).await);
    }
    c.close().await;
    assert_axe_clean(&found);
}

/// 4. Trends that cannot be fetched say why with a Retry, which fetches
///    them again; the rest of the page stays.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn trends_that_cannot_be_fetched_offer_a_retry() {
    let (c, _) = start_on_trends().await;
    let block = |urls: Value| Cdp::with("Network.setBlockedURLs", json!({ "urls": urls }));
    let client = &c.browser.client;
    client
        .issue_cmd(Cdp::new("Network.enable"))
        .await
        .expect("network domain");
    client
        .issue_cmd(block(json!(["*/api/journal/trends*"])))
        .await
        .expect("block the trends");
    // Another window fetches again, and fails.
    c.select("select[name=window]", "30d").await;
    c.wait_for(".sdrs-trends .sdrs-error[role=alert] button[data-action=trends-retry]")
        .await;
    assert!(!c.exists(CHART).await, "no stale chart beside the error");
    assert!(c.exists(".sdrs-tabs").await && c.exists("select[name=window]").await);
    client
        .issue_cmd(block(json!([])))
        .await
        .expect("unblock the trends");
    c.click("button[data-action=trends-retry]").await;
    c.wait_for(BAR).await;
    let trends = c
        .server
        .get_json("/api/journal/trends?window=30d&bucket=day")
        .await;
    assert_eq!(drawn_bars(&c).await, answered_bars(&trends));
    c.close().await;
}

/// 5. A scope without failures (its credential refused from the start):
///    the page says the window holds none, with no chart or rankings, and
///    "any scope" brings the figures back.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_scope_without_failures_says_so() {
    let (c, scopes) = start_on_trends().await;
    let refused = &scopes[2].0;
    let trends = c
        .server
        .get_json(&format!(
            "/api/journal/trends?window={WINDOW}&bucket=day&scope={refused}"
        ))
        .await;
    assert_eq!(trends["total"], json!(0), "{trends}");
    c.select(SCOPE, refused).await;
    let empty = c
        .wait_text(".sdrs-trends [data-state=empty]", "the empty state", |t| {
            !t.is_empty()
        })
        .await;
    assert_eq!(empty, "No failure began in this window.");
    assert_eq!(c.attr(TOTAL, "data-total").await.as_deref(), Some("0"));
    assert!(!c.exists(CHART).await && !c.exists(".sdrs-trends-codes").await);
    c.select(SCOPE, "").await;
    c.wait_for(BAR).await;
    assert!(!c.exists(".sdrs-trends [data-state=empty]").await);
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}
