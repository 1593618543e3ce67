//! The console server's own routes outside a project (`/auth/...`): where
//! one is, and the JSON `POST` of a sign-in form.

use gloo_net::http::{Request, Response};

/// `path` below the API base (empty: the page's own origin).
pub(super) fn route_url(api_base: &str, path: &str) -> String {
    format!("{}{path}", api_base.trim().trim_end_matches('/'))
}

/// `POST path` with a JSON body.
pub(super) async fn post_json(api_base: &str, path: &str, body: String) -> Result<Response, gloo_net::Error> {
    Request::post(&route_url(api_base, path))
        .header("Content-Type", "application/json")
        .body(body)?
        .send()
        .await
}
