//! Signing an outgoing request: the headers a client adds so that the
//! gateway accepts it (`X-Sdk-Date`, `X-Security-Token` for temporary keys,
//! `Authorization`), over the headers it sends anyway.

use super::credentials::KeyPair;
use super::signer::{self, RequestParts};
use super::verify::X_SECURITY_TOKEN;

/// The URL's query in canonical form: the form the SDKs send, so the
/// gateway reads exactly the parameters that were signed.
pub fn canonical_url(url: &reqwest::Url) -> reqwest::Url {
    let query = signer::canonical_query(&signer::parse_query(url.query().unwrap_or("")));
    let mut out = url.clone();
    out.set_query(if query.is_empty() { None } else { Some(&query) });
    out
}

/// `host[:port]` as a client sends it in `Host`.
pub fn host_header(url: &reqwest::Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_owned(),
    }
}

/// The headers to send with `method url` (already canonical, see
/// [`canonical_url`]) besides `headers`: `X-Sdk-Date`, `X-Security-Token`
/// and `Authorization`. `Host` is signed but left to the HTTP client.
pub fn sign_headers(
    keys: &KeyPair,
    method: &str,
    url: &reqwest::Url,
    headers: &[(String, String)],
    body: &[u8],
    now_ms: i64,
) -> Vec<(String, String)> {
    let mut added = vec![(
        signer::X_SDK_DATE.to_owned(),
        crate::util::timefmt::format_sdk_date(now_ms),
    )];
    if let Some(token) = &keys.security_token {
        added.push((X_SECURITY_TOKEN.to_owned(), token.expose().to_owned()));
    }
    let mut all: Vec<(String, String)> = headers.to_vec();
    all.extend(added.iter().cloned());
    all.push(("host".to_owned(), host_header(url)));
    let query = signer::parse_query(url.query().unwrap_or(""));
    let parts = RequestParts {
        method,
        path: url.path(),
        query: &query,
        headers: &all,
        body,
    };
    // `sign` fails only without X-Sdk-Date, which is set above.
    if let Some(authorization) = signer::sign(&parts, &keys.ak, keys.sk.expose().as_bytes()) {
        added.push(("authorization".to_owned(), authorization));
    }
    added
}
