//! End-to-end tests of a start that does not wait for the wasm: `boot.js`
//! sends the first list request as soon as it knows the query (from
//! config.json and the page URL), before the console module has run, and
//! the console takes that answer instead of asking again: one list request
//! on the wire, started before the module was ready, for the single-project
//! page and "All scopes", plain and filtered; one config.json request.
//! And the first rows stay where they were first painted when the
//! timeline, mounted after that paint, comes above them.

use sdrs_e2e::{check, wait_up_to, Console};
use serde_json::{json, Value};
use std::time::Duration;

const JOURNAL_ROW: &str = ".sdrs-journal tbody tr[data-row-id]";

/// The page's requests whose path ends with `path`: `(url, startTime)`,
/// and when the module was ready (boot.js's mark).
async fn requests_to(c: &Console, path: &str) -> (Vec<(String, f64)>, f64) {
    let found = c
        .js(
            "const ready = performance.getEntriesByName('sdrs-console-ready')[0];
             return [performance.getEntriesByType('resource')
                 .filter(e => new URL(e.name).pathname.endsWith(arguments[0]))
                 .map(e => [e.name, e.startTime]), ready ? ready.startTime : null]",
            vec![json!(path)],
        )
        .await;
    let list = found[0]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|e| {
            (
                e[0].as_str().unwrap_or_default().to_owned(),
                e[1].as_f64().unwrap_or(f64::MAX),
            )
        })
        .collect();
    let ready = found[1].as_f64().expect("boot.js marks sdrs-console-ready");
    (list, ready)
}

/// One request to `path` with `query` (its whole query string), sent
/// before the module was ready: the console asked for no other.
async fn one_early_request(c: &Console, path: &str, query: &str) {
    let (sent, ready) = requests_to(c, path).await;
    let same: Vec<&(String, f64)> = sent.iter().filter(|(url, _)| url.ends_with(query)).collect();
    assert_eq!(
        same.len(),
        1,
        "one request for {path}{query}, the early one: {sent:?}"
    );
    let (url, started) = same[0];
    assert!(
        *started < ready,
        "{url} started at {started} ms, before the module was ready at {ready} ms"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_list_request_leaves_before_the_module_runs() {
    let c = Console::start(&[]).await;
    let rows = c.open("").await;
    assert!(rows > 0);
    one_early_request(&c, "/task-center/failure-jobs", "?limit=50").await;
    // config.json is asked for once, by boot.js (index.html preloads it),
    // and the console takes that answer.
    let (configs, _) = requests_to(&c, "/config.json").await;
    assert_eq!(configs.len(), 1, "config.json asked for once: {configs:?}");

    c.goto(&c.page_url("failure_status=createFail&resource_name=%20web%20&limit=20&offset=20"))
        .await;
    c.wait_idle().await;
    one_early_request(
        &c,
        "/task-center/failure-jobs",
        "?failure_status=createFail&resource_name=web&limit=20&offset=20",
    )
    .await;
    c.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_scopes_takes_the_early_journal_page() {
    let c = Console::start(&["--emulated-scopes", "2", "--jobs", "40"]).await;
    let config: Value = c.server.get_json("/config.json").await;
    let scope = config["scopes"][1]["name"]
        .as_str()
        .expect("a second scope")
        .to_owned();
    // The watcher's first round in every scope, so that both pages have
    // rows to show: a journal with rows of the first scope only left the
    // filtered page empty (a CI run timed out on it).
    for name in config["scopes"].as_array().into_iter().flatten() {
        let name = name["name"].as_str().expect("a scope name");
        let path = format!("/api/journal?state=open&limit=1&scope={name}");
        wait_up_to(Duration::from_secs(60), "the journal to fill", || async {
            let page: Value = c.server.get_json(&path).await;
            let total = page["total"].as_u64().unwrap_or(0);
            check(total > 0, format!("{name}: {total}"))
        })
        .await;
    }
    for (query, asked) in [
        ("", "?state=open&limit=50&offset=0".to_owned()),
        (
            &*format!("in_scope={scope}&state=all&limit=20"),
            format!("?scope={}&state=all&limit=20&offset=0", scope.replace('-', "%2D")),
        ),
    ] {
        c.goto(&c.page_url(query)).await;
        wait_up_to(Duration::from_secs(30), "journal rows", || async {
            let n = c.count(JOURNAL_ROW).await;
            check(n > 0, n)
        })
        .await;
        one_early_request(&c, "/api/journal", &asked).await;
    }
    c.close().await;
}

/// The layout shifts of the page so far (Layout Instability API, buffered):
/// for each, its score and the shifted nodes that are the table or inside
/// it, with how far each moved down.
const TABLE_SHIFTS: &str = "
    const done = arguments[arguments.length - 1];
    if (!PerformanceObserver.supportedEntryTypes.includes('layout-shift')) return done(null);
    new PerformanceObserver((list, observer) => {
        observer.disconnect();
        done(list.getEntries().map((e) => [e.value, e.sources
            .filter((s) => s.node && s.node.nodeType === 1 && s.node.closest('.sdrs-table-wrap'))
            .map((s) => [s.node.className, s.currentRect.y - s.previousRect.y])]));
    }).observe({ type: 'layout-shift', buffered: true });
    // No shift at all: the observer is never called.
    setTimeout(() => done([]), 500);";

/// The table stays where the panel's first frame put it: the counters'
/// line and the tools' line are held while the first answer is awaited,
/// and the timeline, which mounts above the rows only after they are
/// painted, comes into the space held for it, its walk's progress on a
/// line of fixed height. Regression: the table moved down 32 px as the
/// first answer came, 377 px a quarter second later when the timeline came
/// (under a pointer on its way to a row's delete button, which then hit
/// another row) and up 36 px when the timeline's walk ended.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_rows_stay_put_when_the_timeline_comes() {
    let c = Console::start(&[]).await;
    let rows = c.open("").await;
    assert!(rows > 0);
    c.wait_timeline_settled().await;
    assert!(c.exists(".sdrs-timeline .sdrs-tl-svg").await, "the timeline came");
    let shifts = c.js_async(TABLE_SHIFTS, vec![]).await;
    let shifts = shifts.as_array().expect("this Chromium reports layout shifts");
    let moved: Vec<&Value> = shifts
        .iter()
        .filter(|s| s[1].as_array().is_some_and(|nodes| !nodes.is_empty()))
        .collect();
    assert!(
        moved.is_empty(),
        "the table moved: {moved:?} (all shifts: {shifts:?})"
    );
    c.close().await;
}
