//! Small reactive hooks, one a file, each documented by its spec in the
//! way leptos-use documents its hooks. They are built on gloo-timers and
//! web-sys, which the console links anyway, so they add no dependency.

mod use_after_paint;
mod use_debounce;
mod use_document_visibility;
mod use_interval;
mod use_latest;
mod use_sign_in_form;

pub(crate) use use_after_paint::use_after_paint;
pub(crate) use use_debounce::use_debounce;
pub(crate) use use_document_visibility::use_document_visibility;
pub(crate) use use_interval::use_interval;
pub(crate) use use_latest::{use_latest, Latest};
pub(crate) use use_sign_in_form::{input_value, use_sign_in_form};
