//! End-to-end accessibility and language tests (issue 10): axe-core over
//! the list, the open drawer, the confirmation dialog, the token dialog
//! and an error state, in English and in Chinese; a keyboard-only walk;
//! switching the language refetches nothing and leaves no English behind.
//!
//! axe-core comes from npm (`scripts/test` installs it); `AXE_CORE_JS`
//! names its `axe.min.js`. Run after a trunk build:
//! `SDRS_DIST="$PWD/dist" AXE_CORE_JS=.../axe.min.js cargo test -p sdrs-e2e --test a11y`.

use sdrs_console::i18n::{Key as Text, Locale, TimelineKey};
use sdrs_e2e::{assert_axe_clean, check, wait_until, BrowserOptions, Console, Key, Server, ROWS};
use serde_json::{json, Value};

const DRAWER: &str = "[role=dialog].sdrs-drawer";
const CONFIRM: &str = "[role=alertdialog]";
const ALERT: &str = ".sdrs-error[role=alert]";

/// 1. axe over the list, the drawer, the delete confirmation and the error
///    banner, in English and in Chinese: no serious or critical violation.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_list_drawer_dialog_and_error_in_both_languages() {
    let c = Console::start(&[]).await;
    c.goto(&c.page_url("limit=20")).await;
    c.wait_rows_in_any_language().await;
    let mut found = Vec::new();
    for locale in Locale::ALL {
        c.switch_language(locale).await;
        c.wait_rows_in_any_language().await;
        found.extend(c.axe_serious(&format!("list, {locale:?}")).await);

        let id = c.row_ids().await[1].clone();
        c.open_row(&id).await;
        c.wait_gone(".sdrs-job-details[aria-busy=true]").await;
        found.extend(c.axe_serious(&format!("drawer, {locale:?}")).await);

        c.click(&format!("{DRAWER} button[data-action=delete]")).await;
        c.wait_for(CONFIRM).await;
        found.extend(c.axe_serious(&format!("delete confirmation, {locale:?}")).await);
        c.click(&format!("{CONFIRM} button[data-confirm=cancel]")).await;
        c.wait_gone(CONFIRM).await;
        c.click(".sdrs-drawer-close").await;
        c.wait_gone(DRAWER).await;

        show_unavailable_banner(&c).await;
        c.wait_gone(".sdrs-table-wrap[aria-busy=true]").await;
        found.extend(c.axe_serious(&format!("error banner, {locale:?}")).await);
        c.click(&format!("{ALERT} button.sdrs-button-primary")).await;
        c.wait_gone(ALERT).await;
    }
    c.assert_no_console_errors(&["503"]).await;
    c.close().await;
    assert_axe_clean(&found);
}

/// 2. axe over the token dialog (`--require-token`), in English and, after
///    switching and asking again, in Chinese.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_token_dialog_in_both_languages() {
    let c = Console::start(&["--require-token"]).await;
    c.goto(&c.page_url("limit=20")).await;
    let input = "[role=dialog] input[name=token]";
    c.wait_for(input).await;
    let mut found = c.axe_serious("token dialog, En").await;
    // Esc dismisses it; the language switcher is reachable again.
    c.press(&Key::Escape.to_string()).await;
    c.wait_gone(input).await;
    c.switch_language(Locale::Zh).await;
    c.click("button[data-action=refresh]").await;
    c.wait_for(input).await;
    let title = c.text("[role=dialog].sdrs-dialog h2").await;
    assert_eq!(title, Text::TokenTitle.text(Locale::Zh));
    found.extend(c.axe_serious("token dialog, Zh").await);
    c.assert_no_console_errors(&["401"]).await;
    c.close().await;
    assert_axe_clean(&found);
}

/// 3. The dark scheme too (colours differ): the list and the drawer.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_list_and_drawer_in_the_dark_scheme() {
    let options = BrowserOptions {
        dark: true,
        ..Default::default()
    };
    let c = Console::start_with(&[], &options).await;
    c.goto(&c.page_url("limit=20")).await;
    c.wait_rows_in_any_language().await;
    let dark = c
        .js(
            "return matchMedia('(prefers-color-scheme: dark)').matches",
            vec![],
        )
        .await;
    assert_eq!(dark, json!(true), "the browser is not in the dark scheme");
    let mut found = c.axe_serious("list, dark").await;
    let id = c.row_ids().await[1].clone();
    c.open_row(&id).await;
    c.wait_gone(".sdrs-job-details[aria-busy=true]").await;
    found.extend(c.axe_serious("drawer, dark").await);
    c.close().await;
    assert_axe_clean(&found);
}

/// Presses Tab (or Shift+Tab) until focus matches `css`, at most `max`
/// times; returns how many presses it took. Fails naming the walk.
async fn tab_to(c: &Console, css: &str, max: usize) -> usize {
    let mut walk = Vec::new();
    for n in 1..=max {
        c.key(Key::Tab).await;
        let here = c.focused().await;
        if c.focus_matches(css).await {
            return n;
        }
        walk.push(here);
    }
    panic!("{css} not reached in {max} Tabs; focus went: {walk:#?}")
}

/// 4. Keyboard only, from page load: Tab to the status filter, choose a
///    value with the arrow keys, Tab on to the table, Enter opens the row,
///    Esc closes it and focus is back on the row.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keyboard_only_walk() {
    let c = Console::start(&[]).await;
    c.goto(&c.page_url("")).await;
    c.wait_rows_in_any_language().await;
    let status = "select[name=failure_status]";
    // The language switcher of the header comes first, then the filters.
    let tabs = tab_to(&c, status, 6).await;
    eprintln!("{tabs} Tabs from page load to the status filter");
    assert!(tabs <= 3, "{tabs} Tabs to the status filter");

    c.server.clear_requests().await;
    c.key(Key::Down).await;
    let query = wait_until("a list of the chosen status", || async {
        let q = c.server.last_list_query().await.unwrap_or_default();
        check(q.contains("failure_status="), q.clone()).map(|_| q)
    })
    .await;
    c.wait_rows_in_any_language().await;
    let chosen = c
        .js(
            "return document.querySelector(arguments[0]).value",
            vec![json!(status)],
        )
        .await;
    assert!(
        query.contains(&format!("failure_status={}", chosen.as_str().unwrap_or("?"))),
        "{query} vs {chosen}"
    );
    assert_ne!(chosen, json!(""));
    // Focus stays on the filter just used, so the walk goes on from there.
    let here = c.focused().await;
    assert!(c.focus_matches(status).await, "focus after choosing: {here}");

    let tabs = tab_to(&c, ROWS, 60).await;
    eprintln!("{tabs} Tabs from the status filter to the table");
    let first = c.row_ids().await[0].clone();
    assert_eq!(
        c.active_attr("data-job-id").await.as_deref(),
        Some(first.as_str())
    );
    c.key(Key::Enter).await;
    c.wait_drawer(&first).await;
    c.wait_focus_in_dialog().await;
    c.key(Key::Escape).await;
    c.wait_gone(DRAWER).await;
    c.wait_focus_on_row(&first).await;
    // Arrow down to the next row, which Enter opens too.
    c.key(Key::Down).await;
    let second = c.row_ids().await[1].clone();
    assert_eq!(
        c.active_attr("data-job-id").await.as_deref(),
        Some(second.as_str())
    );
    c.key(Key::Enter).await;
    c.wait_drawer(&second).await;
    c.key(Key::Escape).await;
    c.wait_gone(DRAWER).await;
    // The row's delete button is next; Enter asks, Esc cancels, and focus
    // comes back to the button.
    c.wait_focus_on_row(&second).await;
    c.key(Key::Tab).await;
    let delete = format!("{ROWS}[data-job-id=\"{second}\"] .sdrs-row-delete");
    assert!(
        c.focus_matches(&delete).await,
        "Tab from the row went to {}",
        c.focused().await
    );
    c.key(Key::Enter).await;
    c.wait_for(CONFIRM).await;
    wait_until("focus on Cancel", || async {
        let a = c.active_attr("data-confirm").await;
        check(a.as_deref() == Some("cancel"), a)
    })
    .await;
    c.key(Key::Escape).await;
    c.wait_gone(CONFIRM).await;
    wait_until("focus back on the delete button", || async {
        let ok = c.focus_matches(&delete).await;
        check(ok, c.focused().await)
    })
    .await;
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}

/// English fragments of the catalog that a Chinese page must not show:
/// each entry's English text, split at its `{placeholders}`, keeping
/// pieces with at least two letters in a row that no Chinese entry has.
fn english_fragments() -> Vec<&'static str> {
    let texts: Vec<(&str, &str)> = Text::ALL
        .iter()
        .map(|k| (k.text(Locale::En), k.text(Locale::Zh)))
        .chain(
            TimelineKey::ALL
                .iter()
                .map(|k| (k.text(Locale::En), k.text(Locale::Zh))),
        )
        .collect();
    let zh: Vec<&str> = texts.iter().map(|(_, z)| *z).collect();
    let mut out = Vec::new();
    for &(en, z) in &texts {
        if en == z {
            continue;
        }
        for piece in en.split(['{', '}']).step_by(2) {
            let piece = piece.trim_matches(|ch: char| !ch.is_alphanumeric());
            let letters = piece.chars().filter(char::is_ascii_alphabetic).count();
            if letters >= 4 && !zh.iter().any(|t| t.contains(piece)) {
                out.push(piece);
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// The page's own text: the header and the panel without the data (table
/// body, group names, drawer values), plus the labels read out
/// (`aria-label`, `title`, `placeholder`).
async fn page_text(c: &Console) -> String {
    c.js(
        "const parts = [];\
         for (const src of document.querySelectorAll('.sdrs-header, .sdrs-panel')) {\
           const e = src.cloneNode(true);\
           for (const d of e.querySelectorAll('tbody, select[name=server_group_id] option:not([value=\"\"]),\
                .sdrs-mono, .sdrs-name, .sdrs-reason-full, pre, [data-field], select[name=locale] option,\
                .sdrs-error-message, .sdrs-cell-reason')) d.remove();\
           parts.push(e.textContent);\
           for (const a of ['aria-label', 'title', 'placeholder'])\
             for (const x of e.querySelectorAll(`[${a}]`)) parts.push(x.getAttribute(a));\
         }\
         return parts.join('\\n');",
        vec![],
    )
    .await
    .as_str()
    .unwrap_or_default()
    .to_owned()
}

/// English catalog text found in the page.
async fn english_on_page(c: &Console, fragments: &[&str]) -> Vec<String> {
    let text = page_text(c).await;
    fragments
        .iter()
        .filter(|f| text.contains(**f))
        .map(|f| f.to_string())
        .collect()
}

/// 5. Switching to Chinese refetches nothing and leaves no English catalog
///    text on the page, including an error banner already shown; back to
///    English, the English labels return.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn switching_language_refetches_nothing_and_leaves_no_english() {
    let fragments = english_fragments();
    for label in [
        "Failure status",
        "Rows per page",
        "Auto-refresh",
        "Search this page",
    ] {
        assert!(fragments.contains(&label), "{label} is not among {fragments:?}");
    }
    let c = Console::start(&[]).await;
    c.goto(&c.page_url("limit=20")).await;
    c.wait_rows_in_any_language().await;
    let rows = c.row_ids().await;
    // The check sees English where there is English.
    let english = english_on_page(&c, &fragments).await;
    assert!(english.contains(&"Failure status".to_owned()), "{english:?}");
    // The timeline walks the pages once the rows are painted: its requests
    // are not the switch's.
    c.wait_timeline_settled().await;

    c.server.clear_requests().await;
    c.switch_language(Locale::Zh).await;
    c.wait_text(".sdrs-status[aria-live]", "the status in Chinese", |t| {
        t == format!("已加载 {} 行", rows.len())
    })
    .await;
    let english = english_on_page(&c, &fragments).await;
    assert!(english.is_empty(), "English in the Chinese page: {english:?}");
    assert_eq!(c.row_ids().await, rows);
    // Half a second later, still nothing was fetched.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    let lists = c.server.console_list_queries().await;
    assert!(lists.is_empty(), "switching the language fetched {lists:?}");
    let all: Vec<Value> = c.server.console_requests().await;
    assert!(all.is_empty(), "switching the language sent {all:#?}");

    // An error banner shown in English follows the switch too.
    c.switch_language(Locale::En).await;
    show_unavailable_banner(&c).await;
    let banner = c.text(&format!("{ALERT} .sdrs-error-title")).await;
    assert!(banner.starts_with(Text::ErrorTitle.text(Locale::En)), "{banner}");
    c.switch_language(Locale::Zh).await;
    let english = english_on_page(&c, &fragments).await;
    let banner = c.text(&format!("{ALERT} .sdrs-error-title")).await;
    assert!(
        english.is_empty(),
        "English in the Chinese page with an error banner: {english:?} (banner: {banner})"
    );
    assert!(banner.starts_with(Text::ErrorTitle.text(Locale::Zh)), "{banner}");
    c.assert_no_console_errors(&["503"]).await;
    c.close().await;
}

/// 6. The failure timeline (issue 19), with a bar chosen and its table
///    alternative open: axe finds nothing serious in English or Chinese,
///    and the Chinese page shows none of its English texts.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_timeline_with_a_chosen_bar_and_its_table_in_both_languages() {
    let fragments = english_fragments();
    assert!(fragments.contains(&"Hide timeline"), "{fragments:?}");
    let c = Console::start(&[]).await;
    c.goto(&c.page_url("limit=20")).await;
    c.wait_rows_in_any_language().await;
    c.wait_for(".sdrs-tl-bar").await;
    c.wait_gone("[data-action=timeline-cancel]").await;
    c.js(
        "const bars = document.querySelectorAll('.sdrs-tl-bar');\
         bars[bars.length - 1].querySelector('.sdrs-tl-hit')\
           .dispatchEvent(new MouseEvent('click', {bubbles: true}));",
        vec![],
    )
    .await;
    c.wait_for(".sdrs-tl-bar[aria-pressed=true]").await;
    c.click(".sdrs-tl-table-toggle").await;
    c.wait_for(".sdrs-tl-table tbody tr").await;
    let mut found = Vec::new();
    for locale in Locale::ALL {
        c.switch_language(locale).await;
        c.wait_for(".sdrs-tl-table tbody tr").await;
        let title = c.text(".sdrs-tl-title").await;
        assert_eq!(title, TimelineKey::Title.text(locale));
        found.extend(c.axe_serious(&format!("timeline, {locale:?}")).await);
    }
    let english = english_on_page(&c, &fragments).await;
    assert!(english.is_empty(), "English in the Chinese page: {english:?}");
    c.assert_no_console_errors(&[]).await;
    c.close().await;
    assert_axe_clean(&found);
}

/// Refreshes against a 503 and waits for the error banner.
async fn show_unavailable_banner(c: &Console) {
    c.wait_timeline_settled().await;
    c.server
        .queue_fault(json!({
            "path_prefix": Server::api_path("task-center/failure-jobs"),
            "status": 503,
        }))
        .await;
    c.click("button[data-action=refresh]").await;
    c.wait_for(ALERT).await;
}
