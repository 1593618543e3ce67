//! Panel-wide keys: `/` to the name filter (or the filter sheet of a
//! narrow panel), `r` refresh, `[` `]` pages,
//! `j` `k` (and the arrows) between rows. Never while typing, only while
//! focus is in the panel; a modal stops them.

use super::PanelStore;
use crate::browser::{dom, focus};
use crate::view_model::pages::PageMove;
use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub(crate) fn on_shortcut(ev: web_sys::KeyboardEvent, store: PanelStore, root: NodeRef<html::Div>) {
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() {
        return;
    }
    let typing = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
    if typing {
        return;
    }
    let Some(root_el) = root.get_untracked() else {
        return;
    };
    match ev.key().as_str() {
        "/" => {
            let input = root_el.query_selector("input[name=resource_name]").ok().flatten();
            // On a narrow panel the form is folded into its summary line,
            // which opens the filter sheet instead.
            let folded = input
                .as_ref()
                .and_then(|i| i.dyn_ref::<web_sys::HtmlElement>())
                .is_some_and(|i| i.offset_parent().is_none());
            let summary = root_el.query_selector(".sdrs-filter-summary").ok().flatten();
            match (input, summary) {
                (Some(_), Some(summary)) if folded => {
                    ev.prevent_default();
                    if let Some(button) = summary.dyn_ref::<web_sys::HtmlElement>() {
                        button.click();
                    }
                }
                (Some(input), _) => {
                    ev.prevent_default();
                    focus::focus(&input);
                }
                _ => {}
            }
        }
        "r" => store.refresh(),
        "[" => store.move_page(PageMove::Previous),
        "]" => store.move_page(PageMove::Next),
        "j" | "k" | "ArrowDown" | "ArrowUp" => {
            let down = matches!(ev.key().as_str(), "j" | "ArrowDown");
            // The row holding focus, also when focus is on its button.
            let current = focus::active_element(&root_el)
                .and_then(|el| el.closest("tr[data-row-id]").ok().flatten())
                .and_then(|row| row.get_attribute("data-row-id"));
            let target = store.view_rows().with_untracked(|rows| {
                let at = current.and_then(|id| rows.iter().position(|r| r.id == id));
                let index = match at {
                    Some(i) if down => (i + 1).min(rows.len().saturating_sub(1)),
                    Some(i) => i.saturating_sub(1),
                    None => 0,
                };
                rows.get(index).map(|r| r.id.clone())
            });
            if let Some(row) = target.and_then(|id| dom::find_row(&root_el, &id)) {
                ev.prevent_default();
                focus::focus(&row);
            }
        }
        _ => {}
    }
}
