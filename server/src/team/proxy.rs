//! Sign-in by the headers of an authenticating reverse proxy (oauth2-proxy,
//! nginx `auth_request`): trusted only from the addresses of
//! `--trusted-proxy`. The same headers from any other peer are refused,
//! never read.

use super::identity::{Identity, Role, SignInMethod};
use axum::http::{HeaderMap, HeaderName};
use ipnet::IpNet;
use std::net::IpAddr;

/// `--trusted-proxy`: a network (`10.0.0.0/24`) or one address.
pub fn parse_network(raw: &str) -> Result<IpNet, String> {
    let raw = raw.trim();
    if let Ok(net) = raw.parse::<IpNet>() {
        return Ok(net.trunc());
    }
    raw.parse::<IpAddr>()
        .map(IpNet::from)
        .map_err(|_| format!("not an address or network (CIDR): {raw}"))
}

/// A header name flag, e.g. `X-Forwarded-User`.
pub fn parse_header_name(raw: &str) -> Result<HeaderName, String> {
    HeaderName::from_bytes(raw.trim().as_bytes()).map_err(|_| format!("not a header name: {raw}"))
}

/// What the proxy headers of one request say.
#[derive(Debug, PartialEq, Eq)]
pub enum ProxyVerdict {
    /// No proxy header in the request.
    Absent,
    /// A trusted proxy signed this user in.
    SignedIn(Identity),
    /// Proxy headers from a peer that is no trusted proxy (or none known).
    Untrusted,
    /// A trusted proxy sent a user header that is empty or not text.
    Malformed,
}

#[derive(Clone, Debug)]
pub struct TrustedProxies {
    pub networks: Vec<IpNet>,
    pub user_header: HeaderName,
    pub groups_header: HeaderName,
    pub operator_group: String,
}

/// Longest user name taken from a header.
const MAX_USER_LEN: usize = 256;

impl TrustedProxies {
    pub fn trusts(&self, peer: Option<IpAddr>) -> bool {
        peer.is_some_and(|ip| {
            let ip = ip.to_canonical();
            self.networks.iter().any(|net| net.contains(&ip))
        })
    }

    /// The identity a request's proxy headers give, if any.
    pub fn verdict(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> ProxyVerdict {
        let user = headers.get(&self.user_header);
        if user.is_none() && !headers.contains_key(&self.groups_header) {
            return ProxyVerdict::Absent;
        }
        if !self.trusts(peer) {
            return ProxyVerdict::Untrusted;
        }
        let user = user
            .and_then(|v| v.to_str().ok())
            .map(str::trim)
            .filter(|u| !u.is_empty() && u.len() <= MAX_USER_LEN && !u.chars().any(char::is_control));
        let Some(user) = user else {
            return ProxyVerdict::Malformed;
        };
        let operator = headers
            .get_all(&self.groups_header)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .any(|group| group.trim() == self.operator_group);
        ProxyVerdict::SignedIn(Identity {
            user: user.to_owned(),
            role: if operator { Role::Operator } else { Role::Viewer },
            method: SignInMethod::Proxy,
        })
    }

    /// The client address behind a trusted proxy (the last
    /// `X-Forwarded-For` entry, which the proxy itself wrote), else the peer.
    pub fn client_address(&self, peer: Option<IpAddr>, headers: &HeaderMap) -> Option<IpAddr> {
        if !self.trusts(peer) {
            return peer;
        }
        // Only the proxy's own (last) entry: earlier ones are whatever the
        // client sent.
        headers
            .get_all("x-forwarded-for")
            .iter()
            .next_back()
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.rsplit(',').next())
            .and_then(|a| a.trim().parse::<IpAddr>().ok())
            .or(peer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn proxies() -> TrustedProxies {
        TrustedProxies {
            networks: vec![
                parse_network("10.0.0.0/24").unwrap(),
                parse_network("::1").unwrap(),
            ],
            user_header: parse_header_name("X-Forwarded-User").unwrap(),
            groups_header: parse_header_name("X-Forwarded-Groups").unwrap(),
            operator_group: "sdrs-operators".into(),
        }
    }

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (HeaderName::from_static(k), HeaderValue::from_static(v)))
            .collect()
    }

    fn ip(text: &str) -> Option<IpAddr> {
        Some(text.parse().unwrap())
    }

    #[test]
    fn networks_and_addresses() {
        assert_eq!(parse_network("10.1.2.3/8").unwrap().to_string(), "10.0.0.0/8");
        assert_eq!(
            parse_network("192.168.1.5").unwrap().to_string(),
            "192.168.1.5/32"
        );
        assert!(parse_network("10.0.0.0/33").is_err());
        assert!(parse_network("proxy.example").is_err());
        let p = proxies();
        assert!(p.trusts(ip("10.0.0.200")));
        assert!(p.trusts(ip("::ffff:10.0.0.7")));
        assert!(p.trusts(ip("::1")));
        assert!(!p.trusts(ip("10.0.1.1")));
        assert!(!p.trusts(None));
    }

    #[test]
    fn verdicts() {
        let p = proxies();
        let viewer = headers(&[("x-forwarded-user", "bob"), ("x-forwarded-groups", "devs, ops")]);
        let operator = headers(&[
            ("x-forwarded-user", "alice"),
            ("x-forwarded-groups", "devs,sdrs-operators"),
        ]);
        assert_eq!(p.verdict(ip("10.0.0.1"), &HeaderMap::new()), ProxyVerdict::Absent);
        let ProxyVerdict::SignedIn(id) = p.verdict(ip("10.0.0.1"), &viewer) else {
            panic!()
        };
        assert_eq!(
            (id.user.as_str(), id.role, id.method),
            ("bob", Role::Viewer, SignInMethod::Proxy)
        );
        let ProxyVerdict::SignedIn(id) = p.verdict(ip("10.0.0.1"), &operator) else {
            panic!()
        };
        assert_eq!(id.role, Role::Operator);
        assert_eq!(p.verdict(ip("192.0.2.1"), &operator), ProxyVerdict::Untrusted);
        assert_eq!(p.verdict(None, &operator), ProxyVerdict::Untrusted);
        // Only the groups header, from anyone untrusted, is refused too.
        let groups_only = headers(&[("x-forwarded-groups", "sdrs-operators")]);
        assert_eq!(p.verdict(ip("192.0.2.1"), &groups_only), ProxyVerdict::Untrusted);
        assert_eq!(p.verdict(ip("10.0.0.1"), &groups_only), ProxyVerdict::Malformed);
        let blank = headers(&[("x-forwarded-user", "  ")]);
        assert_eq!(p.verdict(ip("10.0.0.1"), &blank), ProxyVerdict::Malformed);
    }

    #[test]
    fn client_address_behind_the_proxy() {
        let p = proxies();
        let h = headers(&[("x-forwarded-for", "203.0.113.9, 198.51.100.4")]);
        assert_eq!(p.client_address(ip("10.0.0.1"), &h), ip("198.51.100.4"));
        // An untrusted peer cannot choose its address.
        assert_eq!(p.client_address(ip("192.0.2.1"), &h), ip("192.0.2.1"));
        assert_eq!(
            p.client_address(ip("10.0.0.1"), &HeaderMap::new()),
            ip("10.0.0.1")
        );
    }
}
