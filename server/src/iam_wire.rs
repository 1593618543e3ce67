//! The JSON of IAM's `POST /v3/auth/tokens`, one definition for the client
//! (which writes requests and reads answers) and the emulator (which does
//! the opposite). Only the password method is modelled; SDRS needs no more.

use serde::{Deserialize, Serialize};

pub const PASSWORD_METHOD: &str = "password";
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
}

impl AuthRequest {
    /// A password sign-in scoped to one project.
    pub fn password(domain: &str, user: &str, password: &str, project: NamedRef) -> Self {
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
                },
                scope: Some(Scope {
                    project: Some(project),
                }),
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
    fn error_envelope() {
        let v: serde_json::Value = serde_json::from_str(&error_json(401, "wrong")).unwrap();
        assert_eq!(v["error"]["code"], 401);
        assert_eq!(v["error"]["title"], "Unauthorized");
    }
}
