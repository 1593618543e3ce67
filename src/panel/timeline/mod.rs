//! The failure timeline above the list: its frame (summary, legend, table
//! alternative, loading state) and its SVG chart.

mod bars;
pub(crate) mod chart;
mod slot;
mod view;

pub(crate) use slot::timeline_slot;

use crate::panel::PanelStore;
use leptos::prelude::*;
use view::FailureTimeline;

crate::chunks::chunk_fn! {
    chunk timeline, preload preload_timeline;
    /// The timeline, from its own chunk.
    pub(crate) fn timeline_chunk(store: PanelStore) -> AnyView {
        view! { <FailureTimeline store=store /> }.into_any()
    }
}
