//! Emulated IAM (`--iam-users FILE`, emulate mode): `POST /v3/auth/tokens`
//! with the password method, as real IAM answers it, and the token check of
//! API calls:
//!
//! - token in `X-Subject-Token`, expiry in the body's `token.expires_at`,
//!   201 Created; wrong user or password 401, malformed body 400, both in
//!   IAM's envelope `{"error":{"code","message","title"}}`;
//! - an API call needs a valid, unexpired emulated `X-Auth-Token` (or an SDK
//!   signature, which the signature rules judge): otherwise 401 in the API
//!   gateway's envelope `{"error_code":"APIGW.0301","error_msg","request_id"}`;
//! - a DELETE by a user without delete permission is 403 with a policy
//!   message, the way SDRS refuses what an IAM policy does not allow.

use crate::api_path::ApiCall;
use crate::auth;
use crate::error::json_response;
use crate::iam_directory::{IamDirectory, TokenRefusal};
use crate::iam_wire::{self, AuthRequest, NamedRef, TokenAnswer, TokenBody, TokenProject, TokenUser};
use crate::iso_time::format_iam;
use crate::request_log::{new_request_id, X_REQUEST_ID};
use crate::state::Emulator;
use crate::timefmt::now_ms;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// The name of the one emulated project (IAM names projects by region).
pub const EMULATED_REGION: &str = "ap-southeast-3";

/// An IAM refusal: status and message for IAM's envelope.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IamRefusal {
    pub status: StatusCode,
    pub message: String,
}

impl IamRefusal {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        IamRefusal {
            status,
            message: message.into(),
        }
    }
}

impl IntoResponse for IamRefusal {
    fn into_response(self) -> Response {
        json_response(
            self.status,
            iam_wire::error_json(self.status.as_u16(), &self.message),
        )
    }
}

/// Checks a password sign-in and issues a token scoped to the emulated
/// project (by id, or by any name: the emulator has one project).
pub fn issue(dir: &IamDirectory, project_id: &str, body: &[u8]) -> Result<(String, TokenAnswer), IamRefusal> {
    let bad = |m: &str| IamRefusal::new(StatusCode::BAD_REQUEST, m);
    let req: AuthRequest =
        serde_json::from_slice(body).map_err(|_| bad("The request body is not a valid auth request"))?;
    let identity = req.auth.identity;
    if !identity.methods.iter().any(|m| m == iam_wire::PASSWORD_METHOD) {
        return Err(bad("Only the password method is emulated"));
    }
    let user = identity
        .password
        .ok_or_else(|| bad("The password method needs identity.password"))?
        .user;
    let domain = user.domain.name.unwrap_or_default();
    let project = match req.auth.scope.and_then(|s| s.project) {
        Some(NamedRef { id: Some(id), .. }) if id == project_id => EMULATED_REGION.to_owned(),
        Some(NamedRef { id: Some(_), .. }) => {
            return Err(bad("The project does not exist in this account"));
        }
        Some(NamedRef { name: Some(name), .. }) if !name.trim().is_empty() => name,
        _ => return Err(bad("A project scope (id or name) is required")),
    };
    let found = dir
        .authenticate(&domain, &user.name, &user.password)
        .ok_or_else(|| IamRefusal::new(StatusCode::UNAUTHORIZED, "The username or password is wrong."))?;
    let (token, issued) = dir.issue(found, now_ms());
    let domain_ref = NamedRef {
        id: Some(format!("emulated-domain-{}", issued.domain.to_ascii_lowercase())),
        name: Some(issued.domain.clone()),
    };
    let role = if issued.may_delete {
        "SDRS FullAccess"
    } else {
        "SDRS ReadOnlyAccess"
    };
    let answer = TokenAnswer {
        token: TokenBody {
            expires_at: format_iam(issued.expires_ms),
            issued_at: format_iam(issued.issued_ms),
            methods: vec![iam_wire::PASSWORD_METHOD.to_owned()],
            user: TokenUser {
                id: format!("emulated-user-{}", issued.user.to_ascii_lowercase()),
                name: issued.user.clone(),
                domain: domain_ref.clone(),
            },
            project: Some(TokenProject {
                id: project_id.to_owned(),
                name: project,
                domain: domain_ref,
            }),
            roles: vec![NamedRef::name(role)],
        },
    };
    Ok((token, answer))
}

/// `POST /v3/auth/tokens`.
pub async fn auth_tokens(State(emu): State<Arc<Emulator>>, body: Bytes) -> Response {
    let Some(dir) = &emu.iam else {
        return IamRefusal::new(StatusCode::NOT_FOUND, "IAM is not emulated (see --iam-users)")
            .into_response();
    };
    match issue(dir, &emu.cli.project_id, &body) {
        Ok((token, answer)) => {
            let mut res = json_response(
                StatusCode::CREATED,
                serde_json::to_string(&answer).unwrap_or_default(),
            );
            if let Ok(v) = HeaderValue::from_str(&token) {
                res.headers_mut().insert(iam_wire::X_SUBJECT_TOKEN, v);
            }
            res
        }
        Err(refusal) => refusal.into_response(),
    }
}

/// The API gateway's 401 for a token it does not accept.
fn gateway_refusal(reason: &str) -> Response {
    let request_id = new_request_id();
    let body = serde_json::json!({
        "error_code": "APIGW.0301",
        "error_msg": format!("Incorrect IAM authentication information: {reason}"),
        "request_id": request_id,
    });
    let mut res = json_response(StatusCode::UNAUTHORIZED, body.to_string());
    if let Ok(v) = HeaderValue::from_str(&request_id) {
        res.headers_mut().insert(X_REQUEST_ID, v);
    }
    res
}

/// The token rule of API calls when IAM is emulated: the refusal, if any.
pub fn refusal(dir: &IamDirectory, call: &ApiCall, headers: &HeaderMap) -> Option<Response> {
    let token = headers
        .get(auth::X_AUTH_TOKEN)
        .and_then(|v| v.to_str().ok())
        .filter(|t| !t.trim().is_empty());
    let Some(token) = token else {
        if auth::has_signature(headers) {
            return None;
        }
        return Some(gateway_refusal("the request carries no token"));
    };
    let owner = match dir.check(token, now_ms()) {
        Ok(owner) => owner,
        Err(TokenRefusal::Expired) => return Some(gateway_refusal("the token has expired")),
        Err(TokenRefusal::Unknown) => return Some(gateway_refusal("the token is not valid")),
    };
    let deletes = matches!(
        call,
        ApiCall::DeleteFailureJob(_) | ApiCall::DeleteGroupFailures(_) | ApiCall::DeleteGroupLevelFailures
    );
    if deletes && !owner.may_delete {
        return Some(
            crate::error::ApiError::new(
                StatusCode::FORBIDDEN,
                "error",
                crate::error::codes::NO_PERMISSION,
                "Policy doesn't allow sdrs:task:delete to be performed.",
            )
            .into_response(),
        );
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::iam_directory::parse_users;

    const PROJECT: &str = "p0";

    fn dir() -> IamDirectory {
        IamDirectory::new(
            parse_users(r#"[{"domain":"acme","user":"reader","password":"pw"}]"#).unwrap(),
            60,
        )
    }

    fn body(password: &str, project: NamedRef) -> Vec<u8> {
        serde_json::to_vec(&AuthRequest::password("acme", "reader", password, project)).unwrap()
    }

    #[test]
    fn issues_for_id_or_name_scope() {
        let d = dir();
        let (token, answer) = issue(&d, PROJECT, &body("pw", NamedRef::id(PROJECT))).unwrap();
        assert_eq!(answer.token.user.name, "reader");
        assert_eq!(answer.token.project.unwrap().id, PROJECT);
        assert!(d.check(&token, now_ms()).is_ok());
        let (_, answer) = issue(&d, PROJECT, &body("pw", NamedRef::name("ap-southeast-3"))).unwrap();
        assert_eq!(answer.token.roles[0].name.as_deref(), Some("SDRS ReadOnlyAccess"));
    }

    #[test]
    fn refusals() {
        let d = dir();
        let wrong = issue(&d, PROJECT, &body("nope", NamedRef::id(PROJECT))).unwrap_err();
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        let other = issue(&d, PROJECT, &body("pw", NamedRef::id("p9"))).unwrap_err();
        assert_eq!(other.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            issue(&d, PROJECT, b"{").unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        let unscoped = br#"{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"reader","password":"pw","domain":{"name":"acme"}}}}}}"#;
        assert_eq!(
            issue(&d, PROJECT, unscoped).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
    }
}
