//! Leptos components. They stay thin: state is a few signals in
//! [`panel::PanelState`], logic lives in the plain-Rust modules.

mod actions;
pub mod app;
mod drawer;
mod error_banner;
mod filters;
pub mod iam_sign_in;
mod job_details;
mod pager;
pub mod panel;
mod table;
mod token_dialog;
mod toolbar;

pub use app::App;
pub use panel::{FailedTasksPanel, PanelState};

use std::sync::atomic::{AtomicU32, Ordering};

/// A page-unique prefix for ids (`aria-labelledby` targets), so two panels
/// on one page never share an id.
pub(crate) fn unique_id(suffix: &str) -> String {
    static NEXT: AtomicU32 = AtomicU32::new(1);
    format!("sdrs-{}-{suffix}", NEXT.fetch_add(1, Ordering::Relaxed))
}
