//! The console server's own routes of team sign-in (`/auth/...`) and the
//! audit trail (`/audit/...`). The session cookie is HttpOnly: the browser
//! sends it, the console never sees it; the password goes only into the
//! sign-in request's body. Fetch's default credentials (`same-origin`)
//! send the cookie to our own server and to nobody else.

use super::client::{ApiClient, Verb};
use super::error::{ApiError, ErrorKind};
use super::server::{post_json, route_url};
use crate::i18n::TeamKey;
use crate::view_model::audit::{AuditPage, AuditQuery};
use crate::view_model::team_session::{
    read_session, read_sign_in, SessionCheck, SignInError, TeamSession, CSRF_HEADER, LOCAL_SIGN_IN_PATH,
    SESSION_PATH, SIGN_OUT_PATH,
};
use gloo_net::http::Request;
use web_sys::AbortSignal;

/// `GET /auth/session`: who is signed in, if anyone.
pub async fn session(api_base: &str) -> SessionCheck {
    let sent = Request::get(&route_url(api_base, SESSION_PATH)).send().await;
    let response = match sent {
        Ok(r) => r,
        Err(e) => return SessionCheck::Failed(e.to_string()),
    };
    let status = response.status();
    match response.binary().await {
        Ok(body) => read_session(status, &body),
        Err(e) => SessionCheck::Failed(e.to_string()),
    }
}

/// `POST /auth/local/sign-in` with the form's body.
pub async fn sign_in_local(api_base: &str, body: String) -> Result<TeamSession, SignInError> {
    let unreachable = |_| SignInError::of(TeamKey::Unreachable);
    let response = post_json(api_base, LOCAL_SIGN_IN_PATH, body)
        .await
        .map_err(unreachable)?;
    let status = response.status();
    let retry_after = response.headers().get("retry-after");
    let bytes = response.binary().await.map_err(unreachable)?;
    read_sign_in(status, &bytes, retry_after.as_deref())
}

/// `POST /auth/sign-out` with the session's CSRF token.
pub async fn sign_out(api_base: &str, csrf_token: &str) -> Result<(), ApiError> {
    let response = Request::post(&route_url(api_base, SIGN_OUT_PATH))
        .header(CSRF_HEADER, csrf_token)
        .send()
        .await
        .map_err(|e| ApiError::transport(ErrorKind::Network, e.to_string()))?;
    let status = response.status();
    // Already signed out is signed out.
    if status < 400 || status == 401 {
        return Ok(());
    }
    let body = response.text().await.unwrap_or_default();
    Err(ApiError::from_response(
        status,
        &body,
        response.headers().get("x-request-id"),
    ))
}

impl ApiClient {
    /// One page of the audit trail (operators only; a viewer gets 403).
    pub async fn audit_records(
        &self,
        query: &AuditQuery,
        signal: Option<&AbortSignal>,
    ) -> Result<AuditPage, ApiError> {
        let answer = self
            .send(Verb::Get, &self.server_url(&query.records_path()), signal)
            .await?;
        answer.decode(AuditPage::from_json)
    }

    /// Where "Export CSV" downloads the records of `query` from (the
    /// session cookie goes with the link; nothing secret is in it).
    pub fn audit_csv_url(&self, query: &AuditQuery) -> String {
        self.server_url(&query.csv_path())
    }
}
