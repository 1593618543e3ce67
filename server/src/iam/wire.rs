//! The JSON of IAM's `POST /v3/auth/tokens`, one definition for the client
//! (which writes requests and reads answers) and the emulator (which does
//! the opposite). The password method, and `assume_role` for an agency
//! (a token of the delegated account's user turned into one of the agency).

use serde::{Deserialize, Serialize};

pub const PASSWORD_METHOD: &str = "password";
pub const ASSUME_ROLE_METHOD: &str = "assume_role";
/// The response header that carries the token.
pub const X_SUBJECT_TOKEN: &str = "x-subject-token";

#[derive(Deserialize, Serialize)]
pub struct AuthRequest {
    pub auth: Auth,
}

#[derive(Deserialize, Serialize)]
pub struct Auth {
    pub identity: Identity,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<Scope>,
}

#[derive(Deserialize, Serialize)]
pub struct Identity {
    pub methods: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<PasswordIdentity>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub assume_role: Option<AssumeRole>,
}

/// The agency to act as: `agency_name` created by account `domain_name`.
#[derive(Clone, Debug, Deserialize, Serialize)]
pub struct AssumeRole {
    pub domain_name: String,
    pub agency_name: String,
}

#[derive(Deserialize, Serialize)]
pub struct PasswordIdentity {
    pub user: PasswordUser,
}

/// No `Debug`: the password must not end up in a log line by accident.
#[derive(Deserialize, Serialize)]
pub struct PasswordUser {
    pub name: String,
    pub password: String,
    pub domain: NamedRef,
}

/// `{"id":..}` or `{"name":..}` (or both), as IAM refers to things.
#[derive(Clone, Debug, Default, Deserialize, Serialize, PartialEq, Eq)]
pub struct NamedRef {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

impl NamedRef {
    pub fn id(id: &str) -> Self {
        NamedRef {
            id: Some(id.to_owned()),
            name: None,
        }
    }

    pub fn name(name: &str) -> Self {
        NamedRef {
            id: None,
            name: Some(name.to_owned()),
        }
    }
}

#[derive(Clone, Debug, Default, Deserialize, Serialize)]
pub struct Scope {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<NamedRef>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub domain: Option<NamedRef>,
}

impl AuthRequest {
    /// A password sign-in scoped to one project.
    pub fn password(domain: &str, user: &str, password: &str, project: NamedRef) -> Self {
        Self::password_scoped(
            domain,
            user,
            password,
            Scope {
                project: Some(project),
                domain: None,
            },
        )
    }

    /// A password sign-in scoped to the user's own account, the first step
    /// of acting as an agency.
    pub fn password_in_own_domain(domain: &str, user: &str, password: &str) -> Self {
        Self::password_scoped(
            domain,
            user,
            password,
            Scope {
                project: None,
                domain: Some(NamedRef::name(domain)),
            },
        )
    }

    /// An agency token for one project (sent with the user's token).
    pub fn assume_role(agency_domain: &str, agency_name: &str, project: NamedRef) -> Self {
        AuthRequest {
            auth: Auth {
                identity: Identity {
                    methods: vec![ASSUME_ROLE_METHOD.to_owned()],
                    password: None,
                    assume_role: Some(AssumeRole {
                        domain_name: agency_domain.to_owned(),
                        agency_name: agency_name.to_owned(),
                    }),
                },
                scope: Some(Scope {
                    project: Some(project),
                    domain: None,
                }),
            },
        }
    }

    fn password_scoped(domain: &str, user: &str, password: &str, scope: Scope) -> Self {
        AuthRequest {
            auth: Auth {
                identity: Identity {
                    methods: vec![PASSWORD_METHOD.to_owned()],
                    password: Some(PasswordIdentity {
                        user: PasswordUser {
                            name: user.to_owned(),
                            password: password.to_owned(),
                            domain: NamedRef::name(domain),
                        },
                    }),
                    assume_role: None,
                },
                scope: Some(scope),
            },
        }
    }
}

/// The body of a token answer (the parts this server reads or writes).
#[derive(Debug, Deserialize, Serialize)]
pub struct TokenAnswer {
    pub token: TokenBody,
}

#[derive(Debug, Deserialize, Serialize)]
pub struct TokenBody {
    pub expires_at: String,
    #[serde(default)]
    pub issued_at: String,
    #[serde(default)]
    pub methods: Vec<String>,
    #[serde(default)]
    pub user: TokenUser,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub project: Option<TokenProject>,
    #[serde(default)]
    pub roles: Vec<NamedRef>,
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct TokenUser {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub domain: NamedRef,
}

#[derive(Debug, Default, Deserialize, Serialize)]
pub struct TokenProject {
    #[serde(default)]
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub domain: NamedRef,
}

/// IAM's error envelope: `{"error":{"code":401,"message":..,"title":..}}`
/// (Keystone's shape, which Huawei Cloud IAM keeps).
pub fn error_json(status: u16, message: &str) -> String {
    let title = match status {
        400 => "Bad Request",
        401 => "Unauthorized",
        403 => "Forbidden",
        404 => "Not Found",
        _ => "Error",
    };
    serde_json::json!({ "error": { "code": status, "message": message, "title": title } }).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn password_request_has_the_documented_shape() {
        let req = AuthRequest::password("acme", "alice", "pw", NamedRef::id("p1"));
        let v: serde_json::Value = serde_json::to_value(&req).unwrap();
        assert_eq!(
            v,
            serde_json::json!({"auth":{"identity":{"methods":["password"],
                "password":{"user":{"name":"alice","password":"pw","domain":{"name":"acme"}}}},
                "scope":{"project":{"id":"p1"}}}})
        );
    }

    #[test]
    fn agency_requests() {
        let first =
            serde_json::to_value(AuthRequest::password_in_own_domain("partner", "svc", "pw")).unwrap();
        assert_eq!(
            first["auth"]["scope"],
            serde_json::json!({"domain":{"name":"partner"}})
        );
        let second =
            serde_json::to_value(AuthRequest::assume_role("acme", "sdrs-ops", NamedRef::id("p1"))).unwrap();
        assert_eq!(
            second,
            serde_json::json!({"auth":{"identity":{"methods":["assume_role"],
                "assume_role":{"domain_name":"acme","agency_name":"sdrs-ops"}},
                "scope":{"project":{"id":"p1"}}}})
        );
    }

    #[test]
    fn error_envelope() {
        let v: serde_json::Value = serde_json::from_str(&error_json(401, "wrong")).unwrap();
        assert_eq!(v["error"]["code"], 401);
        assert_eq!(v["error"]["title"], "Unauthorized");
    }
}
