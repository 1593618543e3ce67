//! The signed-in user of a request, as every part of the server sees it.
//! The sign-in layer puts an [`Identity`] into the request's extensions;
//! handlers and the audit trail read it from there.

use serde::{Deserialize, Serialize};

/// What a user may do. `Viewer` reads; `Operator` may also delete and clear.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Operator,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Operator => "operator",
        }
    }

    pub fn parse(text: &str) -> Option<Role> {
        match text {
            "viewer" => Some(Role::Viewer),
            "operator" => Some(Role::Operator),
            _ => None,
        }
    }

    pub fn may_delete(self) -> bool {
        self == Role::Operator
    }
}

/// How the user proved who they are.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SignInMethod {
    /// The local users file (argon2 hashes).
    Local,
    /// An OpenID Connect provider.
    Oidc,
    /// Headers of a trusted authenticating reverse proxy.
    Proxy,
    /// No sign-in configured: the single user of a loopback-only server.
    Loopback,
}

impl SignInMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            SignInMethod::Local => "local",
            SignInMethod::Oidc => "oidc",
            SignInMethod::Proxy => "proxy",
            SignInMethod::Loopback => "loopback",
        }
    }

    pub fn parse(text: &str) -> Option<SignInMethod> {
        match text {
            "local" => Some(SignInMethod::Local),
            "oidc" => Some(SignInMethod::Oidc),
            "proxy" => Some(SignInMethod::Proxy),
            "loopback" => Some(SignInMethod::Loopback),
            _ => None,
        }
    }
}

/// The caller of one request.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Identity {
    /// User name as the sign-in method knows it (never a secret).
    pub user: String,
    pub role: Role,
    pub method: SignInMethod,
}

/// Who does an action that changes things: the signed-in user, or
/// `anonymous` without sign-in. A 403 `SDRS.0005` envelope for a role that
/// may not (viewers), saying what (`what`: "retry a scope").
pub fn actor(identity: Option<&Identity>, what: &str) -> Result<String, crate::http::error::ApiError> {
    match identity {
        Some(who) if !who.role.may_delete() => Err(crate::http::error::ApiError::new(
            axum::http::StatusCode::FORBIDDEN,
            "error",
            crate::http::error::codes::NO_PERMISSION,
            format!("Your role ({}) may not {what}", who.role.as_str()),
        )),
        Some(who) => Ok(who.user.clone()),
        None => Ok(crate::audit::layer::ANONYMOUS.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for role in [Role::Viewer, Role::Operator] {
            assert_eq!(Role::parse(role.as_str()), Some(role));
        }
        for m in [
            SignInMethod::Local,
            SignInMethod::Oidc,
            SignInMethod::Proxy,
            SignInMethod::Loopback,
        ] {
            assert_eq!(SignInMethod::parse(m.as_str()), Some(m));
        }
        assert_eq!(Role::parse("admin"), None);
        assert!(Role::Operator.may_delete() && !Role::Viewer.may_delete());
    }
}
