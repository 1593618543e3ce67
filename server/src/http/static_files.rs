//! The built console (`--dist`) and its `config.json`.
//!
//! Files come from tower-http's `ServeDir` (MIME by extension, so `.wasm` is
//! `application/wasm`), as the `.br` or `.gz` sibling the build wrote
//! (`scripts/trunk-post-build`) when the browser accepts that encoding. The
//! names are stable (no hash: host pages load them by name), so every file
//! is `Cache-Control: no-cache`: a reload revalidates with `If-None-Match` /
//! `If-Modified-Since` and gets a bodiless 304 unless the build changed.
//! Every file answer says `Vary: Accept-Encoding`; pages carry a strict
//! Content-Security-Policy. When the dist directory does not exist, `/`
//! answers a short page saying so; the API works regardless.

use crate::cli::Cli;
use crate::http::error::ApiError;
use crate::upstream::project::ProjectId;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use std::path::PathBuf;
use std::sync::Arc;
use tower_http::services::ServeDir;

pub struct StaticFiles {
    dist: PathBuf,
    api_base: String,
    /// Given, or looked up from IAM on the first `config.json`.
    project: Arc<ProjectId>,
    region: Option<String>,
    /// The console offers "Sign in with IAM user".
    iam_sign_in: bool,
    /// `teamSignIn` of config.json (null without team sign-in).
    team_sign_in: serde_json::Value,
    /// `scopes` of config.json: left out with fewer than two.
    scopes: Vec<crate::watching::ListedScope>,
    /// The CSP of pages: the console's policy plus `frame-ancestors`.
    page_policy: HeaderValue,
}

impl StaticFiles {
    pub fn new(cli: &Cli, project: Arc<ProjectId>) -> Self {
        let region = cli.region.clone().or_else(|| project.region().map(str::to_owned));
        StaticFiles {
            dist: cli.console.dist.clone(),
            api_base: cli.console.api_base.clone(),
            project,
            region,
            iam_sign_in: cli.iam_sign_in(),
            team_sign_in: serde_json::Value::Null,
            scopes: Vec::new(),
            page_policy: page_policy(&cli.console.frame_ancestors),
        }
    }

    /// Sets `teamSignIn` of the generated config.json.
    pub fn with_team_sign_in(mut self, team_sign_in: serde_json::Value) -> Self {
        self.team_sign_in = team_sign_in;
        self
    }

    /// Sets `scopes` of the generated config.json.
    pub fn with_scopes(mut self, scopes: Vec<crate::watching::ListedScope>) -> Self {
        self.scopes = scopes;
        self
    }

    /// `config.json` generated from the flags: `apiBase`, `projectId`,
    /// `iamSignIn`, `teamSignIn` and, with `--region`, `region`.
    async fn generated_config(&self) -> Result<String, ApiError> {
        let mut config = serde_json::json!({
            "apiBase": self.api_base,
            "projectId": self.project.get().await?,
            "iamSignIn": self.iam_sign_in,
            "teamSignIn": self.team_sign_in,
        });
        if let Some(region) = &self.region {
            config["region"] = region.as_str().into();
        }
        if self.scopes.len() > 1 {
            config["scopes"] = serde_json::to_value(&self.scopes).unwrap_or_default();
        }
        Ok(config.to_string())
    }
}

const NOT_BUILT: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>SDRS console</title></head>\
<body><h1>SDRS console is not built</h1><p>The console's files were not found in the <code>--dist</code> directory. \
Build the console, or start the server with <code>--dist</code> pointing at it. The API is served anyway.</p></body></html>";

/// Sent with every page: the console needs no inline script or style, so
/// pages run under the strict policy embedders use.
pub const CONTENT_SECURITY_POLICY: &str =
    "script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; object-src 'none'; base-uri 'self'";

/// [`CONTENT_SECURITY_POLICY`] with `frame-ancestors` (`--frame-ancestors`,
/// checked at start-up; `'none'` should it not make a header).
fn page_policy(frame_ancestors: &str) -> HeaderValue {
    let policy = crate::team::security_headers::page_policy(CONTENT_SECURITY_POLICY, frame_ancestors);
    HeaderValue::from_str(&policy).unwrap_or_else(|_| {
        HeaderValue::from_str(&crate::team::security_headers::page_policy(
            CONTENT_SECURITY_POLICY,
            "'none'",
        ))
        .unwrap_or(HeaderValue::from_static(CONTENT_SECURITY_POLICY))
    })
}

fn strict_csp(mut res: Response, policy: &HeaderValue) -> Response {
    res.headers_mut()
        .insert(header::CONTENT_SECURITY_POLICY, policy.clone());
    res
}

fn no_cache(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// `GET /config.json`: the dist's own file if it has one, else generated.
/// `/config.json`, and every other path as a file of the built console.
pub fn routes(files: StaticFiles) -> axum::Router {
    axum::Router::new()
        .route(
            "/config.json",
            axum::routing::get(config_json).fallback(crate::http::error::wrong_method),
        )
        .fallback(serve)
        .with_state(Arc::new(files))
}

pub async fn config_json(State(files): State<Arc<StaticFiles>>) -> Response {
    let body = match tokio::fs::read(files.dist.join("config.json")).await {
        Ok(bytes) => bytes,
        Err(_) => match files.generated_config().await {
            Ok(text) => text.into_bytes(),
            Err(e) => return e.into_response(),
        },
    };
    let mut res = (StatusCode::OK, body).into_response();
    res.headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    no_cache(res)
}

/// A weak entity tag of one stored representation: its length, its
/// modification time and its encoding (the `.br`, `.gz` and plain files of
/// one asset are different representations, each with its own tag).
pub fn entity_tag(headers: &HeaderMap) -> Option<HeaderValue> {
    let length = headers.get(header::CONTENT_LENGTH)?;
    let modified = headers.get(header::LAST_MODIFIED)?;
    let encoding = headers
        .get(header::CONTENT_ENCODING)
        .map_or(&b"identity"[..], HeaderValue::as_bytes);
    // FNV-1a: stable across builds of this server, unlike std's hasher.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in [length.as_bytes(), b"/", modified.as_bytes(), b"/", encoding].concat() {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3);
    }
    HeaderValue::from_str(&format!("W/\"{hash:016x}\"")).ok()
}

/// Weak comparison of `If-None-Match` with `tag` (RFC 9110 §13.1.2).
pub fn none_match_hits(if_none_match: &HeaderValue, tag: &HeaderValue) -> bool {
    let opaque = |t: &[u8]| -> Vec<u8> { t.strip_prefix(b"W/").unwrap_or(t).to_vec() };
    let tag = opaque(tag.as_bytes());
    if_none_match
        .as_bytes()
        .split(|&b| b == b',')
        .map(<[u8]>::trim_ascii)
        .any(|candidate| candidate == b"*" || opaque(candidate) == tag)
}

/// The 304 of a representation the browser already holds: its validators
/// and caching headers, no body.
fn not_modified(full: &Response) -> Response {
    let mut res = StatusCode::NOT_MODIFIED.into_response();
    for name in [
        header::ETAG,
        header::LAST_MODIFIED,
        header::CACHE_CONTROL,
        header::VARY,
    ] {
        if let Some(v) = full.headers().get(&name) {
            res.headers_mut().insert(name, v.clone());
        }
    }
    res
}

/// Every path that is not an API, `config.json` or `/__emulator/`.
pub async fn serve(State(files): State<Arc<StaticFiles>>, req: Request) -> Response {
    if !files.dist.is_dir() {
        return match req.uri().path() {
            "/" | "/index.html" => no_cache(Html(NOT_BUILT).into_response()),
            _ => (StatusCode::NOT_FOUND, "Not found").into_response(),
        };
    }
    // ServeDir knows `If-Modified-Since` only; `If-None-Match` is checked
    // here and, when sent, wins over the date (RFC 9110 §13.2.2).
    let (mut parts, body) = req.into_parts();
    let if_none_match = parts.headers.remove(header::IF_NONE_MATCH);
    if if_none_match.is_some() {
        parts.headers.remove(header::IF_MODIFIED_SINCE);
    }
    let mut dir = ServeDir::new(&files.dist).precompressed_br().precompressed_gzip();
    let mut res = match dir.try_call(Request::from_parts(parts, body)).await {
        Ok(res) => res.map(Body::new),
        Err(_) => {
            return (
                StatusCode::INTERNAL_SERVER_ERROR,
                "Cannot read the console's files",
            )
                .into_response()
        }
    };
    if res.status() == StatusCode::NOT_FOUND {
        return res;
    }
    res.headers_mut()
        .insert(header::VARY, HeaderValue::from_static("accept-encoding"));
    if res.status() == StatusCode::OK {
        if let Some(tag) = entity_tag(res.headers()) {
            res.headers_mut().insert(header::ETAG, tag);
        }
    }
    let is_html = res
        .headers()
        .get(header::CONTENT_TYPE)
        .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
    let mut res = no_cache(res);
    if is_html {
        res = strict_csp(res, &files.page_policy);
    }
    match (&if_none_match, res.headers().get(header::ETAG)) {
        (Some(inm), Some(tag)) if none_match_hits(inm, tag) => not_modified(&res),
        _ => res,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tag_of(pairs: &[(header::HeaderName, &'static str)]) -> HeaderValue {
        let headers: HeaderMap = pairs
            .iter()
            .map(|(k, v)| (k.clone(), HeaderValue::from_static(v)))
            .collect();
        entity_tag(&headers).unwrap()
    }

    #[test]
    fn tags_differ_by_length_date_and_encoding() {
        let date = "Tue, 01 Dec 2026 21:00:00 GMT";
        let plain = tag_of(&[(header::CONTENT_LENGTH, "10"), (header::LAST_MODIFIED, date)]);
        let br = tag_of(&[
            (header::CONTENT_LENGTH, "10"),
            (header::LAST_MODIFIED, date),
            (header::CONTENT_ENCODING, "br"),
        ]);
        let longer = tag_of(&[(header::CONTENT_LENGTH, "11"), (header::LAST_MODIFIED, date)]);
        let later = tag_of(&[
            (header::CONTENT_LENGTH, "10"),
            (header::LAST_MODIFIED, "Tue, 01 Dec 2026 21:00:01 GMT"),
        ]);
        assert!(plain.to_str().unwrap().starts_with("W/\""));
        assert_ne!(plain, br);
        assert_ne!(plain, longer);
        assert_ne!(plain, later);
        assert_eq!(
            plain,
            tag_of(&[(header::CONTENT_LENGTH, "10"), (header::LAST_MODIFIED, date)])
        );
        assert!(entity_tag(&HeaderMap::new()).is_none());
    }

    #[test]
    fn if_none_match_is_a_weak_list() {
        let tag = HeaderValue::from_static("W/\"abc\"");
        let hits = |v: &'static str| none_match_hits(&HeaderValue::from_static(v), &tag);
        assert!(hits("W/\"abc\""));
        assert!(hits("\"abc\""));
        assert!(hits("\"x\", W/\"abc\""));
        assert!(hits("*"));
        assert!(!hits("W/\"abd\""));
        assert!(!hits("abc"));
        assert!(!hits(""));
    }
}
