//! Small DOM helpers: the page URL, the clipboard, Blob downloads and the
//! table's row marks.

use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

pub fn copy_text(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

pub fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Mirrors the view into the URL without a history entry. An unchanged
/// search is left alone: `replaceState` costs the browser milliseconds
/// (it stores the session history entry), and the panel mirrors its view
/// on every change of state, starting with the mount.
pub fn replace_search(search: &str) {
    let Some(window) = web_sys::window() else { return };
    let location = window.location();
    let current = location.search().unwrap_or_default();
    if current.strip_prefix('?').unwrap_or(&current) == search {
        return;
    }
    let Ok(history) = window.history() else { return };
    let path = location.pathname().unwrap_or_default();
    let hash = location.hash().unwrap_or_default();
    let url = if search.is_empty() {
        format!("{path}{hash}")
    } else {
        format!("{path}?{search}{hash}")
    };
    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
}

/// The row whose identity (`data-row-id`) is `row_id` inside `root`,
/// compared by attribute value so no selector escaping is needed.
pub fn find_row(root: &Element, row_id: &str) -> Option<Element> {
    let rows = root.query_selector_all("tbody tr[data-row-id]").ok()?;
    (0..rows.length())
        .filter_map(|i| rows.item(i)?.dyn_into::<Element>().ok())
        .find(|row| row.get_attribute("data-row-id").as_deref() == Some(row_id))
}

/// Moves a mark between the rows of `tbody`: `attr` becomes `on` on the row
/// whose identity is `row_id` and `off` (or is removed) on any other row
/// that has `on`. Returns the row now marked.
pub fn move_row_mark(
    tbody: &Element,
    attr: &str,
    (on, off): (&str, Option<&str>),
    row_id: Option<&str>,
) -> Option<Element> {
    let target = row_id.and_then(|id| find_row(tbody, id));
    if let Ok(marked) = tbody.query_selector_all(&format!("tr[{attr}=\"{on}\"]")) {
        for row in (0..marked.length()).filter_map(|i| marked.item(i)?.dyn_into::<Element>().ok()) {
            if Some(&row) != target.as_ref() {
                let _ = match off {
                    Some(off) => row.set_attribute(attr, off),
                    None => row.remove_attribute(attr),
                };
            }
        }
    }
    let row = target?;
    let _ = row.set_attribute(attr, on);
    Some(row)
}

/// Sets `attr` to `value` on every element matching `selector` in `root`.
pub fn set_attribute_all(root: &Element, selector: &str, attr: &str, value: &str) {
    if let Ok(found) = root.query_selector_all(selector) {
        for el in (0..found.length()).filter_map(|i| found.item(i)?.dyn_into::<Element>().ok()) {
            let _ = el.set_attribute(attr, value);
        }
    }
}

/// Saves `text` as a file through a Blob download.
pub fn download(file_name: &str, mime: &str, text: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let parts = js_sys::Array::of1(&JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let Ok(blob) = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options) else {
        return;
    };
    let Ok(url) = web_sys::Url::create_object_url_with_blob(&blob) else {
        return;
    };
    if let Ok(a) = document.create_element("a") {
        let _ = a.set_attribute("href", &url);
        let _ = a.set_attribute("download", file_name);
        if let Some(a) = a.dyn_ref::<HtmlElement>() {
            a.click();
        }
    }
    // The download has started by now; free the Blob a little later.
    leptos::prelude::set_timeout(
        move || {
            let _ = web_sys::Url::revoke_object_url(&url);
        },
        std::time::Duration::from_secs(10),
    );
}
