//! The headers that carry a caller's credential: an IAM token in
//! `X-Auth-Token`, or an AK/SK signature the way the official SDKs send it.

use axum::http::{header, HeaderMap};

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
