//! A panel mounted on a fresh element, for the tests that drive one.

use leptos::prelude::*;
use sdrs_console::api::ApiClient;
use sdrs_console::i18n::Locale;
use sdrs_console::models::FailureJobQuery;
use sdrs_console::panel::{FailedTasksPanel, PanelStore};
use sdrs_console::view_model::url_state::ViewState;
use std::any::Any;
use web_sys::HtmlElement;

/// Mounts a panel of `client` showing `query` in `locale` on a fresh
/// element; it stays mounted until the returned handle is dropped.
pub fn mount_panel(
    client: ApiClient,
    query: FailureJobQuery,
    locale: Locale,
) -> (HtmlElement, PanelStore, Box<dyn Any>) {
    let el = super::fresh_element();
    let store = PanelStore::new(
        client,
        ViewState {
            query,
            ..Default::default()
        },
        locale,
    );
    let handle = leptos::mount::mount_to(el.clone(), move || {
        view! { <FailedTasksPanel store=store /> }
    });
    (el, store, Box::new(handle))
}
