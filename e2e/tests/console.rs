//! End-to-end tests of the console: the built `dist/` served by the real
//! server (emulate mode), in headless Chromium through chromedriver.
//!
//! Run after a trunk build:
//! `SDRS_DIST="$PWD/dist" cargo test -p sdrs-e2e -- --test-threads=1`.
//!
//! Each test starts its own server and browser session. The emulated data
//! depend only on `--seed`; begin times hang off the server's start time.

use sdrs_e2e::{check, wait_until, Console, Key, ROWS};
use sdrs_models::{FailureJob, ResourceKind};
use std::collections::BTreeMap;

/// Text of "Rows a–b of N" without N (count mode `page`) or with it.
fn rows_text(from: usize, to: usize, total: Option<u64>) -> String {
    match total {
        Some(n) => format!(
            "Rows {from}–{to} of {}",
            sdrs_console::view_model::format::count(n)
        ),
        None => format!("Rows {from}–{to}"),
    }
}

/// The query parameter `key` of the page URL.
fn url_param(url: &url::Url, key: &str) -> Option<String> {
    url.query_pairs()
        .find(|(k, _)| k == key)
        .map(|(_, v)| v.into_owned())
}

/// Waits until the page URL has `key=value`.
async fn wait_url_param(c: &Console, key: &str, value: &str) -> url::Url {
    wait_until(&format!("the URL to hold {key}={value}"), || async move {
        let url = c.url().await;
        check(url_param(&url, key).as_deref() == Some(value), url.as_str()).map(|_| url)
    })
    .await
}

/// 1. The built page loads from the server and renders rows; no panic or
///    error in the browser console.
/// Regression: every session left its Chromium profile (`scoped_dir…`) and
/// singleton socket in `/tmp`, some 30 GB a full suite, which once filled
/// the CI machine's disk. A session dropped without `close`, as when a test
/// panics, must leave nothing either.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ended_session_leaves_no_temporary_files() {
    let browser = sdrs_e2e::Browser::start().await;
    browser.goto("about:blank").await;
    let dir = browser.temp_dir().to_owned();
    let made: Vec<_> = std::fs::read_dir(&dir)
        .expect("the session's temporary directory")
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(
        made.iter().any(|n| n.to_string_lossy().contains("scoped_dir")),
        "Chromium's profile is not under {}: {made:?}",
        dir.display()
    );
    drop(browser);
    assert!(!dir.exists(), "{} outlived its session", dir.display());
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_loads_and_renders_rows() {
    let c = Console::start(&[]).await;
    let n = c.open("").await;
    assert!(n > 0, "no rows");
    assert!(c.exists(".sdrs-panel").await);
    assert_eq!(c.count("table.sdrs-table").await, 1);
    // The first page of the default view is exactly what the API returns.
    let api = c.server.list_jobs("limit=50").await;
    let ids: Vec<String> = api.failure_jobs.iter().map(|j| j.job_id.clone()).collect();
    assert_eq!(c.row_ids().await, ids);
    let total = api.count.expect("count in total mode");
    assert_eq!(c.range().await, rows_text(1, ids.len(), Some(total)));
    // Each row shows a status chip, a resource and a short job id.
    assert_eq!(c.count(&format!("{ROWS} .sdrs-chip")).await, n);
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}

/// 2. Filter by status: every row's chip has the chosen status' label and
///    the URL holds `failure_status=`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn filter_by_status() {
    let c = Console::start(&[]).await;
    c.open("").await;
    // A status that has rows at this scope: the one of the 2nd row.
    let api = c.server.list_jobs("limit=50").await;
    let status = api.failure_jobs[1].failure_status.as_str().to_owned();
    let select = "select[name=failure_status]";
    let label = c.text(&format!("{select} option[value=\"{status}\"]")).await;
    let query = c.reload_after(c.select(select, &status)).await;
    assert!(
        query.contains(&format!("failure_status={status}")),
        "request {query}"
    );
    let chips = c.texts(&format!("{ROWS} .sdrs-chip")).await;
    assert!(!chips.is_empty(), "no rows for {status}");
    assert!(
        chips.iter().all(|t| t == &label),
        "chips {chips:?}, want all {label:?}"
    );
    let expected = c.server.list_jobs(&query).await;
    assert_eq!(c.row_count().await, expected.failure_jobs.len());
    assert!(expected
        .failure_jobs
        .iter()
        .all(|j| j.failure_status.as_str() == status));
    let url = wait_url_param(&c, "failure_status", &status).await;
    assert!(url.as_str().contains("failure_status="), "{url}");
    assert_eq!(
        c.attr(&format!("{select} option:checked"), "value").await,
        Some(status)
    );
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}

/// 3. Page size 10: ten rows, "Rows 1–10 of N".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn change_page_size() {
    let c = Console::start(&[]).await;
    c.open("").await;
    let total = c.server.list_jobs("limit=1").await.count.expect("count");
    assert!(total > 20, "too few group-level rows: {total}");
    let query = c.reload_after(c.select("select[name=page_size]", "10")).await;
    assert!(query.contains("limit=10"), "request {query}");
    assert_eq!(c.row_count().await, 10);
    assert_eq!(c.range().await, rows_text(1, 10, Some(total)));
    wait_url_param(&c, "limit", "10").await;
    c.close().await;
}

/// 4. Next page: "Rows 11–20", other rows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn page_forward() {
    let c = Console::start(&[]).await;
    c.open("limit=10").await;
    let total = c.server.list_jobs("limit=1").await.count.expect("count");
    let first = c.row_ids().await;
    assert_eq!(
        c.attr("button[data-page=prev]", "disabled").await.as_deref(),
        Some("")
    );
    let query = c.reload_after(c.click("button[data-page=next]")).await;
    assert!(query.contains("offset=10"), "request {query}");
    assert_eq!(c.range().await, rows_text(11, 20, Some(total)));
    let second = c.row_ids().await;
    assert_eq!(second.len(), 10);
    assert_ne!(first[0], second[0]);
    assert!(second.iter().all(|id| !first.contains(id)), "pages overlap");
    let api = c.server.job_ids("limit=10&offset=10").await;
    assert_eq!(second, api);
    // The second page's number is current; previous is enabled.
    assert_eq!(
        c.attr("button[data-page-index=\"1\"]", "aria-current")
            .await
            .as_deref(),
        Some("page")
    );
    assert_eq!(c.attr("button[data-page=prev]", "disabled").await, None);
    wait_url_param(&c, "offset", "10").await;
    // And back with a page number.
    c.reload_after(c.click("button[data-page-index=\"0\"]")).await;
    assert_eq!(c.row_ids().await, first);
    // The last page, then the first.
    let query = c.reload_after(c.click("button[data-page=last]")).await;
    let last = (total - 1) / 10 * 10;
    assert!(query.contains(&format!("offset={last}")), "request {query}");
    assert_eq!(
        c.range().await,
        rows_text(last as usize + 1, total as usize, Some(total))
    );
    assert!(c.attr("button[data-page=next]", "disabled").await.is_some());
    assert!(c.attr("button[data-page=last]", "disabled").await.is_some());
    c.reload_after(c.click("button[data-page=first]")).await;
    assert_eq!(c.row_ids().await, first);
    c.close().await;
}

/// 5. Sort by job id: ascending, then descending; `aria-sort` follows.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sort_by_job_id() {
    let c = Console::start(&[]).await;
    c.open("limit=20").await;
    let server_order = c.row_ids().await;
    let th = "th[data-sort-key=job_id]";
    assert_eq!(c.attr(th, "aria-sort").await, None);
    assert_eq!(
        c.attr("th[data-sort-key=begin_time]", "aria-sort")
            .await
            .as_deref(),
        Some("descending")
    );

    c.click(&format!("{th} button.sdrs-sort")).await;
    let mut asc = server_order.clone();
    asc.sort();
    wait_until("rows sorted by job id, ascending", || {
        let asc = asc.clone();
        let c = &c;
        async move {
            let ids = c.row_ids().await;
            check(ids == asc, ids)
        }
    })
    .await;
    assert_eq!(c.attr(th, "aria-sort").await.as_deref(), Some("ascending"));
    assert_eq!(c.attr("th[data-sort-key=begin_time]", "aria-sort").await, None);
    wait_url_param(&c, "sort", "job_id.asc").await;

    c.click(&format!("{th} button.sdrs-sort")).await;
    let desc: Vec<String> = asc.iter().rev().cloned().collect();
    wait_until("rows sorted by job id, descending", || {
        let desc = desc.clone();
        let c = &c;
        async move {
            let ids = c.row_ids().await;
            check(ids == desc, ids)
        }
    })
    .await;
    assert_eq!(c.attr(th, "aria-sort").await.as_deref(), Some("descending"));
    c.close().await;
}

/// The drawer's fields that hold the job's wire values verbatim.
fn assert_drawer_matches(fields: &BTreeMap<String, String>, job: &FailureJob) {
    let field = |k: &str| {
        fields
            .get(k)
            .unwrap_or_else(|| panic!("the drawer has no [data-field={k}]: {fields:#?}"))
            .trim()
            .to_owned()
    };
    assert_eq!(field("job_id"), job.job_id);
    assert_eq!(field("resource_id"), job.resource_id);
    assert_eq!(field("job_type"), job.job_type.trim());
    assert_eq!(field("begin_time"), job.begin_time);
    assert_eq!(field("resource_name"), job.resource_name.trim());
    match &job.error_code {
        Some(code) if !code.is_empty() => assert_eq!(field("error_code"), *code),
        _ => assert_eq!(field("error_code"), "—", "no error code"),
    }
    match &job.fail_reason {
        Some(reason) if !reason.trim().is_empty() => assert_eq!(field("fail_reason"), reason.trim()),
        _ => assert!(!field("fail_reason").is_empty()),
    }
    assert!(!field("job_status").is_empty(), "job_status is empty");
}

/// 6. A click on a row opens the drawer with the job's fields as the API
///    returns them; Esc closes it and focus returns to the row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn drawer_shows_the_job_and_esc_closes_it() {
    let c = Console::start(&[]).await;
    c.open("limit=20").await;
    let api = c.api_rows_of_last_list().await;
    assert_eq!(c.row_ids().await.len(), api.len());
    // A row with an error code and a reason, and one without if any.
    let with_code = api
        .iter()
        .find(|j| j.error_code.is_some() && j.fail_reason.is_some())
        .expect("a row with an error code");
    let dialog = "[role=dialog].sdrs-drawer";

    for job in [Some(with_code), api.iter().find(|j| j.error_code.is_none())]
        .into_iter()
        .flatten()
    {
        c.open_row(&job.job_id).await;
        assert!(c.visible(dialog).await, "the drawer is not visible");
        assert_eq!(c.attr(dialog, "aria-modal").await.as_deref(), Some("true"));
        let title_id = c.attr(dialog, "aria-labelledby").await.expect("aria-labelledby");
        assert!(c.exists(&format!("#{title_id}")).await);
        assert!(
            c.exists(&format!(
                "{ROWS}[aria-current=\"true\"][data-job-id=\"{}\"]",
                job.job_id
            ))
            .await
        );
        let fields = c.drawer_fields().await;
        assert_drawer_matches(&fields, job);
        // Status and type are shown with the labels of the filter form.
        let status_label = c
            .text(&format!(
                "select[name=failure_status] option[value=\"{}\"]",
                job.failure_status.as_str()
            ))
            .await;
        assert_eq!(fields["failure_status"].trim(), status_label);
        let kind = job.resource_type.kind().expect("a known resource type");
        let type_label = c
            .text(&format!(
                "select[name=resource_type] option[value=\"{}\"]",
                kind.filter_value()
            ))
            .await;
        assert_eq!(fields["resource_type"].trim(), type_label);
        wait_url_param(&c, "job", &job.job_id).await;
        // The job record loads from `jobs/{job_id}`: it failed.
        c.wait_gone(".sdrs-job-details[aria-busy=true]").await;
        assert_eq!(c.text("[role=dialog] [data-field=status]").await, "Failed");
        // Focus is inside the drawer; Esc closes it.
        c.wait_focus_in_dialog().await;
        // Tab and Shift+Tab never leave it.
        for keys in [Key::Tab.to_string(), Key::Shift + &Key::Tab.to_string()] {
            for _ in 0..12 {
                c.press(&keys).await;
                let inside = c
                    .js(
                        "return !!document.activeElement?.closest('[role=dialog]')",
                        vec![],
                    )
                    .await;
                assert_eq!(inside.as_bool(), Some(true), "focus left the drawer");
            }
        }
        c.press(&Key::Escape.to_string()).await;
        c.wait_gone(dialog).await;
        c.wait_focus_on_row(&job.job_id).await;
        assert_eq!(c.count(&format!("{ROWS}[aria-current=\"true\"]")).await, 0);
    }

    // The close button works too, and Enter on a focused row opens it.
    let first = &api[0];
    c.open_row(&first.job_id).await;
    c.click(".sdrs-drawer-close").await;
    c.wait_gone(dialog).await;
    assert_eq!(
        c.active_attr("data-job-id").await.as_deref(),
        Some(first.job_id.as_str())
    );
    c.press(&Key::Enter.to_string()).await;
    c.wait_drawer(&first.job_id).await;
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}

/// 7. Filter, page size, page and open job survive a reload.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn url_restores_the_view_after_reload() {
    let c = Console::start(&[]).await;
    c.open("").await;
    c.reload_after(c.select("select[name=page_size]", "10")).await;
    // A resource type with more than one page at group level.
    c.reload_after(c.select("select[name=resource_type]", "server_groups"))
        .await;
    let total = c
        .server
        .list_jobs("resource_type=server_groups&limit=1")
        .await
        .count
        .expect("count");
    assert!(total > 10, "one page only: {total}");
    c.reload_after(c.click("button[data-page=next]")).await;
    c.click("th[data-sort-key=job_id] button.sdrs-sort").await;
    wait_url_param(&c, "sort", "job_id.asc").await;
    let rows = c.row_ids().await;
    let mut sorted = rows.clone();
    sorted.sort();
    assert_eq!(rows, sorted);
    let job = rows[3].clone();
    c.open_row(&job).await;
    let url = wait_url_param(&c, "job", &job).await;
    assert_eq!(url_param(&url, "resource_type").as_deref(), Some("server_groups"));
    assert_eq!(url_param(&url, "limit").as_deref(), Some("10"));
    assert_eq!(url_param(&url, "offset").as_deref(), Some("10"));
    let range = c.range().await;

    c.reload().await;
    c.wait_loaded().await;
    c.wait_drawer(&job).await;
    assert_eq!(c.row_ids().await, rows);
    assert_eq!(c.range().await, range);
    assert_eq!(
        c.attr("select[name=resource_type] option:checked", "value")
            .await
            .as_deref(),
        Some("server_groups")
    );
    assert_eq!(
        c.attr("select[name=page_size] option:checked", "value")
            .await
            .as_deref(),
        Some("10")
    );
    assert!(
        c.exists(&format!("{ROWS}[aria-current=\"true\"][data-job-id=\"{job}\"]"))
            .await
    );
    assert_eq!(
        c.attr("th[data-sort-key=job_id]", "aria-sort").await.as_deref(),
        Some("ascending")
    );
    assert_eq!(c.url().await, url);

    // Back and forward between two views of the page keep working.
    c.open("failure_status=deleteFail&limit=20").await;
    let other = c.row_ids().await;
    c.client.back().await.expect("back");
    c.wait_loaded().await;
    c.wait_drawer(&job).await;
    assert_eq!(c.row_ids().await, rows);
    c.client.forward().await.expect("forward");
    c.wait_loaded().await;
    wait_url_param(&c, "failure_status", "deleteFail").await;
    assert_eq!(c.row_ids().await, other);
    c.close().await;
}

/// 8. Count mode `page`: the total is unknown, paging still works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn paging_when_count_is_the_page() {
    let c = Console::start(&["--count", "page"]).await;
    let n = c.open("limit=10").await;
    assert_eq!(n, 10);
    assert_eq!(c.range().await, rows_text(1, 10, None));
    assert_eq!(c.attr("button[data-page=next]", "disabled").await, None);
    // Without a total there are no page numbers and no "last".
    assert_eq!(c.count("button[data-page-index]").await, 0);
    assert!(c.attr("button[data-page=last]", "disabled").await.is_some());
    let first = c.row_ids().await;
    c.reload_after(c.click("button[data-page=next]")).await;
    assert_eq!(c.range().await, rows_text(11, 20, None));
    assert_ne!(c.row_ids().await, first);
    c.reload_after(c.click("button[data-page=prev]")).await;
    assert_eq!(c.row_ids().await, first);

    // The last, short page of a filtered list: next is disabled.
    let mut partial = None;
    for status in sdrs_models::FailureStatus::ALL {
        let q = format!("failure_status={}&limit=1000", status.as_str());
        let n = c.server.list_jobs(&q).await.failure_jobs.len();
        if n > 10 && n % 10 != 0 {
            partial = Some((status.as_str().to_owned(), n));
            break;
        }
    }
    let (status, total) = partial.expect("a status whose rows do not fill whole pages");
    let last = total / 10 * 10;
    c.open(&format!("failure_status={status}&limit=10&offset={last}"))
        .await;
    assert_eq!(c.row_count().await, total - last);
    // A short page is the last one, so its total is known after all.
    assert_eq!(c.range().await, rows_text(last + 1, total, Some(total as u64)));
    assert!(c.attr("button[data-page=next]", "disabled").await.is_some());
    assert_eq!(c.attr("button[data-page=prev]", "disabled").await, None);

    // A full last page cannot tell; next then finds an empty page.
    let all = c.server.list_jobs("limit=1000").await.failure_jobs.len();
    if all % 10 == 0 {
        c.open(&format!("limit=10&offset={}", all - 10)).await;
        assert_eq!(c.attr("button[data-page=next]", "disabled").await, None);
        c.click("button[data-page=next]").await;
        c.wait_text(".sdrs-range", "no rows", |t| t == "No rows").await;
        assert_eq!(c.row_count().await, 0);
        assert!(c.attr("button[data-page=next]", "disabled").await.is_some());
        assert_eq!(c.attr("button[data-page=prev]", "disabled").await, None);
    }
    c.close().await;
}

/// 9. Choosing a protection group lists that group's tasks, of other
///    resource types than protection groups.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_scope_lists_the_groups_tasks() {
    let c = Console::start(&[]).await;
    c.open("").await;
    let kinds: Vec<String> = c.texts(&format!("{ROWS} .sdrs-cell-resource .sdrs-sub")).await;
    assert!(
        kinds.iter().all(|k| k == "Protection group"),
        "group level shows {kinds:?}"
    );
    let groups = c.server.groups().await;
    let (group, name) = groups.first().cloned().expect("protection groups");
    let select = "select[name=server_group_id]";
    c.wait_for(&format!("{select} option[value=\"{group}\"]")).await;
    let query = c.reload_after(c.select(select, &group)).await;
    assert!(
        query.contains(&format!("server_group_id={group}")),
        "request {query}"
    );
    let api = c.server.list_jobs(&query).await.failure_jobs;
    assert_eq!(
        c.row_ids().await,
        api.iter().map(|j| j.job_id.clone()).collect::<Vec<_>>()
    );
    assert!(
        api.iter()
            .any(|j| j.resource_type.kind() != Some(ResourceKind::ServerGroup)),
        "only protection-group rows in group {group}"
    );
    let kinds = c.texts(&format!("{ROWS} .sdrs-cell-resource .sdrs-sub")).await;
    assert!(
        kinds.iter().any(|k| k != "Protection group"),
        "the table shows only protection-group rows: {kinds:?}"
    );
    // A protected instance's job record (in the drawer) names the group.
    let member = api
        .iter()
        .find(|j| j.resource_type.kind() != Some(ResourceKind::ServerGroup))
        .expect("a task of a group member");
    c.open_row(&member.job_id).await;
    c.wait_gone(".sdrs-job-details[aria-busy=true]").await;
    assert_eq!(c.text("[role=dialog] [data-field=server_group_id]").await, group);
    c.press(&Key::Escape.to_string()).await;
    c.wait_gone("[role=dialog].sdrs-drawer").await;
    // The hint names the group; the URL holds it.
    let hint = c.text(".sdrs-scope-hint").await;
    assert!(hint.contains(name.trim()), "hint {hint:?} lacks {name:?}");
    wait_url_param(&c, "server_group_id", &group).await;
    // Reset returns to protection-group level.
    c.reload_after(c.click("button[type=reset]")).await;
    let kinds = c.texts(&format!("{ROWS} .sdrs-cell-resource .sdrs-sub")).await;
    assert!(kinds.iter().all(|k| k == "Protection group"), "{kinds:?}");
    c.close().await;
}

/// 10. A 503 shows code and request id in `role=alert`; Retry recovers.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn error_banner_and_retry() {
    let c = Console::start(&[]).await;
    c.open("").await;
    let rows = c.row_ids().await;
    c.wait_timeline_settled().await;
    c.server
        .queue_fault(serde_json::json!({
            "path_prefix": format!("/v1/{}/task-center/failure-jobs", sdrs_e2e::PROJECT_ID),
            "status": 503,
        }))
        .await;
    c.select("select[name=page_size]", "20").await;
    let alert = ".sdrs-error[role=alert]";
    c.wait_for(alert).await;
    let text = c.text(alert).await;
    assert!(text.contains("503"), "{text}");
    assert!(text.contains("SDRS.0013"), "{text}");
    let request_id = c.text(&format!("{alert} .sdrs-error-request-id")).await;
    assert!(
        request_id.len() == 32 && request_id.chars().all(|ch| ch.is_ascii_hexdigit()),
        "request id {request_id:?}"
    );
    // The last good rows stay visible under the banner.
    assert_eq!(c.row_ids().await, rows);

    c.reload_after(c.click(&format!("{alert} button.sdrs-button-primary")))
        .await;
    c.wait_gone(alert).await;
    assert_eq!(c.row_count().await, 20);
    c.assert_no_console_errors(&["503"]).await;
    c.close().await;
}

/// The two README views, the list with a filter applied and the drawer
/// open, render at 1400x900. A test run writes no file: `scripts/screenshots`
/// sets `SDRS_SCREENSHOTS_DIR` (to `docs/`) to save them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn readme_views_render() {
    let c = Console::start(&[]).await;
    let groups = c.server.groups().await;
    let (group, _) = groups.first().cloned().expect("protection groups");
    c.open(&format!("server_group_id={group}&limit=20")).await;
    c.reload_after(c.select("select[name=resource_type]", "protected_instances"))
        .await;
    // No focus ring on the select just used; nothing moving.
    c.js("document.activeElement?.blur()", vec![]).await;
    c.wait_animations().await;
    let list = c.screenshot().await;
    let ids = c.row_ids().await;
    assert_eq!(ids.len(), 20, "the list shows a full page");
    c.open_row(&ids[1]).await;
    c.wait_gone(".sdrs-job-details[aria-busy=true]").await;
    c.wait_animations().await;
    let drawer = c.screenshot().await;
    for (name, png) in [("screenshot.png", &list), ("screenshot-drawer.png", &drawer)] {
        assert_eq!(&png[1..4], b"PNG");
        // IHDR: width and height, big-endian, at bytes 16..24.
        let w = u32::from_be_bytes(png[16..20].try_into().unwrap());
        let h = u32::from_be_bytes(png[20..24].try_into().unwrap());
        assert_eq!((w, h), sdrs_e2e::WINDOW, "{name} size");
        if let Some(dir) = std::env::var_os("SDRS_SCREENSHOTS_DIR") {
            let path = std::path::Path::new(&dir).join(name);
            std::fs::write(&path, png).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        }
    }
    c.close().await;
}

/// The resource name filter (debounced, and Enter), the empty state, and
/// the inline message of a name that is too long.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn resource_name_filter_and_empty_state() {
    let c = Console::start(&[]).await;
    c.open("").await;
    let input = "input[name=resource_name]";
    // Part of a name shown at group level, in another case.
    let api = c.server.list_jobs("limit=50").await.failure_jobs;
    let name = api
        .iter()
        .map(|j| j.resource_name.clone())
        .find(|n| n.is_ascii() && n.len() >= 6 && !n.contains(char::is_whitespace))
        .expect("a plain resource name");
    let part = name[1..name.len() - 1].to_uppercase();
    let query = c
        .reload_after(async {
            c.find(input).await.send_keys(&part).await.expect("type");
        })
        .await;
    assert!(query.contains("resource_name="), "request {query}");
    let expected = c.server.list_jobs(&query).await.failure_jobs;
    assert!(!expected.is_empty());
    assert!(expected
        .iter()
        .all(|j| j.resource_name.to_lowercase().contains(&part.to_lowercase())));
    assert_eq!(
        c.row_ids().await,
        expected.iter().map(|j| j.job_id.clone()).collect::<Vec<_>>()
    );
    wait_url_param(&c, "resource_name", &part).await;

    // No match: no rows, and the empty state says why.
    let query = c
        .reload_after(async {
            let el = c.find(input).await;
            el.clear().await.expect("clear");
            el.send_keys(&format!("no-such-resource{}", Key::Enter))
                .await
                .expect("type");
        })
        .await;
    assert!(
        query.contains("resource_name=no-such-resource"),
        "request {query}"
    );
    assert_eq!(c.row_count().await, 0);
    let empty = c.text(".sdrs-empty").await;
    assert_eq!(empty, "No failed tasks match these filters.");
    assert_eq!(c.range().await, "No rows");

    // Over 255 characters: an inline message, nothing sent.
    c.server.clear_requests().await;
    let el = c.find(input).await;
    el.clear().await.expect("clear");
    el.send_keys(&format!("{}{}", "x".repeat(256), Key::Enter))
        .await
        .expect("type");
    wait_until("the name to be marked invalid", || async {
        let invalid = c.attr(input, "aria-invalid").await;
        check(invalid.as_deref() == Some("true"), invalid)
    })
    .await;
    let message = c.text(".sdrs-field-error").await;
    assert!(message.contains("255"), "{message:?}");
    assert!(c.server.console_list_queries().await.is_empty());

    // Reset clears the form and the filter.
    let query = c.reload_after(c.click("button[type=reset]")).await;
    assert!(!query.contains("resource_name"), "request {query}");
    assert_eq!(c.attr(input, "aria-invalid").await, None);
    assert_eq!(
        c.js(
            "return document.querySelector(arguments[0]).value",
            vec![serde_json::json!(input)]
        )
        .await,
        ""
    );
    assert!(c.row_count().await > 0);
    c.close().await;
}

/// `--require-token`: a 401 asks for a token, which is then sent and kept
/// in memory only.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn token_prompt_after_401() {
    let c = Console::start(&["--require-token"]).await;
    c.goto(&c.page_url("limit=10")).await;
    let token_input = "[role=dialog] input[name=token]";
    c.wait_for(token_input).await;
    assert_eq!(c.row_count().await, 0);
    let query = c
        .reload_after(async {
            c.find(token_input)
                .await
                .send_keys(&format!("e2e-token{}", Key::Enter))
                .await
                .expect("type the token");
        })
        .await;
    assert!(query.contains("limit=10"), "request {query}");
    assert_eq!(c.wait_loaded().await, 10);
    c.wait_gone(token_input).await;
    let sent: Vec<serde_json::Value> = c
        .server
        .requests()
        .await
        .into_iter()
        .filter(|r| r["token"].as_str() != Some(sdrs_e2e::HARNESS_TOKEN))
        .collect();
    assert!(
        sent.iter().all(|r| r["token"].as_str() == Some("e2e-token")),
        "{sent:#?}"
    );
    let stored = c
        .js("return sessionStorage.getItem('sdrs-console.token')", vec![])
        .await;
    assert!(stored.is_null(), "token stored without asking: {stored}");
    c.assert_no_console_errors(&["401"]).await;
    c.close().await;
}

/// After a 401 and a token, the protection-group picker (whose first call
/// was refused too) should offer the groups.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn group_picker_loads_after_token() {
    let c = Console::start(&["--require-token"]).await;
    c.goto(&c.page_url("")).await;
    let token_input = "[role=dialog] input[name=token]";
    c.wait_for(token_input).await;
    c.find(token_input)
        .await
        .send_keys(&format!("e2e-token{}", Key::Enter))
        .await
        .expect("type the token");
    c.wait_loaded().await;
    let groups = c.server.groups().await;
    c.wait_for(&format!(
        "select[name=server_group_id] option[value=\"{}\"]",
        groups[0].0
    ))
    .await;
    c.close().await;
}
