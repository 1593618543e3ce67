//! A page of 1000 rows (issue 17): rows off screen skip layout
//! (`content-visibility: auto`), and still each of them is in the
//! accessibility tree with its cells, found by find-in-page and reached by
//! the keyboard.
//!
//! Run after a trunk build:
//! `SDRS_DIST="$PWD/dist" cargo test -p sdrs-e2e --test a11y_large_table`.

use sdrs_e2e::cdp::accessible_nodes;
use sdrs_e2e::{check, wait_until, BrowserOptions, Console, ROWS};
use serde_json::{json, Value};

/// Non-ignored nodes of the accessibility tree with `role`, and whether
/// one of them is named `name`.
async fn ax_nodes(c: &Console, role: &str, name: &str) -> (usize, bool) {
    let nodes = accessible_nodes(&c.client).await;
    let of_role: Vec<&Value> = nodes
        .iter()
        .filter(|n| n["role"]["value"].as_str() == Some(role))
        .collect();
    let named = of_role.iter().any(|n| n["name"]["value"].as_str() == Some(name));
    (of_role.len(), named)
}

/// Whether the browser renders `css` now (false while its row's layout is
/// skipped).
async fn rendered(c: &Console, css: &str) -> bool {
    c.js(
        "return document.querySelector(arguments[0]).checkVisibility({ contentVisibilityAuto: true })",
        vec![json!(css)],
    )
    .await
        == json!(true)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn off_screen_rows_are_read_found_and_focused() {
    let screen_reader = BrowserOptions {
        screen_reader: true,
        ..Default::default()
    };
    let c = Console::start_with(&["--jobs", "20000"], &screen_reader).await;
    assert_eq!(c.open("limit=1000").await, 1000);
    let last = format!("{ROWS}:last-child");
    let last_id_cell = format!("{last} .sdrs-cell-job-id");
    let short_id = c
        .js(
            "return document.querySelector(arguments[0]).textContent",
            vec![json!(last_id_cell)],
        )
        .await;
    let short_id = short_id.as_str().expect("the last row's job id").to_owned();
    // The premise: the last row is far below the fold, its layout skipped.
    assert!(
        !rendered(&c, &last_id_cell).await,
        "the last row is not laid out yet"
    );

    // Screen readers: every row and each of its 8 cells is in the tree,
    // named by its text, the skipped ones too.
    wait_until("every cell in the accessibility tree", || async {
        let (rows, _) = ax_nodes(&c, "row", "").await;
        let (cells, last_named) = ax_nodes(&c, "cell", &short_id).await;
        check(
            rows == 1001 && cells == 8000 && last_named,
            (rows, cells, last_named),
        )
    })
    .await;
    assert!(
        !rendered(&c, &last_id_cell).await,
        "reading the tree lays nothing out"
    );

    // Find-in-page finds the text of a row that is not laid out.
    let found = c
        .js(
            "getSelection().removeAllRanges();\
             const found = window.find(arguments[0]);\
             const at = getSelection().anchorNode?.parentElement?.closest('tr');\
             return [found, at === document.querySelector(arguments[1])];",
            vec![json!(short_id), json!(last)],
        )
        .await;
    assert_eq!(found, json!([true, true]), "find-in-page reaches the last row");

    // The keyboard: focus moves into a skipped row, which is then laid out
    // and shown, and k goes on from there.
    let ids = c.attrs(ROWS, "data-row-id").await;
    let ids: Vec<String> = ids.into_iter().map(Option::unwrap_or_default).collect();
    c.js("document.querySelector(arguments[0]).focus()", vec![json!(last)])
        .await;
    assert_eq!(
        c.active_attr("data-row-id").await.as_deref(),
        Some(ids[999].as_str())
    );
    wait_until("the focused row laid out", || async {
        let shown = rendered(&c, &last_id_cell).await;
        check(shown, shown)
    })
    .await;
    c.press("k").await;
    wait_until("k to the row above", || async {
        let at = c.active_attr("data-row-id").await;
        check(at.as_deref() == Some(ids[998].as_str()), at)
    })
    .await;
    c.close().await;
}
