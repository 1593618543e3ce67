//! Module start: installs the panic hook and, on the standalone page
//! (an element with `data-sdrs-standalone`), mounts the app there. Hosts that
//! embed the panel mount it themselves.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        console_error_panic_hook::hook(info);
        show_crash_notice();
    }));
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(Some(root)) = document.query_selector("[data-sdrs-standalone]") {
        if let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() {
            root.set_inner_html("");
            leptos::mount::mount_to(root, crate::app::App).forget();
        }
    }
}

/// After a panic the module cannot run again, so every panel on the page,
/// in the document or in an open shadow root (the custom element), gets a
/// plain notice with a reload link that needs no script. Called by the
/// panic hook.
pub fn show_crash_notice() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for panel in panels(&document) {
        if panel.query_selector(".sdrs-crash").ok().flatten().is_some() {
            continue;
        }
        let Ok(notice) = document.create_element("div") else {
            continue;
        };
        notice.set_class_name("sdrs-error sdrs-crash");
        let _ = notice.set_attribute("role", "alert");
        notice.set_text_content(Some(
            "The console stopped after an internal error; the details are in the browser console. ",
        ));
        if let Ok(link) = document.create_element("a") {
            let _ = link.set_attribute("href", "");
            link.set_text_content(Some("Reload"));
            let _ = notice.append_child(&link);
        }
        let _ = panel.prepend_with_node_1(&notice);
    }
}

/// The panels of the document and of the open shadow roots of its elements.
fn panels(document: &web_sys::Document) -> Vec<web_sys::Element> {
    let elements = |list: Result<web_sys::NodeList, JsValue>| {
        list.into_iter()
            .flat_map(|l| (0..l.length()).filter_map(move |i| l.item(i)?.dyn_into::<web_sys::Element>().ok()))
            .collect::<Vec<_>>()
    };
    let mut found = elements(document.query_selector_all(".sdrs-panel"));
    for host in elements(document.query_selector_all("*")) {
        if let Some(shadow) = host.shadow_root() {
            found.extend(elements(shadow.query_selector_all(".sdrs-panel")));
        }
    }
    found
}
