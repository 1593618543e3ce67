//! Small browser helpers shared by the components.

use wasm_bindgen::prelude::*;
use web_sys::{CustomEvent, CustomEventInit, Element, HtmlElement};

/// Dispatches `name` on `target` with a JSON-ish detail; bubbles and
/// crosses shadow roots so hosts can listen on an ancestor.
pub fn dispatch(target: &Element, name: &str, detail: &JsValue) {
    let init = CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = target.dispatch_event(&event);
    }
}

/// A plain JS object from string pairs.
pub fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let obj = js_sys::Object::new();
    for (k, v) in pairs {
        let _ = js_sys::Reflect::set(&obj, &JsValue::from_str(k), v);
    }
    obj.into()
}

pub fn copy_text(text: &str) {
    if let Some(window) = web_sys::window() {
        let _ = window.navigator().clipboard().write_text(text);
    }
}

fn session_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.session_storage().ok().flatten()
}

pub fn session_get(key: &str) -> Option<String> {
    session_storage()?.get_item(key).ok().flatten()
}

pub fn session_set(key: &str, value: &str) {
    if let Some(s) = session_storage() {
        let _ = s.set_item(key, value);
    }
}

pub fn session_remove(key: &str) {
    if let Some(s) = session_storage() {
        let _ = s.remove_item(key);
    }
}

pub fn location_search() -> String {
    web_sys::window()
        .and_then(|w| w.location().search().ok())
        .unwrap_or_default()
}

/// Mirrors the view into the URL without a history entry.
pub fn replace_search(search: &str) {
    let Some(window) = web_sys::window() else { return };
    let Ok(history) = window.history() else { return };
    let path = window.location().pathname().unwrap_or_default();
    let url = if search.is_empty() {
        path
    } else {
        format!("{path}?{search}")
    };
    let _ = history.replace_state_with_url(&JsValue::NULL, "", Some(&url));
}

pub fn focus(el: &Element) {
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        let _ = el.focus();
    }
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

/// Whether keyboard focus is nowhere in particular (on the page body, or on
/// nothing in `inside`'s shadow root), as after the focused element was
/// removed.
pub fn focus_lost(inside: &Element) -> bool {
    active_element(inside).is_none_or(|el| el.tag_name() == "BODY")
}

/// Elements that can take focus inside `root`, in document order.
pub fn focusables(root: &Element) -> Vec<HtmlElement> {
    let selector = "button:not([disabled]), [href], input:not([disabled]), select:not([disabled]), \
                    textarea:not([disabled]), summary, [tabindex]:not([tabindex='-1'])";
    let Ok(list) = root.query_selector_all(selector) else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into::<HtmlElement>().ok())
        .collect()
}

/// Keeps Tab and Shift+Tab inside `root` (a dialog).
pub fn trap_tab(root: &Element, ev: &web_sys::KeyboardEvent) {
    if ev.key() != "Tab" {
        return;
    }
    let items = focusables(root);
    let (Some(first), Some(last)) = (items.first(), items.last()) else {
        return;
    };
    let active = active_element(root);
    let active_is = |el: &HtmlElement| {
        active
            .as_ref()
            .is_some_and(|a| a == el.unchecked_ref::<Element>())
    };
    if ev.shift_key() && active_is(first) {
        ev.prevent_default();
        let _ = last.focus();
    } else if !ev.shift_key() && active_is(last) {
        ev.prevent_default();
        let _ = first.focus();
    }
}

/// Whether the tab is in the background.
pub fn document_hidden() -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .is_some_and(|d| d.hidden())
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
    gloo_timers::callback::Timeout::new(10_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
}

/// The focused element as seen from `inside`'s tree: inside a shadow root
/// `document.activeElement` is only the host.
pub fn active_element(inside: &Element) -> Option<Element> {
    let root = inside.get_root_node();
    match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.active_element(),
        None => inside.owner_document().and_then(|d| d.active_element()),
    }
}
