//! `--verify-aksk`: checks an `SDK-HMAC-SHA256` signature the way the API
//! gateway in front of SDRS does, and answers its 401 envelope
//! `{"error_msg","error_code":"APIGW.0301","request_id"}` otherwise. The
//! message prefixes are the gateway's documented ones; what follows the
//! comma of `verify aksk signature fail, ...` is this emulator's hint.

use super::credentials::KeyPair;
use super::signer::{self, RequestParts, ALGORITHM, EMPTY_BODY_SHA256, X_SDK_CONTENT_SHA256, X_SDK_DATE};
use crate::http::request_log::{new_request_id, X_REQUEST_ID};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};

/// The gateway's code for every IAM authentication failure.
pub const GATEWAY_AUTH_CODE: &str = "APIGW.0301";
/// How far `X-Sdk-Date` may be from the clock.
pub const MAX_SKEW_MS: i64 = 15 * 60 * 1000;
pub const X_SECURITY_TOKEN: &str = "x-security-token";

const PREFIX: &str = "Incorrect IAM authentication information";

/// Why a request was refused.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Rejection {
    /// Neither a signature nor a token.
    NoCredentials,
    /// An `Authorization` that is not `SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…`.
    Malformed,
    /// The access key id is not the emulator's; the id is kept to echo it
    /// as the gateway does (it is not secret).
    UnknownAk(String),
    /// `X-Sdk-Date` missing or not `YYYYMMDDTHHMMSSZ`.
    BadDate,
    /// `X-Sdk-Date` more than 15 minutes from the clock.
    DateOutOfRange,
    /// Temporary keys without their `X-Security-Token`, or another one.
    SecurityToken,
    BadSignature,
}

impl Rejection {
    pub fn message(&self) -> String {
        let fail = "verify aksk signature fail";
        match self {
            Rejection::NoCredentials => format!("{PREFIX}: x-auth-token not found"),
            Rejection::Malformed => {
                format!("{PREFIX}: {fail}, the Authorization header is not an SDK-HMAC-SHA256 signature")
            }
            Rejection::UnknownAk(ak) => {
                let shown = if ak.len() <= 128 && ak.bytes().all(|b| b.is_ascii_alphanumeric()) {
                    ak
                } else {
                    "(invalid)"
                };
                format!("{PREFIX}: ak {shown} not exist")
            }
            Rejection::BadDate => format!("{PREFIX}: {fail}, x-sdk-date is missing or not YYYYMMDDTHHMMSSZ"),
            Rejection::DateOutOfRange => {
                format!("{PREFIX}: {fail}, x-sdk-date is more than 15 minutes off the server's clock")
            }
            Rejection::SecurityToken => {
                format!("{PREFIX}: {fail}, the security token is missing or does not belong to this ak")
            }
            Rejection::BadSignature => format!("{PREFIX}: {fail}"),
        }
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        let request_id = new_request_id();
        let body = serde_json::json!({
            "error_msg": self.message(),
            "error_code": GATEWAY_AUTH_CODE,
            "request_id": request_id,
        });
        let mut res = (StatusCode::UNAUTHORIZED, body.to_string()).into_response();
        let headers = res.headers_mut();
        headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
        if let Ok(v) = HeaderValue::from_str(&request_id) {
            headers.insert(X_REQUEST_ID, v);
        }
        res
    }
}

/// The three fields of an `Authorization: SDK-HMAC-SHA256 ...` value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Authorization {
    pub access: String,
    pub signed_headers: Vec<String>,
    pub signature: String,
}

/// Parses `SDK-HMAC-SHA256 Access=AK, SignedHeaders=a;b, Signature=hex`.
pub fn parse_authorization(value: &str) -> Option<Authorization> {
    let rest = value.strip_prefix(ALGORITHM)?.strip_prefix(' ')?;
    let (mut access, mut signed, mut signature) = (None, None, None);
    for field in rest.split(',') {
        let (name, val) = field.trim().split_once('=')?;
        let slot = match name {
            "Access" => &mut access,
            "SignedHeaders" => &mut signed,
            "Signature" => &mut signature,
            _ => return None,
        };
        if slot.replace(val.to_owned()).is_some() {
            return None;
        }
    }
    let signed_headers: Vec<String> = signed?.split(';').map(str::to_owned).collect();
    if signed_headers
        .iter()
        .any(|h| h.is_empty() || h.bytes().any(|b| b.is_ascii_uppercase()))
    {
        return None;
    }
    Some(Authorization {
        access: access.filter(|a| !a.is_empty())?,
        signed_headers,
        signature: signature?,
    })
}

/// True when the request carries an AK/SK signature at all.
pub fn is_signed(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .is_some_and(|v| v.as_bytes().starts_with(ALGORITHM.as_bytes()))
}

/// Verifies the signature of a request against the emulator's key pair.
pub fn verify(
    keys: &KeyPair,
    method: &str,
    path: &str,
    raw_query: Option<&str>,
    headers: &HeaderMap,
    body: &[u8],
    now_ms: i64,
) -> Result<(), Rejection> {
    let auth = headers
        .get(header::AUTHORIZATION)
        .ok_or(Rejection::NoCredentials)?
        .to_str()
        .ok()
        .and_then(parse_authorization)
        .ok_or(Rejection::Malformed)?;
    if auth.access != keys.ak {
        return Err(Rejection::UnknownAk(auth.access));
    }
    let date = headers
        .get(X_SDK_DATE)
        .and_then(|v| v.to_str().ok())
        .ok_or(Rejection::BadDate)?;
    let signed_at = crate::util::timefmt::parse_sdk_date(date).ok_or(Rejection::BadDate)?;
    if (now_ms - signed_at).abs() > MAX_SKEW_MS {
        return Err(Rejection::DateOutOfRange);
    }
    if let Some(expected) = &keys.security_token {
        let sent = headers.get(X_SECURITY_TOKEN).map(HeaderValue::as_bytes);
        if sent != Some(expected.expose().as_bytes())
            || !auth.signed_headers.iter().any(|h| h == X_SECURITY_TOKEN)
        {
            return Err(Rejection::SecurityToken);
        }
    }
    // Header values that are not text cannot have been signed.
    let pairs: Vec<(String, String)> = headers
        .iter()
        .filter_map(|(n, v)| Some((n.as_str().to_owned(), v.to_str().ok()?.to_owned())))
        .collect();
    let query = signer::parse_query(raw_query.unwrap_or(""));
    let parts = RequestParts {
        method,
        path,
        query: &query,
        headers: &pairs,
        body,
    };
    // The Node SDK hashes as `X-Sdk-Content-Sha256` says; the Python SDK
    // hashes an empty body as empty even then. Both are SDK behaviour.
    let mut hashes = vec![signer::payload_hash(&pairs, body)];
    if body.is_empty() && headers.contains_key(X_SDK_CONTENT_SHA256) {
        hashes.push(EMPTY_BODY_SHA256.to_owned());
    }
    let sk = keys.sk.expose().as_bytes();
    let matches = hashes.iter().any(|hash| {
        signer::canonical_request(&parts, &auth.signed_headers, hash).is_some_and(|canonical| {
            signer::signature_matches(sk, &signer::string_to_sign(date, &canonical), &auth.signature)
        })
    });
    if matches {
        Ok(())
    } else {
        Err(Rejection::BadSignature)
    }
}

#[cfg(test)]
#[path = "verify_tests.rs"]
mod tests;
