//! End-to-end tests of team sign-in (issue 16), in Chromium against the
//! real server: a users file made by `add-user` (sign-in, a wrong
//! password, a viewer's disabled deletes, an operator's delete, a session
//! that ends), OpenID Connect against the real provider of
//! `e2e/oidc/provider.mjs` (alice operator, bob viewer), anonymous and
//! cross-site calls refused, every delete and clear in the Audit view with
//! the records it removed, the audit after a restart on the same SQLite
//! file, and axe-core over the sign-in screen and the Audit view in both
//! languages.

mod team_support;

use sdrs_console::i18n::{Locale, TeamKey};
use sdrs_e2e::{assert_axe_clean, check, free_port, scratch_dir, wait_until, Browser, Server, ROWS};
use serde_json::{json, Value};
use team_support::*;

const AUDIT_ROWS: &str = "table.sdrs-audit-table tbody[data-audit-id]";

fn en(k: TeamKey) -> &'static str {
    k.text(Locale::En)
}

/// Waits until the header names `user` with `role`.
async fn wait_signed_in(b: &Browser, user: &str, role: &str) {
    let css = format!(".sdrs-team[data-team-user=\"{user}\"][data-team-role={role}]");
    b.wait_for(&css).await;
}

/// Waits until the Audit view shows `n` records.
async fn wait_audit_rows(b: &Browser, n: usize) {
    wait_until(&format!("{n} audit records"), || async {
        let seen = b.count(AUDIT_ROWS).await;
        check(seen == n, seen)
    })
    .await;
}

/// Runs axe in English and in Chinese, back in English after.
async fn axe_both_languages(b: &Browser, what: &str) -> Vec<String> {
    let mut found = b.axe_serious(&format!("{what}, en")).await;
    b.switch_language(Locale::Zh).await;
    found.extend(b.axe_serious(&format!("{what}, zh")).await);
    b.switch_language(Locale::En).await;
    found
}

fn users_args(users: &std::path::Path) -> Vec<String> {
    vec!["--users".into(), users.display().to_string()]
}

fn as_strs(v: &[String]) -> Vec<&str> {
    v.iter().map(String::as_str).collect()
}

#[tokio::test]
async fn users_file_sign_in_viewer_and_operator() {
    let dir = scratch_dir("team-local");
    let users = users_file(&dir);
    let server = Server::start(&as_strs(&users_args(&users))).await;
    let b = Browser::start().await;
    b.goto(&server.url("/?limit=20")).await;
    b.wait_for(SIGN_IN_FORM).await;
    let mut violations = axe_both_languages(&b, "sign-in screen").await;

    // A wrong password: the message, the name kept, the password gone
    // from the field and from the URL.
    sign_in_form(&b, "bob", "not-his-password").await;
    b.wait_text(
        ".sdrs-sign-in-form .sdrs-field-error[role=alert]",
        "the wrong-password message",
        |t| t == en(TeamKey::WrongPassword),
    )
    .await;
    let fields = b
        .js(
            "return [document.querySelector('input[name=team_user]').value, document.querySelector('input[name=team_password]').value, location.href]",
            vec![],
        )
        .await;
    assert_eq!(fields[0], json!("bob"));
    assert_eq!(fields[1], json!(""));
    assert!(
        !fields[2]
            .as_str()
            .unwrap_or_default()
            .contains("not-his-password"),
        "{fields}"
    );
    violations.extend(b.axe_serious("sign-in screen with an error").await);

    // bob is a viewer: rows, no Audit tab, deletes disabled with the reason.
    sign_in_form(&b, "bob", BOB_PASSWORD).await;
    wait_signed_in(&b, "bob", "viewer").await;
    let ids = wait_rows(&b).await;
    assert!(
        ids.len() <= 20,
        "the page size of the URL was kept: {}",
        ids.len()
    );
    assert!(!b.exists("[data-view=audit]").await, "a viewer sees no Audit tab");
    assert_eq!(
        b.attr("[data-action=clear]", "aria-disabled").await.as_deref(),
        Some("true")
    );
    assert_eq!(
        b.attr(".sdrs-row-delete", "aria-disabled").await.as_deref(),
        Some("true")
    );
    assert_eq!(b.text(".sdrs-role-note").await, en(TeamKey::ViewerMayNotDelete));
    b.click(".sdrs-row-delete").await;
    b.wait_text(".sdrs-toast[role=status]", "the reason announced", |t| {
        t == en(TeamKey::ViewerMayNotDelete)
    })
    .await;
    assert!(
        !b.exists("[role=alertdialog]").await,
        "no confirmation for a viewer"
    );
    assert_eq!(wait_rows(&b).await, ids, "nothing was deleted");
    // The server refuses bob's delete whatever the console shows.
    let bob = sign_in_http(&server.url(""), "bob", BOB_PASSWORD).await;
    let (status, body) = send_as(
        reqwest::Method::DELETE,
        &server.url(&clear_group_level_path()),
        Some(&bob),
        true,
        None,
    )
    .await;
    assert_eq!(status, 403, "{body}");
    assert!(
        body.contains("SDRS.0005") && body.contains(en(TeamKey::ViewerMayNotDelete)),
        "{body}"
    );

    // Sign out, then alice (operator) deletes a task.
    b.click("[data-action=sign-out]").await;
    sign_in_form(&b, "alice", ALICE_PASSWORD).await;
    wait_signed_in(&b, "alice", "operator").await;
    let ids = wait_rows(&b).await;
    assert!(
        b.exists("[data-view=audit]").await,
        "an operator sees the Audit tab"
    );
    assert_eq!(b.attr(".sdrs-row-delete", "aria-disabled").await, None);
    b.click(&format!("{ROWS}[data-job-id=\"{}\"] .sdrs-row-delete", ids[0]))
        .await;
    b.click("[role=alertdialog] [data-confirm=ok]").await;
    wait_until("the deleted row to go", || async {
        let now: Vec<String> = b.attrs(ROWS, "data-job-id").await.into_iter().flatten().collect();
        check(!now.contains(&ids[0]) && !now.is_empty(), now.len())
    })
    .await;

    // The session ends (its cookie is gone): the next call brings the
    // sign-in screen back, saying so, with the filters still in the URL.
    b.client.delete_all_cookies().await.expect("drop the cookies");
    b.click("button[data-action=refresh]").await;
    b.wait_text(".sdrs-sign-in .sdrs-note", "the session-ended note", |t| {
        t == en(TeamKey::SessionEnded)
    })
    .await;
    assert!(b.url().await.query().unwrap_or_default().contains("limit=20"));
    sign_in_form(&b, "alice", ALICE_PASSWORD).await;
    wait_signed_in(&b, "alice", "operator").await;
    assert!(wait_rows(&b).await.len() <= 20);

    assert_axe_clean(&violations);
    b.close().await;
}

#[tokio::test]
async fn anonymous_and_cross_site_calls_are_refused() {
    let dir = scratch_dir("team-refused");
    let users = users_file(&dir);
    let server = Server::start(&as_strs(&users_args(&users))).await;
    let list = server.url(&group_level_path());
    let clear = server.url(&clear_group_level_path());
    let alice = sign_in_http(&server.url(""), "alice", ALICE_PASSWORD).await;
    let count = || async {
        let (status, body) = send_as(reqwest::Method::GET, &list, Some(&alice), false, None).await;
        assert_eq!(status, 200, "{body}");
        let v: Value = serde_json::from_str(&body).expect("list JSON");
        v["failure_jobs"].as_array().map(Vec::len).unwrap_or_default()
    };
    let before = count().await;
    assert!(before > 0, "the emulator has group-level failures");

    // Anonymous, as `curl` would.
    for method in [reqwest::Method::GET, reqwest::Method::DELETE] {
        let url = if method == reqwest::Method::GET {
            &list
        } else {
            &clear
        };
        let (status, body) = send_as(method.clone(), url, None, false, None).await;
        assert_eq!(status, 401, "anonymous {method}: {body}");
        assert!(body.contains("SDRS.0002"), "{body}");
    }
    // A session without its CSRF token, and one from another origin.
    let (status, _) = send_as(reqwest::Method::DELETE, &clear, Some(&alice), false, None).await;
    assert_eq!(status, 403);
    assert_foreign_origin_refused(&clear, &alice).await;

    // A page of another origin, with alice signed in in the same browser:
    // its credentialed fetch DELETE deletes nothing.
    let other = Server::start(&[]).await;
    let b = Browser::start().await;
    b.goto(&server.url("/")).await;
    sign_in_form(&b, "alice", ALICE_PASSWORD).await;
    wait_signed_in(&b, "alice", "operator").await;
    b.goto(&other.url("/")).await;
    let outcome = b
        .js_async(
            "const done = arguments[arguments.length - 1];\
             fetch(arguments[0], {method: 'DELETE', credentials: 'include'})\
               .then(r => done('status ' + r.status), e => done('refused: ' + e));",
            vec![json!(clear)],
        )
        .await;
    let outcome = outcome.as_str().unwrap_or_default().to_owned();
    assert!(
        !outcome.starts_with("status 2"),
        "the cross-site DELETE went through: {outcome}"
    );
    assert_eq!(count().await, before, "nothing was deleted ({outcome})");
    b.close().await;
}

#[tokio::test]
async fn every_delete_and_clear_is_audited_and_survives_a_restart() {
    let dir = scratch_dir("team-audit");
    let users = users_file(&dir);
    let database = format!("sqlite://{}", dir.join("audit.db").display());
    let mut args = users_args(&users);
    args.extend(["--database".to_owned(), database]);
    let server = Server::start(&as_strs(&args)).await;
    let b = Browser::start().await;
    b.goto(&server.url("/")).await;
    sign_in_form(&b, "alice", ALICE_PASSWORD).await;
    wait_signed_in(&b, "alice", "operator").await;

    // One delete and the group-level clear in the console...
    let ids = wait_rows(&b).await;
    let deleted = ids[0].clone();
    b.click(&format!("{ROWS}[data-job-id=\"{deleted}\"] .sdrs-row-delete"))
        .await;
    b.click("[role=alertdialog] [data-confirm=ok]").await;
    wait_until("the deleted row to go", || async {
        let now: Vec<String> = b.attrs(ROWS, "data-job-id").await.into_iter().flatten().collect();
        check(!now.contains(&deleted), now.len())
    })
    .await;
    b.click("[data-action=clear]").await;
    b.wait_for("[role=alertdialog] [data-confirm=ok]:not([disabled])")
        .await;
    b.click("[role=alertdialog] [data-confirm=ok]").await;
    b.wait_gone("[role=alertdialog]").await;
    // ...and a group's clear by a script of alice's.
    let alice = sign_in_http(&server.url(""), "alice", ALICE_PASSWORD).await;
    let (_, groups) = send_as(
        reqwest::Method::GET,
        &server.url(&format!("/v1/{}/server-groups?limit=10", sdrs_e2e::PROJECT_ID)),
        Some(&alice),
        false,
        None,
    )
    .await;
    let groups: Value = serde_json::from_str(&groups).expect("groups JSON");
    let group = groups["server_groups"][0]["id"]
        .as_str()
        .expect("a group")
        .to_owned();
    let path = format!(
        "/v1/{}/task-center/{group}/failure-jobs/batch",
        sdrs_e2e::PROJECT_ID
    );
    let (status, body) = send_as(
        reqwest::Method::DELETE,
        &server.url(&path),
        Some(&alice),
        true,
        None,
    )
    .await;
    assert_eq!(status, 204, "{body}");

    // The Audit view: newest first, each with what it removed.
    b.click("[data-view=audit]").await;
    wait_audit_rows(&b, 3).await;
    let actions = b.texts(&format!("{AUDIT_ROWS} [data-field=action]")).await;
    assert_eq!(
        actions,
        [
            en(TeamKey::ActionClearGroup),
            en(TeamKey::ActionClearGroupLevel),
            en(TeamKey::ActionDelete)
        ]
    );
    let outcomes = b.texts(&format!("{AUDIT_ROWS} [data-field=outcome]")).await;
    assert!(
        outcomes.iter().all(|o| o == en(TeamKey::OutcomeSucceeded)),
        "{outcomes:?}"
    );
    let removed = b.texts(&format!("{AUDIT_ROWS} [data-field=removed]")).await;
    assert_eq!(removed[2], "1", "{removed:?}");
    assert!(removed[1].parse::<u32>().unwrap_or_default() > 0, "{removed:?}");
    let delete_row = format!("{AUDIT_ROWS}:last-of-type");
    b.click(&format!("{delete_row} button[aria-expanded]")).await;
    b.wait_for(&format!("{delete_row} [data-removed-job=\"{deleted}\"]"))
        .await;
    assert!(b.url().await.query().unwrap_or_default().contains("view=audit"));
    let csv = b
        .attr("[data-action=export-audit]", "href")
        .await
        .unwrap_or_default();
    assert!(csv.ends_with("/audit/records.csv"), "{csv}");
    let violations = axe_both_languages(&b, "Audit view").await;

    // Filters go into the URL and to the server.
    b.select("select[name=audit_action]", "delete").await;
    wait_audit_rows(&b, 1).await;
    assert!(b
        .url()
        .await
        .query()
        .unwrap_or_default()
        .contains("action=delete"));

    // The same SQLite file after a restart keeps every record.
    server.stop().await;
    let restarted = Server::start(&as_strs(&args)).await;
    b.goto(&restarted.url("/?view=audit")).await;
    // Sessions live in the same database: alice may still be signed in.
    let signed_in = wait_until("the sign-in screen or alice's session", || async {
        let form = b.exists(SIGN_IN_FORM).await;
        let header = b.exists(".sdrs-team[data-team-user=alice]").await;
        check(form || header, (form, header)).map(|_| header)
    })
    .await;
    if !signed_in {
        sign_in_form(&b, "alice", ALICE_PASSWORD).await;
    }
    wait_signed_in(&b, "alice", "operator").await;
    wait_audit_rows(&b, 3).await;

    assert_axe_clean(&violations);
    b.close().await;
}

/// Signs in through the provider's own pages: its login form (any
/// password; the name decides the account), then its consent page.
async fn sign_in_with_provider(b: &Browser, user: &str) {
    b.click("button[data-sign-in=oidc]").await;
    b.wait_for("input[name=login]").await;
    b.fill("input[name=login]", user).await;
    b.fill("input[name=password]", "any-password").await;
    b.click("button[type=submit]").await;
    b.wait_for("input[name=prompt][value=consent]").await;
    b.click("button[type=submit]").await;
}

#[tokio::test]
async fn openid_connect_sign_in_alice_operator_bob_viewer() {
    let port = free_port();
    let provider = OidcProvider::start(port);
    let mut cli = Server::cli(&[
        "--oidc-issuer",
        &provider.issuer,
        "--oidc-client-id",
        OIDC_CLIENT_ID,
        "--oidc-label",
        "Sign in with the test provider",
    ]);
    // The port the provider's redirect URI names (the harness says 0).
    cli.listen.port = port;
    cli.oidc.oidc_client_secret = Some(sdrs_console_server::team::oidc::ClientSecretText::new(
        OIDC_CLIENT_SECRET,
    ));
    let server = Server::start_cli(cli).await;
    for (user, role) in [("alice", "operator"), ("bob", "viewer")] {
        // A browser each: the provider remembers who signed in.
        let b = Browser::start().await;
        b.goto(&server.url("/?limit=20")).await;
        b.wait_text("button[data-sign-in=oidc]", "the provider's button", |t| {
            t == "Sign in with the test provider"
        })
        .await;
        assert!(!b.exists(SIGN_IN_FORM).await, "no users file, no password form");
        sign_in_with_provider(&b, user).await;
        wait_signed_in(&b, user, role).await;
        assert!(
            b.url().await.query().unwrap_or_default().contains("limit=20"),
            "back where the sign-in began"
        );
        wait_rows(&b).await;
        let disabled = b.attr("[data-action=clear]", "aria-disabled").await;
        assert_eq!(disabled.is_some(), role == "viewer", "{user}: {disabled:?}");
        assert_eq!(b.exists("[data-view=audit]").await, role == "operator", "{user}");
        b.close().await;
    }
}
