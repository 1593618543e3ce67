//! End-to-end tests of the Task Center actions (issue 7): delete one
//! failed task (drawer and row action), clear a group's and the
//! group-level tasks, export CSV and JSON, auto-refresh with backoff,
//! counters and refinements. Each checks the emulator's API afterwards.
//!
//! Time-driven behaviour (auto-refresh every 30 s, backoff doubling it)
//! runs on a page clock moved forward by the test
//! ([`Browser::install_clock`](sdrs_e2e::Browser::install_clock)): the
//! console's own timers and decisions, minutes of its time in seconds.
//!
//! Run after a trunk build:
//! `SDRS_DIST="$PWD/dist" cargo test -p sdrs-e2e --test actions`.

use sdrs_console::api::failure_job_id;
use sdrs_console::view_model::export::CSV_HEADER;
use sdrs_console::view_model::format::short_id;
use sdrs_console::view_model::refine::Refinement;
use sdrs_e2e::{
    check, scratch_dir, wait_download, wait_until, BrowserOptions, Console, Key, Server, PROJECT_ID, ROWS,
};
use sdrs_models::{FailureJob, FailureJobList};
use serde_json::{json, Value};
use std::collections::BTreeMap;

const CONFIRM: &str = "[role=alertdialog]";
/// After the page shows that its clock ticked, how long a request decided
/// on that tick may take to reach the emulator's log (only ever waited
/// before asserting that nothing was sent).
const SETTLE: std::time::Duration = std::time::Duration::from_millis(300);
const DRAWER: &str = "[role=dialog].sdrs-drawer";

/// A name the page shows exactly as the API has it (no markup, no
/// invisible or repeated spaces), so that text comparisons are plain.
fn plain(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 60
        && name.trim() == name
        && !name.contains("  ")
        && name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || " -_.".contains(c))
}

/// `DELETE` paths the browser sent, oldest first.
async fn deletes(c: &Console) -> Vec<String> {
    c.server
        .console_requests()
        .await
        .iter()
        .filter(|r| r["method"].as_str() == Some("DELETE"))
        .filter_map(|r| r["path"].as_str().map(str::to_owned))
        .collect()
}

/// Waits for the confirmation dialog and its body text satisfying `pred`.
async fn confirm_body(c: &Console, what: &str, pred: impl Fn(&str) -> bool) -> String {
    c.wait_for(CONFIRM).await;
    c.wait_text(&format!("{CONFIRM} .sdrs-confirm-body"), what, pred)
        .await
}

/// Job ids of the API's whole list for `query` (up to 1000).
async fn api_ids(s: &Server, query: &str) -> Vec<String> {
    let q = if query.is_empty() {
        "limit=1000".to_owned()
    } else {
        format!("{query}&limit=1000")
    };
    s.job_ids(&q).await
}

/// 1. Delete from the drawer: the confirmation names the task, OK deletes
///    it (by the id `failure_job_id` picks), the toast says so, the drawer
///    closes and the list no longer has it, nor the API, nor a reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn delete_from_the_drawer_removes_the_job() {
    let c = Console::start(&[]).await;
    c.open("limit=20").await;
    c.wait_timeline_settled().await;
    let api = c.api_rows_of_last_list().await;
    let job = api
        .iter()
        .skip(1)
        .find(|j| plain(&j.resource_name))
        .expect("a task with a plain name")
        .clone();
    let total = c.server.total("").await;

    c.open_row(&job.job_id).await;
    c.click(&format!("{DRAWER} button[data-action=delete]")).await;
    let body = confirm_body(&c, "the task's name", |t| t.contains(&job.resource_name)).await;
    assert!(body.contains(&short_id(&job.job_id)), "{body}");
    assert_eq!(c.text(&format!("{CONFIRM} h2")).await, "Delete this failed task?");
    // Focus starts on Cancel, the safe choice.
    wait_until("focus on Cancel", || async {
        let a = c.active_attr("data-confirm").await;
        check(a.as_deref() == Some("cancel"), a)
    })
    .await;

    c.server.clear_requests().await;
    c.click(&format!("{CONFIRM} button[data-confirm=ok]")).await;
    c.wait_gone(CONFIRM).await;
    c.wait_text(".sdrs-toast", "the deletion reported", |t| {
        t == "Deleted 1 failed task."
    })
    .await;
    c.wait_gone(DRAWER).await;
    c.wait_row_gone(&job.job_id).await;
    assert_eq!(
        deletes(&c).await,
        vec![Server::api_path(&format!(
            "task-center/failure-jobs/{}",
            failure_job_id(&job)
        ))]
    );
    // The list was fetched again after the delete.
    assert!(!c.server.console_list_queries().await.is_empty());
    assert!(!api_ids(&c.server, "").await.contains(&job.job_id));
    assert_eq!(c.server.total("").await, total - 1, "more than one task went");

    c.reload().await;
    c.wait_loaded().await;
    assert!(!c.row_ids().await.contains(&job.job_id), "back after reload");
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}

/// 2. A failed delete (500) says why in the dialog and loses nothing; the
///    row action then deletes the same task.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn failed_delete_keeps_the_row_then_row_action_deletes_it() {
    let c = Console::start(&[]).await;
    c.open("limit=20").await;
    // Pins an intermittent failure: the click on a row's delete button
    // opened another task's confirmation when the timeline came above the
    // table between WebDriver's scroll and its click. The rows no longer
    // move then (early_start.rs); the click still waits for a page that
    // asks for nothing more.
    c.wait_timeline_settled().await;
    let api = c.api_rows_of_last_list().await;
    let job = api[2].clone();
    let rows = c.row_ids().await;
    let total = c.server.total("").await;
    let path = Server::api_path(&format!("task-center/failure-jobs/{}", failure_job_id(&job)));
    c.server
        .queue_fault(json!({ "path_prefix": path, "status": 500 }))
        .await;

    let button = format!("{ROWS}[data-job-id=\"{}\"] .sdrs-row-delete", job.job_id);
    c.click(&button).await;
    confirm_body(&c, "the job id", |t| t.contains(&short_id(&job.job_id))).await;
    // The row action does not open the drawer.
    assert_eq!(c.count(DRAWER).await, 0);
    c.click(&format!("{CONFIRM} button[data-confirm=ok]")).await;
    let why = c
        .wait_text(&format!("{CONFIRM} [role=alert]"), "why it failed", |t| {
            !t.is_empty()
        })
        .await;
    assert!(why.starts_with("Nothing was deleted:"), "{why}");
    assert!(why.contains("HTTP 500"), "{why}");
    // Still open, OK usable again; nothing else changed.
    assert!(c.exists(CONFIRM).await);
    assert_eq!(
        c.attr(&format!("{CONFIRM} button[data-confirm=ok]"), "disabled")
            .await,
        None
    );
    c.click(&format!("{CONFIRM} button[data-confirm=cancel]")).await;
    c.wait_gone(CONFIRM).await;
    assert_eq!(c.row_ids().await, rows);
    assert_eq!(c.server.total("").await, total);
    assert!(api_ids(&c.server, "").await.contains(&job.job_id));
    assert_eq!(
        c.count(".sdrs-error[role=alert]").await,
        0,
        "a list error appeared"
    );

    // Again, without a fault: it goes.
    c.server.clear_requests().await;
    c.click(&button).await;
    confirm_body(&c, "the job id", |t| t.contains(&short_id(&job.job_id))).await;
    c.click(&format!("{CONFIRM} button[data-confirm=ok]")).await;
    c.wait_gone(CONFIRM).await;
    c.wait_text(".sdrs-toast", "the deletion reported", |t| {
        t == "Deleted 1 failed task."
    })
    .await;
    c.wait_row_gone(&job.job_id).await;
    assert_eq!(deletes(&c).await, vec![path]);
    assert_eq!(c.server.total("").await, total - 1);
    assert!(!api_ids(&c.server, "").await.contains(&job.job_id));
    c.assert_no_console_errors(&["500"]).await;
    c.close().await;
}

/// 3. Clearing a group removes exactly that group's tasks; clearing the
///    group level removes exactly those. Each confirmation names how many
///    and which scope.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn clear_group_and_group_level_remove_exactly_their_scope() {
    let c = Console::start(&[]).await;
    let groups = c.server.groups().await;
    let mut counts: BTreeMap<String, u64> = BTreeMap::new();
    for (id, _) in &groups {
        counts.insert(id.clone(), c.server.total(&format!("server_group_id={id}")).await);
    }
    let level = c.server.total("").await;
    assert!(level > 0);
    let (group, name) = groups
        .iter()
        .skip(1)
        .find(|(id, name)| plain(name) && counts[id] > 0)
        .cloned()
        .expect("a group with a plain name and failures");
    let n = counts[&group];

    c.open(&format!("server_group_id={group}&limit=20")).await;
    assert_eq!(
        c.text("button[data-action=clear]").await,
        "Clear this group's failed tasks"
    );
    c.click("button[data-action=clear]").await;
    let body = confirm_body(&c, "the count", |t| !t.contains("counting")).await;
    assert_eq!(
        body,
        format!(
            "{n} failed tasks of protection group {name} will be deleted, whatever the filters. \
             The resources are not changed. This cannot be undone."
        )
    );
    assert_eq!(
        c.text(&format!("{CONFIRM} h2")).await,
        format!("Clear the failed tasks of {name}?")
    );
    c.server.clear_requests().await;
    c.click(&format!("{CONFIRM} button[data-confirm=ok]")).await;
    c.wait_gone(CONFIRM).await;
    c.wait_text(".sdrs-toast", "the clear reported", |t| {
        t == format!("Cleared the failed tasks of {name}.")
    })
    .await;
    wait_until("the group's list to be empty", || async {
        let n = c.wait_idle().await;
        check(n == 0, n)
    })
    .await;
    assert_eq!(
        deletes(&c).await,
        vec![Server::api_path(&format!(
            "task-center/{group}/failure-jobs/batch"
        ))]
    );
    assert_eq!(c.server.total(&format!("server_group_id={group}")).await, 0);
    for (id, before) in &counts {
        if *id != group {
            let now = c.server.total(&format!("server_group_id={id}")).await;
            assert_eq!(now, *before, "group {id} changed");
        }
    }
    assert_eq!(c.server.total("").await, level, "group-level tasks changed");

    // The group level: back to it, clear, confirm.
    c.reload_after(c.click("button[type=reset]")).await;
    assert_eq!(
        c.text("button[data-action=clear]").await,
        "Clear group-level failed tasks"
    );
    c.click("button[data-action=clear]").await;
    let body = confirm_body(&c, "the count", |t| !t.contains("counting")).await;
    assert_eq!(
        body,
        format!(
            "{level} protection-group-level failed tasks of this project will be deleted, \
             whatever the filters. Failures inside groups stay. This cannot be undone."
        )
    );
    c.server.clear_requests().await;
    c.click(&format!("{CONFIRM} button[data-confirm=ok]")).await;
    c.wait_gone(CONFIRM).await;
    c.wait_text(".sdrs-toast", "the clear reported", |t| {
        t == "Cleared the protection-group-level failed tasks."
    })
    .await;
    assert_eq!(
        deletes(&c).await,
        vec![Server::api_path("task-center/failure-jobs/batch")]
    );
    assert_eq!(c.server.total("").await, 0);
    for (id, before) in &counts {
        let expected = if *id == group { 0 } else { *before };
        let now = c.server.total(&format!("server_group_id={id}")).await;
        assert_eq!(now, expected, "group {id} changed");
    }
    assert_eq!(c.wait_idle().await, 0);
    assert!(c.exists(".sdrs-empty").await);
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}

/// A CSV cell back to the API's value: the export prefixes `'` to cells a
/// spreadsheet would run as a formula.
fn unneutralize(cell: &str) -> String {
    match cell.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@', '\t', '\r']) => rest.to_owned(),
        _ => cell.to_owned(),
    }
}

/// A task as the CSV's columns.
fn csv_record(j: &FailureJob) -> Vec<String> {
    vec![
        j.job_id.clone(),
        j.job_type.clone(),
        j.job_status.as_str().to_owned(),
        j.failure_status.as_str().to_owned(),
        j.resource_id.clone(),
        j.resource_name.clone(),
        j.resource_type.as_str().to_owned(),
        j.begin_time.clone(),
        j.error_code.clone().unwrap_or_default(),
        j.fail_reason.clone().unwrap_or_default(),
    ]
}

/// Opens the export menu (if closed) and clicks `button[data-export=kind]`.
async fn export(c: &Console, kind: &str) {
    if !c.exists("details.sdrs-menu[open]").await {
        c.click("details.sdrs-menu > summary").await;
    }
    c.click(&format!("details.sdrs-menu button[data-export={kind}]"))
        .await;
}

/// 4. The CSV export of a sorted page parses back to the rows shown, in
///    their order; the JSON export of a refined page too.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn exports_parse_back_to_the_rows_shown() {
    let downloads = scratch_dir("downloads");
    let options = BrowserOptions {
        download_dir: Some(downloads.clone()),
        ..Default::default()
    };
    let c = Console::start_with(&[], &options).await;
    c.open("limit=20").await;
    let api: BTreeMap<String, FailureJob> = c
        .api_rows_of_last_list()
        .await
        .into_iter()
        .map(|j| (j.job_id.clone(), j))
        .collect();
    // Sorted by job id: the order shown is not the server's.
    c.click("th[data-sort-key=job_id] button.sdrs-sort").await;
    wait_until("rows sorted by job id", || async {
        let ids = c.row_ids().await;
        let mut sorted = ids.clone();
        sorted.sort();
        check(ids == sorted, ids)
    })
    .await;
    let shown = c.row_ids().await;
    assert_eq!(shown.len(), 20);

    export(&c, "csv").await;
    let file = wait_download(&downloads, "csv").await;
    let name = file
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .into_owned();
    assert!(
        name.starts_with(&format!("sdrs-failed-tasks-{PROJECT_ID}-")),
        "file name {name}"
    );
    let mut reader = csv::Reader::from_path(&file).expect("open the CSV");
    let header: Vec<String> = reader
        .headers()
        .expect("a header line")
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(header, CSV_HEADER);
    let records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.expect("a CSV record").iter().map(unneutralize).collect())
        .collect();
    let ids: Vec<String> = records.iter().map(|r| r[0].clone()).collect();
    assert_eq!(ids, shown, "CSV rows vs the table");
    for record in &records {
        assert_eq!(record, &csv_record(&api[&record[0]]), "CSV row of {}", record[0]);
    }
    c.wait_text(".sdrs-export-progress", "the export reported", |t| {
        t == "Exported 20 rows."
    })
    .await;

    // JSON of a refined view: only the matching rows, still sorted.
    let code = api
        .values()
        .filter_map(|j| j.error_code.clone())
        .find(|code| {
            let n = api
                .values()
                .filter(|j| j.error_code.as_ref() == Some(code))
                .count();
            n > 1 && n < api.len()
        })
        .expect("an error code on some rows only");
    c.find("input[name=refine_text]")
        .await
        .send_keys(&code)
        .await
        .expect("type");
    c.wait_for(".sdrs-refine-active").await;
    let refined = c.row_ids().await;
    assert!(refined.len() < shown.len(), "{refined:?}");
    export(&c, "json").await;
    let file = wait_download(&downloads, "json").await;
    let text = std::fs::read_to_string(&file).expect("read the JSON");
    let list = FailureJobList::from_json(&text).expect("the API's list shape");
    let ids: Vec<String> = list.failure_jobs.iter().map(|j| j.job_id.clone()).collect();
    assert_eq!(ids, refined, "JSON rows vs the table");
    assert_eq!(list.count, Some(refined.len() as u64));
    for job in &list.failure_jobs {
        assert_eq!(job, &api[&job.job_id]);
    }
    let _ = std::fs::remove_dir_all(&downloads);
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}

/// The "Updated ... · ..." line of the toolbar.
async fn updated(c: &Console) -> String {
    c.try_text(".sdrs-updated").await.unwrap_or_default()
}

/// Seconds of "next try in N s" on the updated line, if shown.
async fn next_try(c: &Console) -> Option<u64> {
    let text = updated(c).await;
    let rest = text.split("next try in ").nth(1)?;
    rest.split(' ').next()?.parse().ok()
}

/// Automatic list requests so far (the request log, browser only).
async fn list_count(c: &Console) -> usize {
    c.server.console_list_queries().await.len()
}

/// 5. Auto-refresh every 30 s shows a task the emulator added meanwhile;
///    it pauses while the drawer is open and resumes when it closes.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_refresh_picks_up_a_new_failure() {
    let c = Console::start(&[]).await;
    c.open("").await;
    c.install_clock().await;
    c.select("select[name=auto_refresh]", "30").await;
    let added = c
        .server
        .add_job(&json!({
            "job_id": "",
            "resource_id": "",
            "begin_time": "",
            "job_type": "createServerGroup",
            "job_status": "FAIL",
            "failure_status": "createFail",
            "resource_type": "server_groups",
            "resource_name": "e2e-auto-refresh",
            "error_code": "SDRS.1002",
            "fail_reason": "Added while the console was open",
        }))
        .await;
    assert!(!c.row_ids().await.contains(&added.job_id));
    c.server.clear_requests().await;

    c.advance_clock(31_000).await;
    let id = added.job_id.clone();
    wait_until("the new task on top of the list", || {
        let id = id.clone();
        let c = &c;
        async move {
            let ids = c.row_ids().await;
            check(ids.first() == Some(&id), ids.first().cloned())
        }
    })
    .await;
    c.wait_idle().await;
    assert_eq!(list_count(&c).await, 1, "one automatic refresh");
    assert!(updated(&c).await.starts_with("Updated"), "{}", updated(&c).await);

    // Paused while the drawer is open...
    c.open_row(&added.job_id).await;
    c.server.clear_requests().await;
    c.advance_clock(31_000).await;
    // "Updated 32 s ago" or later: the page's clock ticked after it moved
    // (unless a refresh came first, which the assertion below reports).
    wait_until("a clock tick with the drawer open", || async {
        let text = updated(&c).await;
        let secs: Option<u64> = text
            .strip_prefix("Updated ")
            .and_then(|t| t.split(' ').next())
            .and_then(|n| n.parse().ok());
        let ticked = secs.is_some_and(|s| s >= 32) && text.ends_with("Auto-refresh paused");
        check(ticked || list_count(&c).await > 0, text)
    })
    .await;
    // A request decided on that tick has reached the server by now.
    tokio::time::sleep(SETTLE).await;
    let lists = c.server.console_list_queries().await;
    assert!(lists.is_empty(), "refreshed while the drawer was open: {lists:?}");
    // ...and resumes, overdue, once it closes.
    c.press(&Key::Escape.to_string()).await;
    c.wait_gone(DRAWER).await;
    wait_until("an automatic refresh after the drawer closed", || async {
        let n = list_count(&c).await;
        check(n == 1, n)
    })
    .await;
    c.wait_idle().await;
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}

/// 6. Backoff on 503: after each failed automatic refresh the next comes
///    twice as late (30 s, then 60, 120, 240 of the page's clock); a
///    success resets it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn auto_refresh_backs_off_on_503() {
    let c = Console::start(&[]).await;
    c.open("").await;
    c.install_clock().await;
    c.select("select[name=auto_refresh]", "30").await;
    c.wait_timeline_settled().await;
    c.server
        .queue_fault(json!({
            "path_prefix": Server::api_path("task-center/failure-jobs"),
            "status": 503,
            "times": 3,
        }))
        .await;
    c.server.clear_requests().await;

    // The first automatic refresh, on time, fails.
    c.advance_clock(31_000).await;
    wait_until("the first automatic refresh to fail", || async {
        let n = list_count(&c).await;
        let banner = c.exists(".sdrs-error[role=alert]").await;
        check(n == 1 && banner, (n, banner))
    })
    .await;
    let mut period = 30u64;
    for failures in 1..=3u64 {
        period *= 2;
        // The wait shown grows with each failure.
        let shown = wait_until("the backoff shown", || async {
            let n = next_try(&c).await;
            check(
                n.is_some_and(|n| n > period / 2 && n <= period),
                updated(&c).await,
            )
            .map(|_| n.unwrap_or(0))
        })
        .await;
        assert!(
            shown > period / 2,
            "after {failures} failures: next try in {shown} s"
        );
        // Past the plain period (and half the backoff), nothing is asked.
        c.advance_clock((period / 2 + 1) * 1000).await;
        wait_until("a clock tick past the half", || async {
            let n = next_try(&c).await;
            check(n.is_some_and(|n| n < period / 2), updated(&c).await)
        })
        .await;
        tokio::time::sleep(SETTLE).await;
        assert_eq!(
            list_count(&c).await,
            failures as usize,
            "refreshed before the backoff of {period} s ran out"
        );
        // At the end of the backoff, the next try.
        c.advance_clock(period / 2 * 1000).await;
        wait_until("the next automatic refresh", || async {
            let n = list_count(&c).await;
            check(n == failures as usize + 1, n)
        })
        .await;
        if failures < 3 {
            wait_until("it to fail again", || async {
                let n = next_try(&c).await;
                check(n.is_some_and(|n| n > period), updated(&c).await)
            })
            .await;
        }
    }
    // The fourth try succeeded: no error, no backoff, the plain period.
    c.wait_gone(".sdrs-error[role=alert]").await;
    c.wait_idle().await;
    assert_eq!(next_try(&c).await, None, "{}", updated(&c).await);
    c.server.clear_requests().await;
    c.advance_clock(31_000).await;
    wait_until("a refresh after the plain period", || async {
        let n = list_count(&c).await;
        check(n == 1, n)
    })
    .await;
    c.assert_no_console_errors(&["503"]).await;
    c.close().await;
}

/// 7. A status counter filters by its status (a real API filter); a
///    resource-type counter too; the text refinement hides rows locally
///    and says "N of M rows".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn counters_filter_and_refinements_hide_rows() {
    let c = Console::start(&[]).await;
    c.open("").await;
    let rows = c.row_count().await;
    let counters = c
        .js(
            "return [...document.querySelectorAll('button.sdrs-count[data-failure-status]')]\
               .map(b => [b.getAttribute('data-failure-status'), b.querySelector('strong').textContent, b.disabled])",
            vec![],
        )
        .await;
    let counters: Vec<(String, usize, bool)> = counters
        .as_array()
        .expect("counters")
        .iter()
        .map(|p| {
            (
                p[0].as_str().unwrap_or_default().to_owned(),
                p[1].as_str().unwrap_or_default().parse().unwrap_or(0),
                p[2].as_bool().unwrap_or(true),
            )
        })
        .collect();
    assert!(counters.len() > 1, "{counters:?}");
    assert_eq!(counters.iter().map(|c| c.1).sum::<usize>(), rows, "{counters:?}");
    let (status, n, _) = counters
        .iter()
        .find(|(_, n, disabled)| !disabled && *n < rows)
        .cloned()
        .expect("a counter below the row count");
    let query = c
        .reload_after(c.click(&format!("button.sdrs-count[data-failure-status=\"{status}\"]")))
        .await;
    assert!(query.contains(&format!("failure_status={status}")), "{query}");
    assert_eq!(
        c.attr("select[name=failure_status] option:checked", "value")
            .await
            .as_deref(),
        Some(status.as_str())
    );
    let api = c.server.list_jobs(&query).await.failure_jobs;
    assert!(api.iter().all(|j| j.failure_status.as_str() == status));
    assert_eq!(
        c.row_ids().await,
        api.iter().map(|j| j.job_id.clone()).collect::<Vec<_>>()
    );
    assert!(c.row_count().await >= n);
    // Now only that status is counted.
    let statuses = c
        .attrs("button.sdrs-count[data-failure-status]", "data-failure-status")
        .await;
    assert_eq!(statuses, vec![Some(status.clone())]);
    // The resource-type counter filters by type.
    let query = c
        .reload_after(c.click("button.sdrs-count[data-resource-type=\"server_groups\"]"))
        .await;
    assert!(query.contains("resource_type=server_groups"), "{query}");

    // Refinements: text over this page's rows, no request.
    c.reload_after(c.click("button[type=reset]")).await;
    let api = c.api_rows_of_last_list().await;
    let total = api.len();
    let code = api
        .iter()
        .filter_map(|j| j.error_code.clone())
        .find(|code| {
            let n = api.iter().filter(|j| j.error_code.as_ref() == Some(code)).count();
            n > 1 && n < total
        })
        .expect("an error code on some rows only");
    let needle = code.to_lowercase();
    let refinement = Refinement {
        text: needle.clone(),
        ..Default::default()
    };
    let expected: Vec<String> = api
        .iter()
        .filter(|j| refinement.keeps(j, f64::NAN, 0.0))
        .map(|j| j.job_id.clone())
        .collect();
    assert!(!expected.is_empty() && expected.len() < total);
    c.server.clear_requests().await;
    c.find("input[name=refine_text]")
        .await
        .send_keys(&needle)
        .await
        .expect("type");
    let note = c
        .wait_text(".sdrs-refine-active", "the refinement note", |t| !t.is_empty())
        .await;
    assert_eq!(
        note,
        format!(
            "{} of {total} rows of this page match the refinements.",
            expected.len()
        )
    );
    assert_eq!(c.row_ids().await, expected);
    assert_eq!(c.text(".sdrs-refine legend").await, "Refine this page");
    // Clearing brings every row back; nothing was fetched for either.
    c.click(".sdrs-refine button.sdrs-button").await;
    c.wait_gone(".sdrs-refine-active").await;
    assert_eq!(c.row_count().await, total);
    assert_eq!(
        c.js(
            "return document.querySelector('input[name=refine_text]').value",
            vec![]
        )
        .await,
        Value::from("")
    );
    assert!(c.server.console_list_queries().await.is_empty());
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}
