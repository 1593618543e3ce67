//! The credential upstream mode adds to the console's calls that carry no
//! `X-Auth-Token` of their own: an IAM token (`SDRS_AUTH_TOKEN`) or an
//! AK/SK key pair that signs every forwarded call (`SDK-HMAC-SHA256`, with
//! `X-Project-Id` and, for temporary keys, `X-Security-Token`), or the
//! server's IAM user, whose token is obtained and renewed before it expires
//! (`token_renewal.rs`). Chosen once at start-up from the environment;
//! values are never logged.

use crate::aksk::credentials::{KeyPair, SdkCredentials, Secret, Source};
use crate::aksk::request::{canonical_url, sign_headers};
use crate::aksk::signer::{is_unsigned_content_type, UNSIGNED_PAYLOAD, X_SDK_CONTENT_SHA256};
use crate::cli::Cli;
use crate::http::error::ApiError;
use crate::iam::client::{resolve_endpoint, IamClient};
use crate::upstream::project::{Lookup, ProjectId};
use crate::upstream::region;
use crate::upstream::token_renewal::TokenRenewer;
use axum::http::{HeaderName, HeaderValue, Method};
use std::io;
use std::sync::Arc;
use std::time::Duration;

pub const X_PROJECT_ID: &str = "x-project-id";

/// The server-side credential of upstream mode.
pub enum UpstreamAuth {
    /// An IAM token sent as `X-Auth-Token`.
    Token(Secret),
    /// A key pair signing each call for this project.
    AkSk { keys: KeyPair, project: Arc<ProjectId> },
    /// A token the server obtains and renews for its IAM user.
    IamUser(Arc<TokenRenewer>),
}

impl std::fmt::Debug for UpstreamAuth {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            UpstreamAuth::Token(_) => f.write_str("Token(redacted)"),
            UpstreamAuth::AkSk { keys, .. } => write!(f, "AkSk({keys:?})"),
            UpstreamAuth::IamUser(_) => f.write_str("IamUser(redacted)"),
        }
    }
}

/// What start-up decided: the credential (if any) and the project.
pub struct Resolved {
    pub auth: Option<UpstreamAuth>,
    pub project: Arc<ProjectId>,
    /// For the start-up log: which credential, never its value.
    pub note: String,
}

fn invalid(message: impl Into<String>) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.into())
}

fn describe(source: &Source) -> String {
    match source {
        Source::Environment => "HUAWEICLOUD_SDK_AK/HUAWEICLOUD_SDK_SK".to_owned(),
        Source::File(path) => format!("the credentials file {}", path.display()),
    }
}

/// Picks the credential and project of upstream mode `base` from the flags
/// and the environment. Both a token and a key pair, a malformed key, or
/// AK/SK without any way to the project id are start-up errors.
pub fn resolve(cli: &Cli, base: &str, client: &reqwest::Client) -> io::Result<Resolved> {
    let creds: Option<SdkCredentials> = cli.aksk_credentials().map_err(|e| invalid(e.to_string()))?;
    let token = cli.server_token().map(Secret::new);
    if let Some(user) = &cli.proxy.server_iam_user {
        if token.is_some() || creds.is_some() {
            return Err(invalid(
                "set one of SDRS_AUTH_TOKEN, an AK/SK key pair or the server-side IAM user (SDRS_IAM_*), not both",
            ));
        }
        let Some(iam) = cli.iam.as_deref().or(cli.region.as_deref()) else {
            return Err(invalid(
                "the server-side IAM user (SDRS_IAM_*) needs --iam URL|REGION or --region",
            ));
        };
        let Some(project_id) = cli.project_id.clone() else {
            return Err(invalid(
                "the server-side IAM user (SDRS_IAM_*) needs the project id: --project-id or SDRS_PROJECT_ID",
            ));
        };
        let client = IamClient::new(resolve_endpoint(iam)?, cli.proxy.upstream_timeout_ms)?;
        let renewer = TokenRenewer::new(client, user.clone(), project_id.clone(), cli.log.quiet);
        return Ok(Resolved {
            auth: Some(UpstreamAuth::IamUser(Arc::new(renewer))),
            project: Arc::new(ProjectId::fixed(project_id)),
            note: "server-side credential: a token of the IAM user of SDRS_IAM_*, renewed before it expires"
                .to_owned(),
        });
    }
    let Some(creds) = creds else {
        let project = Arc::new(ProjectId::fixed(cli.emulated_project_id()));
        let note = match token {
            Some(_) => "server-side credential: the IAM token of SDRS_AUTH_TOKEN",
            None => "no server-side credential: each browser sends its own token",
        };
        return Ok(Resolved {
            auth: token.map(UpstreamAuth::Token),
            project,
            note: note.to_owned(),
        });
    };
    if token.is_some() {
        return Err(invalid(format!(
            "both SDRS_AUTH_TOKEN and an AK/SK key pair (from {}) are configured; unset one of them",
            describe(&creds.source)
        )));
    }
    let given = cli.project_id.clone().or(creds.project_id.clone());
    let project = match given {
        Some(id) => ProjectId::fixed(id),
        None => {
            let Some(region) = cli.region.clone().or_else(|| region::of_sdrs_endpoint(base)) else {
                return Err(invalid(
                    "AK/SK signing needs the project id: set HUAWEICLOUD_SDK_PROJECT_ID (or --project-id), \
                     or --region to look it up from IAM",
                ));
            };
            let iam = match &creds.iam_endpoint {
                Some(url) => url.clone(),
                None => {
                    region::endpoints(&region)
                        .map_err(|e| invalid(e.to_string()))?
                        .iam
                }
            };
            ProjectId::looked_up(Lookup {
                iam,
                region,
                keys: creds.keys.clone(),
                client: client.clone(),
                timeout: Duration::from_millis(cli.proxy.upstream_timeout_ms),
                quiet: cli.log.quiet,
            })
        }
    };
    let kind = if creds.keys.security_token.is_some() {
        "temporary AK/SK with security token"
    } else {
        "AK/SK"
    };
    let of_project = match project.region() {
        Some(region) => format!("the project of {region} looked up from IAM"),
        None => "the given project id".to_owned(),
    };
    let note = format!(
        "server-side credential: {kind} from {} signing every call, {of_project}",
        describe(&creds.source)
    );
    // config.json and the signer share one cell: one lookup.
    let project = Arc::new(project);
    Ok(Resolved {
        auth: Some(UpstreamAuth::AkSk {
            keys: creds.keys,
            project: project.clone(),
        }),
        project,
        note,
    })
}

fn not_a_header() -> ApiError {
    ApiError::new(
        axum::http::StatusCode::BAD_GATEWAY,
        "error",
        crate::http::error::codes::INTERNAL,
        "The server-side credential is not a valid header value",
    )
}

fn sensitive(value: &str) -> Result<HeaderValue, ApiError> {
    let mut v = HeaderValue::from_str(value).map_err(|_| not_a_header())?;
    v.set_sensitive(true);
    Ok(v)
}

impl UpstreamAuth {
    /// The URL to call (canonical for AK/SK) and the headers to add.
    pub async fn apply(
        &self,
        method: &Method,
        url: reqwest::Url,
        content_type: Option<&str>,
    ) -> Result<(reqwest::Url, Vec<(HeaderName, HeaderValue)>), ApiError> {
        match self {
            UpstreamAuth::Token(token) => Ok((
                url,
                vec![(
                    HeaderName::from_static(crate::http::auth_headers::X_AUTH_TOKEN),
                    sensitive(token.expose())?,
                )],
            )),
            UpstreamAuth::AkSk { keys, project } => {
                let project_id = project.get().await?;
                let url = canonical_url(&url);
                let mut sent = vec![(X_PROJECT_ID.to_owned(), project_id)];
                if let Some(ct) = content_type {
                    sent.push(("content-type".to_owned(), ct.to_owned()));
                    if is_unsigned_content_type(ct) {
                        sent.push((X_SDK_CONTENT_SHA256.to_owned(), UNSIGNED_PAYLOAD.to_owned()));
                    }
                }
                let added = sign_headers(
                    keys,
                    method.as_str(),
                    &url,
                    &sent,
                    b"",
                    crate::util::timefmt::now_ms(),
                );
                let mut out = Vec::new();
                for (name, value) in sent.iter().filter(|(n, _)| n != "content-type").chain(&added) {
                    let name = HeaderName::from_bytes(name.as_bytes()).map_err(|_| not_a_header())?;
                    out.push((name, sensitive(value)?));
                }
                Ok((url, out))
            }
            UpstreamAuth::IamUser(renewer) => {
                let token = renewer.token().ok_or_else(|| {
                    ApiError::new(
                        axum::http::StatusCode::SERVICE_UNAVAILABLE,
                        "error",
                        crate::http::error::codes::INTERNAL,
                        renewer.why_no_token(),
                    )
                })?;
                Ok((
                    url,
                    vec![(
                        HeaderName::from_static(crate::http::auth_headers::X_AUTH_TOKEN),
                        sensitive(&token)?,
                    )],
                ))
            }
        }
    }
}
