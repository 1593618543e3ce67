//! The "All scopes" view's keys, as the panel's: `/` to the name filter,
//! `r` refresh, `[` `]` pages, `j` `k` (and the arrows) between the rows'
//! open buttons. Never while typing, only while focus is in the view; a
//! modal stops them.

use super::store::JournalStore;
use crate::browser::focus;
use crate::view_model::pages::PageMove;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub(super) fn on_shortcut(ev: web_sys::KeyboardEvent, store: JournalStore, root: NodeRef<html::Section>) {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() {
        return;
    }
    let typing = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
    let Some(root) = root.get_untracked().filter(|_| !typing) else {
        return;
    };
    let key = ev.key();
    match key.as_str() {
        "/" => {
            if let Ok(Some(input)) = root.query_selector("input[name=resource_name]") {
                ev.prevent_default();
                focus::focus(&input);
            }
        }
        "r" => store.refresh(),
        "[" => store.move_page(PageMove::Previous),
        "]" => store.move_page(PageMove::Next),
        "j" | "k" | "ArrowDown" | "ArrowUp" => {
            let Ok(buttons) = root.query_selector_all("tbody button[data-action=open]") else {
                return;
            };
            let buttons: Vec<web_sys::Element> = (0..buttons.length())
                .filter_map(|i| buttons.item(i)?.dyn_into().ok())
                .collect();
            let active = focus::active_element(&root);
            let at = active.and_then(|a| buttons.iter().position(|b| *b == a));
            let down = matches!(key.as_str(), "j" | "ArrowDown");
            let next = match at {
                Some(i) if down => (i + 1).min(buttons.len().saturating_sub(1)),
                Some(i) => i.saturating_sub(1),
                None => 0,
            };
            if let Some(button) = buttons.get(next) {
                ev.prevent_default();
                focus::focus(button);
            }
        }
        _ => {}
    }
}
