//! The failed-task panel: its store (state, memos, intents, and the effects
//! at its edges) and the components that show it. Used by the standalone
//! page and by embedders.

pub(crate) mod code_catalogs;
mod code_explanation;
mod code_group_row;
mod code_groups_view;
mod confirm_dialog;
pub(crate) mod drawer;
mod error_banner;
mod export_menu;
mod failed_tasks_panel;
mod filter_sheet;
mod filters;
pub(crate) mod iam_sign_in;
mod job_details;
mod modal;
mod pager;
mod refinements;
mod shortcuts;
mod store;
mod table;
mod table_body;
mod table_row;
mod timeline;
mod timeline_chart;
mod token_dialog;
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
