//! A session's user as the sign-in source says now, at every request: a
//! session of a user no longer in the users file (as it is on disk now,
//! see `live_users`) ends, and a changed role applies at once (the session's stored role is only what it was at
//! sign-in). Proxy users are read from the proxy's headers at each request
//! anyway; OpenID Connect sessions keep the role of their ID token until
//! they end (at most `--session-max-hours`).

use super::identity::{Identity, SignInMethod};
use super::TeamAuth;

/// The identity a session of `stored` has now; `None` ends the session.
pub fn current(team: &TeamAuth, stored: &Identity) -> Option<Identity> {
    match stored.method {
        SignInMethod::Local => {
            let role = team.users.as_ref()?.now().role_of(&stored.user)?;
            Some(Identity {
                role,
                ..stored.clone()
            })
        }
        SignInMethod::Oidc if team.oidc.is_none() => None,
        SignInMethod::Oidc | SignInMethod::Proxy | SignInMethod::Loopback => Some(stored.clone()),
    }
}
