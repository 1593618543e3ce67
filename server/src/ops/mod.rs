//! Operations: Prometheus metrics, structured logs, request ids.

pub mod health;
pub mod logging;
pub mod metrics;
