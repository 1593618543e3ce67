//! `use_document_visibility`: whether the page is visible, as a signal.
//!
//! ## Usage
//!
//! ```ignore
//! let visible = use_document_visibility();
//! Effect::new(move |_| if visible.get() { /* the tab came back */ });
//! ```
//!
//! - Follows the document's `visibilitychange` event (a document
//!   listener, not a window one), removed when the owner is cleaned up.
//! - `true` where there is no document.

use leptos::prelude::*;
use wasm_bindgen::prelude::*;

pub(crate) fn use_document_visibility() -> Signal<bool> {
    let document = web_sys::window().and_then(|w| w.document());
    let visible = RwSignal::new(document.as_ref().is_none_or(|d| !d.hidden()));
    let Some(document) = document else {
        return visible.into();
    };
    let target = document.clone();
    let on_change = Closure::<dyn Fn()>::new(move || visible.set(!target.hidden()));
    let _ = document.add_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref());
    let listener = StoredValue::new_local(Some((document, on_change)));
    on_cleanup(move || {
        if let Some((document, on_change)) = listener.try_update_value(Option::take).flatten() {
            let _ = document
                .remove_event_listener_with_callback("visibilitychange", on_change.as_ref().unchecked_ref());
        }
    });
    visible.into()
}
