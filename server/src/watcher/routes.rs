//! `GET /api/scopes`: every scope's health, for signed-in users.
//! `POST /api/scopes/{name}/retry`: polls a scope now (a refused one
//! again); operators only when team sign-in names the caller. The sign-in
//! layer requires a session and checks CSRF under `/api`.

use super::Watcher;
use crate::http::error::{codes, json_response, ApiError};
use crate::team::identity::{actor, Identity};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Extension, Router};
use std::sync::Arc;

pub const SCOPES: &str = "/api/scopes";
pub const RETRY: &str = "/api/scopes/{name}/retry";

pub fn routes(watcher: Arc<Watcher>) -> Router {
    Router::new()
        .route(SCOPES, get(scopes).fallback(crate::http::error::wrong_method))
        .route(RETRY, post(retry).fallback(crate::http::error::wrong_method))
        .with_state(watcher)
}

async fn scopes(State(watcher): State<Arc<Watcher>>) -> Response {
    let body = serde_json::to_string(&watcher.shown_health().await)
        .unwrap_or_else(|_| r#"{"scopes":[]}"#.to_owned());
    let mut res = json_response(StatusCode::OK, body);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn retry(
    State(watcher): State<Arc<Watcher>>,
    identity: Option<Extension<Identity>>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    actor(identity.as_ref().map(|e| &e.0), "retry a scope")?;
    match watcher.ask_retry(&name).await {
        Ok(true) => Ok(StatusCode::NO_CONTENT.into_response()),
        Ok(false) => Err(ApiError::not_found(
            codes::PARAMS,
            format!("No scope is named {name}"),
        )),
        Err(e) => Err(crate::db::DbError(e).into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::team::identity::{Role, SignInMethod};
    use crate::watcher::leader::AlwaysLeader;
    use crate::watcher::testing::{FakeApi, FakeSink};
    use crate::watcher::{ScopeInfo, WatchedScope, WatcherSettings};
    use axum::body::{to_bytes, Body};
    use axum::http::{Method, Request};
    use sdrs_models::{ScopeList, ScopeState};
    use tower::ServiceExt;

    fn watcher() -> Arc<Watcher> {
        let scope = WatchedScope {
            info: ScopeInfo {
                name: "prod ap3".into(),
                region: "ap-southeast-3".into(),
                project_id: "p1".into(),
                credential: "prod".into(),
            },
            api: FakeApi::new(),
        };
        Watcher::new(
            vec![scope],
            WatcherSettings::default(),
            FakeSink::new(),
            Arc::new(AlwaysLeader),
        )
    }

    async fn call(router: Router, method: Method, uri: &str, role: Option<Role>) -> (StatusCode, String) {
        let mut req = Request::builder()
            .method(method)
            .uri(uri)
            .body(Body::empty())
            .unwrap();
        if let Some(role) = role {
            req.extensions_mut().insert(Identity {
                user: "ana".into(),
                role,
                method: SignInMethod::Local,
            });
        }
        let res = router.oneshot(req).await.unwrap();
        let status = res.status();
        let body = to_bytes(res.into_body(), 1 << 20).await.unwrap();
        (status, String::from_utf8_lossy(&body).into_owned())
    }

    #[tokio::test]
    async fn lists_every_scopes_health() {
        let (status, body) = call(routes(watcher()), Method::GET, SCOPES, Some(Role::Viewer)).await;
        assert_eq!(status, StatusCode::OK);
        let list: ScopeList = serde_json::from_str(&body).unwrap();
        assert_eq!(list.scopes.len(), 1);
        assert_eq!(list.scopes[0].name, "prod ap3");
        assert_eq!(list.scopes[0].state, ScopeState::Pending);
    }

    #[tokio::test]
    async fn an_operator_retries_a_scope_by_its_encoded_name() {
        let w = watcher();
        w.board
            .update("prod ap3", |h| super::super::health::refused(h, "HTTP 401"));
        let (status, body) = call(
            routes(w.clone()),
            Method::POST,
            "/api/scopes/prod%20ap3/retry",
            Some(Role::Operator),
        )
        .await;
        assert_eq!(status, StatusCode::NO_CONTENT, "{body}");
        assert_eq!(w.board.state("prod ap3"), Some(ScopeState::Pending));
    }

    #[tokio::test]
    async fn a_viewer_may_not_retry() {
        let w = watcher();
        w.board
            .update("prod ap3", |h| super::super::health::refused(h, "HTTP 401"));
        let (status, body) = call(
            routes(w.clone()),
            Method::POST,
            "/api/scopes/prod%20ap3/retry",
            Some(Role::Viewer),
        )
        .await;
        assert_eq!(status, StatusCode::FORBIDDEN);
        assert!(body.contains("SDRS.0005"), "{body}");
        assert!(w.board.is_refused("prod ap3"));
    }

    #[tokio::test]
    async fn an_unknown_scope_is_a_404_envelope() {
        let (status, body) = call(
            routes(watcher()),
            Method::POST,
            "/api/scopes/nope/retry",
            Some(Role::Operator),
        )
        .await;
        assert_eq!(status, StatusCode::NOT_FOUND);
        let v: serde_json::Value = serde_json::from_str(&body).unwrap();
        assert_eq!(v["itemNotFound"]["code"], "SDRS.0201");
        assert_eq!(v["itemNotFound"]["message"], "No scope is named nope");
    }

    #[tokio::test]
    async fn a_wrong_method_is_a_405_envelope() {
        let (status, body) = call(routes(watcher()), Method::GET, "/api/scopes/x/retry", None).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
        assert!(body.contains("SDRS.0201"), "{body}");
        let (status, _) = call(routes(watcher()), Method::DELETE, SCOPES, None).await;
        assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    }
}
