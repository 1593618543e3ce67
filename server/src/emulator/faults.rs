//! Fault injection of emulate mode, for tests and demos of the console's
//! error handling. Faults reach only API calls (`/v1/...`, `/v3/...`,
//! `/auth/iam/...`), never the console's own pages and assets; an injected
//! answer is sandboxed (CSP `sandbox`), so a page put there runs no script
//! on the console's origin. Three sources, checked in this order:
//!
//! 1. request headers: `X-Emulator-Delay-Ms`, `X-Emulator-Status`,
//!    `X-Emulator-Body-B64` (exact body, base64), `X-Emulator-Content-Type`;
//! 2. one-shot faults queued with `POST /__emulator/faults`, for pages that
//!    cannot add headers (first queued fault whose `path_prefix` matches);
//! 3. for API calls (`/v1/...`): `--latency-ms`, `--jitter-ms`, `--fail-rate`.
//!
//! A fault with a status or a body answers instead of the emulator; the body
//! defaults to an `SDRS.0013` envelope for statuses >= 400. A fault with only
//! a delay delays the real answer.

use crate::emulator::fault_queue::decode_b64;
pub use crate::emulator::fault_queue::{QueuedFault, MAX_DELAY_MS};
use crate::emulator::state::Emulator;
use crate::http::error::{codes, ApiError};
use crate::util::lock::lock;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;
use std::time::Duration;

pub const H_STATUS: &str = "x-emulator-status";
pub const H_BODY_B64: &str = "x-emulator-body-b64";
pub const H_CONTENT_TYPE: &str = "x-emulator-content-type";
pub const H_DELAY_MS: &str = "x-emulator-delay-ms";

/// Whether faults may answer a request for `path`: API and IAM calls only.
pub fn faultable(path: &str) -> bool {
    path == "/v1"
        || ["/v1/", "/v3/", "/auth/iam/"]
            .iter()
            .any(|root| path.starts_with(root))
}

/// CSP of an injected answer: no script, no same-origin access, no framing.
const INJECTED_POLICY: &str = "sandbox; frame-ancestors 'none'";

/// What to do to one request.
#[derive(Debug, Default)]
struct Fault {
    delay_ms: u64,
    status: Option<StatusCode>,
    body: Option<Vec<u8>>,
    content_type: Option<HeaderValue>,
    retry_after: Option<u64>,
}

impl Fault {
    fn answers(&self) -> bool {
        self.status.is_some() || self.body.is_some()
    }

    fn response(self) -> Response {
        let status = self.status.unwrap_or(StatusCode::OK);
        let (body, default_type) = match self.body {
            Some(bytes) => (bytes, "application/json;charset=UTF-8"),
            None if status.as_u16() >= 400 => (
                ApiError::new(
                    status,
                    "error",
                    codes::INTERNAL,
                    format!("Injected fault: HTTP {}", status.as_u16()),
                )
                .body()
                .into_bytes(),
                "application/json;charset=UTF-8",
            ),
            None => (Vec::new(), "application/json;charset=UTF-8"),
        };
        let mut res = (status, Body::from(body)).into_response();
        let ct = self
            .content_type
            .unwrap_or(HeaderValue::from_static(default_type));
        res.headers_mut().insert(header::CONTENT_TYPE, ct);
        res.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(INJECTED_POLICY),
        );
        if let Some(secs) = self.retry_after {
            res.headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        res
    }
}

fn header_str<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).and_then(|v| v.to_str().ok())
}

/// The fault asked for by request headers; a malformed header is a 400.
fn from_headers(headers: &HeaderMap) -> Result<Fault, ApiError> {
    let bad = |m: &str| ApiError::bad_request(codes::PARAMS, m.to_owned());
    let mut fault = Fault::default();
    if let Some(v) = header_str(headers, H_DELAY_MS) {
        let ms: u64 = v
            .trim()
            .parse()
            .map_err(|_| bad("X-Emulator-Delay-Ms is not a number"))?;
        fault.delay_ms = ms.min(MAX_DELAY_MS);
    }
    if let Some(v) = header_str(headers, H_STATUS) {
        let code: u16 = v
            .trim()
            .parse()
            .map_err(|_| bad("X-Emulator-Status is not a number"))?;
        fault.status =
            Some(StatusCode::from_u16(code).map_err(|_| bad("X-Emulator-Status is not an HTTP status"))?);
    }
    if let Some(v) = headers.get(H_BODY_B64) {
        let text = v.to_str().map_err(|_| bad("X-Emulator-Body-B64 is not base64"))?;
        fault.body = Some(decode_b64(text).map_err(|_| bad("X-Emulator-Body-B64 is not base64"))?);
    }
    fault.content_type = headers.get(H_CONTENT_TYPE).cloned();
    Ok(fault)
}

/// Takes one use of the first queued fault matching the path.
fn from_queue(emu: &Emulator, path: &str) -> Option<Fault> {
    let mut queue = lock(&emu.faults);
    let i = queue.iter().position(|f| path.starts_with(&f.path_prefix))?;
    let q = queue[i].clone();
    if q.times <= 1 {
        queue.remove(i);
    } else {
        queue[i].times -= 1;
    }
    let body = match (&q.body_b64, q.body) {
        (Some(b64), _) => decode_b64(b64).ok(),
        (None, body) => body.map(String::into_bytes),
    };
    Some(Fault {
        delay_ms: q.delay_ms,
        status: q.status.and_then(|s| StatusCode::from_u16(s).ok()),
        body,
        content_type: q.content_type.and_then(|c| HeaderValue::from_str(&c).ok()),
        retry_after: q.retry_after,
    })
}

async fn sleep_ms(ms: u64) {
    if ms > 0 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}

/// The fault-injection middleware (emulate mode only).
pub async fn layer(State(emu): State<Arc<Emulator>>, req: Request, next: Next) -> Response {
    let path = req.uri().path().to_owned();
    if !faultable(&path) {
        return next.run(req).await;
    }
    let fault = match from_headers(req.headers()) {
        Ok(f) => f,
        Err(e) => return e.into_response(),
    };
    sleep_ms(fault.delay_ms).await;
    if fault.answers() {
        return fault.response();
    }
    if let Some(queued) = from_queue(&emu, &path) {
        sleep_ms(queued.delay_ms).await;
        if queued.answers() {
            return queued.response();
        }
    }
    if path == "/v1" || path.starts_with("/v1/") {
        let (delay, fail) = {
            let mut rng = lock(&emu.rng);
            let jitter = if emu.flags.jitter_ms > 0 {
                rng.u64(0..=emu.flags.jitter_ms)
            } else {
                0
            };
            (
                emu.flags.latency_ms + jitter,
                emu.flags.fail_rate > 0.0 && rng.f64() < emu.flags.fail_rate,
            )
        };
        sleep_ms(delay).await;
        if fail {
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "error",
                codes::INTERNAL,
                "Service temporarily unavailable",
            )
            .into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queued_fault_defaults_and_checks() {
        let f = QueuedFault::default().normalised().unwrap();
        assert_eq!((f.path_prefix.as_str(), f.times), ("/v1/", 1));
        assert!(QueuedFault {
            status: Some(42),
            ..Default::default()
        }
        .normalised()
        .is_err());
        assert!(QueuedFault {
            body_b64: Some("!!".into()),
            ..Default::default()
        }
        .normalised()
        .is_err());
        for page in ["/", "/index.html", "/config.json", "/__emulator/faults", "/x/v1/"] {
            assert!(QueuedFault {
                path_prefix: page.into(),
                ..Default::default()
            }
            .normalised()
            .is_err());
        }
        assert!(faultable("/v1/p/task-center/failure-jobs") && faultable("/v3/auth/tokens"));
        assert!(faultable("/auth/iam/sign-in") && !faultable("/") && !faultable("/config.json"));
        let f = QueuedFault {
            delay_ms: u64::MAX,
            ..Default::default()
        }
        .normalised()
        .unwrap();
        assert_eq!(f.delay_ms, MAX_DELAY_MS);
    }

    #[test]
    fn header_faults() {
        let mut h = HeaderMap::new();
        h.insert(H_STATUS, HeaderValue::from_static("503"));
        h.insert(H_BODY_B64, HeaderValue::from_static("PGh0bWw+"));
        let f = from_headers(&h).unwrap();
        assert_eq!(f.status, Some(StatusCode::SERVICE_UNAVAILABLE));
        assert_eq!(f.body.as_deref(), Some(&b"<html>"[..]));
        h.insert(H_STATUS, HeaderValue::from_static("abc"));
        assert_eq!(from_headers(&h).unwrap_err().code, "SDRS.0201");
    }
}
