//! Request ids and the request log, from tower-http's layers: every request
//! gets a fresh 32-hex `X-Request-Id` (one sent by the client is replaced,
//! so a log line never carries a value a caller chose), every response
//! carries it unless it already has its own (an upstream's id is kept), and
//! one `tracing` event per request says method, path (never the query,
//! which may hold names; never a header, which may hold tokens or cookies),
//! status, milliseconds and the request id.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{HeaderName, HeaderValue, Response};
use axum::Router;
use std::time::Duration;
use tower_http::request_id::{MakeRequestId, PropagateRequestIdLayer, RequestId, SetRequestIdLayer};
use tower_http::trace::TraceLayer;
use tracing::Span;

pub const X_REQUEST_ID: &str = "x-request-id";

/// A random 32-hex request id.
pub fn new_request_id() -> String {
    format!("{:016x}{:016x}", fastrand::u64(..), fastrand::u64(..))
}

/// Whether request lines are written (`--quiet` turns them off).
#[derive(Clone, Copy, Debug)]
pub struct LogConfig {
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, Default)]
struct FreshRequestId;

impl MakeRequestId for FreshRequestId {
    fn make_request_id<B>(&mut self, _: &axum::http::Request<B>) -> Option<RequestId> {
        HeaderValue::from_str(&new_request_id()).ok().map(RequestId::new)
    }
}

/// A request id as logged: letters, digits, `-` and `_`, at most 128;
/// anything else is not written to the log.
pub fn plain_id(value: &HeaderValue) -> Option<&str> {
    let text = value.to_str().ok()?;
    let plain = !text.is_empty()
        && text.len() <= 128
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    plain.then_some(text)
}

fn request_span(req: &Request<Body>) -> Span {
    tracing::info_span!(
        "request",
        method = %req.method(),
        path = %req.uri().path(),
        request_id = req.headers().get(X_REQUEST_ID).and_then(plain_id).unwrap_or("-"),
    )
}

fn log_response(res: &Response<Body>, latency: Duration, span: &Span) {
    let ms = latency.as_secs_f64() * 1000.0;
    let status = res.status().as_u16();
    span.in_scope(|| tracing::info!(status, ms = format_args!("{ms:.1}"), "answered"));
}

/// Wraps `router` (outermost layers): request ids, then the request log.
pub fn layer(router: Router, cfg: LogConfig) -> Router {
    let header = HeaderName::from_static(X_REQUEST_ID);
    let router = router.layer(PropagateRequestIdLayer::new(header.clone()));
    let router = if cfg.quiet {
        router
    } else {
        router.layer(
            TraceLayer::new_for_http()
                .make_span_with(request_span)
                .on_request(())
                .on_response(log_response)
                .on_failure(()),
        )
    };
    router
        .layer(SetRequestIdLayer::new(header, FreshRequestId))
        .layer(axum::middleware::map_request(drop_client_request_id))
}

/// A client's own `X-Request-Id` is not trusted: the server makes its own.
async fn drop_client_request_id(mut req: Request) -> Request {
    req.headers_mut().remove(X_REQUEST_ID);
    req
}
