//! sdrs-console: a browser console for the failed tasks of Huawei Cloud's
//! Storage Disaster Recovery Service.
//!
//! Plain-Rust modules (formatting, sorting, URL state, catalogs, advice,
//! error mapping) compile and are tested natively; everything that touches
//! the browser is gated to wasm32.

pub mod advice;
pub mod api;
pub mod config;
pub mod embed_options;
pub mod export;
pub mod format;
pub mod i18n;
pub mod refine;
pub mod refresh;
pub mod rows;
pub mod sort;
pub mod summary;
pub mod url_state;

#[cfg(target_arch = "wasm32")]
pub mod bench;
#[cfg(target_arch = "wasm32")]
pub mod components;
#[cfg(target_arch = "wasm32")]
mod dom;
#[cfg(target_arch = "wasm32")]
pub mod embed;
#[cfg(target_arch = "wasm32")]
pub mod start;
#[cfg(target_arch = "wasm32")]
pub mod time;

pub use sdrs_models as models;
