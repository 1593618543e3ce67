//! The panel for Leptos hosts.

use super::PanelConfig;
use crate::api::ApiClient;
use crate::panel::{FailedTasksPanel, PanelState};
use leptos::prelude::*;

/// The panel for Leptos hosts. `state` lets the host drive it (refresh,
/// filters, language); one is made from the config when omitted.
#[component]
pub fn SdrsPanel(config: PanelConfig, #[prop(optional)] state: Option<PanelState>) -> impl IntoView {
    let state = state.unwrap_or_else(|| PanelState::new(config.initial.clone(), config.locale));
    let client = ApiClient::new(&config.api_base, &config.project_id, config.token.clone());
    view! { <FailedTasksPanel client=client state=state sync_url=config.sync_url /> }
}
