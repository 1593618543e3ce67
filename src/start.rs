//! Module start: installs the panic hook and, on the standalone page
//! (an element with `data-sdrs-standalone`), mounts the app there. Hosts that
//! embed the panel mount it themselves.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
pub fn start() {
    console_error_panic_hook::set_once();
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Ok(Some(root)) = document.query_selector("[data-sdrs-standalone]") {
        if let Ok(root) = root.dyn_into::<web_sys::HtmlElement>() {
            root.set_inner_html("");
            leptos::mount::mount_to(root, crate::components::App).forget();
        }
    }
}
