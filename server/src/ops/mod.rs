//! Operations: Prometheus metrics, structured logs, request ids.

pub mod health;
pub mod journal_gauges;
pub mod logging;
pub mod metrics;
