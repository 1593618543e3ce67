//! Raw query strings decoded into pairs by hand, so that a query that is not
//! UTF-8 ends as the SDRS `SDRS.0201` answer, never a framework rejection.

use crate::http::error::{codes, ApiError};
use percent_encoding::percent_decode;

/// Decoded `name=value` pairs in query order.
pub type Pairs = Vec<(String, String)>;

/// Splits and decodes a raw query (`+` is a space, `%XX` a byte). Fails with
/// `SDRS.0201` when a decoded name or value is not UTF-8.
pub fn parse_pairs(raw: Option<&str>) -> Result<Pairs, ApiError> {
    let Some(raw) = raw else { return Ok(Vec::new()) };
    let mut out = Vec::new();
    for part in raw.split('&').filter(|p| !p.is_empty()) {
        let (name, value) = part.split_once('=').unwrap_or((part, ""));
        out.push((decode(name)?, decode(value)?));
    }
    Ok(out)
}

fn decode(raw: &str) -> Result<String, ApiError> {
    let spaced = raw.replace('+', " ");
    let bytes: Vec<u8> = percent_decode(spaced.as_bytes()).collect();
    String::from_utf8(bytes)
        .map_err(|_| ApiError::bad_request(codes::PARAMS, "The query string is not valid UTF-8"))
}
