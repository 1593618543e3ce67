//! Credentials in emulate mode. `--require-token` checks only that
//! credentials are present: an `X-Auth-Token`, or an official-SDK signature
//! (`Authorization: SDK-HMAC-SHA256 ...` with `X-Sdk-Date`).
//! `--verify-aksk` checks signatures for real, as the API gateway does
//! ([`crate::aksk::verify`]); a token is then still only checked for
//! presence.

use crate::aksk::verify::{self, Rejection};
use crate::emulator::state::Emulator;
use crate::http::error::{codes, ApiError};
use axum::http::{header, HeaderMap, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

pub const X_AUTH_TOKEN: &str = "x-auth-token";
pub const X_SDK_DATE: &str = "x-sdk-date";

fn nonempty(headers: &HeaderMap, name: &str) -> bool {
    headers
        .get(name)
        .is_some_and(|v| !v.as_bytes().iter().all(u8::is_ascii_whitespace))
}

/// An `X-Auth-Token` with some content.
pub fn has_token(headers: &HeaderMap) -> bool {
    nonempty(headers, X_AUTH_TOKEN)
}

/// An AK/SK signature the way the official SDKs send it.
pub fn has_signature(headers: &HeaderMap) -> bool {
    let signed = headers
        .get(header::AUTHORIZATION)
        .is_some_and(|v| v.as_bytes().starts_with(b"SDK-HMAC-SHA256 "));
    signed && nonempty(headers, X_SDK_DATE)
}

pub fn has_credentials(headers: &HeaderMap) -> bool {
    has_token(headers) || has_signature(headers)
}

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

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    #[test]
    fn credentials() {
        let mut h = HeaderMap::new();
        assert!(!has_credentials(&h));
        h.insert(X_AUTH_TOKEN, HeaderValue::from_static(" "));
        assert!(!has_credentials(&h));
        h.insert(
            header::AUTHORIZATION,
            HeaderValue::from_static("SDK-HMAC-SHA256 Access=ak, SignedHeaders=x, Signature=y"),
        );
        assert!(!has_credentials(&h));
        h.insert(X_SDK_DATE, HeaderValue::from_static("20240101T000000Z"));
        assert!(has_credentials(&h));
        let mut h = HeaderMap::new();
        h.insert(X_AUTH_TOKEN, HeaderValue::from_static("MIIx"));
        assert!(has_credentials(&h));
    }
}
