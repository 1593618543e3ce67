//! Error bodies of the SDRS API (any status >= 400).
//!
//! The envelope's key varies (`error`, `badrequest`, `itemNotFound`, ...), so
//! the body is searched the way the official SDKs do: `error_code` /
//! `error_msg`, then `errorCode` / `errorMsg`, then `code` / `message`, first
//! at the top level, then inside each nested object. When nothing matches (an
//! HTML page from a gateway, an empty body) the HTTP status is the code and
//! an excerpt of the raw body the message.

use serde_json::{Map, Value};

/// Longest excerpt of an unparseable body kept for the message, in chars.
pub const EXCERPT_CHARS: usize = 300;

const KEY_PAIRS: [(&str, &str); 3] = [
    ("error_code", "error_msg"),
    ("errorCode", "errorMsg"),
    ("code", "message"),
];

/// Code and message of an error response.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ErrorDetail {
    pub code: String,
    pub message: String,
    /// True when code and message came from a recognised envelope.
    pub from_envelope: bool,
}

/// Parses an error body; never fails.
pub fn parse_error_body(status: u16, body: &str) -> ErrorDetail {
    if let Ok(Value::Object(top)) = serde_json::from_str::<Value>(body) {
        if let Some((code, message)) = find_pair(&top) {
            return ErrorDetail {
                code,
                message,
                from_envelope: true,
            };
        }
        for nested in top.values() {
            if let Value::Object(inner) = nested {
                if let Some((code, message)) = find_pair(inner) {
                    return ErrorDetail {
                        code,
                        message,
                        from_envelope: true,
                    };
                }
            }
        }
    }
    ErrorDetail {
        code: status.to_string(),
        message: excerpt(body),
        from_envelope: false,
    }
}

fn find_pair(obj: &Map<String, Value>) -> Option<(String, String)> {
    KEY_PAIRS.iter().find_map(|(code_key, msg_key)| {
        let code = scalar(obj.get(*code_key)?)?;
        let message = obj.get(*msg_key).and_then(scalar).unwrap_or_default();
        Some((code, message))
    })
}

fn scalar(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// The start of a body as plain text: markup tags removed, whitespace
/// collapsed, at most [`EXCERPT_CHARS`] characters. Display code still
/// escapes it; stripping only makes a gateway's HTML page readable.
pub fn excerpt(body: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    let mut last_space = true;
    let mut chars = 0;
    for c in body.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => {
                in_tag = false;
                if !last_space && chars < EXCERPT_CHARS {
                    out.push(' ');
                    last_space = true;
                    chars += 1;
                }
            }
            _ if in_tag => {}
            c if c.is_control() && !c.is_whitespace() => {}
            c => {
                let c = if c.is_whitespace() { ' ' } else { c };
                if c == ' ' && last_space {
                    continue;
                }
                if chars == EXCERPT_CHARS {
                    out.push('…');
                    break;
                }
                out.push(c);
                last_space = c == ' ';
                chars += 1;
            }
        }
    }
    out.trim().to_owned()
}

/// The documented envelope `{"<key>":{"code":..,"message":..}}`.
pub fn envelope_json(key: &str, code: &str, message: &str) -> String {
    let mut inner = Map::new();
    inner.insert("code".into(), Value::String(code.into()));
    inner.insert("message".into(), Value::String(message.into()));
    let mut outer = Map::new();
    outer.insert(key.into(), Value::Object(inner));
    Value::Object(outer).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_documented_envelope_key() {
        for key in ["error", "badrequest", "itemNotFound", "conflictingRequest"] {
            let body = envelope_json(key, "SDRS.0221", "limit is invalid");
            let d = parse_error_body(400, &body);
            assert_eq!(
                (d.code.as_str(), d.message.as_str(), d.from_envelope),
                ("SDRS.0221", "limit is invalid", true)
            );
        }
    }

    #[test]
    fn sdk_key_pairs_in_priority_order() {
        let d = parse_error_body(
            401,
            r#"{"error_code":"APIGW.0301","error_msg":"Incorrect IAM authentication information"}"#,
        );
        assert_eq!(
            (d.code.as_str(), d.message.as_str()),
            ("APIGW.0301", "Incorrect IAM authentication information")
        );
        let d = parse_error_body(403, r#"{"errorCode":"IAM.0002","errorMsg":"denied","code":"x"}"#);
        assert_eq!(d.code, "IAM.0002");
        let d = parse_error_body(
            500,
            r#"{"wrapper":{"error_code":"SDRS.0013","error_msg":"internal"}}"#,
        );
        assert_eq!(d.code, "SDRS.0013");
        let d = parse_error_body(500, r#"{"error":{"code":13,"message":null}}"#);
        assert_eq!((d.code.as_str(), d.message.as_str()), ("13", ""));
    }

    #[test]
    fn html_and_empty_bodies_fall_back_to_status() {
        let d = parse_error_body(
            502,
            "<html><head><title>502 Bad Gateway</title></head><body><h1>502 Bad Gateway</h1></body></html>",
        );
        assert_eq!(d.code, "502");
        assert_eq!(d.message, "502 Bad Gateway 502 Bad Gateway");
        assert!(!d.from_envelope);
        let d = parse_error_body(503, "");
        assert_eq!((d.code.as_str(), d.message.as_str()), ("503", ""));
        let d = parse_error_body(500, "[1,2]");
        assert_eq!(d.code, "500");
        let d = parse_error_body(500, r#"{"error":"plain"}"#);
        assert_eq!(
            (d.code.as_str(), d.message.as_str()),
            ("500", r#"{"error":"plain"}"#)
        );
    }

    #[test]
    fn excerpt_is_bounded() {
        let long = "x".repeat(10_000);
        let e = excerpt(&long);
        assert_eq!(e.chars().count(), EXCERPT_CHARS + 1);
        assert!(excerpt("a\u{0}b\n\n c").starts_with("ab c"));
    }
}
