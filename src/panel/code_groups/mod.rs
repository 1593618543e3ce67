//! "Group by error code": the grouped view and one code's row with its
//! failures.

mod row;
mod view;

use crate::panel::PanelStore;
use leptos::prelude::*;
use view::CodeGroupsView;

crate::chunks::chunk_fn! {
    chunk code_groups, preload preload_code_groups;
    /// The grouped view, from its own chunk.
    pub(crate) fn code_groups_chunk(store: PanelStore) -> AnyView {
        view! { <CodeGroupsView store=store /> }.into_any()
    }
}
