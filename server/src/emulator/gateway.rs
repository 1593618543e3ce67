//! Credentials in emulate mode. `--require-token` checks only that
//! credentials are present: an `X-Auth-Token`, or an official-SDK signature
//! (`Authorization: SDK-HMAC-SHA256 ...` with `X-Sdk-Date`).
//! `--verify-aksk` checks signatures for real, as the API gateway does
//! ([`crate::aksk::verify`]); a token is then still only checked for
//! presence.

use crate::aksk::verify::{self, Rejection};
use crate::emulator::state::Emulator;
use crate::http::auth_headers::{has_credentials, has_token};
use crate::http::error::{codes, ApiError};
use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

/// The 401 answer.
pub fn missing() -> ApiError {
    ApiError::new(
        StatusCode::UNAUTHORIZED,
        "error",
        codes::TOKEN,
        "The token is missing or invalid",
    )
}

/// The credential check of one emulated call: the refusal, if any.
pub fn refusal(
    emu: &Emulator,
    method: &str,
    uri: &Uri,
    headers: &HeaderMap,
    body: &[u8],
) -> Option<Response> {
    if let Some(keys) = &emu.verify_keys {
        if verify::is_signed(headers) {
            let now = crate::util::timefmt::now_ms();
            return verify::verify(keys, method, uri.path(), uri.query(), headers, body, now)
                .err()
                .map(IntoResponse::into_response);
        }
        if has_token(headers) {
            return None;
        }
        return Some(Rejection::NoCredentials.into_response());
    }
    if emu.flags.require_token && !has_credentials(headers) {
        return Some(missing().into_response());
    }
    None
}
