//! `GET /healthz`: JSON for monitors. Names the mode and, with a
//! server-side IAM user, the state of its token renewal (never a token or a
//! password), whether the database answers, and, with scopes watched,
//! whether this instance is the one that polls them (`polling`) or another
//! does (`standby`). 503 while the server has no valid server-side token
//! or its database is unreachable: a replica then takes no traffic.
//!
//! `GET /livez` answers 200 while the process serves at all, whatever its
//! dependencies: a liveness probe on it restarts a stuck server, not every
//! replica during a database outage (a restart does not bring the database
//! back).

use crate::db::Database;
use crate::http::error::json_response;
use crate::upstream::token_renewal::TokenRenewer;
use crate::watcher::Watcher;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde_json::json;
use std::sync::Arc;
use std::time::Duration;

/// How long `/healthz` waits for the database.
const DATABASE_TIMEOUT: Duration = Duration::from_secs(2);

pub struct Health {
    pub mode: &'static str,
    pub iam_sign_in: bool,
    pub renewer: Option<Arc<TokenRenewer>>,
    pub database: Arc<Database>,
    pub watcher: Option<Arc<Watcher>>,
}

/// `GET /healthz`, `GET /livez`.
pub fn routes(health: Health) -> axum::Router {
    axum::Router::new()
        .route(
            "/healthz",
            axum::routing::get(healthz).fallback(crate::http::error::wrong_method),
        )
        .route(
            "/livez",
            axum::routing::get(livez).fallback(crate::http::error::wrong_method),
        )
        .with_state(Arc::new(health))
}

pub async fn livez() -> Response {
    json_response(StatusCode::OK, r#"{"status":"ok"}"#.to_owned())
}

pub async fn healthz(State(health): State<Arc<Health>>) -> Response {
    let renewal = health.renewer.as_ref().map(|r| r.health());
    let database_ok = matches!(
        tokio::time::timeout(DATABASE_TIMEOUT, health.database.ping()).await,
        Ok(Ok(()))
    );
    let usable = database_ok && health.renewer.as_ref().is_none_or(|r| r.token().is_some());
    let body = json!({
        "status": if usable { "ok" } else { "degraded" },
        "mode": health.mode,
        "iam_sign_in": health.iam_sign_in,
        "token_renewal": renewal,
        "database": if database_ok { "ok" } else { "unreachable" },
        "watcher": health.watcher.as_ref().map(|w| if w.polls_here() { "polling" } else { "standby" }),
    });
    let status = if usable {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    json_response(status, body.to_string())
}
