//! `Cache-Control: no-store` on API, sign-in and audit answers that set
//! none: failure records and session data of a signed-in user must not be
//! kept by shared caches (nor by the browser's disk cache).

use axum::extract::Request;
use axum::http::{header, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use axum::Router;

/// Paths whose answers are never stored.
pub fn is_private(path: &str) -> bool {
    let under = |prefix: &str| path == prefix || path.starts_with(&format!("{prefix}/"));
    under("/v1") || under("/scopes") || under("/auth") || under("/audit") || under("/api")
}

async fn set_no_store(req: Request, next: Next) -> Response {
    let private = is_private(req.uri().path());
    let mut res = next.run(req).await;
    if private && !res.headers().contains_key(header::CACHE_CONTROL) {
        res.headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    res
}

/// The `Cache-Control` rule around `router`.
pub fn apply(router: Router) -> Router {
    router.layer(axum::middleware::from_fn(set_no_store))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_auth_and_audit_paths_are_private() {
        for p in [
            "/v1",
            "/v1/p/task-center/failure-jobs",
            "/scopes/prod/v1/p/server-groups",
            "/auth/session",
            "/audit/records.csv",
            "/api/journal.csv",
        ] {
            assert!(is_private(p), "{p}");
        }
        for p in [
            "/",
            "/index.html",
            "/config.json",
            "/v1x",
            "/scopesx",
            "/healthz",
            "/authx",
            "/apix",
        ] {
            assert!(!is_private(p), "{p}");
        }
    }
}
