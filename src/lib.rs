//! sdrs-console: a browser console for the failed tasks of Huawei Cloud's
//! Storage Disaster Recovery Service.
//!
//! The folders are the architecture (see `ARCHITECTURE.md`):
//! [`view_model`] and [`i18n`] are plain Rust, tested natively; [`api`]
//! talks to the Task Center; `browser` is the glue to web APIs; [`panel`]
//! is the failed-task panel (its store and components); `app` the
//! standalone page, `team` its team sign-in and Audit view, `iam` its
//! "Sign in with IAM user", [`scopes`] its choice among several scopes and
//! the "All scopes" view; [`embed`] the ways other pages mount the panel.
//! Everything that touches the browser is gated to wasm32.

pub mod api;
pub mod i18n;
pub mod view_model;

#[cfg(target_arch = "wasm32")]
mod alerting;
#[cfg(target_arch = "wasm32")]
mod app;
#[cfg(all(target_arch = "wasm32", feature = "bench"))]
pub mod bench;
#[cfg(target_arch = "wasm32")]
pub mod browser;
#[cfg(target_arch = "wasm32")]
mod chunks;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
mod hooks;
#[cfg(target_arch = "wasm32")]
mod iam;
#[cfg(target_arch = "wasm32")]
pub mod panel;
#[cfg(target_arch = "wasm32")]
pub mod scopes;
#[cfg(target_arch = "wasm32")]
pub mod start;
#[cfg(target_arch = "wasm32")]
mod team;
#[cfg(target_arch = "wasm32")]
mod trends;

pub use sdrs_models as models;
