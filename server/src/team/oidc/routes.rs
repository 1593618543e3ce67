//! The routes of OpenID Connect sign-in:
//!
//! - `GET /auth/oidc/start?next=/path` → 302 to the provider, with the
//!   pending login's cookie; 503 envelope while the provider (or the
//!   database, where pending logins live) cannot be reached, 400 for a
//!   `next` that is not a path of this site;
//! - `GET /auth/oidc/callback?code&state[&iss]` (the provider's redirect
//!   back) → 302 to `next` with the session cookie, or 302 to
//!   `/?signInError=<code>` when anything is wrong (unknown, replayed or
//!   another browser's state, the provider's error, a refused code or ID
//!   token). Never a 500; nothing secret in a log line or a URL we make.

use super::pending::{is_safe_next, PendingLoginStore, TakeError, COOKIE_NAME, TTL};
use super::{
    browser_hash, new_browser_value, Oidc, OidcError, OidcSettings, CALLBACK_PATH, SECRET_ENV, START_PATH,
};
use crate::cli::Cli;
use crate::http::error::{codes, ApiError};
use crate::ops::metrics;
use crate::team::identity::Identity;
use crate::team::session_store::StoreError;
use axum::extract::{RawQuery, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use std::collections::HashMap;
use std::future::Future;
use std::io;
use std::pin::Pin;
use std::sync::Arc;

/// Starts the session of a signed-in user: the `Set-Cookie` value.
pub trait SessionStarter: Send + Sync {
    fn start_session<'a>(
        &'a self,
        identity: &'a Identity,
    ) -> Pin<Box<dyn Future<Output = Result<HeaderValue, StoreError>> + Send + 'a>>;
}

impl SessionStarter for crate::team::sessions::Sessions {
    fn start_session<'a>(
        &'a self,
        identity: &'a Identity,
    ) -> Pin<Box<dyn Future<Output = Result<HeaderValue, StoreError>> + Send + 'a>> {
        Box::pin(async move { self.start(identity).await.map(|s| s.set_cookie) })
    }
}

pub struct OidcRoutes {
    pub oidc: Oidc,
    pub sessions: Arc<dyn SessionStarter>,
    /// Cookies get `Secure` (the console is served over https).
    pub secure: bool,
}

/// OIDC sign-in of the flags (`None` without `--oidc-issuer`). The client
/// secret must be set (`SDRS_OIDC_CLIENT_SECRET`); the redirect URI is the
/// public URL + `/auth/oidc/callback`. Pending logins live in `pending`.
pub fn from_cli(
    cli: &Cli,
    sessions: Arc<dyn SessionStarter>,
    pending: Arc<dyn PendingLoginStore>,
) -> io::Result<Option<OidcRoutes>> {
    let (Some(issuer), Some(client_id)) = (&cli.oidc.oidc_issuer, &cli.oidc.oidc_client_id) else {
        return Ok(None);
    };
    let Some(client_secret) = cli.oidc.oidc_client_secret.clone() else {
        return Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            format!("--oidc-issuer needs the client secret in the environment variable {SECRET_ENV}"),
        ));
    };
    let public = cli.public_url();
    let redirect_url = format!("{}{CALLBACK_PATH}", public.as_str().trim_end_matches('/'));
    let scopes = cli
        .oidc
        .oidc_scopes
        .split(|c: char| c == ',' || c.is_whitespace())
        .filter(|s| !s.is_empty() && *s != "openid")
        .map(str::to_owned)
        .collect();
    let oidc = Oidc::new(
        OidcSettings {
            issuer: issuer.clone(),
            client_id: client_id.clone(),
            client_secret,
            redirect_url,
            role_claim: cli.oidc.oidc_role_claim.clone(),
            operator_group: cli.team.operator_group.clone(),
            scopes,
            label: cli.oidc.oidc_label.clone(),
        },
        pending,
    )?;
    Ok(Some(OidcRoutes {
        oidc,
        sessions,
        secure: crate::team::public_url::is_https(&public),
    }))
}

/// The two routes, for the team router.
pub fn router(routes: Arc<OidcRoutes>) -> Router {
    Router::new()
        .route(START_PATH, get(start).fallback(crate::http::error::wrong_method))
        .route(
            CALLBACK_PATH,
            get(callback).fallback(crate::http::error::wrong_method),
        )
        .with_state(routes)
}

/// The query of a request as single-valued pairs; a repeated name is an
/// error (which value was meant?).
fn query_pairs(raw: Option<&str>) -> Result<HashMap<String, String>, ()> {
    let mut pairs = HashMap::new();
    for (k, v) in url::form_urlencoded::parse(raw.unwrap_or("").as_bytes()) {
        if pairs.insert(k.into_owned(), v.into_owned()).is_some() {
            return Err(());
        }
    }
    Ok(pairs)
}

fn browser_cookie(headers: &HeaderMap) -> Option<&str> {
    crate::team::cookie::read_named(headers, COOKIE_NAME)
        // Only values this server could have made (base64url of 32 bytes).
        .filter(|v| {
            v.len() == 43
                && v.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
}

fn login_cookie(value: &str, max_age_secs: u64, secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let text = format!(
        "{COOKIE_NAME}={value}; HttpOnly; SameSite=Lax; Path=/auth/oidc; Max-Age={max_age_secs}{secure}"
    );
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static(
        "sdrs_oidc_login=; Max-Age=0; Path=/auth/oidc",
    ))
}

fn redirect(location: &str) -> Response {
    let mut res = StatusCode::FOUND.into_response();
    if let Ok(v) = HeaderValue::from_str(location) {
        res.headers_mut().insert(header::LOCATION, v);
    }
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

fn bad_request(message: &str) -> Response {
    ApiError::bad_request(codes::PARAMS, message).into_response()
}

/// `GET /auth/oidc/start`.
pub async fn start(
    State(routes): State<Arc<OidcRoutes>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let Ok(query) = query_pairs(raw.as_deref()) else {
        return bad_request("A query parameter is repeated");
    };
    let next = query.get("next").cloned().unwrap_or_else(|| "/".to_owned());
    if !is_safe_next(&next) {
        return bad_request("next must be a path of this site, such as /");
    }
    let browser = browser_cookie(&headers).map_or_else(new_browser_value, str::to_owned);
    match routes.oidc.begin(next, browser_hash(&browser)).await {
        Ok(url) => {
            let mut res = redirect(url.as_str());
            res.headers_mut().append(
                header::SET_COOKIE,
                login_cookie(&browser, TTL.as_secs(), routes.secure),
            );
            res
        }
        Err(e) => {
            metrics::sign_in("oidc", "unavailable");
            tracing::warn!(error = %e, "OIDC sign-in cannot start");
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "error",
                codes::INTERNAL,
                e.to_string(),
            )
            .into_response()
        }
    }
}

/// A refused callback: counted, logged (what failed, never who), and the
/// browser sent to the console with a short code it can explain.
/// The login cookie stays: it binds this browser's other pending logins
/// (other tabs) and expires with them.
fn refused(code: &'static str, outcome: &'static str, why: &str) -> Response {
    metrics::sign_in("oidc", outcome);
    tracing::warn!(code, why, "OIDC sign-in refused");
    redirect(&format!("/?signInError={code}"))
}

/// `GET /auth/oidc/callback`.
pub async fn callback(
    State(routes): State<Arc<OidcRoutes>>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Response {
    let Ok(query) = query_pairs(raw.as_deref()) else {
        return refused("oidc_state", "refused", "a query parameter is repeated");
    };
    let Some(state) = query.get("state") else {
        return refused("oidc_state", "refused", "the callback has no state");
    };
    let browser = browser_cookie(&headers).map(browser_hash);
    let now_ms = crate::util::timefmt::now_ms();
    let login = match super::pending::take(routes.oidc.pending.as_ref(), state, browser.as_deref(), now_ms)
        .await
    {
        Ok(login) => login,
        Err(TakeError::Store(e)) => return refused("session_store", "error", &e.to_string()),
        Err(TakeError::Unknown) => return refused("oidc_state", "refused", "unknown or already used state"),
        Err(TakeError::OtherBrowser) => {
            return refused("oidc_state", "refused", "state issued to another browser")
        }
        Err(TakeError::Expired) => return refused("oidc_expired", "refused", "the sign-in took too long"),
    };
    if let Some(error) = query.get("error") {
        // The provider's own code (access_denied, …) is a fixed word of
        // the spec; anything else is not written to the log.
        let plain = error.len() <= 64 && error.bytes().all(|b| b.is_ascii_lowercase() || b == b'_');
        return refused(
            "oidc_denied",
            "refused",
            if plain { error } else { "provider error" },
        );
    }
    if query
        .get("iss")
        .is_some_and(|iss| !routes.oidc.is_our_issuer(iss))
    {
        return refused("oidc_issuer", "refused", "the callback names another issuer");
    }
    let Some(code) = query.get("code") else {
        return refused("oidc_state", "refused", "the callback has no code");
    };
    let identity = match routes.oidc.finish(&login, code.clone()).await {
        Ok(identity) => identity,
        Err(e) => {
            let outcome = match e {
                OidcError::IdToken(_) => "refused",
                OidcError::Token(_) | OidcError::Unavailable(_) => "error",
            };
            return refused(e.code(), outcome, &e.to_string());
        }
    };
    let set_cookie = match routes.sessions.start_session(&identity).await {
        Ok(c) => c,
        Err(e) => return refused("session_store", "error", &e.to_string()),
    };
    metrics::sign_in("oidc", "succeeded");
    tracing::info!(user = %identity.user, role = identity.role.as_str(), "signed in with OIDC");
    let mut res = redirect(&login.next);
    res.headers_mut().append(header::SET_COOKIE, set_cookie);
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_with_a_repeated_name_are_refused() {
        assert_eq!(query_pairs(Some("a=1&b=x%20y")).unwrap()["b"], "x y");
        assert!(query_pairs(Some("state=1&state=2")).is_err());
        assert!(query_pairs(None).unwrap().is_empty());
    }

    #[test]
    fn only_well_formed_login_cookies_are_read() {
        let value = new_browser_value();
        let mut h = HeaderMap::new();
        h.append(
            header::COOKIE,
            HeaderValue::from_str(&format!("x=1; {COOKIE_NAME}={value}")).unwrap(),
        );
        assert_eq!(browser_cookie(&h), Some(value.as_str()));
        let mut bad = HeaderMap::new();
        bad.append(header::COOKIE, HeaderValue::from_static("sdrs_oidc_login=short"));
        assert_eq!(browser_cookie(&bad), None);
    }

    #[test]
    fn the_login_cookie_is_lax_and_scoped() {
        let c = login_cookie("abc", 600, true);
        let text = c.to_str().unwrap();
        for part in [
            "HttpOnly",
            "SameSite=Lax",
            "Path=/auth/oidc",
            "Max-Age=600",
            "Secure",
        ] {
            assert!(text.contains(part), "{text}");
        }
        assert!(!login_cookie("abc", 0, false).to_str().unwrap().contains("Secure"));
    }
}
