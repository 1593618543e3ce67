//! The job drawer's code comes from its own chunk, loaded when a job is
//! first opened (or before, when the page is idle). Once loaded, the drawer
//! stays mounted and follows the opened job itself.

use super::drawer::Drawer;
use crate::chunks::{chunk_fn, chunk_slot, ChunkLoad};
use crate::panel::PanelStore;
use leptos::html;
use leptos::prelude::*;

chunk_fn! {
    chunk drawer, preload preload_drawer;
    /// The drawer, from its own chunk.
    pub(crate) fn drawer_chunk(store: PanelStore, root: NodeRef<html::Div>) -> AnyView {
        view! { <Drawer store=store root=root /> }.into_any()
    }
}

#[component]
pub(crate) fn LazyDrawer(store: PanelStore, root: NodeRef<html::Div>) -> impl IntoView {
    let loaded = RwSignal::new(false);
    // Mounted from the first open on; a chunk that failed is tried again
    // when the next job is opened, or by the alert's Retry.
    let mounted = Memo::new(move |_| loaded.get() || store.opened().with(Option::is_some));
    let locale = Signal::derive(move || store.locale().get());
    let close = Callback::new(move |()| store.close_job());
    let ready = Callback::new(move |()| loaded.set(true));
    move || {
        mounted.get().then(|| {
            chunk_slot(
                move || -> ChunkLoad { Box::pin(drawer_chunk(store, root)) },
                locale,
                Some(close),
                Some(ready),
            )
        })
    }
}
