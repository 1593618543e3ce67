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

use crate::emulator::iam::directory::{IamDirectory, Principal, TokenRefusal};
use crate::emulator::state::Emulator;
use crate::http::api_path::ApiCall;
use crate::http::auth_headers;
use crate::http::error::json_response;
use crate::http::request_log::{new_request_id, X_REQUEST_ID};
use crate::iam::wire::{self, AuthRequest, NamedRef, TokenAnswer, TokenBody, TokenProject, TokenUser};
use crate::util::iso_time::format_iam;
use crate::util::timefmt::now_ms;
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
        json_response(self.status, wire::error_json(self.status.as_u16(), &self.message))
    }
}

/// Checks a sign-in and issues a token: the password method scoped to the
/// project `project_id` (by id, or by any name, taken as that project)
/// or to the user's own account; `assume_role` with `caller_token` (an
/// account-scoped token of a user the agency trusts) scoped to the project.
pub fn issue(
    dir: &IamDirectory,
    project_id: &str,
    body: &[u8],
    caller_token: Option<&str>,
) -> Result<(String, TokenAnswer), IamRefusal> {
    let bad = |m: &str| IamRefusal::new(StatusCode::BAD_REQUEST, m);
    let req: AuthRequest =
        serde_json::from_slice(body).map_err(|_| bad("The request body is not a valid auth request"))?;
    let scope = req.auth.scope.unwrap_or_default();
    let project = match scope.project {
        Some(NamedRef { id: Some(id), .. }) if id == project_id => Some(EMULATED_REGION.to_owned()),
        Some(NamedRef { id: Some(_), .. }) => {
            return Err(bad("The project does not exist in this account"));
        }
        Some(NamedRef { name: Some(name), .. }) if !name.trim().is_empty() => Some(name),
        _ => None,
    };
    let identity = req.auth.identity;
    let methods = |m: &str| identity.methods.iter().any(|x| x == m);
    let (who, method) = if methods(wire::PASSWORD_METHOD) {
        let user = identity
            .password
            .ok_or_else(|| bad("The password method needs identity.password"))?
            .user;
        let domain = user.domain.name.unwrap_or_default();
        let found = dir
            .authenticate(&domain, &user.name, &user.password)
            .ok_or_else(|| IamRefusal::new(StatusCode::UNAUTHORIZED, "The username or password is wrong."))?;
        let own_domain = scope
            .domain
            .and_then(|d| d.name)
            .is_some_and(|d| d.eq_ignore_ascii_case(&found.domain));
        if project.is_none() && !own_domain {
            return Err(bad(
                "A project scope (id or name) or the user's own domain is required",
            ));
        }
        (Principal::from(found), wire::PASSWORD_METHOD)
    } else if methods(wire::ASSUME_ROLE_METHOD) {
        let role = identity
            .assume_role
            .ok_or_else(|| bad("The assume_role method needs identity.assume_role"))?;
        let unauthorized = |m: &str| IamRefusal::new(StatusCode::UNAUTHORIZED, m);
        let caller = caller_token
            .and_then(|t| dir.check(t, now_ms()).ok())
            .ok_or_else(|| unauthorized("The request you have made requires authentication."))?;
        let agency = dir
            .agency(&role.domain_name, &role.agency_name)
            .filter(|a| a.trusts.eq_ignore_ascii_case(&caller.domain))
            .ok_or_else(|| {
                IamRefusal::new(
                    StatusCode::FORBIDDEN,
                    "The agency does not exist or does not trust this account.",
                )
            })?;
        if project.is_none() {
            return Err(bad("A project scope (id or name) is required"));
        }
        (Principal::from(agency), wire::ASSUME_ROLE_METHOD)
    } else {
        return Err(bad("Only the password and assume_role methods are emulated"));
    };
    let (token, issued) = dir.issue(who, project.is_some(), now_ms());
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
            methods: vec![method.to_owned()],
            user: TokenUser {
                id: format!("emulated-user-{}", issued.user.to_ascii_lowercase()),
                name: issued.user.clone(),
                domain: domain_ref.clone(),
            },
            project: project.map(|name| TokenProject {
                id: project_id.to_owned(),
                name,
                domain: domain_ref,
            }),
            roles: vec![NamedRef::name(role)],
        },
    };
    Ok((token, answer))
}

/// The project a token request is scoped to by id when that is one of
/// `--emulated-scopes`; otherwise the main one (whose checks then apply).
fn scoped_project<'a>(emu: &'a Emulator, body: &[u8]) -> &'a str {
    let asked = serde_json::from_slice::<serde_json::Value>(body).ok();
    let id = asked
        .as_ref()
        .and_then(|v| v["auth"]["scope"]["project"]["id"].as_str());
    match id.and_then(|id| emu.projects.get(id)) {
        Some(project) => &project.scope.project_id,
        None => &emu.project_id,
    }
}

/// `POST /v3/auth/tokens`.
pub async fn auth_tokens(State(emu): State<Arc<Emulator>>, headers: HeaderMap, body: Bytes) -> Response {
    let Some(dir) = &emu.iam else {
        return IamRefusal::new(StatusCode::NOT_FOUND, "IAM is not emulated (see --iam-users)")
            .into_response();
    };
    let caller = headers
        .get(auth_headers::X_AUTH_TOKEN)
        .and_then(|v| v.to_str().ok());
    match issue(dir, scoped_project(&emu, &body), &body, caller) {
        Ok((token, answer)) => {
            let mut res = json_response(
                StatusCode::CREATED,
                serde_json::to_string(&answer).unwrap_or_default(),
            );
            if let Ok(v) = HeaderValue::from_str(&token) {
                res.headers_mut().insert(wire::X_SUBJECT_TOKEN, v);
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
        .get(auth_headers::X_AUTH_TOKEN)
        .and_then(|v| v.to_str().ok())
        .filter(|t| !t.trim().is_empty());
    let Some(token) = token else {
        if auth_headers::has_signature(headers) {
            return None;
        }
        return Some(gateway_refusal("the request carries no token"));
    };
    let owner = match dir.check(token, now_ms()) {
        Ok(owner) => owner,
        Err(TokenRefusal::Expired) => return Some(gateway_refusal("the token has expired")),
        Err(TokenRefusal::Unknown) => return Some(gateway_refusal("the token is not valid")),
    };
    if !owner.project_scoped {
        return Some(gateway_refusal("the token is not scoped to a project"));
    }
    let deletes = matches!(
        call,
        ApiCall::DeleteFailureJob(_) | ApiCall::DeleteGroupFailures(_) | ApiCall::DeleteGroupLevelFailures
    );
    if deletes && !owner.may_delete {
        return Some(
            crate::http::error::ApiError::new(
                StatusCode::FORBIDDEN,
                "error",
                crate::http::error::codes::NO_PERMISSION,
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
    use crate::emulator::iam::directory::parse_file;

    const PROJECT: &str = "p0";

    fn dir() -> IamDirectory {
        let (users, agencies) = parse_file(
            r#"{"users":[{"domain":"acme","user":"reader","password":"pw"},
                         {"domain":"partner","user":"ops","password":"pw2"}],
                "agencies":[{"domain":"acme","name":"sdrs-ops","trusts":"partner","may_delete":true}]}"#,
        )
        .unwrap();
        IamDirectory::new(users, agencies, 60)
    }

    fn body(password: &str, project: NamedRef) -> Vec<u8> {
        serde_json::to_vec(&AuthRequest::password("acme", "reader", password, project)).unwrap()
    }

    #[test]
    fn issues_for_id_or_name_scope() {
        let d = dir();
        let (token, answer) = issue(&d, PROJECT, &body("pw", NamedRef::id(PROJECT)), None).unwrap();
        assert_eq!(answer.token.user.name, "reader");
        assert_eq!(answer.token.project.unwrap().id, PROJECT);
        assert!(d.check(&token, now_ms()).unwrap().project_scoped);
        let (_, answer) = issue(&d, PROJECT, &body("pw", NamedRef::name("ap-southeast-3")), None).unwrap();
        assert_eq!(answer.token.roles[0].name.as_deref(), Some("SDRS ReadOnlyAccess"));
    }

    #[test]
    fn refusals() {
        let d = dir();
        let wrong = issue(&d, PROJECT, &body("nope", NamedRef::id(PROJECT)), None).unwrap_err();
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
        let other = issue(&d, PROJECT, &body("pw", NamedRef::id("p9")), None).unwrap_err();
        assert_eq!(other.status, StatusCode::BAD_REQUEST);
        assert_eq!(
            issue(&d, PROJECT, b"{", None).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
        let unscoped = br#"{"auth":{"identity":{"methods":["password"],"password":{"user":{"name":"reader","password":"pw","domain":{"name":"acme"}}}}}}"#;
        assert_eq!(
            issue(&d, PROJECT, unscoped, None).unwrap_err().status,
            StatusCode::BAD_REQUEST
        );
    }

    #[test]
    fn an_agency_token_needs_a_trusted_users_token() {
        let d = dir();
        let own = serde_json::to_vec(&AuthRequest::password_in_own_domain("partner", "ops", "pw2")).unwrap();
        let (user_token, answer) = issue(&d, PROJECT, &own, None).unwrap();
        assert!(answer.token.project.is_none());
        assert!(!d.check(&user_token, now_ms()).unwrap().project_scoped);
        let role = serde_json::to_vec(&AuthRequest::assume_role(
            "acme",
            "sdrs-ops",
            NamedRef::id(PROJECT),
        ))
        .unwrap();
        let (agency_token, answer) = issue(&d, PROJECT, &role, Some(&user_token)).unwrap();
        assert_eq!(answer.token.methods, ["assume_role"]);
        let owner = d.check(&agency_token, now_ms()).unwrap();
        assert_eq!((owner.user.as_str(), owner.domain.as_str()), ("sdrs-ops", "acme"));
        assert!(owner.project_scoped && owner.may_delete);
        assert_eq!(
            issue(&d, PROJECT, &role, None).unwrap_err().status,
            StatusCode::UNAUTHORIZED
        );
        // A user of an account the agency does not trust.
        let (acme_token, _) = issue(&d, PROJECT, &body("pw", NamedRef::id(PROJECT)), None).unwrap();
        assert_eq!(
            issue(&d, PROJECT, &role, Some(&acme_token)).unwrap_err().status,
            StatusCode::FORBIDDEN
        );
        // Own domain only: another account's domain scope is refused.
        let foreign = serde_json::to_vec(&AuthRequest::password_in_own_domain("acme", "ops", "pw2")).unwrap();
        assert!(issue(&d, PROJECT, &foreign, None).is_err());
    }
}
