//! Embedding the panel in other pages.
//!
//! - JavaScript: `mount(element, options)` returns a handle with
//!   `unmount()`, `refresh()` and `setFilters(filters)`.
//! - Leptos hosts: [`SdrsPanel`] with a [`PanelConfig`] prop.
//! - An opt-in custom element, `<sdrs-failed-tasks api-base project-id
//!   locale>`, registered by `defineElement()`, rendering into its own
//!   shadow root with the panel's styles inside.
//!
//! The panel reports to the host through DOM events on its element:
//! `sdrs-rows-loaded`, `sdrs-error`, `sdrs-job-opened` (they bubble and
//! cross shadow roots). It installs no router and no window listener.

mod element;
mod js;
mod leptos_host;
mod options;

pub use element::define_custom_element;
pub use js::{mount, PanelHandle};
pub use leptos_host::SdrsPanel;

use crate::api::TokenSource;
use crate::i18n::Locale;
use crate::view_model::url_state::ViewState;

/// Everything a host chooses.
#[derive(Clone)]
pub struct PanelConfig {
    pub api_base: String,
    pub project_id: String,
    pub token: TokenSource,
    pub initial: ViewState,
    pub locale: Locale,
    /// Mirror the view into the page URL; off for embedded panels.
    pub sync_url: bool,
    /// Folder URL of the error-code catalogs; `None`: beside the module.
    pub codes_base: Option<String>,
}

impl PanelConfig {
    pub fn new(api_base: &str, project_id: &str) -> Self {
        PanelConfig {
            api_base: api_base.to_owned(),
            project_id: project_id.to_owned(),
            token: TokenSource::None,
            initial: ViewState::default(),
            locale: Locale::En,
            sync_url: false,
            codes_base: None,
        }
    }
}
