//! `GET /auth/session`, `POST /auth/local/sign-in`, `POST /auth/sign-out`.

use super::answers;
use super::identity::{Identity, SignInMethod};
use super::sessions::{ActiveSession, SessionInfo};
use super::TeamAuth;
use crate::http::error::{codes, json_response, ApiError};
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use serde::Deserialize;
use std::sync::Arc;

pub const SESSION: &str = "/auth/session";
pub const SIGN_OUT: &str = "/auth/sign-out";
pub const LOCAL_SIGN_IN: &str = "/auth/local/sign-in";

/// Longest sign-in body read.
const MAX_SIGN_IN_BODY: usize = 16 * 1024;

pub fn router(team: Arc<TeamAuth>) -> Router {
    Router::new()
        .route(SESSION, get(session).fallback(crate::http::error::wrong_method))
        .route(
            SIGN_OUT,
            post(sign_out).fallback(crate::http::error::wrong_method),
        )
        .route(
            LOCAL_SIGN_IN,
            post(local_sign_in).fallback(crate::http::error::wrong_method),
        )
        .with_state(team)
}

/// The session JSON, never cached (it holds the CSRF token).
fn session_answer(info: &SessionInfo, set_cookie: Option<HeaderValue>) -> Response {
    let body = serde_json::to_string(info).unwrap_or_default();
    let mut res = json_response(StatusCode::OK, body);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    if let Some(cookie) = set_cookie {
        res.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    res
}

/// A new session for `identity`, answered with its cookie; the sign-in
/// is counted under `method`.
async fn start_session(team: &TeamAuth, identity: &Identity, method: &'static str) -> Response {
    match team.sessions.start(identity).await {
        Ok(started) => {
            crate::ops::metrics::sign_in(method, "succeeded");
            session_answer(&started.info, Some(started.set_cookie))
        }
        Err(e) => {
            crate::ops::metrics::sign_in(method, "error");
            answers::store_unavailable(&e)
        }
    }
}

async fn session(
    State(team): State<Arc<TeamAuth>>,
    identity: Option<Extension<Identity>>,
    active: Option<Extension<ActiveSession>>,
) -> Response {
    let Some(Extension(identity)) = identity else {
        return answers::sign_in_first();
    };
    if let Some(Extension(active)) = active {
        return session_answer(&team.sessions.info(&active), None);
    }
    // A trusted proxy's user seen for the first time: a session of our
    // own holds the CSRF token for the state-changing calls.
    if identity.method != SignInMethod::Proxy {
        return answers::sign_in_first();
    }
    start_session(&team, &identity, "proxy").await
}

async fn sign_out(State(team): State<Arc<TeamAuth>>, active: Option<Extension<ActiveSession>>) -> Response {
    if let Some(Extension(active)) = active {
        if let Err(e) = team.sessions.end(&active.id_hash).await {
            return answers::store_unavailable(&e);
        }
    }
    let mut res = StatusCode::NO_CONTENT.into_response();
    res.headers_mut()
        .insert(header::SET_COOKIE, team.sessions.clear_cookie());
    res
}

#[derive(Deserialize)]
struct Credentials {
    user: String,
    password: String,
}

fn bad_body(message: &str) -> Response {
    ApiError::bad_request(codes::PARAMS, message).into_response()
}

async fn local_sign_in(State(team): State<Arc<TeamAuth>>, req: Request) -> Response {
    if team.is_cross_origin(&req) {
        return answers::csrf_refused("Refused: the sign-in comes from another site");
    }
    let Some(users) = team.users.as_ref().map(|live| live.now()) else {
        return ApiError::not_found(codes::NO_SUCH_API, "Local sign-in is not configured (--users)")
            .into_response();
    };
    let client = team.client_address(&req);
    // A sign-in replaces the session the browser had (no fixation).
    let previous = req.extensions().get::<ActiveSession>().map(|s| s.id_hash.clone());
    let Ok(body) = axum::body::to_bytes(req.into_body(), MAX_SIGN_IN_BODY).await else {
        return bad_body("The sign-in body is too large or unreadable");
    };
    let Ok(creds) = serde_json::from_slice::<Credentials>(&body) else {
        return bad_body("Expected JSON {\"user\":\"…\",\"password\":\"…\"}");
    };
    let attempt = match team.throttle.attempt("user", &creds.user, client) {
        Ok(attempt) => attempt,
        Err(wait) => {
            crate::ops::metrics::sign_in("local", "rate_limited");
            team.log("local sign-in refused: too many failed attempts");
            return crate::team::answers::too_many_failures(wait);
        }
    };
    let name = creds.user.clone();
    let checked = team
        .throttle
        .hash_check(move || users.verify(&creds.user, &creds.password))
        .await;
    let Some(Some(role)) = checked else {
        crate::ops::metrics::sign_in("local", "refused");
        team.log("local sign-in failed: wrong user name or password");
        return answers::wrong_user_or_password();
    };
    attempt.succeeded();
    if let Some(id_hash) = previous {
        if let Err(e) = team.sessions.end(&id_hash).await {
            return answers::store_unavailable(&e);
        }
    }
    let identity = Identity {
        user: name,
        role,
        method: SignInMethod::Local,
    };
    start_session(&team, &identity, "local").await
}
