//! End-to-end tests of "Sign in with IAM user" (issue 15): the built
//! console served by a console server in upstream mode with `--iam`, in
//! front of an emulator that emulates IAM (`--iam-users`) and checks every
//! token, so the chain is browser → sign-in route → IAM, and browser →
//! proxy → SDRS with the signed-in user's token and permissions.
//!
//! Expiry runs on the page clock moved forward by the test
//! ([`Browser::install_clock`](sdrs_e2e::Browser::install_clock)).
//!
//! Run after a trunk build:
//! `SDRS_DIST="$PWD/dist" cargo test -p sdrs-e2e --test credentials_iam`.

use sdrs_e2e::{assert_axe_clean, check, wait_until, Browser, Console, Key, Server, ROWS};
use serde_json::{json, Value};

const USERS: &str = r#"[
  {"domain":"acme","user":"alice","password":"Alice-e2e-pass-7","may_delete":true},
  {"domain":"acme","user":"reader","password":"Reader-e2e-pass-7"}
]"#;
const DIALOG: &str = "[role=dialog]:has(input[name=iam_password])";
const CONFIRM: &str = "[role=alertdialog]";

/// The emulator (IAM and SDRS) and a console server in front of it.
async fn chain() -> (Server, Console) {
    let users = std::env::temp_dir().join(format!("sdrs-e2e-iam-users-{}.json", std::process::id()));
    std::fs::write(&users, USERS).expect("write the users file");
    let emulator = Server::start(&["--iam-users", &users.display().to_string()]).await;
    let base = emulator.url("");
    let server = Server::start(&["--upstream", &base, "--iam", &base]).await;
    let browser = Browser::start().await;
    (emulator, Console { server, browser })
}

/// Fills the sign-in dialog and submits it with Enter.
async fn sign_in(c: &Console, user: &str, password: &str) {
    c.wait_for(DIALOG).await;
    c.fill(&format!("{DIALOG} input[name=iam_domain]"), "acme").await;
    c.fill(&format!("{DIALOG} input[name=iam_user]"), user).await;
    c.fill(
        &format!("{DIALOG} input[name=iam_password]"),
        &format!("{password}{}", Key::Enter),
    )
    .await;
}

/// The open sign-in dialog is not drawn again while the user types, which
/// would lose what was typed (each request refused while it is open asks
/// for it: the list, the groups, the list again after the token dialog).
/// Marks the dialog and checks for 1 s that it is the same element.
async fn assert_stays_drawn(c: &Console) {
    c.js(
        "document.querySelector(arguments[0]).dataset.firstDrawn = '1'",
        vec![json!(DIALOG)],
    )
    .await;
    for _ in 0..10 {
        assert!(
            c.exists(&format!("{DIALOG}[data-first-drawn]")).await,
            "the sign-in dialog was drawn again while open"
        );
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
}

/// Tokens the emulator saw on failed-task lists, oldest first.
async fn list_tokens(emulator: &Server) -> Vec<Option<String>> {
    emulator
        .requests()
        .await
        .iter()
        .filter(|r| {
            r["path"]
                .as_str()
                .is_some_and(|p| p.contains("/task-center/failure-jobs?"))
        })
        .map(|r| r["token"].as_str().map(str::to_owned))
        .collect()
}

/// Neither the URL, the storages, the page's markup nor the browser console
/// hold `secret`.
async fn assert_nowhere(c: &Console, secret: &str) {
    let places = c
        .js(
            "return [location.href, JSON.stringify(localStorage), JSON.stringify(sessionStorage),\
                     document.documentElement.outerHTML,\
                     [...document.querySelectorAll('input')].map(i => i.value).join(' ')]",
            vec![],
        )
        .await;
    for place in places.as_array().unwrap() {
        assert!(!place.as_str().unwrap().contains(secret), "found in {place:.200}");
    }
    let log = c.console_log().await;
    assert!(log.iter().all(|e| !e.message.contains(secret)), "{log:#?}");
}

async fn phase(c: &Console) -> Option<String> {
    c.attr(".sdrs-iam", "data-iam-phase").await
}

async fn wait_phase(c: &Console, want: &str) {
    wait_until(&format!("the IAM sign-in to be {want}"), || async move {
        let seen = phase(c).await;
        check(seen.as_deref() == Some(want), seen)
    })
    .await
}

/// 1. The 401 of the first list opens the sign-in (cancelled, the token
///    dialog offers it again); a wrong password says
///    what to check; the right one loads the list with the user's token,
///    whose expiry is shown. Shortly before expiry the page asks to sign in
///    again; after it, the next list brings the sign-in back with the names
///    filled in, and a new token is used. The password is nowhere.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn iam_sign_in_shows_expiry_and_asks_again() {
    let (emulator, c) = chain().await;
    let config: Value = c.server.get_json("/config.json").await;
    assert_eq!(config["iamSignIn"], json!(true));
    c.goto(&c.page_url("")).await;
    c.install_clock().await;

    c.wait_for(DIALOG).await;
    assert_stays_drawn(&c).await;

    // Cancelled, the sign-in leaves the token dialog, which offers it again.
    c.wait_focus_in_dialog().await;
    c.press(&Key::Escape.to_string()).await;
    c.wait_gone(DIALOG).await;
    c.wait_for("[role=dialog] input[name=token]").await;
    c.click("[role=dialog] button[data-action=iam-sign-in]").await;
    c.wait_gone("[role=dialog] input[name=token]").await;
    c.wait_for(DIALOG).await;
    assert_stays_drawn(&c).await;

    sign_in(&c, "alice", "not-the-password").await;
    let why = c
        .wait_text(&format!("{DIALOG} [role=alert]"), "the refusal", |t| {
            !t.is_empty()
        })
        .await;
    assert!(why.contains("IAM refused the sign-in"), "{why}");
    assert!(why.contains("Check the account name"), "{why}");
    submit_password(&c, "Alice-e2e-pass-7").await;
    assert!(c.wait_loaded().await > 0);

    wait_phase(&c, "active").await;
    let status = c.text(".sdrs-iam").await;
    assert!(status.contains("Signed in as alice (acme)"), "{status}");
    assert!(status.contains("Token expires"), "{status}");
    let first = list_tokens(&emulator)
        .await
        .pop()
        .flatten()
        .expect("the list carried a token");
    assert!(first.starts_with("MII"), "{first}");
    assert_nowhere(&c, "Alice-e2e-pass-7").await;
    assert_nowhere(&c, &first).await;

    // Four minutes before the 24-hour expiry: the prompt.
    c.advance_clock(24 * 3_600_000 - 4 * 60_000).await;
    wait_phase(&c, "expiring").await;
    let prompt = c.text(".sdrs-iam [role=alert]").await;
    assert!(prompt.contains("Sign in again to keep working"), "{prompt}");
    // Past expiry: the next list goes without the token, its 401 brings
    // the sign-in back, and the list then loads with a new token.
    c.advance_clock(5 * 60_000).await;
    wait_phase(&c, "expired").await;
    emulator.clear_requests().await;
    c.click("button[data-action=refresh]").await;
    c.wait_for(DIALOG).await;
    let names = c
        .js(
            "return ['iam_domain','iam_user','iam_password'].map(n => document.querySelector(`input[name=${n}]`).value)",
            vec![],
        )
        .await;
    assert_eq!(names, json!(["acme", "alice", ""]));
    submit_password(&c, "Alice-e2e-pass-7").await;
    c.wait_loaded().await;
    wait_phase(&c, "active").await;
    let tokens = list_tokens(&emulator).await;
    assert_eq!(
        tokens.first(),
        Some(&None),
        "the expired token was not sent: {tokens:?}"
    );
    let second = tokens.last().cloned().flatten().expect("a new token");
    assert!(second.starts_with("MII") && second != first);
    assert_nowhere(&c, "Alice-e2e-pass-7").await;
    c.assert_no_console_errors(&["401"]).await;
    c.close().await;
}

/// 2. A read-only IAM user: the delete is refused with "Your IAM user may
///    not delete failed tasks", nothing is deleted, and the list still
///    loads.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn read_only_user_is_refused_the_delete_and_keeps_reading() {
    let (emulator, c) = chain().await;
    c.goto(&c.page_url("")).await;
    sign_in(&c, "reader", "Reader-e2e-pass-7").await;
    c.wait_gone(DIALOG).await;
    let rows = c.wait_loaded().await;
    let ids = c.row_ids().await;
    let job = ids[0].clone();

    c.click(&format!("{ROWS}[data-job-id=\"{job}\"] .sdrs-row-delete"))
        .await;
    c.wait_for(CONFIRM).await;
    c.click(&format!("{CONFIRM} button[data-confirm=ok]")).await;
    let why = c
        .wait_text(&format!("{CONFIRM} [role=alert]"), "the refusal", |t| {
            !t.is_empty()
        })
        .await;
    assert!(
        why.starts_with("Your IAM user may not delete failed tasks"),
        "{why}"
    );
    let deletes: Vec<Value> = emulator
        .requests()
        .await
        .into_iter()
        .filter(|r| r["method"] == "DELETE")
        .collect();
    assert_eq!(deletes.len(), 1, "{deletes:?}");
    assert!(deletes[0]["token"].as_str().is_some_and(|t| t.starts_with("MII")));
    c.click(&format!("{CONFIRM} button[data-confirm=cancel]")).await;
    c.wait_gone(CONFIRM).await;

    // Reading goes on: a reload shows the same rows, the task still there.
    emulator.clear_requests().await;
    c.click("button[data-action=refresh]").await;
    wait_until("a new list", || async {
        let n = list_tokens(&emulator).await.len();
        check(n > 0, n)
    })
    .await;
    assert_eq!(c.wait_loaded().await, rows);
    assert_eq!(c.row_ids().await, ids);
    assert!(!c.exists(DIALOG).await);
    assert_nowhere(&c, "Reader-e2e-pass-7").await;
    c.assert_no_console_errors(&["401", "403"]).await;
    c.close().await;
}

/// 3. The sign-in dialog and the signed-in header pass axe in both
///    languages, and follow the language switch; signing out offers the
///    sign-in again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_is_accessible_in_both_languages() {
    let (_emulator, c) = chain().await;
    c.goto(&c.page_url("")).await;
    c.wait_for(DIALOG).await;
    c.wait_focus_in_dialog().await;
    assert_axe_clean(&c.axe_serious("dialog, en").await);
    assert_eq!(c.text(&format!("{DIALOG} h2")).await, "Sign in with IAM user");
    sign_in(&c, "reader", "Reader-e2e-pass-7").await;
    c.wait_gone(DIALOG).await;
    c.wait_loaded().await;
    wait_phase(&c, "active").await;
    assert_axe_clean(&c.axe_serious("signed in, en").await);

    c.select("select[name=locale]", "zh-CN").await;
    c.wait_text(".sdrs-iam", "the Chinese status", |t| {
        t.contains("已登录：reader（acme）")
    })
    .await;
    assert_axe_clean(&c.axe_serious("signed in, zh").await);
    c.click(".sdrs-iam button").await;
    wait_phase(&c, "signed-out").await;
    c.click(".sdrs-iam button").await;
    c.wait_text(&format!("{DIALOG} h2"), "the Chinese title", |t| {
        t == "使用 IAM 用户登录"
    })
    .await;
    assert_axe_clean(&c.axe_serious("dialog, zh").await);
    c.close().await;
}

/// Types `password` into the open sign-in dialog (its names already
/// filled), submits with Enter and waits for the dialog to go.
async fn submit_password(c: &Console, password: &str) {
    c.fill(
        &format!("{DIALOG} input[name=iam_password]"),
        &format!("{password}{}", Key::Enter),
    )
    .await;
    c.wait_gone(DIALOG).await;
}
