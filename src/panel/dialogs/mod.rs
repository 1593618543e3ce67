//! Everything shown in the one modal shell: the shell itself, the job
//! drawer with its job-status drill-down, the confirmation of deletes and
//! the token prompt.

mod confirm;
pub(crate) mod drawer;
mod job_details;
mod lazy_drawer;
pub(crate) mod modal;
mod token;

pub(crate) use lazy_drawer::{preload_drawer, LazyDrawer};

use crate::panel::PanelStore;
use confirm::ConfirmDialog;
use leptos::prelude::*;
use token::TokenDialog;

crate::chunks::chunk_fn! {
    chunk confirm, preload preload_confirm;
    /// The confirmation of deletes, from its own chunk.
    pub(crate) fn confirm_chunk(store: PanelStore) -> AnyView {
        view! { <ConfirmDialog store=store /> }.into_any()
    }
}

crate::chunks::chunk_fn! {
    chunk token, preload preload_token;
    /// The token prompt, from its own chunk.
    pub(crate) fn token_chunk(store: PanelStore) -> AnyView {
        view! { <TokenDialog store=store /> }.into_any()
    }
}
