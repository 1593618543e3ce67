//! The built console (`--dist`) and its `config.json`.
//!
//! Files come from tower-http's `ServeDir` (MIME by extension, so `.wasm` is
//! `application/wasm`). `index.html` and `config.json` are sent with
//! `Cache-Control: no-cache` so a rebuilt console or changed flags show up on
//! the next load; pages carry a strict Content-Security-Policy. When the dist directory does not exist, `/` answers a short
//! page saying so; the API works regardless.

use crate::cli::Cli;
use crate::error::ApiError;
use crate::project::ProjectId;
use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{header, HeaderValue, StatusCode};
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
}

impl StaticFiles {
    pub fn new(cli: &Cli, project: Arc<ProjectId>) -> Self {
        let region = cli.region.clone().or_else(|| project.region().map(str::to_owned));
        StaticFiles {
            dist: cli.dist.clone(),
            api_base: cli.api_base.clone(),
            project,
            region,
            iam_sign_in: cli.iam_sign_in(),
        }
    }

    /// `config.json` generated from the flags: `apiBase`, `projectId`,
    /// `iamSignIn` and, with `--region`, `region`.
    async fn generated_config(&self) -> Result<String, ApiError> {
        let mut config = serde_json::json!({
            "apiBase": self.api_base,
            "projectId": self.project.get().await?,
            "iamSignIn": self.iam_sign_in,
        });
        if let Some(region) = &self.region {
            config["region"] = region.as_str().into();
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

fn strict_csp(mut res: Response) -> Response {
    res.headers_mut().insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(CONTENT_SECURITY_POLICY),
    );
    res
}

fn no_cache(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    res
}

/// `GET /config.json`: the dist's own file if it has one, else generated.
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

/// Every path that is not an API, `config.json` or `/__emulator/`.
pub async fn serve(State(files): State<Arc<StaticFiles>>, req: Request) -> Response {
    if !files.dist.is_dir() {
        return match req.uri().path() {
            "/" | "/index.html" => no_cache(Html(NOT_BUILT).into_response()),
            _ => (StatusCode::NOT_FOUND, "Not found").into_response(),
        };
    }
    match ServeDir::new(&files.dist).try_call(req).await {
        Ok(res) => {
            let res = res.map(Body::new);
            let is_html = res
                .headers()
                .get(header::CONTENT_TYPE)
                .is_some_and(|v| v.as_bytes().starts_with(b"text/html"));
            if is_html {
                strict_csp(no_cache(res))
            } else {
                res
            }
        }
        Err(_) => (
            StatusCode::INTERNAL_SERVER_ERROR,
            "Cannot read the console's files",
        )
            .into_response(),
    }
}
