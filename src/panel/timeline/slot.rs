//! The timeline's place above the table, in the first module. The timeline
//! mounts only once the first rows are painted (its chunk and its walk over
//! all pages must not hold them back); this place is held at its height
//! from the panel's first frame on, so those rows do not move when it
//! comes, under a pointer on its way to one of them.

use super::timeline_chunk;
use crate::browser::storage;
use crate::chunks::{chunk_slot, ChunkLoad};
use crate::i18n::Locale;
use crate::panel::PanelStore;
use crate::view_model::timeline::starts_hidden;
use leptos::prelude::*;

/// Where "Hide timeline" is remembered for the tab.
pub(crate) const HIDDEN_KEY: &str = "sdrs-console.timeline-hidden";

/// Whether the timeline starts folded in this tab and window.
pub(crate) fn starts_folded() -> bool {
    let width = web_sys::window()
        .and_then(|w| w.inner_width().ok())
        .and_then(|w| w.as_f64());
    starts_hidden(storage::session_get(HIDDEN_KEY).as_deref(), width)
}

/// The timeline once `rows_shown`; until then, while a first answer is
/// awaited, the space it will take (the stylesheet's
/// `--sdrs-tl-height`, folded or not). A list that failed holds no space:
/// its rows, and so the timeline, do not come.
pub(crate) fn timeline_slot(
    store: PanelStore,
    rows_shown: Signal<bool>,
    locale: Signal<Locale>,
) -> impl IntoView {
    let awaited = move || !rows_shown.get() && store.error().with(Option::is_none);
    view! {
        <div class="sdrs-tl-slot" class:is-folded=starts_folded() data-awaited=move || awaited().then_some("")>
            {move || {
                rows_shown
                    .get()
                    .then(|| chunk_slot(move || -> ChunkLoad { Box::pin(timeline_chunk(store)) }, locale, None))
            }}
        </div>
    }
}
