//! Guards of the emulator's control endpoints (`/__emulator/*`: fault
//! injection, test data, the request log). They answer this server's own
//! pages and pages served from this machine (loopback origins, e.g. a test
//! runner's page), and tools that send no `Origin`; a page of any other
//! origin is refused before CORS, so it gets no CORS answer either. With
//! team sign-in they need an operator's session (and, to change anything,
//! its CSRF token: see `team::middleware::needs_session`).

use crate::http::error::{codes, ApiError};
use crate::http::host_check::is_loopback_name;
use crate::team::identity::Identity;
use axum::extract::Request;
use axum::http::uri::Authority;
use axum::http::{header, HeaderMap, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

pub const PREFIX: &str = "/__emulator/";

/// Whether the request's `Origin` may use the control endpoints: none,
/// this server's own, or a loopback one (`http://127.0.0.1:PORT`,
/// `http://localhost:PORT`, `http://[::1]:PORT`).
pub fn origin_allowed(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Some(authority) = origin
        .to_str()
        .ok()
        .and_then(|o| o.strip_prefix("http://").or_else(|| o.strip_prefix("https://")))
    else {
        return false;
    };
    let Ok(authority) = authority.parse::<Authority>() else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    host.is_some_and(|h| h.eq_ignore_ascii_case(authority.as_str())) || is_loopback_name(authority.host())
}

/// Refuses `/__emulator/*` requests (preflights included) from another
/// origin that is not a loopback one.
pub async fn refuse_other_origins(req: Request, next: Next) -> Response {
    if req.uri().path().starts_with(PREFIX) && !origin_allowed(req.headers()) {
        return ApiError::new(
            StatusCode::FORBIDDEN,
            "error",
            codes::NOT_ALLOWED,
            "Refused: the emulator's control endpoints answer only this server's pages and loopback origins",
        )
        .into_response();
    }
    next.run(req).await
}

/// With team sign-in, only an operator may use the control endpoints.
pub async fn require_operator(req: Request, next: Next) -> Response {
    if let Some(who) = req.extensions().get::<Identity>() {
        if !who.role.may_delete() {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "error",
                codes::NO_PERMISSION,
                format!(
                    "Your role ({}) may not use the emulator's control endpoints",
                    who.role.as_str()
                ),
            )
            .into_response();
        }
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(origin: Option<&'static str>, host: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(header::HOST, HeaderValue::from_static(host));
        if let Some(o) = origin {
            h.insert(header::ORIGIN, HeaderValue::from_static(o));
        }
        h
    }

    #[test]
    fn own_and_loopback_origins_only() {
        for (origin, host) in [
            (None, "127.0.0.1:8080"),
            (Some("http://127.0.0.1:8080"), "127.0.0.1:8080"),
            (Some("http://127.0.0.1:9000"), "127.0.0.1:8080"),
            (Some("http://localhost:5173"), "127.0.0.1:8080"),
            (Some("http://[::1]:9000"), "[::1]:8080"),
            (Some("http://console.lan:8080"), "console.lan:8080"),
        ] {
            assert!(origin_allowed(&headers(origin, host)), "{origin:?} {host}");
        }
        for (origin, host) in [
            (Some("http://evil.example"), "127.0.0.1:8080"),
            (Some("http://rebind.attacker.example:8080"), "127.0.0.1:8080"),
            (Some("null"), "127.0.0.1:8080"),
            (Some("file://"), "127.0.0.1:8080"),
            (Some("http://localhost.evil.example"), "127.0.0.1:8080"),
        ] {
            assert!(!origin_allowed(&headers(origin, host)), "{origin:?} {host}");
        }
    }
}
