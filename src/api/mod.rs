//! Talking to the Task Center: the error type (plain Rust), the gloo-net
//! client, the latest-wins request slot, and the console server's own
//! routes: `config.json`, team sign-in and audit, IAM sign-in (browser
//! only).

#[cfg(target_arch = "wasm32")]
mod alerting;
#[cfg(target_arch = "wasm32")]
mod body;
#[cfg(target_arch = "wasm32")]
mod client;
#[cfg(target_arch = "wasm32")]
mod config;
#[cfg(target_arch = "wasm32")]
mod early_list;
pub mod error;
#[cfg(target_arch = "wasm32")]
pub mod iam;
#[cfg(target_arch = "wasm32")]
mod journal;
#[cfg(target_arch = "wasm32")]
mod latest;
#[cfg(target_arch = "wasm32")]
mod server;
#[cfg(target_arch = "wasm32")]
mod start_now;
#[cfg(target_arch = "wasm32")]
pub mod team;
#[cfg(target_arch = "wasm32")]
mod trends;

#[cfg(target_arch = "wasm32")]
pub use client::{ApiClient, SessionAuth, TokenProvider, TokenSource};
#[cfg(target_arch = "wasm32")]
pub use config::load_config;
pub use error::{ApiError, ErrorKind};
#[cfg(target_arch = "wasm32")]
pub use latest::{LatestRequest, Ticket};
#[cfg(target_arch = "wasm32")]
pub(crate) use start_now::start_now;

/// Which id of a listed job `DELETE .../failure-jobs/{failure_job_id}`
/// takes: the rule of the wire models, shared with the server.
pub use sdrs_models::failure_job_id;
