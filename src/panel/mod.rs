//! The failed-task panel: its store (state, memos, intents, and the effects
//! at its edges) and the components that show it. Used by the standalone
//! page and by embedders.
//!
//! The files here are the panel's frame (the layout, the toolbar, the
//! error banner, the pager, the keys); each folder is one feature of it.

pub(crate) mod code_groups;
pub(crate) mod codes;
pub(crate) mod dialogs;
mod error_banner;
mod export_menu;
mod failed_tasks_panel;
mod filters;
mod pager;
mod shortcuts;
mod store;
mod table;
pub(crate) mod timeline;
mod toolbar;
mod view_switch;

pub use failed_tasks_panel::FailedTasksPanel;
pub use store::PanelStore;

use std::sync::atomic::{AtomicU32, Ordering};

/// A page-unique prefix for ids (`aria-labelledby` targets), so two panels
/// on one page never share an id.
pub(crate) fn unique_id(suffix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("sdrs-{}-{suffix}", NEXT.fetch_add(1, Ordering::Relaxed))
}
