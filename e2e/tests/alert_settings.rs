//! End-to-end tests of the alerting pages of "All scopes": the console's
//! server watches two scopes (of another emulating server) and has one
//! webhook channel to a receiver of the test, with a key in its URL. A
//! silence is added through the form (after the form's own refusals),
//! listed active and expired; the channel is listed with its key hidden,
//! a test message reaches the receiver and the delivery log, a second one
//! is refused by the channel's rate; a channel that cannot be reached
//! turns failing and says why; a viewer signed in from a users file
//! sees the controls disabled and why; axe passes on both pages in English
//! and Chinese.

use sdrs_console::i18n::{AlertKey, Locale};
use sdrs_console_server::team::identity::Role;
use sdrs_console_server::team::users_file::user_line;
use sdrs_e2e::chunks::fetch_count;
use sdrs_e2e::{
    assert_axe_clean, check, free_port, scratch_dir, wait_until, Browser, Console, Receiver, Server,
    PROJECT_ID,
};
use serde_json::Value;
use std::path::PathBuf;

const URL_KEY: &str = "e2e-url-key-0123456789";
const SILENCE_ROWS: &str = ".sdrs-silence-table tbody tr[data-silence-id]";
const FORM_ERROR: &str = ".sdrs-silence-form .sdrs-field-error[role=alert]";
const HOOK: &str = ".sdrs-channel-table tr[data-channel=hook]";
const DOWN: &str = ".sdrs-channel-table tr[data-channel=down]";
const LOG_ROWS: &str = ".sdrs-delivery-table tbody tr[data-delivery-id]";

fn en(k: AlertKey) -> &'static str {
    k.text(Locale::En)
}

/// A config file with two scopes, `lab` and `lab-b` (All scopes needs
/// two), on `upstream` (an AK/SK from a credentials file beside it), the
/// webhook channel `hook` to `receiver`: one message a minute, and the
/// webhook channel `down` to a port where nothing listens; both told of no
/// scope's failures (only test messages reach them).
fn write_config(upstream: &Server, receiver: &Receiver) -> PathBuf {
    let dir = scratch_dir("alert-settings");
    let credentials = dir.join("credentials");
    std::fs::write(
        &credentials,
        "[lab]\nak = AKE2EALERTS0123456789\nsk = E2eAlertsSecret0123456789abcdefghijkl\n",
    )
    .expect("the credentials file");
    let config = format!(
        "[watcher]\nperiod_secs = 5\njitter_secs = 0\n\n\
         [credentials.lab]\nkind = \"aksk\"\nprofile = \"lab\"\ncredentials_file = \"{credentials}\"\n\n\
         [[scope]]\nname = \"lab\"\nendpoint = \"{endpoint}\"\nregion = \"lab-a\"\nproject_id = \"{PROJECT_ID}\"\ncredential = \"lab\"\n\n\
         [[scope]]\nname = \"lab-b\"\nendpoint = \"{endpoint}\"\nregion = \"lab-b\"\nproject_id = \"{PROJECT_ID}\"\ncredential = \"lab\"\n\n\
         [[alerts.channels]]\nname = \"hook\"\nkind = \"webhook\"\nurl = \"{receiver}/hook?key={URL_KEY}\"\n\
         per_minute = 1\nscopes = [\"elsewhere-*\"]\n\n\
         [[alerts.channels]]\nname = \"down\"\nkind = \"webhook\"\nurl = \"http://127.0.0.1:{closed}/down\"\n\
         scopes = [\"elsewhere-*\"]\n",
        credentials = credentials.display(),
        endpoint = upstream.url(""),
        receiver = receiver.base,
        closed = free_port(),
    );
    let path = dir.join("scopes.toml");
    std::fs::write(&path, config).expect("the config file");
    path
}

/// The console's server with that config and `more` flags, and a browser.
async fn start_with(more: &[&str]) -> (Console, Receiver) {
    let upstream = Server::start(&["--jobs", "10"]).await;
    let receiver = Receiver::start().await;
    let config = write_config(&upstream, &receiver);
    let mut args = vec!["--config", config.to_str().expect("a UTF-8 path")];
    args.extend_from_slice(more);
    let server = Server::start(&args).await;
    let browser = Browser::start().await;
    (Console { server, browser }, receiver)
}

async fn start() -> (Console, Receiver) {
    start_with(&[]).await
}

async fn axe_both_languages(c: &Console, what: &str) -> Vec<String> {
    let mut found = Vec::new();
    for locale in Locale::ALL {
        c.switch_language(locale).await;
        found.extend(c.axe_serious(&format!("{what}, {locale:?}")).await);
    }
    c.switch_language(Locale::En).await;
    found
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_silence_is_added_through_the_form_listed_and_expired() {
    let (c, _receiver) = start().await;
    c.goto(&c.page_url("tab=silences")).await;
    c.wait_text(".sdrs-silences .sdrs-status", "the empty list", |t| {
        t == en(AlertKey::SilencesEmptyCurrent)
    })
    .await;

    // The form says what the server would refuse, before sending.
    c.click("button[data-action=create-silence]").await;
    c.wait_text(FORM_ERROR, "the matcher refusal", |t| {
        t == en(AlertKey::NeedsMatcher)
    })
    .await;
    c.select("select[name=silence_scope]", "lab").await;
    c.fill("input[name=silence_error_code]", "SDRS.1001").await;
    c.click("button[data-action=create-silence]").await;
    c.wait_text(FORM_ERROR, "the end refusal", |t| t == en(AlertKey::NeedsEnd))
        .await;
    c.click("button[data-span-ms='86400000']").await;
    c.click("button[data-action=create-silence]").await;
    c.wait_text(FORM_ERROR, "the comment refusal", |t| {
        t == en(AlertKey::NeedsComment)
    })
    .await;
    assert_eq!(
        c.server.get_json("/api/silences").await["silences"],
        serde_json::json!([]),
        "nothing was sent"
    );
    let comment = "DR site quota <b>raised</b> in OPS-12";
    c.fill("textarea[name=silence_comment]", comment).await;
    c.click("button[data-action=create-silence]").await;
    wait_until("the silence listed active", || async {
        let states = c.attrs(SILENCE_ROWS, "data-state").await;
        check(states == [Some("active".to_owned())], states)
    })
    .await;
    let row = c.text(SILENCE_ROWS).await;
    assert!(row.contains("SDRS.1001") && row.contains("lab"), "{row}");
    assert!(row.contains(comment), "the comment is shown as text: {row}");
    let listed: Value = c.server.get_json("/api/silences").await;
    let silence = &listed["silences"][0];
    assert_eq!(silence["matchers"]["scope"], "lab", "{listed}");
    assert_eq!(silence["matchers"]["error_code"], "SDRS.1001");
    assert_eq!(silence["matchers"]["resource_name"], Value::Null);
    let creator = silence["created_by"].as_str().unwrap_or_default();
    assert!(!creator.is_empty() && row.contains(creator), "{creator}: {row}");
    assert_eq!(silence["comment"], comment);
    let mut found = axe_both_languages(&c, "silences page").await;

    // Expire: asked in the row, then gone from the current list.
    c.click(&format!("{SILENCE_ROWS} button[data-action=expire]"))
        .await;
    c.wait_for(&format!("{SILENCE_ROWS} button[data-action=expire-confirm]"))
        .await;
    found.extend(c.axe_serious("silence expire question").await);
    c.click(&format!("{SILENCE_ROWS} button[data-action=expire-confirm]"))
        .await;
    c.wait_gone(SILENCE_ROWS).await;
    c.click("button[data-filter=all]").await;
    wait_until("the silence listed expired", || async {
        let states = c.attrs(SILENCE_ROWS, "data-state").await;
        check(states == [Some("expired".to_owned())], states)
    })
    .await;
    assert!(
        !c.exists(&format!("{SILENCE_ROWS} button[data-action=expire]"))
            .await
    );
    let listed: Value = c.server.get_json("/api/silences").await;
    assert_eq!(listed["silences"][0]["state"], "expired", "{listed}");
    c.assert_no_console_errors(&[]).await;
    c.close().await;
    assert_axe_clean(&found);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channels_test_message_reaches_the_receiver_and_the_log() {
    let (c, receiver) = start().await;
    c.goto(&c.page_url("tab=channels")).await;
    c.wait_for(HOOK).await;
    assert_eq!(c.attr(HOOK, "data-state").await.as_deref(), Some("idle"));
    let target = c.text(&format!("{HOOK} .sdrs-cell-target")).await;
    assert_eq!(target, format!("{}/hook?key=…", receiver.base));
    c.wait_text(".sdrs-delivery-log .sdrs-status", "the empty log", |t| {
        t == en(AlertKey::LogEmpty)
    })
    .await;
    let mut found = axe_both_languages(&c, "alert channels page, nothing sent").await;

    c.click(&format!("{HOOK} button[data-action=test-channel]")).await;
    let result = format!("{HOOK} [data-field=test-result] [data-ok=true]");
    c.wait_for(&result).await;
    assert!(c.text(&result).await.starts_with("Test message sent"));
    wait_until("the test in the delivery log", || async {
        let rows = c.attrs(LOG_ROWS, "data-outcome").await;
        check(rows == [Some("delivered".to_owned())], rows)
    })
    .await;
    assert_eq!(c.attr(LOG_ROWS, "data-purpose").await.as_deref(), Some("test"));
    wait_until("the channel shown ok", || async {
        let state = c.attr(HOOK, "data-state").await;
        check(state.as_deref() == Some("ok"), state)
    })
    .await;
    let got = receiver.got();
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(
        got[0]
            .request_line
            .starts_with(&format!("POST /hook?key={URL_KEY}")),
        "{got:?}"
    );
    let body: Value = serde_json::from_str(&got[0].body).expect("the test message is JSON");
    assert!(body.is_object(), "{body}");

    // One message a minute: the second test is refused by the server,
    // unsent, and the page says so.
    c.click(&format!("{HOOK} button[data-action=test-channel]")).await;
    let refused = c
        .wait_text(
            &format!("{HOOK} [data-field=test-result] [data-ok=false]"),
            "the rate-limit refusal",
            |t| t.contains("rate limit"),
        )
        .await;
    assert!(refused.starts_with("The test message was not sent"), "{refused}");
    assert_eq!(receiver.got().len(), 1, "the refused test was not sent");

    c.select("select[name=log_channel]", "hook").await;
    wait_until("the log of hook", || async {
        let n = c.count(LOG_ROWS).await;
        check(n == 1, n)
    })
    .await;
    // A refresh keeps the log's channel chosen.
    let asked = || fetch_count(&c, "/api/alerts/deliveries");
    let before = asked().await;
    c.click("button[data-action=refresh-channels]").await;
    wait_until("the log fetched again", || async {
        let now = asked().await;
        check(now > before, now)
    })
    .await;
    wait_until("the log shown again", || async {
        let status = c.text(".sdrs-delivery-log .sdrs-status").await;
        let n = c.count(LOG_ROWS).await;
        check(status.is_empty() && n == 1, (status, n))
    })
    .await;
    let chosen = c
        .js(
            "return document.querySelector('select[name=log_channel]').value",
            vec![],
        )
        .await;
    assert_eq!(chosen, "hook");
    let html = c.js("return document.documentElement.outerHTML", vec![]).await;
    assert!(
        !html.as_str().unwrap_or_default().contains(URL_KEY),
        "the URL's key never reaches the page"
    );
    found.extend(axe_both_languages(&c, "alert channels page, after tests").await);
    // The refused test's 429 is logged by the browser.
    c.assert_no_console_errors(&["429"]).await;
    c.close().await;
    assert_axe_clean(&found);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_viewer_sees_the_controls_disabled_and_why() {
    let dir = scratch_dir("alert-settings-viewer");
    let users = dir.join("users");
    let line = user_line("bob", Role::Viewer, "bob-viewer-pw").expect("a users-file line");
    std::fs::write(&users, format!("{line}\n")).expect("the users file");
    let (c, receiver) = start_with(&["--users", users.to_str().expect("a UTF-8 path")]).await;
    c.goto(&c.page_url("tab=silences")).await;
    c.wait_for("form.sdrs-sign-in-form").await;
    c.fill("input[name=team_user]", "bob").await;
    c.fill("input[name=team_password]", "bob-viewer-pw").await;
    c.click("button[data-sign-in=local]").await;
    c.wait_for(".sdrs-team[data-team-user=bob][data-team-role=viewer]")
        .await;
    c.goto(&c.page_url("tab=silences")).await;
    c.wait_text(
        ".sdrs-silences [data-field=refusal]",
        "the viewer's reason",
        |t| t == en(AlertKey::ViewerMayNotSilence),
    )
    .await;
    let disabled = c
        .js(
            "const f = document.querySelector('.sdrs-silence-form fieldset');\
             return [f.disabled, f.getAttribute('aria-describedby') === document.querySelector('.sdrs-silences [data-field=refusal]').id]",
            vec![],
        )
        .await;
    assert_eq!(disabled, serde_json::json!([true, true]));
    let mut found = axe_both_languages(&c, "silences page, viewer").await;

    c.click("button[data-tab=channels]").await;
    c.wait_for(HOOK).await;
    c.wait_text(
        ".sdrs-channels [data-field=refusal]",
        "the viewer's reason",
        |t| t == en(AlertKey::ViewerMayNotTest),
    )
    .await;
    assert!(
        c.exists(&format!("{HOOK} button[data-action=test-channel][disabled]"))
            .await
    );
    found.extend(axe_both_languages(&c, "alert channels page, viewer").await);
    assert!(receiver.got().is_empty());
    // The first session check, before signing in, is answered 401.
    c.assert_no_console_errors(&["/auth/session"]).await;
    c.close().await;
    assert_axe_clean(&found);
}

/// A channel whose receiver cannot be reached: its test message says it
/// was not sent and why, the channel turns failing with the reason, and
/// the delivery log has the failed attempt.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_channel_that_cannot_be_reached_shows_failing_and_why() {
    let (c, _receiver) = start().await;
    c.goto(&c.page_url("tab=channels")).await;
    c.wait_for(DOWN).await;
    assert_eq!(c.attr(DOWN, "data-state").await.as_deref(), Some("idle"));
    c.click(&format!("{DOWN} button[data-action=test-channel]")).await;
    let refused = c
        .wait_text(
            &format!("{DOWN} [data-field=test-result] [data-ok=false]"),
            "the failed test",
            |t| !t.is_empty(),
        )
        .await;
    assert!(
        refused.starts_with("The test message did not go through") && refused.contains("could not connect"),
        "{refused}"
    );
    wait_until("the channel shown failing", || async {
        let state = c.attr(DOWN, "data-state").await;
        check(state.as_deref() == Some("failing"), state)
    })
    .await;
    let reason = c.text(&format!("{DOWN} [data-field=reason]")).await;
    eprintln!("DEBUG reason {reason}");
    let outcomes = c.attrs(LOG_ROWS, "data-outcome").await;
    eprintln!(
        "DEBUG outcomes {outcomes:?} {}",
        c.text(".sdrs-delivery-log").await
    );
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}
