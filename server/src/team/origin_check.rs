//! The same-origin rule of sign-ins and state-changing calls (CSRF). A
//! browser's `Origin` is this server's when it matches the `Host` it
//! sent, the origin of `--public-url` (behind a reverse proxy that rewrites
//! `Host`), or, from a `--trusted-proxy` peer only, the proxy's
//! `X-Forwarded-Proto` and `X-Forwarded-Host`. Those two headers from any
//! other peer are ignored: a client could claim any origin with them.

use super::proxy::TrustedProxies;
use axum::http::{header, HeaderMap};
use std::net::IpAddr;

/// The origins, besides the `Host` of each request, that are this server's.
#[derive(Clone, Debug, Default)]
pub struct OwnOrigin {
    /// `scheme://host[:port]` of `--public-url`, as browsers write `Origin`.
    pub public_origin: Option<String>,
}

/// The last entry of a header a proxy may have appended to (its own).
fn last_entry<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(name)
        .iter()
        .next_back()
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.rsplit(',').next())
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

impl OwnOrigin {
    pub fn new(public_url: Option<&reqwest::Url>) -> Self {
        OwnOrigin {
            public_origin: public_url.map(|u| u.origin().ascii_serialization()),
        }
    }

    /// Whether a request comes from another site: `Sec-Fetch-Site` says so,
    /// or its `Origin` is none of this server's.
    pub fn is_cross_origin(
        &self,
        headers: &HeaderMap,
        peer: Option<IpAddr>,
        proxies: Option<&TrustedProxies>,
    ) -> bool {
        if let Some(site) = headers.get("sec-fetch-site") {
            if !matches!(site.as_bytes(), b"same-origin" | b"none") {
                return true;
            }
        }
        let Some(origin) = headers.get(header::ORIGIN) else {
            return false;
        };
        let Ok(origin) = origin.to_str() else {
            return true;
        };
        let origin = origin.to_ascii_lowercase();
        if self.public_origin.as_deref() == Some(origin.as_str()) {
            return false;
        }
        if proxies.is_some_and(|p| p.trusts(peer)) {
            if let Some(host) = last_entry(headers, "x-forwarded-host") {
                let proto = last_entry(headers, "x-forwarded-proto").unwrap_or("http");
                if origin == format!("{proto}://{host}").to_ascii_lowercase() {
                    return false;
                }
            }
        }
        crate::upstream::proxy::is_cross_origin(headers)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for (k, v) in pairs {
            h.append(*k, HeaderValue::from_static(v));
        }
        h
    }

    fn proxies() -> TrustedProxies {
        TrustedProxies {
            networks: vec!["10.0.0.5/32".parse().unwrap()],
            user_header: "x-forwarded-user".parse().unwrap(),
            groups_header: "x-forwarded-groups".parse().unwrap(),
            operator_group: "ops".into(),
        }
    }

    #[test]
    fn public_url_and_trusted_forwarded_host_are_own_origins() {
        let url: reqwest::Url = "https://console.example.com/".parse().unwrap();
        let own = OwnOrigin::new(Some(&url));
        let behind = [
            ("host", "127.0.0.1:8080"),
            ("origin", "https://console.example.com"),
        ];
        assert!(!own.is_cross_origin(&headers(&behind), None, None));
        assert!(OwnOrigin::default().is_cross_origin(&headers(&behind), None, None));
        let forwarded = [
            ("host", "127.0.0.1:8080"),
            ("origin", "https://sdrs.example.org"),
            ("x-forwarded-host", "sdrs.example.org"),
            ("x-forwarded-proto", "https"),
        ];
        let p = proxies();
        let trusted = Some("10.0.0.5".parse().unwrap());
        let stranger = Some("10.0.0.6".parse().unwrap());
        assert!(!OwnOrigin::default().is_cross_origin(&headers(&forwarded), trusted, Some(&p)));
        assert!(OwnOrigin::default().is_cross_origin(&headers(&forwarded), stranger, Some(&p)));
        assert!(OwnOrigin::default().is_cross_origin(&headers(&forwarded), trusted, None));
        let evil = [("host", "127.0.0.1:8080"), ("origin", "https://evil.example")];
        assert!(own.is_cross_origin(&headers(&evil), trusted, Some(&p)));
        let same = [("host", "127.0.0.1:8080"), ("origin", "http://127.0.0.1:8080")];
        assert!(!OwnOrigin::default().is_cross_origin(&headers(&same), None, None));
        let site = [
            ("sec-fetch-site", "cross-site"),
            ("origin", "https://console.example.com"),
        ];
        assert!(own.is_cross_origin(&headers(&site), None, None));
    }
}
