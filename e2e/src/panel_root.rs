//! A panel anywhere in a page, named by a JS expression for the node to
//! query in: `document` (the standalone page), a host's `<div>` (a panel
//! of `mount()`) or a custom element's `shadowRoot`, which
//! `document.querySelector` does not reach.

use crate::support::{check, wait_until};
use crate::{Browser, ROWS};
use serde_json::Value;

/// Runs `body` (a function body; `arguments[0..]` are `args`) with `root`
/// bound to the node `root` names (`null` or `undefined` if absent).
pub async fn in_root(b: &Browser, root: &str, body: &str, args: Vec<Value>) -> Value {
    b.js(&format!("const root = {root};\n{body}"), args).await
}

/// Job ids of the rows under `root`, and whether its list is busy.
pub async fn rows_in(b: &Browser, root: &str) -> (bool, Vec<String>) {
    let v = in_root(
        b,
        root,
        &format!(
            "if (!root) return [false, []];\
             return [!!root.querySelector('.sdrs-table-wrap[aria-busy=true]'),\
               [...root.querySelectorAll('{ROWS}')].map(r => r.getAttribute('data-job-id'))];"
        ),
        vec![],
    )
    .await;
    let ids = v[1]
        .as_array()
        .map(|a| a.iter().filter_map(|x| x.as_str().map(str::to_owned)).collect())
        .unwrap_or_default();
    (v[0].as_bool().unwrap_or(false), ids)
}

/// Waits until `root` shows rows and fetches nothing; returns their ids.
pub async fn wait_rows(b: &Browser, root: &str) -> Vec<String> {
    wait_until(&format!("rows in {root}"), || async {
        let (busy, ids) = rows_in(b, root).await;
        check(!busy && !ids.is_empty(), (busy, ids.len())).map(|_| ids)
    })
    .await
}

/// How many elements under `root` match `css`.
pub async fn count_in(b: &Browser, root: &str, css: &str) -> usize {
    let v = in_root(
        b,
        root,
        "return root ? root.querySelectorAll(arguments[0]).length : 0",
        vec![Value::from(css)],
    )
    .await;
    v.as_u64().unwrap_or(0) as usize
}

/// Waits until something under `root` matches `css`.
pub async fn wait_in(b: &Browser, root: &str, css: &str) {
    wait_until(&format!("{css} in {root}"), || async {
        let n = count_in(b, root, css).await;
        check(n > 0, n)
    })
    .await
}

/// Waits until nothing under `root` matches `css`.
pub async fn wait_gone_in(b: &Browser, root: &str, css: &str) {
    wait_until(&format!("{css} to leave {root}"), || async {
        let n = count_in(b, root, css).await;
        check(n == 0, n)
    })
    .await
}

/// The text of the first element under `root` matching `css`.
pub async fn text_in(b: &Browser, root: &str, css: &str) -> Option<String> {
    let v = in_root(
        b,
        root,
        "return root?.querySelector(arguments[0])?.textContent ?? null",
        vec![Value::from(css)],
    )
    .await;
    v.as_str().map(str::to_owned)
}

/// Clicks (a DOM `click()`, which bubbles as a user's would) the first
/// element under `root` matching `css`; fails if there is none.
pub async fn click_in(b: &Browser, root: &str, css: &str) {
    let clicked = in_root(
        b,
        root,
        "const e = root?.querySelector(arguments[0]); if (!e) return false; e.click(); return true;",
        vec![Value::from(css)],
    )
    .await;
    assert_eq!(clicked, Value::Bool(true), "nothing to click at {css} in {root}");
}
