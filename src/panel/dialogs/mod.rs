//! Everything shown in the one modal shell: the shell itself, the job
//! drawer with its job-status drill-down, the confirmation of deletes and
//! the token prompt.

mod confirm;
pub(crate) mod drawer;
mod job_details;
mod lazy_drawer;
pub(crate) mod modal;
mod token;

pub(crate) use confirm::ConfirmDialog;
pub(crate) use lazy_drawer::{preload_drawer, LazyDrawer};
pub(crate) use token::TokenDialog;
