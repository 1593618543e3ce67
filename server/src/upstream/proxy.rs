//! Upstream mode (`--upstream URL`): a same-origin proxy from the console to
//! a real SDRS endpoint, which answers no CORS. It must never become an open
//! proxy lending its token to every SDRS operation, hence:
//!
//! - only the console's calls pass (GET failure-jobs, the three failure-job
//!   DELETEs, GET jobs/{job_id}, GET server-groups), with plain-id path
//!   segments only; anything else under `/v1` is 403 `SDRS.0004`;
//! - the server-side credential ([`UpstreamAuth`]: the token of
//!   `SDRS_AUTH_TOKEN`, an AK/SK signature, or the renewed token of the
//!   server's IAM user) is added only when the
//!   request carries no `X-Auth-Token` of its own and is same-origin: an
//!   `Origin` other than this server's, or a `Sec-Fetch-Site` other than
//!   `same-origin`/`none`, never gets it;
//! - a DELETE that would carry the server-side credential is refused (403)
//!   unless `--allow-delete`; a DELETE with the browser's own token passes;
//!   a signed-in viewer's DELETE is refused whatever it carries (403
//!   `SDRS.0005`; the auth layer refuses it first, this is the second lock);
//! - only `X-Auth-Token` and `Content-Type` are forwarded; status, body,
//!   `Content-Type`, `Content-Encoding` and `X-Request-Id` come back (the
//!   server's compression layer compresses what comes back unencoded and
//!   leaves an already encoded body as it is);
//! - a timeout is 504 and an unreachable upstream 502, both `SDRS.0013`;
//! - no token is ever logged or put in a message.

use crate::http::api_path::{classify, is_plain_path};
use crate::http::auth_headers::X_AUTH_TOKEN;
use crate::http::error::{codes, ApiError};
use crate::http::request_log::X_REQUEST_ID;
use crate::team::identity::Identity;
use crate::upstream::credential::UpstreamAuth;
use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use std::io;
use std::sync::Arc;
use std::time::Duration;

pub use super::fetch::{UpstreamAnswer, UpstreamFailure};

pub struct Upstream {
    pub(super) client: reqwest::Client,
    /// Base URL without a trailing slash.
    pub(super) base: String,
    pub(super) timeout_ms: u64,
    pub(super) auth: Option<UpstreamAuth>,
    allow_delete: bool,
}

/// The HTTP client of upstream mode (and of its IAM lookup): no redirects.
pub fn http_client() -> io::Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| io::Error::other(format!("cannot build the HTTP client: {e}")))
}

/// Checks an `--upstream` URL: http(s), no query.
pub fn check_base(base: &str) -> io::Result<()> {
    let invalid = |m: String| io::Error::new(io::ErrorKind::InvalidInput, m);
    let url = reqwest::Url::parse(base).map_err(|e| invalid(format!("--upstream {base}: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") || url.query().is_some() {
        return Err(invalid(format!(
            "--upstream {base}: expected an http(s) URL without query"
        )));
    }
    Ok(())
}

impl Upstream {
    pub fn new(
        base: &str,
        timeout_ms: u64,
        auth: Option<UpstreamAuth>,
        allow_delete: bool,
        client: reqwest::Client,
    ) -> io::Result<Self> {
        check_base(base)?;
        Ok(Upstream {
            client,
            base: base.trim_end_matches('/').to_owned(),
            timeout_ms,
            auth,
            allow_delete,
        })
    }

    /// The SDRS base URL, without a trailing slash.
    pub fn base(&self) -> &str {
        &self.base
    }
}

fn refused(message: &str) -> Response {
    ApiError::new(StatusCode::FORBIDDEN, "error", codes::NOT_ALLOWED, message).into_response()
}

/// True when the request comes from another origin than this server's, as
/// far as the browser tells: `Sec-Fetch-Site` other than `same-origin` or
/// `none`, or an `Origin` whose host is not the `Host` of the request.
pub fn is_cross_origin(headers: &HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site") {
        if !matches!(site.as_bytes(), b"same-origin" | b"none") {
            return true;
        }
    }
    let Some(origin) = headers.get(header::ORIGIN) else {
        return false;
    };
    let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
    let origin = origin.to_str().ok();
    match (origin, host) {
        (Some(o), Some(h)) => {
            let authority = o.strip_prefix("http://").or_else(|| o.strip_prefix("https://"));
            authority.is_none_or(|a| !a.eq_ignore_ascii_case(h))
        }
        _ => true,
    }
}

/// Every `/v1/...` request of upstream mode: a signed-in viewer's DELETE
/// is refused here too, then [`forward`].
pub async fn forward_signed_in(
    state: State<Arc<Upstream>>,
    identity: Option<Extension<Identity>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    if let Some(refusal) = role_refusal(identity.as_ref().map(|Extension(who)| who), &method) {
        return refusal;
    }
    forward(state, method, uri, headers).await
}

/// A signed-in viewer's DELETE, refused whatever it carries.
pub fn role_refusal(identity: Option<&Identity>, method: &Method) -> Option<Response> {
    match identity {
        Some(who) if *method == Method::DELETE && !who.role.may_delete() => {
            Some(crate::team::answers::role_refused(who.role))
        }
        _ => None,
    }
}

/// The browser's own `X-Auth-Token`, ignoring a blank one.
fn browser_token(headers: &HeaderMap) -> Option<axum::http::HeaderValue> {
    headers
        .get(X_AUTH_TOKEN)
        .filter(|v| !v.as_bytes().iter().all(u8::is_ascii_whitespace))
        .cloned()
}

impl Upstream {
    /// The answer [`forward`] gives without calling upstream, if it refuses
    /// the request (the audit trail asks before reading what a delete
    /// would remove).
    pub fn refusal(&self, method: &Method, path: &str, headers: &HeaderMap) -> Option<Response> {
        if classify(method, path).is_err() || !is_plain_path(path) {
            return Some(refused("Not allowed through this console proxy"));
        }
        let lends_credential =
            self.auth.is_some() && browser_token(headers).is_none() && !is_cross_origin(headers);
        if *method == Method::DELETE && lends_credential && !self.allow_delete {
            return Some(refused(
                "Deleting with the server's credentials is not allowed through this console proxy (see --allow-delete)",
            ));
        }
        None
    }
}

/// Forwards one `/v1/...` request under the rules above.
pub async fn forward(
    State(up): State<Arc<Upstream>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    forward_to(&up, method, uri.path(), uri.query(), &headers).await
}

/// Forwards one request to `up` under the rules above; `path` is the
/// `/v1/...` path (after the `/scopes/{name}` prefix of a scope's calls).
pub async fn forward_to(
    up: &Upstream,
    method: Method,
    path: &str,
    query: Option<&str>,
    headers: &HeaderMap,
) -> Response {
    if let Some(refusal) = up.refusal(&method, path, headers) {
        return refusal;
    }
    let browser_token = browser_token(headers);
    let server_auth = match (&browser_token, &up.auth) {
        (None, Some(auth)) if !is_cross_origin(headers) => Some(auth),
        _ => None,
    };
    let url = match query {
        Some(q) => format!("{}{path}?{q}", up.base),
        None => format!("{}{path}", up.base),
    };
    let Ok(url) = reqwest::Url::parse(&url) else {
        return refused("Not allowed through this console proxy");
    };
    let content_type = headers.get(header::CONTENT_TYPE).cloned();
    let (url, added) = match server_auth {
        Some(auth) => match auth
            .apply(&method, url, content_type.as_ref().and_then(|v| v.to_str().ok()))
            .await
        {
            Ok(applied) => applied,
            Err(e) => return e.into_response(),
        },
        None => (url, Vec::new()),
    };
    let mut req = up
        .client
        .request(method, url)
        .timeout(Duration::from_millis(up.timeout_ms));
    if let Some(t) = browser_token {
        req = req.header(X_AUTH_TOKEN, t);
    }
    for (name, value) in added {
        req = req.header(name, value);
    }
    if let Some(ct) = content_type {
        req = req.header(header::CONTENT_TYPE, ct);
    }
    let sent = std::time::Instant::now();
    let result = async {
        let res = req.send().await?;
        let status = res.status();
        let content_type = res.headers().get(header::CONTENT_TYPE).cloned();
        let request_id = res.headers().get(X_REQUEST_ID).cloned();
        let encoding = res.headers().get(header::CONTENT_ENCODING).cloned();
        let body = res.bytes().await?;
        Ok::<_, reqwest::Error>((status, content_type, request_id, encoding, body))
    }
    .await;
    crate::ops::metrics::upstream_call(sent.elapsed(), result.as_ref().ok().map(|r| r.0));
    match result {
        Ok((status, content_type, request_id, encoding, body)) => {
            let mut out = Response::new(Body::from(body));
            *out.status_mut() = status;
            if let Some(ct) = content_type {
                out.headers_mut().insert(header::CONTENT_TYPE, ct);
            }
            if let Some(enc) = encoding {
                out.headers_mut().insert(header::CONTENT_ENCODING, enc);
            }
            if let Some(id) = request_id {
                // Kept on the response; logged so the two ids can be matched.
                let upstream_request_id = crate::http::request_log::plain_id(&id).unwrap_or("-");
                tracing::info!(upstream_request_id, "upstream answered");
                out.headers_mut().insert(X_REQUEST_ID, id);
            }
            out
        }
        Err(e) if e.is_timeout() => ApiError::new(
            StatusCode::GATEWAY_TIMEOUT,
            "error",
            codes::INTERNAL,
            format!("Upstream timed out after {} ms", up.timeout_ms),
        )
        .into_response(),
        Err(_) => ApiError::new(
            StatusCode::BAD_GATEWAY,
            "error",
            codes::INTERNAL,
            "The upstream SDRS endpoint could not be reached",
        )
        .into_response(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use axum::http::HeaderValue;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        pairs
            .iter()
            .map(|(k, v)| (header::HeaderName::from_static(k), HeaderValue::from_static(v)))
            .collect()
    }

    #[test]
    fn origin_rule() {
        assert!(!is_cross_origin(&headers(&[("host", "127.0.0.1:8080")])));
        assert!(!is_cross_origin(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://127.0.0.1:8080")
        ])));
        assert!(!is_cross_origin(&headers(&[("sec-fetch-site", "same-origin")])));
        assert!(!is_cross_origin(&headers(&[("sec-fetch-site", "none")])));
        assert!(is_cross_origin(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "http://evil.example")
        ])));
        assert!(is_cross_origin(&headers(&[
            ("host", "127.0.0.1:8080"),
            ("origin", "null")
        ])));
        assert!(is_cross_origin(&headers(&[("origin", "http://127.0.0.1:8080")])));
        assert!(is_cross_origin(&headers(&[("sec-fetch-site", "cross-site")])));
        assert!(is_cross_origin(&headers(&[("sec-fetch-site", "same-site")])));
    }

    #[test]
    fn base_url_checks() {
        assert!(check_base("https://sdrs.ap-southeast-3.myhuaweicloud.com/").is_ok());
        assert!(check_base("ftp://x").is_err());
        assert!(check_base("not a url").is_err());
        assert!(check_base("http://x/?a=1").is_err());
    }
}
