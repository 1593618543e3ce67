//! `/scopes/{name}/v1/...`: the console's calls to one scope, forwarded to
//! that scope's upstream with its credential under the same rules as `/v1`
//! (`upstream::proxy`), and only for the scope's own project. An unknown
//! scope is a 404 envelope.

use super::{Scope, ScopeSet};
use crate::http::api_path::classify;
use crate::http::error::{codes, ApiError};
use crate::team::identity::Identity;
use crate::upstream::proxy;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::any;
use axum::{Extension, Router};
use std::collections::HashMap;
use std::sync::Arc;

pub const PREFIX: &str = "/scopes/";

/// The scope name and the `/v1...` rest of a scope's path, taken as they
/// are written (a scope name needs no percent-encoding).
pub fn split_scope_path(path: &str) -> Option<(&str, &str)> {
    let after = path.strip_prefix(PREFIX)?;
    let (name, rest) = after.split_once('/')?;
    let is_v1 = rest == "v1" || rest.starts_with("v1/");
    (!name.is_empty() && is_v1).then(|| (name, &after[name.len()..]))
}

impl ScopeSet {
    /// The scope of a `/scopes/{name}/v1/...` request and the `/v1/...`
    /// URI it forwards (query kept), for the layers that read the call
    /// (the audit trail reads what a delete removes from that scope).
    pub fn call_of(&self, uri: &Uri) -> Option<(&Arc<Scope>, Uri)> {
        call_of(&self.scopes, uri)
    }
}

/// [`ScopeSet::call_of`] among `scopes`.
pub fn call_of<'a>(scopes: &'a [Arc<Scope>], uri: &Uri) -> Option<(&'a Arc<Scope>, Uri)> {
    let (name, rest) = split_scope_path(uri.path())?;
    let scope = scopes.iter().find(|s| s.name == name)?;
    let rest = match uri.query() {
        Some(q) => format!("{rest}?{q}"),
        None => rest.to_owned(),
    };
    Some((scope, rest.parse().ok()?))
}

type ByName = Arc<HashMap<String, Arc<Scope>>>;

/// The routes of every scope of `set`.
pub fn routes(set: &ScopeSet) -> Router {
    let by_name: ByName = Arc::new(set.scopes.iter().map(|s| (s.name.clone(), s.clone())).collect());
    Router::new()
        .route("/scopes/{name}/v1", any(forward_scope))
        .route("/scopes/{name}/v1/", any(forward_scope))
        .route("/scopes/{name}/v1/{*rest}", any(forward_scope))
        .with_state(by_name)
}

fn no_such_scope(name: &str) -> Response {
    let shown = if super::config::is_plain_name(name) {
        name
    } else {
        "(not a scope name)"
    };
    ApiError::new(
        StatusCode::NOT_FOUND,
        "itemNotFound",
        codes::NOT_ALLOWED,
        format!("No scope is named {shown}"),
    )
    .into_response()
}

async fn forward_scope(
    State(scopes): State<ByName>,
    identity: Option<Extension<Identity>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let Some((name, rest)) = split_scope_path(uri.path()) else {
        return ApiError::no_such_api().into_response();
    };
    let Some(scope) = scopes.get(name) else {
        return no_such_scope(name);
    };
    if let Some(refusal) = proxy::role_refusal(identity.as_ref().map(|Extension(who)| who), &method) {
        return refusal;
    }
    // The scope's credential is for its own project only.
    if let Ok(route) = classify(&method, rest) {
        if route.project_id != scope.project_id {
            return ApiError::new(
                StatusCode::FORBIDDEN,
                "error",
                codes::NOT_ALLOWED,
                format!(
                    "Not allowed through this console proxy: scope {} is another project",
                    scope.name
                ),
            )
            .into_response();
        }
    }
    proxy::forward_to(&scope.upstream, method, rest, uri.query(), &headers).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scope_paths() {
        assert_eq!(
            split_scope_path("/scopes/prod/v1/p1/server-groups"),
            Some(("prod", "/v1/p1/server-groups"))
        );
        assert_eq!(split_scope_path("/scopes/prod/v1"), Some(("prod", "/v1")));
        assert_eq!(split_scope_path("/scopes/prod/v1/"), Some(("prod", "/v1/")));
        assert_eq!(split_scope_path("/scopes/prod/v10/x"), None);
        assert_eq!(split_scope_path("/scopes//v1/x"), None);
        assert_eq!(split_scope_path("/scopes/prod"), None);
        assert_eq!(split_scope_path("/v1/p1/server-groups"), None);
    }

    #[test]
    fn the_call_of_a_scope_path() {
        let up = crate::upstream::proxy::Upstream::new(
            "http://127.0.0.1:9",
            1000,
            None,
            false,
            reqwest::Client::new(),
        )
        .unwrap();
        let set = ScopeSet::single(Arc::new(up), Some("lab-1".into()), "p1".into());
        let uri: Uri = "/scopes/default/v1/p1/task-center/failure-jobs/batch?x=1"
            .parse()
            .unwrap();
        let (scope, rest) = set.call_of(&uri).unwrap();
        assert_eq!((scope.name.as_str(), scope.region.as_str()), ("default", "lab-1"));
        assert_eq!(rest, "/v1/p1/task-center/failure-jobs/batch?x=1");
        assert!(set
            .call_of(&"/scopes/other/v1/p1/server-groups".parse().unwrap())
            .is_none());
        assert!(set.call_of(&"/v1/p1/server-groups".parse().unwrap()).is_none());
    }
}
