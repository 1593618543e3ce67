//! The timeline's place above the table, in the first module. The timeline
//! mounts only once the first rows are painted (its chunk and its walk over
//! all pages must not hold them back); this place holds a skeleton of it
//! from the panel's first frame on, so those rows do not move when it
//! comes, under a pointer on its way to one of them.

use super::timeline_chunk;
use crate::browser::storage;
use crate::chunks::{chunk_slot, ChunkLoad};
use crate::i18n::{Locale, TimelineKey};
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

/// The timeline once `rows_shown`, over a skeleton of it that is there from
/// the first frame while the panel's first answer is `awaited` (the
/// stylesheet hides it once the timeline is in). A list that failed before
/// any rows holds no place: its rows, and so the timeline, do not come.
pub(crate) fn timeline_slot(
    store: PanelStore,
    rows_shown: Signal<bool>,
    awaited: Signal<bool>,
    locale: Signal<Locale>,
) -> impl IntoView {
    let folded = starts_folded();
    view! {
        <div class="sdrs-tl-slot" class:is-folded=folded hidden=move || !(awaited.get() || rows_shown.get())>
            {skeleton(folded, locale)}
            {move || {
                rows_shown
                    .get()
                    .then(|| chunk_slot(move || -> ChunkLoad { Box::pin(timeline_chunk(store)) }, locale, None))
            }}
        </div>
    }
}

/// The skeleton's blocks above the hint and below it: fixed markup, set as
/// such rather than built as a view tree (a tree of its own per shape in
/// the first module).
const ABOVE_HINT: &str = "<div class=\"sdrs-tl-skeleton-line\"></div><div class=\"sdrs-tl-skeleton-chart\"></div><div class=\"sdrs-tl-skeleton-line\"></div>";
const BELOW_HINT: &str =
    "<div class=\"sdrs-tl-skeleton-control\"></div><div class=\"sdrs-tl-skeleton-control\"></div>";

/// The timeline's blocks at their heights (`panel/timeline/view.rs`): the
/// head; unfolded, the summary, the chart, the legend, the hint (its own
/// text, hidden, so that it wraps where the timeline's does), the status
/// line and "Show as table". Where the legend takes two lines (a narrower
/// panel), the rows still move by one.
fn skeleton(folded: bool, locale: Signal<Locale>) -> impl IntoView {
    let hint = move || {
        let l = locale.get();
        format!("{} {}", TimelineKey::Rule.text(l), TimelineKey::Hint.text(l))
    };
    view! {
        <div class="sdrs-tl-skeleton" aria-hidden="true">
            <div class="sdrs-tl-skeleton-control"></div>
            {(!folded).then(|| view! {
                <div class="sdrs-tl-skeleton-part" inner_html=ABOVE_HINT></div>
                <p class="sdrs-tl-skeleton-text">{hint}</p>
                <div class="sdrs-tl-skeleton-part" inner_html=BELOW_HINT></div>
            })}
        </div>
    }
}
