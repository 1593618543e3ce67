//! `SDK-HMAC-SHA256`, the AK/SK request signature of the official Huawei
//! Cloud SDKs, as pure functions: the client side signs with [`sign`], the
//! verifying emulator rebuilds the same canonical request from what it
//! received. Conformance with the official Node signer is tested in
//! `server/tests/signer_conformance.rs`.

use hmac::{Hmac, Mac};
use percent_encoding::{percent_decode_str, utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use sha2::{Digest, Sha256};

pub const ALGORITHM: &str = "SDK-HMAC-SHA256";
pub const X_SDK_DATE: &str = "x-sdk-date";
pub const X_SDK_CONTENT_SHA256: &str = "x-sdk-content-sha256";
pub const UNSIGNED_PAYLOAD: &str = "UNSIGNED-PAYLOAD";
/// Hex SHA-256 of the empty string, the payload hash of a request without body.
pub const EMPTY_BODY_SHA256: &str = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

/// Everything but the unreserved characters `A-Z a-z 0-9 - _ . ~` is escaped.
const ESCAPED: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// The parts of a request a signature covers.
#[derive(Clone, Copy, Debug)]
pub struct RequestParts<'a> {
    pub method: &'a str,
    /// The path as on the request line (percent-encoded).
    pub path: &'a str,
    /// Decoded query parameters, in any order, names may repeat.
    pub query: &'a [(String, String)],
    /// Request headers as sent, including `Host` and `X-Sdk-Date`.
    pub headers: &'a [(String, String)],
    pub body: &'a [u8],
}

/// Percent-encodes all but the unreserved characters, UTF-8 bytes upper-case hex.
pub fn encode(text: &str) -> String {
    utf8_percent_encode(text, ESCAPED).to_string()
}

/// The path decoded, each `/`-separated segment encoded again, with a
/// trailing `/`.
pub fn canonical_uri(path: &str) -> String {
    let decoded = percent_decode_str(path).decode_utf8_lossy();
    let mut uri = decoded.split('/').map(encode).collect::<Vec<_>>().join("/");
    if !uri.ends_with('/') {
        uri.push('/');
    }
    uri
}

/// A raw query string as decoded pairs: `+` is a space (as the emulator
/// reads queries), a name without `=` has an empty value.
pub fn parse_query(raw: &str) -> Vec<(String, String)> {
    let decode = |s: &str| {
        percent_decode_str(&s.replace('+', " "))
            .decode_utf8_lossy()
            .into_owned()
    };
    raw.split('&')
        .filter(|pair| !pair.is_empty())
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) => (decode(name), decode(value)),
            None => (decode(pair), String::new()),
        })
        .collect()
}

/// Parameters sorted by name, then the values of a repeated name sorted,
/// each `name=value` encoded, joined by `&`.
pub fn canonical_query(params: &[(String, String)]) -> String {
    let mut sorted: Vec<&(String, String)> = params.iter().collect();
    sorted.sort();
    sorted
        .iter()
        .map(|(name, value)| format!("{}={}", encode(name), encode(value)))
        .collect::<Vec<_>>()
        .join("&")
}

/// Names of the headers a client signs: every header whose name has no
/// `_`, lower-cased, sorted, without repeats.
pub fn signed_header_names(headers: &[(String, String)]) -> Vec<String> {
    let mut names: Vec<String> = headers
        .iter()
        .filter(|(name, _)| !name.contains('_'))
        .map(|(name, _)| name.to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    names
}

fn header_value<'h>(headers: &'h [(String, String)], name: &str) -> Option<&'h str> {
    headers
        .iter()
        .find(|(n, _)| n.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.trim())
}

/// `name:value\n` for each signed header (values trimmed); `None` when a
/// signed header is not in the request.
pub fn canonical_headers(headers: &[(String, String)], signed: &[String]) -> Option<String> {
    signed
        .iter()
        .map(|name| header_value(headers, name).map(|value| format!("{name}:{value}\n")))
        .collect()
}

/// Lower-case hex SHA-256.
pub fn sha256_hex(data: &[u8]) -> String {
    hex::encode(Sha256::digest(data))
}

/// `X-Sdk-Content-Sha256` when the request has one (`UNSIGNED-PAYLOAD`),
/// else the hash of the body.
pub fn payload_hash(headers: &[(String, String)], body: &[u8]) -> String {
    match header_value(headers, X_SDK_CONTENT_SHA256) {
        Some(declared) => declared.to_owned(),
        None => sha256_hex(body),
    }
}

/// True for a `Content-Type` whose body the SDKs do not hash: anything but
/// JSON and BSON.
pub fn is_unsigned_content_type(content_type: &str) -> bool {
    !(content_type.starts_with("application/json") || content_type.starts_with("application/bson"))
}

/// The canonical request over the given signed headers and payload hash.
pub fn canonical_request(parts: &RequestParts<'_>, signed: &[String], payload_hash: &str) -> Option<String> {
    Some(
        [
            parts.method.to_ascii_uppercase(),
            canonical_uri(parts.path),
            canonical_query(parts.query),
            canonical_headers(parts.headers, signed)?,
            signed.join(";"),
            payload_hash.to_owned(),
        ]
        .join("\n"),
    )
}

/// `SDK-HMAC-SHA256\n<date>\n<hex sha256 of the canonical request>`.
pub fn string_to_sign(sdk_date: &str, canonical_request: &str) -> String {
    format!(
        "{ALGORITHM}\n{sdk_date}\n{}",
        sha256_hex(canonical_request.as_bytes())
    )
}

fn mac(sk: &[u8]) -> Hmac<Sha256> {
    // HMAC takes keys of any length, so this cannot fail.
    <Hmac<Sha256> as Mac>::new_from_slice(sk).unwrap_or_else(|_| unreachable!("HMAC accepts any key length"))
}

/// Lower-case hex HMAC-SHA256 of the string to sign, keyed with the SK itself.
pub fn signature(sk: &[u8], string_to_sign: &str) -> String {
    let mut m = mac(sk);
    m.update(string_to_sign.as_bytes());
    hex::encode(m.finalize().into_bytes())
}

/// Compares a received hex signature with the expected one in constant time.
pub fn signature_matches(sk: &[u8], string_to_sign: &str, received_hex: &str) -> bool {
    let Ok(received) = hex::decode(received_hex) else {
        return false;
    };
    let mut m = mac(sk);
    m.update(string_to_sign.as_bytes());
    m.verify_slice(&received).is_ok()
}

/// The `Authorization` value for a request whose headers already include
/// `Host`, `X-Sdk-Date` and every other header to sign.
pub fn sign(parts: &RequestParts<'_>, ak: &str, sk: &[u8]) -> Option<String> {
    let date = header_value(parts.headers, X_SDK_DATE)?;
    let signed = signed_header_names(parts.headers);
    let canonical = canonical_request(parts, &signed, &payload_hash(parts.headers, parts.body))?;
    let sig = signature(sk, &string_to_sign(date, &canonical));
    Some(format!(
        "{ALGORITHM} Access={ak}, SignedHeaders={}, Signature={sig}",
        signed.join(";")
    ))
}

#[cfg(test)]
#[path = "signer_tests.rs"]
mod tests;
