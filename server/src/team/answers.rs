//! The error answers of team sign-in, in the SDRS envelope.

use crate::http::error::{codes, ApiError};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::time::Duration;

/// The API gateway's code for a throttled call.
pub const THROTTLED: &str = "APIGW.0308";

/// 401: no valid session (none, unknown, expired, tampered).
pub fn sign_in_first() -> Response {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "error",
        codes::TOKEN,
        "Sign in first: no valid session (it may have expired)",
    )
    .into_response()
}

/// 401: proxy sign-in headers from a peer that is no trusted proxy.
pub fn untrusted_proxy_headers() -> Response {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "error",
        codes::TOKEN,
        "Sign-in headers are accepted only from a trusted proxy (--trusted-proxy)",
    )
    .into_response()
}

/// 401: a trusted proxy sent no usable user name.
pub fn malformed_proxy_headers() -> Response {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "error",
        codes::TOKEN,
        "The proxy's user header is empty or not a user name",
    )
    .into_response()
}

/// 401 of a failed local sign-in: one message for an unknown user and a
/// wrong password.
pub fn wrong_user_or_password() -> Response {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "error",
        codes::TOKEN,
        "Wrong user name or password",
    )
    .into_response()
}

/// 403 `SDRS.0004`: the CSRF check failed.
pub fn csrf_refused(why: &str) -> Response {
    ApiError::new(StatusCode::FORBIDDEN, "error", codes::NOT_ALLOWED, why).into_response()
}

/// 403 `SDRS.0005`: the role may not do this.
pub fn role_refused(role: super::identity::Role) -> Response {
    ApiError::new(
        StatusCode::FORBIDDEN,
        "error",
        codes::NO_PERMISSION,
        format!("Your role ({}) may not delete failed tasks", role.as_str()),
    )
    .into_response()
}

/// 429 with `Retry-After` (whole seconds, at least 1).
pub fn too_many_failures(retry_after: Duration) -> Response {
    too_many(retry_after, "Too many failed sign-ins")
}

/// 429 `what; try again in N s` with `Retry-After` (whole seconds, at
/// least 1).
pub fn too_many(retry_after: Duration, what: &str) -> Response {
    let secs = retry_after.as_secs() + u64::from(retry_after.subsec_nanos() > 0);
    let secs = secs.max(1);
    let mut res = ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "error",
        THROTTLED,
        format!("{what}; try again in {secs} s"),
    )
    .into_response();
    res.headers_mut()
        .insert(header::RETRY_AFTER, HeaderValue::from(secs));
    res
}

/// 503: the session store did not answer.
pub fn store_unavailable(e: &super::session_store::StoreError) -> Response {
    ApiError::new(
        StatusCode::SERVICE_UNAVAILABLE,
        "error",
        codes::INTERNAL,
        format!("The session store is unavailable: {e}"),
    )
    .into_response()
}
