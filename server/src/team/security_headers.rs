//! Headers every response carries: `X-Content-Type-Options: nosniff`,
//! `Referrer-Policy: no-referrer` (page URLs carry the project id and the
//! filters; no other site needs them), a `frame-ancestors` policy against
//! clickjacking (pages get it inside their full CSP, see
//! `static_files.rs`), and HSTS when the console is served over https.

use axum::http::{header, HeaderValue};
use axum::Router;
use tower_http::set_header::SetResponseHeaderLayer;

/// One year, the usual HSTS lifetime. No `includeSubDomains`: other hosts
/// of the domain are not this server's to decide.
pub const HSTS: &str = "max-age=31536000";

/// Checks `--frame-ancestors`: space-separated CSP sources (`'self'`,
/// `'none'`, `https://portal.example.com`, `*.example.com`); nothing that
/// could end the directive or the header.
pub fn parse_frame_ancestors(raw: &str) -> Result<String, String> {
    let sources: Vec<&str> = raw.split_ascii_whitespace().collect();
    if sources.is_empty() {
        return Err("give at least one source, or 'none'".into());
    }
    for source in &sources {
        let keyword = matches!(*source, "'self'" | "'none'");
        let plain = source
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "-._~:/*%[]".contains(c));
        if !keyword && !plain {
            return Err(format!("not a frame-ancestors source: {source}"));
        }
    }
    if sources.len() > 1 && sources.contains(&"'none'") {
        return Err("'none' cannot be combined with other sources".into());
    }
    Ok(sources.join(" "))
}

/// The whole CSP of a page: the console's policy plus `frame-ancestors`.
pub fn page_policy(base: &str, frame_ancestors: &str) -> String {
    format!("{base}; frame-ancestors {frame_ancestors}")
}

/// Adds the headers to every response of `router` (a page's own CSP is
/// kept; other answers get `frame-ancestors` alone).
pub fn apply(router: Router, frame_ancestors: &str, https: bool) -> Router {
    let frame_policy = HeaderValue::from_str(&format!("frame-ancestors {frame_ancestors}"))
        .unwrap_or(HeaderValue::from_static("frame-ancestors 'none'"));
    let router = router
        .layer(SetResponseHeaderLayer::if_not_present(
            header::CONTENT_SECURITY_POLICY,
            frame_policy,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::X_CONTENT_TYPE_OPTIONS,
            HeaderValue::from_static("nosniff"),
        ))
        .layer(SetResponseHeaderLayer::overriding(
            header::REFERRER_POLICY,
            HeaderValue::from_static("no-referrer"),
        ));
    if https {
        router.layer(SetResponseHeaderLayer::overriding(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static(HSTS),
        ))
    } else {
        router
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frame_ancestors_sources() {
        assert_eq!(parse_frame_ancestors("'none'").unwrap(), "'none'");
        assert_eq!(
            parse_frame_ancestors("  https://portal.example.com   'self' ").unwrap(),
            "https://portal.example.com 'self'"
        );
        assert!(parse_frame_ancestors("*.example.com:443").is_ok());
        for bad in [
            "",
            "   ",
            "https://a.example; script-src *",
            "https://a.example, https://b",
            "'unsafe-inline'",
            "'none' 'self'",
            "a\"b",
        ] {
            assert!(parse_frame_ancestors(bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn page_policy_keeps_the_base() {
        assert_eq!(
            page_policy("script-src 'self'", "'none'"),
            "script-src 'self'; frame-ancestors 'none'"
        );
    }
}
