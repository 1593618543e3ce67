//! End-to-end tests of "All scopes": the server emulates three projects in
//! two regions (`--emulated-scopes 2`) and its watcher polls them into the
//! journal; the console lists every scope's failures, shows each scope's
//! health with one scope failing, keeps a failure deleted through the
//! console as "cleaned up" linked to its audit record, acknowledges a
//! failure with a comment and several at once, shows a filter picked in
//! the trends, switches to one scope live, and passes axe in
//! English and Chinese.

use sdrs_console::i18n::Locale;
use sdrs_e2e::all_scopes::{
    start_with_one_scope_failing, wait_health, wait_watched, HEALTH_ITEM, JOURNAL_ROW,
};
use sdrs_e2e::chunks::fetch_count;
use sdrs_e2e::{assert_axe_clean, check, wait_until, Console};
use serde_json::{json, Value};

const DRAWER: &str = "[role=dialog].sdrs-drawer";
const CONFIRM: &str = "[role=alertdialog]";

/// The `data-row-id` of the first row of `scope`, once one is listed.
async fn first_row_of(c: &Console, scope: &str) -> String {
    let row = format!("{JOURNAL_ROW}[data-scope='{scope}']");
    wait_watched(&format!("a row of {scope}"), || async {
        c.attrs(&row, "data-row-id")
            .await
            .into_iter()
            .flatten()
            .next()
            .ok_or_else(|| "no row yet".to_owned())
    })
    .await
}

async fn get_json(c: &Console, path: &str) -> Value {
    c.server.get_json(path).await
}

/// 1. All scopes lists the failures of every scope that answers, each row
///    naming its scope; the refused scope is shown stale with its error and
///    a retry (what it listed before stays, marked stale), and never blanks
///    the others.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn all_scopes_lists_every_scope_while_one_is_refused() {
    let (c, scopes) = start_with_one_scope_failing().await;
    c.goto(&c.page_url("")).await;
    wait_health(&c, &scopes).await;
    // The list refreshes with the strip; reload to read it after the rounds.
    c.goto(&c.page_url("limit=100")).await;
    let row_scopes = wait_watched("rows of both scopes that answer", || async {
        let seen: Vec<Option<String>> = c.attrs(JOURNAL_ROW, "data-scope").await;
        let has = |name: &str| seen.iter().any(|s| s.as_deref() == Some(name));
        check(has(&scopes[0].0) && has(&scopes[1].0), seen.clone()).map(|()| seen)
    })
    .await;
    // Rows the refused scope listed before its credential was refused
    // stay, each marked stale.
    let failing_rows = format!("{JOURNAL_ROW}[data-scope='{}']", scopes[2].0);
    let (listed, marked) = (
        c.count(&failing_rows).await,
        c.count(&format!("{failing_rows} .sdrs-stale")).await,
    );
    assert_eq!(
        listed, marked,
        "every row of the refused scope is marked stale: {row_scopes:?}"
    );
    let journal = get_json(&c, "/api/journal?state=open&limit=1").await;
    let total = journal["total"].as_u64().expect("an exact total");
    assert!(
        c.text(".sdrs-journal .sdrs-range")
            .await
            .contains(&total.to_string()),
        "the range names the journal's exact total {total}"
    );
    let refused = format!("{HEALTH_ITEM}[data-scope='{}']", scopes[2].0);
    assert_eq!(c.attr(&refused, "data-stale").await.as_deref(), Some("true"));
    let error = c.text(&format!("{refused} .sdrs-health-error")).await;
    assert!(error.contains("APIGW.0301") || error.contains("401"), "{error}");
    assert!(
        c.exists(&format!("{refused} button[data-action=retry-scope]"))
            .await
    );
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}

/// 2. A failure deleted from All scopes goes to its own scope, stays in the
///    journal as cleaned up through the console, linked to the audit record
///    of the delete.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_delete_from_all_scopes_is_kept_as_cleaned_up_and_audited() {
    let (c, scopes) = start_with_one_scope_failing().await;
    let second = scopes[1].0.clone();
    c.goto(&c.page_url(&format!("in_scope={second}&state=open&limit=20")))
        .await;
    let id = first_row_of(&c, &second).await;
    c.click(&format!(
        "{JOURNAL_ROW}[data-row-id='{id}'] button[data-action=open]"
    ))
    .await;
    c.wait_for(DRAWER).await;
    // It slides in: a click before it stands still can land beside its target.
    c.wait_animations().await;
    let resource = c.text(&format!("{DRAWER} .sdrs-drawer-head")).await;
    c.click(&format!("{DRAWER} button[data-action=delete]")).await;
    c.wait_for(CONFIRM).await;
    c.click(&format!("{CONFIRM} button[data-confirm=ok]")).await;
    c.wait_gone(CONFIRM).await;

    let audit = get_json(&c, "/audit/records?limit=1").await;
    let record = &audit["records"][0];
    assert_eq!(record["outcome"], "succeeded", "{audit}");
    assert_eq!(
        record["projectId"].as_str(),
        Some(scopes[1].1.as_str()),
        "{audit}"
    );
    assert_eq!(record["scope"].as_str(), Some(second.as_str()), "{audit}");
    let audit_id = record["id"].as_i64().expect("the record's id");

    c.goto(&c.page_url(&format!("in_scope={second}&state=cleared&limit=20")))
        .await;
    wait_watched("the deleted failure listed as cleaned up", || async {
        let states = c.attrs(JOURNAL_ROW, "data-state").await;
        check(
            states.len() == 1 && states[0].as_deref() == Some("cleared"),
            states,
        )
    })
    .await;
    let cleared = get_json(&c, &format!("/api/journal?scope={second}&state=cleared")).await;
    assert_eq!(
        cleared["entries"][0]["cleared"],
        json!({"by": "console", "audit_id": audit_id, "user": "anonymous"}),
        "{cleared} (drawer said {resource:?})"
    );
    c.close().await;
}

/// The open entries of `scope` that carry an acknowledgement, from the API.
async fn acked_entries(c: &Console, scope: &str) -> Vec<Value> {
    let page = get_json(c, &format!("/api/journal?scope={scope}&state=open&limit=1000")).await;
    page["entries"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|e| e["ack"].is_object())
        .cloned()
        .collect()
}

/// Waits until keyboard focus is on the drawer's acknowledgement line.
async fn wait_focus_on_ack_line(c: &Console) {
    wait_until("focus on the acknowledgement line", || async {
        let on = c
            .js(
                "return !!document.activeElement?.matches(arguments[0])",
                vec![json!(format!("{DRAWER} [data-field=ack]"))],
            )
            .await;
        check(on == json!(true), on)
    })
    .await;
}

/// 2b. A failure acknowledged in the drawer with a comment: the drawer
///    and the row say so, and the journal's API has who and why; then
///    withdrawn, and unacknowledged again everywhere; both audited.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_failure_is_acknowledged_with_a_comment_from_the_drawer() {
    let (c, scopes) = start_with_one_scope_failing().await;
    let first = scopes[0].0.clone();
    c.goto(&c.page_url(&format!("in_scope={first}&state=open&limit=20")))
        .await;
    let id = first_row_of(&c, &first).await;
    let this_row = format!("{JOURNAL_ROW}[data-row-id='{id}']");
    assert!(!c.exists(&format!("{this_row} [data-field=acked]")).await);
    c.click(&format!("{this_row} button[data-action=open]")).await;
    c.wait_for(DRAWER).await;
    // It slides in: a click before it stands still can land beside its target.
    c.wait_animations().await;
    assert_eq!(
        c.text(&format!("{DRAWER} [data-field=ack]")).await,
        "Not acknowledged yet"
    );
    // Without a comment it says what is missing and sends nothing.
    c.click(&format!("{DRAWER} button[data-action=acknowledge]"))
        .await;
    c.wait_for(&format!("{DRAWER} .sdrs-ack-form [role=alert]")).await;
    let comment = "DR site quota, raised in OPS-12";
    c.fill(&format!("{DRAWER} .sdrs-ack-form textarea"), comment)
        .await;
    c.click(&format!("{DRAWER} button[data-action=acknowledge]"))
        .await;
    wait_watched("the drawer to show the acknowledgement", || async {
        let text = c.text(&format!("{DRAWER} [data-field=ack]")).await;
        check(text.starts_with("Acknowledged by anonymous"), text)
    })
    .await;
    // Regression: the drawer was drawn anew with the acknowledged entry,
    // and keyboard focus landed on its Close button (Enter again closed
    // the drawer); the new state line takes it.
    wait_focus_on_ack_line(&c).await;
    assert_eq!(
        c.text(&format!("{DRAWER} [data-field=ack_comment]")).await,
        comment
    );
    c.wait_for(&format!("{this_row} [data-field=acked]")).await;
    let acked = acked_entries(&c, &first).await;
    assert_eq!(acked.len(), 1, "{acked:?}");
    assert_eq!(acked[0]["ack"]["comment"], comment);
    assert_eq!(acked[0]["ack"]["user"], "anonymous");

    // Withdrawn from the drawer: not acknowledged on the page or the API.
    c.click(&format!("{DRAWER} button[data-action=withdraw-ack]"))
        .await;
    wait_watched("the drawer to show the withdrawal", || async {
        let text = c.text(&format!("{DRAWER} [data-field=ack]")).await;
        check(text == "Not acknowledged yet", text)
    })
    .await;
    wait_focus_on_ack_line(&c).await;
    c.wait_gone(&format!("{this_row} [data-field=acked]")).await;
    assert!(
        !c.exists(&format!("{DRAWER} button[data-action=withdraw-ack]"))
            .await
    );
    let still = acked_entries(&c, &first).await;
    assert!(still.is_empty(), "{still:?}");

    // Both are in the audit trail, with the failure and the comment.
    for action in ["acknowledge", "withdraw_ack"] {
        let audit = get_json(&c, &format!("/audit/records?action={action}")).await;
        let records = audit["records"].as_array().cloned().unwrap_or_default();
        let seen: Vec<(&str, &str, &str, &str)> = records
            .iter()
            .map(|r| {
                let text = |k: &str| r[k].as_str().unwrap_or("-");
                (text("user"), text("scope"), text("failureJobId"), text("comment"))
            })
            .collect();
        let job = acked[0]["job"]["job_id"].as_str().unwrap_or("?");
        assert_eq!(
            seen,
            [("anonymous", first.as_str(), job, comment)],
            "{action}: {audit}"
        );
    }
    c.close().await;
}

/// 2c. Several failures ticked and acknowledged with one comment: each
///    row says so, the selection is cleared, the API has all of them.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn ticked_failures_are_acknowledged_together() {
    let (c, scopes) = start_with_one_scope_failing().await;
    let first = scopes[0].0.clone();
    c.goto(&c.page_url(&format!("in_scope={first}&state=open&limit=20")))
        .await;
    first_row_of(&c, &first).await;
    let ids: Vec<String> = c
        .attrs(JOURNAL_ROW, "data-row-id")
        .await
        .into_iter()
        .flatten()
        .take(2)
        .collect();
    assert_eq!(ids.len(), 2, "two rows to tick");
    for id in &ids {
        c.click(&format!(
            "{JOURNAL_ROW}[data-row-id='{id}'] input[data-action=select-row]"
        ))
        .await;
    }
    c.wait_for(".sdrs-bulk-ack").await;
    assert_eq!(c.text(".sdrs-bulk-count").await, "2 selected");
    let comment = "known quota issue, OPS-31";
    c.fill(".sdrs-bulk-ack textarea", comment).await;

    // A list refresh (every 30 s, or the button) that changes the page
    // leaves the comment field, its text and its focus as they are.
    c.js(
        "const t = document.querySelector('.sdrs-bulk-ack textarea'); \
         t.dataset.firstDrawn = '1'; t.focus()",
        vec![],
    )
    .await;
    let lists = || fetch_count(&c, "/api/journal");
    // Another row changes meanwhile (acknowledged elsewhere), so the
    // refreshed page differs from the one shown.
    let page = get_json(&c, &format!("/api/journal?scope={first}&state=open&limit=20")).await;
    let other = page["entries"]
        .as_array()
        .and_then(|e| e.last())
        .expect("a third row");
    let body = json!({
        "entries": [{"scope": other["scope"], "job_id": other["job"]["job_id"]}],
        "comment": "handled elsewhere",
    });
    let acked = reqwest::Client::new()
        .post(c.server.url("/api/journal/ack"))
        .header("content-type", "application/json")
        .body(body.to_string())
        .send()
        .await
        .expect("POST /api/journal/ack");
    assert!(acked.status().is_success(), "{:?}", acked.text().await);
    let before = lists().await;
    // A click from script, which leaves the focus where it is.
    c.js(
        "document.querySelector('button[data-action=refresh]').click()",
        vec![],
    )
    .await;
    wait_until("the list fetched again", || async {
        let n = lists().await;
        check(n > before, n)
    })
    .await;
    // The answer is drawn within a few frames of arriving: look for 0.5 s.
    for _ in 0..5 {
        let kept = c
            .js(
                "const t = document.querySelector('.sdrs-bulk-ack textarea'); \
                 return [t?.dataset.firstDrawn === '1', document.activeElement === t, t?.value]",
                vec![],
            )
            .await;
        assert_eq!(
            kept,
            json!([true, true, comment]),
            "the comment field after a refresh"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    c.click("button[data-action=acknowledge-selected]").await;
    for id in &ids {
        c.wait_for(&format!("{JOURNAL_ROW}[data-row-id='{id}'] [data-field=acked]"))
            .await;
    }
    c.wait_gone(".sdrs-bulk-ack").await;
    let acked: Vec<Value> = acked_entries(&c, &first)
        .await
        .into_iter()
        .filter(|e| e["ack"]["comment"] == comment)
        .collect();
    assert_eq!(acked.len(), 2, "{acked:?}");
    c.close().await;
}

/// 2d. A list filtered by what the form has no field for (an error code,
///    as a trend's click leaves it) says so; removing the filter lists
///    everything again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_picked_error_code_is_shown_and_removed() {
    let (c, scopes) = start_with_one_scope_failing().await;
    let first = scopes[0].0.clone();
    let code = wait_watched("a recorded failure with an error code", || async {
        let page = get_json(&c, &format!("/api/journal?scope={first}&state=all&limit=1000")).await;
        page["entries"]
            .as_array()
            .and_then(|all| {
                all.iter()
                    .find_map(|e| e["job"]["error_code"].as_str().map(str::to_owned))
            })
            .ok_or_else(|| "none yet".to_owned())
    })
    .await;
    let with_code = get_json(
        &c,
        &format!("/api/journal?state=all&error_code={code}&limit=1000"),
    )
    .await;
    let total = with_code["total"].as_u64().unwrap();
    assert!(
        total > 0
            && with_code["entries"]
                .as_array()
                .unwrap()
                .iter()
                .all(|e| e["job"]["error_code"] == code)
    );
    c.goto(&c.page_url(&format!("state=all&error_code={code}&limit=100")))
        .await;
    c.wait_for(".sdrs-picked-list .sdrs-picked").await;
    assert_eq!(
        c.text(".sdrs-picked-list .sdrs-picked span").await,
        format!("Error code {code}")
    );
    wait_watched("the rows of that code", || async {
        let n = c.count(JOURNAL_ROW).await as u64;
        check(n == total.min(100), n)
    })
    .await;
    c.click(".sdrs-picked-list .sdrs-picked-remove").await;
    c.wait_gone(".sdrs-picked-list").await;
    let search = c.js("return location.search", vec![]).await;
    assert!(
        !search.as_str().unwrap_or_default().contains("error_code"),
        "{search}"
    );
    c.close().await;
}

/// 3. One scope chosen in the picker is that scope, live, through the
///    server's `/scopes/{name}/v1/...`.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_scope_is_shown_live_through_its_own_route() {
    let (c, scopes) = start_with_one_scope_failing().await;
    let second = &scopes[1];
    c.goto(&c.page_url(&format!("scope={}", second.0))).await;
    c.wait_loaded().await;
    let live = format!("{}/v1/{}/task-center/failure-jobs", second.2, second.1);
    let sent = c
        .js(
            "return performance.getEntriesByType('resource').map(e => new URL(e.name).pathname)",
            vec![],
        )
        .await;
    assert!(
        sent.as_array()
            .is_some_and(|all| all.iter().any(|p| p.as_str() == Some(live.as_str()))),
        "the list came from {live}: {sent}"
    );
    assert!(c.row_count().await > 0);
    c.close().await;
}

/// 4. axe over All scopes (list, health strip with a refused scope, the
///    drawer and the delete confirmation) in English and in Chinese.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_all_scopes_in_both_languages() {
    let (c, scopes) = start_with_one_scope_failing().await;
    c.goto(&c.page_url("limit=20")).await;
    wait_health(&c, &scopes).await;
    c.goto(&c.page_url("limit=20")).await;
    wait_watched("journal rows", || async {
        let n = c.count(JOURNAL_ROW).await;
        check(n > 0, n)
    })
    .await;
    let mut found = Vec::new();
    for locale in Locale::ALL {
        c.switch_language(locale).await;
        found.extend(c.axe_serious(&format!("all scopes, {locale:?}")).await);
        let id = c.attrs(JOURNAL_ROW, "data-row-id").await[0]
            .clone()
            .expect("a row id");
        c.click(&format!(
            "{JOURNAL_ROW}[data-row-id='{id}'] input[data-action=select-row]"
        ))
        .await;
        c.wait_for(".sdrs-bulk-ack").await;
        found.extend(c.axe_serious(&format!("bulk acknowledgement, {locale:?}")).await);
        c.click(".sdrs-bulk-ack button[type=button]").await;
        c.wait_gone(".sdrs-bulk-ack").await;
        c.click(&format!(
            "{JOURNAL_ROW}[data-row-id='{id}'] button[data-action=open]"
        ))
        .await;
        c.wait_for(DRAWER).await;
        found.extend(c.axe_serious(&format!("journal drawer, {locale:?}")).await);
        c.click(&format!("{DRAWER} button[data-action=delete]")).await;
        c.wait_for(CONFIRM).await;
        found.extend(
            c.axe_serious(&format!("journal delete confirmation, {locale:?}"))
                .await,
        );
        c.click(&format!("{CONFIRM} button[data-confirm=cancel]")).await;
        c.wait_gone(CONFIRM).await;
        c.click(".sdrs-drawer-close").await;
        c.wait_gone(DRAWER).await;
    }
    c.close().await;
    assert_axe_clean(&found);
}
