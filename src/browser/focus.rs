//! Keyboard focus: moving it, trapping Tab inside a dialog, and the
//! focused element as seen from inside a shadow root.

use wasm_bindgen::prelude::*;
use web_sys::{Element, HtmlElement};

pub fn focus(el: &Element) {
    if let Some(el) = el.dyn_ref::<HtmlElement>() {
        let _ = el.focus();
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

/// The focused element as seen from `inside`'s tree: inside a shadow root
/// `document.activeElement` is only the host.
pub fn active_element(inside: &Element) -> Option<Element> {
    let root = inside.get_root_node();
    match root.dyn_ref::<web_sys::ShadowRoot>() {
        Some(shadow) => shadow.active_element(),
        None => inside.owner_document().and_then(|d| d.active_element()),
    }
}
