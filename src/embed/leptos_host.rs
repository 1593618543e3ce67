//! The panel for Leptos hosts.

use super::PanelConfig;
use crate::api::ApiClient;
use crate::panel::{FailedTasksPanel, PanelStore};
use leptos::prelude::*;

impl PanelConfig {
    /// A store for a panel with this configuration (its client, initial
    /// view and language).
    pub fn store(&self) -> PanelStore {
        let client = ApiClient::new(&self.api_base, &self.project_id, self.token.clone());
        let store = PanelStore::new(client, self.initial.clone(), self.locale);
        if self.codes_base.is_some() {
            store.set_codes_base(self.codes_base.clone());
        }
        store
    }
}

/// The panel for Leptos hosts. `store` lets the host drive it (refresh,
/// filters, language); it is made from `config` when omitted, and then
/// belongs to the host's reactive scope.
#[component]
pub fn SdrsPanel(config: PanelConfig, #[prop(optional)] store: Option<PanelStore>) -> impl IntoView {
    let store = store.unwrap_or_else(|| config.store());
    view! { <FailedTasksPanel store=store sync_url=config.sync_url /> }
}
