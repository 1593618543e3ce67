//! The auth layer in front of every route: resolves the session cookie or
//! the headers of a trusted proxy to an [`Identity`] in the request's
//! extensions, refuses what needs a session and has none (401), and checks
//! CSRF (403 `SDRS.0004`) and the role (403 `SDRS.0005`) of state-changing
//! calls. Without team sign-in it only lends the loopback identity when the
//! server holds a credential.

use super::answers;
use super::cookie;
use super::identity::{Identity, Role, SignInMethod};
use super::proxy::ProxyVerdict;
use super::secret::same_secret;
use super::sessions::{ActiveSession, CsrfChecked, Lookup};
use super::{Access, TeamAuth};
use axum::extract::{ConnectInfo, Request, State};
use axum::http::{header, Method};
use axum::middleware::Next;
use axum::response::Response;
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

pub const X_CSRF_TOKEN: &str = "x-csrf-token";

/// Paths that need a signed-in user when team sign-in is on (the
/// emulator's control endpoints too: an operator's, see
/// `emulator::guard`).
pub fn needs_session(path: &str) -> bool {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    under("/v1")
        || under("/scopes")
        || under("/api")
        || under("/audit")
        || under("/__emulator")
        || path == super::routes::SESSION
        || path == super::routes::SIGN_OUT
}

/// Methods that change nothing.
pub fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

/// The single user of a loopback-only server without team sign-in.
pub fn loopback_identity() -> Identity {
    Identity {
        user: "local".into(),
        role: Role::Operator,
        method: SignInMethod::Loopback,
    }
}

/// The peer's address, when the server was started with connect info.
pub fn peer_ip(req: &Request) -> Option<IpAddr> {
    req.extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0.ip())
}

pub async fn layer(State(team): State<Arc<TeamAuth>>, mut req: Request, next: Next) -> Response {
    match team.access {
        Access::Open => return next.run(req).await,
        Access::Loopback => {
            req.extensions_mut().insert(loopback_identity());
            return next.run(req).await;
        }
        Access::Team => {}
    }
    let peer = peer_ip(&req);
    let path = req.uri().path().to_owned();
    let mut identity = None;
    if let Some(proxies) = &team.proxies {
        match proxies.verdict(peer, req.headers()) {
            ProxyVerdict::Absent => {}
            ProxyVerdict::SignedIn(id) => identity = Some(id),
            ProxyVerdict::Untrusted => {
                team.log(&format!(
                    "refused proxy sign-in headers from {}, which is no --trusted-proxy ({} {path})",
                    peer.map_or("an unknown address".to_owned(), |ip| ip.to_string()),
                    req.method()
                ));
                return answers::untrusted_proxy_headers();
            }
            ProxyVerdict::Malformed => return answers::malformed_proxy_headers(),
        }
    }
    let mut session: Option<ActiveSession> = None;
    let mut stale_cookie = false;
    if let Some(value) = cookie::read(req.headers()) {
        match team.sessions.find(value).await {
            Ok(Lookup::Active(found)) => match &identity {
                // The proxy is the authority on who this is; its session
                // only lends the CSRF token, for the same user.
                Some(proxy_user) => {
                    if found.identity.method == SignInMethod::Proxy && found.identity.user == proxy_user.user
                    {
                        session = Some(found);
                    }
                }
                // A proxy's session without the proxy's headers is no
                // sign-in (the proxy may have signed the user out).
                None if found.identity.method == SignInMethod::Proxy => stale_cookie = true,
                // The user's role now; a removed user's session ends.
                None => match super::revalidate::current(&team, &found.identity) {
                    Some(now) => {
                        let mut found = found;
                        found.identity = now.clone();
                        identity = Some(now);
                        session = Some(found);
                    }
                    None => {
                        if let Err(e) = team.sessions.end(&found.id_hash).await {
                            return answers::store_unavailable(&e);
                        }
                        team.log(&format!(
                            "ended a session of {}: no longer a user of this server",
                            found.identity.user
                        ));
                        stale_cookie = true;
                    }
                },
            },
            Ok(Lookup::Unknown | Lookup::Expired) => stale_cookie = true,
            Err(e) => return answers::store_unavailable(&e),
        }
    }
    let Some(identity) = identity else {
        if needs_session(&path) {
            let mut res = answers::sign_in_first();
            if stale_cookie {
                res.headers_mut()
                    .insert(header::SET_COOKIE, team.sessions.clear_cookie());
            }
            return res;
        }
        return next.run(req).await;
    };
    if !is_safe(req.method()) && needs_session(&path) {
        if team.is_cross_origin(&req) {
            return answers::csrf_refused("Refused: the request comes from another site");
        }
        let sent = req.headers().get(X_CSRF_TOKEN).and_then(|v| v.to_str().ok());
        let matches = match (&session, sent) {
            (Some(s), Some(sent)) => same_secret(&s.csrf_token, sent),
            _ => false,
        };
        if !matches {
            return answers::csrf_refused(
                "Refused: the X-CSRF-Token header is missing or not this session's",
            );
        }
        req.extensions_mut().insert(CsrfChecked);
        let api = path.starts_with("/v1/") || path.starts_with("/scopes/");
        if *req.method() == Method::DELETE && api && !identity.role.may_delete() {
            return answers::role_refused(identity.role);
        }
    }
    req.extensions_mut().insert(identity);
    if let Some(s) = session {
        req.extensions_mut().insert(s);
    }
    next.run(req).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn protected_paths() {
        for p in [
            "/v1",
            "/v1/p/task-center/failure-jobs",
            "/scopes/prod/v1/p/task-center/failure-jobs",
            "/audit/records",
            "/audit/records.csv",
            "/api/scopes",
            "/api/scopes/prod/retry",
            "/api/journal",
            "/api/journal.csv",
            "/auth/session",
            "/auth/sign-out",
            "/__emulator/faults",
        ] {
            assert!(needs_session(p), "{p}");
        }
        for p in [
            "/",
            "/index.html",
            "/config.json",
            "/healthz",
            "/livez",
            "/metrics",
            "/auth/local/sign-in",
            "/v1x",
            "/scopesx",
            "/auditor",
            "/apidocs",
            "/apix",
            "/auth/oidc/start",
        ] {
            assert!(!needs_session(p), "{p}");
        }
        assert!(
            is_safe(&Method::GET)
                && is_safe(&Method::HEAD)
                && !is_safe(&Method::DELETE)
                && !is_safe(&Method::POST)
        );
    }
}
