//! Operations: Prometheus metrics, structured logs, request ids.

pub mod logging;
pub mod metrics;
