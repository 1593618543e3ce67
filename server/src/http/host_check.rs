//! DNS rebinding guard of single-user mode (a server-side credential, no
//! team sign-in, a loopback address): a page on any domain that resolves
//! to 127.0.0.1 reaches the server with its own name in `Host` and its own
//! origin, so the same-origin checks pass. Like `kubectl proxy
//! --accept-hosts`, only loopback names and the host of `--public-url` are
//! served; anything else is refused before it reaches a route.

use crate::http::error::{codes, ApiError};
use axum::extract::{Request, State};
use axum::http::uri::Authority;
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::Router;
use std::net::IpAddr;
use std::sync::Arc;

/// The host names served besides loopback ones.
#[derive(Clone, Debug, Default)]
pub struct AcceptedHosts {
    /// The host of `--public-url`, lowercase.
    pub public_host: Option<String>,
}

/// Whether `host` (no port; IPv6 in brackets) names this machine's
/// loopback interface.
pub fn is_loopback_name(host: &str) -> bool {
    let host = host.trim_end_matches('.').to_ascii_lowercase();
    if host == "localhost" || host.ends_with(".localhost") {
        return true;
    }
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    bare.parse::<IpAddr>().is_ok_and(|ip| ip.is_loopback())
}

impl AcceptedHosts {
    pub fn new(public_url: Option<&reqwest::Url>) -> Self {
        AcceptedHosts {
            public_host: public_url
                .and_then(|u| u.host_str())
                .map(|h| h.trim_end_matches('.').to_ascii_lowercase()),
        }
    }

    /// Whether a `Host` header value is served. No header at all (an
    /// HTTP/1.0 tool; browsers always send one) is served.
    pub fn accepts(&self, host_header: Option<&str>) -> bool {
        let Some(value) = host_header else {
            return true;
        };
        // A `Host` is a host and port, never user information.
        let Ok(authority) = value.parse::<Authority>() else {
            return false;
        };
        if authority.as_str().contains('@') {
            return false;
        }
        let host = authority.host();
        is_loopback_name(host)
            || self
                .public_host
                .as_deref()
                .is_some_and(|p| p == host.trim_end_matches('.').to_ascii_lowercase())
    }
}

async fn check(State(hosts): State<Arc<AcceptedHosts>>, req: Request, next: Next) -> Response {
    let host = req
        .headers()
        .get(header::HOST)
        .map(|v| v.to_str().unwrap_or("\u{0}"));
    if hosts.accepts(host) {
        return next.run(req).await;
    }
    ApiError::new(
        StatusCode::MISDIRECTED_REQUEST,
        "error",
        codes::NOT_ALLOWED,
        "Refused: this server answers only to its loopback address or --public-url",
    )
    .into_response()
}

/// The `Host` check around `router`.
pub fn apply(router: Router, hosts: AcceptedHosts) -> Router {
    router.layer(axum::middleware::from_fn_with_state(Arc::new(hosts), check))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn loopback_names_and_the_public_host_are_accepted() {
        let url: reqwest::Url = "https://console.example.com/sdrs".parse().unwrap();
        let hosts = AcceptedHosts::new(Some(&url));
        for ok in [
            "127.0.0.1:8080",
            "127.0.0.1",
            "127.1.2.3:80",
            "localhost:8080",
            "LOCALHOST",
            "localhost.",
            "[::1]:8080",
            "console.example.com",
            "Console.Example.com:443",
        ] {
            assert!(hosts.accepts(Some(ok)), "{ok}");
        }
        for bad in [
            "rebind.attacker.example:8080",
            "127.0.0.1.attacker.example",
            "localhost.attacker.example",
            "10.0.0.1:8080",
            "[::2]:80",
            "",
            "a b",
            "example.com@127.0.0.1",
        ] {
            assert!(!hosts.accepts(Some(bad)), "{bad}");
        }
        assert!(hosts.accepts(None));
        assert!(!AcceptedHosts::new(None).accepts(Some("console.example.com")));
    }
}
