//! The HTTP surface shared by every mode: error envelopes, the API path
//! grammar, the request log, the console's static files, the layer stack,
//! and the protections that do not depend on the mode (the connection loop
//! and its limits, the `Host` check of single-user mode, `Cache-Control` of
//! API answers).

pub mod api_path;
pub mod auth_headers;
pub mod connections;
pub mod error;
pub mod host_check;
pub mod layers;
pub mod limits;
pub mod no_store;
pub mod query;
pub mod request_log;
pub mod static_files;
