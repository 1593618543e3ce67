//! The outermost middleware: a fresh `X-Request-Id` on every response that
//! has none (an upstream's own id is kept), and one log line per request on
//! stderr: time, method, path (never the query, which may hold names;
//! never headers, which may hold tokens), status, milliseconds, request id.

use axum::extract::{Request, State};
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;
use std::time::Instant;

pub const X_REQUEST_ID: &str = "x-request-id";

/// A random 32-hex request id.
pub fn new_request_id() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

/// Whether lines are written (`--quiet` turns them off).
#[derive(Clone, Copy, Debug)]
pub struct LogConfig {
    pub quiet: bool,
}

pub async fn layer(State(cfg): State<LogConfig>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let path = req.uri().path().to_owned();
    let mut res = next.run(req).await;
    if !res.headers().contains_key(X_REQUEST_ID) {
        if let Ok(v) = HeaderValue::from_str(&new_request_id()) {
            res.headers_mut().insert(X_REQUEST_ID, v);
        }
    }
    if !cfg.quiet {
        let rid = res
            .headers()
            .get(X_REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .filter(|s| s.len() <= 128)
            .unwrap_or("-");
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        eprintln!(
            "{} {method} {path} {} {ms:.1}ms {rid}",
            crate::timefmt::format_ms(crate::timefmt::now_ms()),
            res.status().as_u16()
        );
    }
    res
}
