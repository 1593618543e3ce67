//! The job drawer's code comes from its own chunk, loaded when a job is
//! first opened (or before, when the page is idle).

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
    // Mounted while a job is open (the drawer shows nothing otherwise). A
    // chunk that failed is tried again when a job is next opened, or by the
    // alert's Retry; a loaded one gives the drawer at once.
    let open = Memo::new(move |_| store.opened().with(Option::is_some));
    let locale = Signal::derive(move || store.locale().get());
    let close = Callback::new(move |()| store.close_job());
    move || {
        open.get().then(|| {
            chunk_slot(
                move || -> ChunkLoad { Box::pin(drawer_chunk(store, root)) },
                locale,
                Some(close),
            )
        })
    }
}
