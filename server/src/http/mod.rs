//! The HTTP surface shared by every mode: error envelopes, the API path
//! grammar, the request log and the console's static files.

pub mod api_path;
pub mod auth_headers;
pub mod error;
pub mod layers;
pub mod query;
pub mod request_log;
pub mod static_files;
