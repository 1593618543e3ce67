//! `POST /auth/iam/sign-in`: the console's "Sign in with IAM user". The
//! browser sends `{"domain","user","password"}`; the server makes exactly
//! one call, IAM's `POST /v3/auth/tokens` scoped to the console's project,
//! and answers `{"token","expires_at","expires_in_ms","user","domain"}` with
//! `Cache-Control: no-store`. Nothing of it is logged or kept here; the
//! password goes to IAM only.
//!
//! With `--iam` the call goes to that IAM; otherwise an IAM in this process
//! ([`TokenIssuer`]: the emulated IAM of `--iam-users`) answers it directly.
//! Cross-origin requests are refused, so other sites cannot use the route.

use crate::http::error::{codes, json_response, ApiError};
use crate::iam::client::{IamClient, IamFailure, Issued};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use serde::Deserialize;
use std::sync::Arc;

pub const ROUTE: &str = "/auth/iam/sign-in";

/// An IAM in this process that issues tokens for a password sign-in.
pub trait TokenIssuer: Send + Sync {
    /// What the failure messages call it.
    fn name(&self) -> &str;
    /// A token scoped to `project_id`, or IAM's refusal.
    fn password_token(
        &self,
        domain: &str,
        user: &str,
        password: &str,
        project_id: &str,
    ) -> Result<Issued, IamFailure>;
}

/// Who answers the sign-in.
pub enum SignInBackend {
    Remote(IamClient),
    Local(Arc<dyn TokenIssuer>),
}

pub struct SignIn {
    pub backend: SignInBackend,
    pub project_id: String,
    /// No log line for failed sign-ins (`--quiet`).
    pub quiet: bool,
    /// Failed sign-ins are counted with the local ones (same limit, by
    /// account and user, and by client address).
    pub team: Arc<crate::team::TeamAuth>,
}

/// No `Debug`: it holds the password.
#[derive(Deserialize)]
struct SignInForm {
    domain: String,
    user: String,
    password: String,
}

fn refusal(status: StatusCode, code: &'static str, message: String) -> Response {
    ApiError::new(status, "error", code, message).into_response()
}

impl SignIn {
    async fn sign_in(&self, form: &SignInForm) -> Result<Issued, (IamFailure, String)> {
        match &self.backend {
            SignInBackend::Remote(iam) => iam
                .password_token(&form.domain, &form.user, &form.password, &self.project_id)
                .await
                .map_err(|f| (f, iam.endpoint.clone())),
            SignInBackend::Local(iam) => iam
                .password_token(&form.domain, &form.user, &form.password, &self.project_id)
                .map_err(|f| (f, iam.name().to_owned())),
        }
    }
}

/// `POST /auth/iam/sign-in` when IAM sign-in is offered: by the IAM of
/// `--iam`, else by `local`; no route without either. Failed sign-ins are
/// throttled by `team`'s limiter, with the local ones.
pub fn routes(
    cli: &crate::cli::Cli,
    local: Option<Arc<dyn TokenIssuer>>,
    team: &Arc<crate::team::TeamAuth>,
) -> std::io::Result<axum::Router> {
    let backend = match (&cli.iam, local) {
        (Some(iam), _) => SignInBackend::Remote(IamClient::new(
            crate::iam::client::resolve_endpoint(iam)?,
            cli.proxy.upstream_timeout_ms,
        )?),
        (None, Some(local)) => SignInBackend::Local(local),
        (None, None) => return Ok(axum::Router::new()),
    };
    let route = SignIn {
        backend,
        project_id: cli.emulated_project_id().to_owned(),
        quiet: cli.log.quiet,
        team: team.clone(),
    };
    Ok(axum::Router::new()
        .route(
            ROUTE,
            axum::routing::post(sign_in).fallback(crate::http::error::wrong_method),
        )
        .with_state(Arc::new(route)))
}

/// Longest sign-in body read.
const MAX_SIGN_IN_BODY: usize = 16 * 1024;

pub async fn sign_in(State(route): State<Arc<SignIn>>, req: Request) -> Response {
    let client = route.team.client_address(&req);
    let cross_origin = route.team.is_cross_origin(&req);
    let Ok(body) = axum::body::to_bytes(req.into_body(), MAX_SIGN_IN_BODY).await else {
        return refusal(
            StatusCode::BAD_REQUEST,
            codes::PARAMS,
            "The sign-in body is too large or unreadable".into(),
        );
    };
    if cross_origin {
        return refusal(
            StatusCode::FORBIDDEN,
            codes::NOT_ALLOWED,
            "IAM sign-in is only offered to this server's own pages".into(),
        );
    }
    let form: SignInForm = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(_) => {
            return refusal(
                StatusCode::BAD_REQUEST,
                codes::PARAMS,
                "Expected a JSON body {\"domain\",\"user\",\"password\"}".into(),
            )
        }
    };
    if [&form.domain, &form.user, &form.password]
        .iter()
        .any(|v| v.trim().is_empty())
    {
        return refusal(
            StatusCode::BAD_REQUEST,
            codes::PARAMS,
            "Account name, IAM user name and password are all required".into(),
        );
    }
    let account = format!("{}/{}", form.domain, form.user);
    let attempt = match route.team.throttle.attempt("iam", &account, client) {
        Ok(attempt) => attempt,
        Err(wait) => {
            if !route.quiet {
                tracing::warn!("IAM sign-in refused: too many failed attempts");
            }
            return crate::team::answers::too_many_failures(wait);
        }
    };
    let outcome = route.sign_in(&form).await;
    match &outcome {
        Ok(_) => attempt.succeeded(),
        // Wrong credentials count; an IAM that is down does not.
        Err((
            IamFailure::Refused {
                status: 401 | 403, ..
            },
            _,
        )) => drop(attempt),
        Err(_) => attempt.not_counted(),
    }
    match outcome {
        Ok(issued) => {
            let body = serde_json::json!({
                "token": issued.token,
                "expires_at": issued.expires_at,
                // Relative too, so a browser whose clock is off still knows
                // when to ask again.
                "expires_in_ms": issued.expires_ms.saturating_sub(crate::util::timefmt::now_ms()).max(0),
                "user": if issued.user.is_empty() { form.user.clone() } else { issued.user },
                "domain": if issued.domain.is_empty() { form.domain.clone() } else { issued.domain },
            });
            let mut res = json_response(StatusCode::OK, body.to_string());
            res.headers_mut()
                .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
            res
        }
        Err((failure, endpoint)) => {
            let message = failure.describe(&endpoint);
            if !route.quiet {
                // What failed and why; never who or with what password.
                tracing::warn!("IAM sign-in failed: {message}");
            }
            let (status, code) = match failure {
                IamFailure::Refused { status: 401, .. } => (StatusCode::UNAUTHORIZED, codes::TOKEN),
                IamFailure::Refused { status: 403, .. } => (StatusCode::FORBIDDEN, codes::NO_PERMISSION),
                IamFailure::Timeout { .. } => (StatusCode::GATEWAY_TIMEOUT, codes::INTERNAL),
                _ => (StatusCode::BAD_GATEWAY, codes::INTERNAL),
            };
            refusal(status, code, message)
        }
    }
}
