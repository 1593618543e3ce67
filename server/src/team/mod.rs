//! Team use of one server: who is calling (sign-in, sessions), what they
//! may do (roles), and the checks every state-changing call passes.
//!
//! [`TeamAuth::from_cli`] builds it from the flags; [`TeamAuth::apply`]
//! puts the auth layer and the `/auth/...` routes around a router.

pub mod answers;
pub mod cookie;
pub mod identity;
pub mod live_users;
pub mod memory_store;
pub mod middleware;
pub mod oidc;
pub mod origin_check;
pub mod proxy;
pub mod public_url;
pub mod rate_limit;
pub mod revalidate;
pub mod routes;
pub mod secret;
pub mod security_headers;
pub mod session_store;
pub mod sessions;
pub mod sign_in_throttle;
pub mod users_file;

/// The contract's name for the sessions module.
pub use self::sessions as session;

use crate::cli::Cli;
use axum::extract::Request;
use axum::Router;
use live_users::LiveUsers;
use proxy::TrustedProxies;
use session_store::SessionStore;
use sessions::{SessionConfig, Sessions};
use sign_in_throttle::SignInThrottle;
use std::io;
use std::net::IpAddr;
use std::sync::Arc;
use std::time::Duration;

/// Failed sign-ins allowed per user and per address within the window.
pub const FAILED_SIGN_INS: usize = 5;
pub const FAILED_SIGN_IN_WINDOW: Duration = Duration::from_secs(300);

/// Who may use the server.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Team sign-in: `/v1`, `/audit`, `/auth/session` need a session.
    Team,
    /// No sign-in, a server-side credential, a loopback address: the one
    /// local user (like `kubectl proxy`).
    Loopback,
    /// No sign-in and no server-side credential (emulate mode, or each
    /// browser sends its own token): anonymous, as before.
    Open,
}

pub struct TeamAuth {
    pub access: Access,
    pub sessions: Arc<Sessions>,
    pub users: Option<Arc<LiveUsers>>,
    pub proxies: Option<TrustedProxies>,
    pub oidc: Option<Arc<oidc::routes::OidcRoutes>>,
    /// Failed password sign-ins (local and IAM) and argon2 checks.
    pub throttle: Arc<SignInThrottle>,
    /// This server's origins besides each request's `Host` (CSRF rule).
    pub own_origin: origin_check::OwnOrigin,
    quiet: bool,
}

/// Refuses to serve a server-side credential anonymously on a
/// non-loopback address; the note for the start-up log otherwise.
pub fn check_loopback(cli: &Cli, holds_credential: bool) -> io::Result<Option<String>> {
    if cli.team_sign_in() || !holds_credential {
        return Ok(None);
    }
    if !cli.listen.addr.is_loopback() {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!(
                "refusing to serve the server-side credential to anyone who reaches {}: \
                 without team sign-in (--users or --trusted-proxy) the server listens only on a \
                 loopback address such as 127.0.0.1",
                cli.listen.addr
            ),
        ));
    }
    Ok(Some(format!(
        "single-user mode, like kubectl proxy: no team sign-in, the server-side credential serves only {} (loopback)",
        cli.listen.addr
    )))
}

impl TeamAuth {
    /// Reads `--users` (a bad line is an error naming file and line) and
    /// the proxy flags; sessions live in `store`, pending OpenID Connect
    /// logins in `pending`.
    pub fn from_cli(
        cli: &Cli,
        holds_credential: bool,
        store: Arc<dyn SessionStore>,
        pending: Arc<dyn oidc::pending::PendingLoginStore>,
    ) -> io::Result<Self> {
        let access = if cli.team_sign_in() {
            Access::Team
        } else if holds_credential {
            Access::Loopback
        } else {
            Access::Open
        };
        let users = match &cli.team.users {
            Some(path) => Some(Arc::new(LiveUsers::load(path.clone())?)),
            None => None,
        };
        let proxies = (!cli.team.trusted_proxy.is_empty()).then(|| TrustedProxies {
            networks: cli.team.trusted_proxy.clone(),
            user_header: cli.team.proxy_user_header.clone(),
            groups_header: cli.team.proxy_groups_header.clone(),
            operator_group: cli.team.operator_group.clone(),
        });
        let config = SessionConfig {
            idle: cli.team.session_idle_mins,
            max_age: cli.team.session_max_hours,
            secure: public_url::is_https(&cli.public_url()),
        };
        let sessions = Arc::new(Sessions::new(store, config));
        let oidc = oidc::routes::from_cli(cli, sessions.clone(), pending)?.map(Arc::new);
        Ok(TeamAuth {
            access,
            sessions,
            users,
            proxies,
            oidc,
            throttle: Arc::new(SignInThrottle::new()),
            own_origin: origin_check::OwnOrigin::new(cli.listen.public_url.as_ref()),
            quiet: cli.log.quiet,
        })
    }

    /// What start-up decided, for the log.
    pub fn note(&self) -> Option<String> {
        if self.access != Access::Team {
            return None;
        }
        let mut ways = Vec::new();
        if let Some(users) = &self.users {
            ways.push(format!("local users file ({} users)", users.now().len()));
        }
        if let Some(o) = &self.oidc {
            ways.push(format!("OpenID Connect ({})", o.oidc.settings().issuer));
        }
        if let Some(p) = &self.proxies {
            let networks: Vec<String> = p.networks.iter().map(ToString::to_string).collect();
            ways.push(format!("headers of the trusted proxies {}", networks.join(", ")));
        }
        Some(format!("team sign-in: {}", ways.join(", ")))
    }

    /// `config.json`'s `teamSignIn`: null without team sign-in.
    pub fn config_json(&self) -> serde_json::Value {
        if self.access != Access::Team {
            return serde_json::Value::Null;
        }
        serde_json::json!({
            "local": self.users.is_some(),
            "oidc": self.oidc.as_ref().map(|o| serde_json::json!({"label": o.oidc.settings().label})),
            "proxy": self.proxies.is_some(),
        })
    }

    /// The `/auth/...` routes (team sign-in only) and the auth layer
    /// around `router`.
    pub fn apply(self: &Arc<Self>, router: Router) -> Router {
        let router = if self.access == Access::Team {
            let router = router.merge(routes::router(self.clone()));
            match &self.oidc {
                Some(o) => router.merge(oidc::routes::router(o.clone())),
                None => router,
            }
        } else {
            router
        };
        router.layer(axum::middleware::from_fn_with_state(
            self.clone(),
            middleware::layer,
        ))
    }

    /// The address failed sign-ins are counted against: the client behind
    /// a trusted proxy, else the peer.
    pub fn client_address(&self, req: &Request) -> Option<IpAddr> {
        let peer = middleware::peer_ip(req);
        match &self.proxies {
            Some(p) => p.client_address(peer, req.headers()),
            None => peer,
        }
    }

    /// Whether a request comes from another site (see
    /// [`origin_check::OwnOrigin`]).
    pub fn is_cross_origin(&self, req: &Request) -> bool {
        self.own_origin
            .is_cross_origin(req.headers(), middleware::peer_ip(req), self.proxies.as_ref())
    }

    pub fn log(&self, line: &str) {
        if !self.quiet {
            tracing::info!("{line}");
        }
    }
}
