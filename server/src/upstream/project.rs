//! The project id the console works in: given (`--project-id`,
//! `HUAWEICLOUD_SDK_PROJECT_ID`, the credentials file) or, as the official
//! SDKs do, looked up once from IAM with a signed
//! `GET /v3/projects?name=<region>` (first project's id). A failed lookup
//! is an error answer with what to check, and is tried again next time.

use crate::aksk::credentials::KeyPair;
use crate::aksk::request::{canonical_url, sign_headers};
use crate::http::error::{codes, ApiError};
use axum::http::StatusCode;
use sdrs_models::error::parse_error_body;
use std::time::Duration;
use tokio::sync::OnceCell;

/// How to ask IAM.
pub struct Lookup {
    /// IAM base URL without trailing slash.
    pub iam: String,
    pub region: String,
    pub keys: KeyPair,
    pub client: reqwest::Client,
    pub timeout: Duration,
    /// No log line for a failed lookup (`--quiet`).
    pub quiet: bool,
}

pub struct ProjectId {
    known: OnceCell<String>,
    lookup: Option<Lookup>,
}

fn lookup_failed(message: String) -> ApiError {
    ApiError::new(StatusCode::BAD_GATEWAY, "error", codes::INTERNAL, message)
}

impl ProjectId {
    pub fn fixed(id: impl Into<String>) -> Self {
        ProjectId {
            known: OnceCell::new_with(Some(id.into())),
            lookup: None,
        }
    }

    pub fn looked_up(lookup: Lookup) -> Self {
        ProjectId {
            known: OnceCell::new(),
            lookup: Some(lookup),
        }
    }

    /// The id if it is known now (given, or already looked up).
    pub fn known(&self) -> Option<String> {
        self.known.get().cloned()
    }

    /// The region whose project is looked up, if it is.
    pub fn region(&self) -> Option<&str> {
        self.lookup.as_ref().map(|l| l.region.as_str())
    }

    /// The id, looked up on first use.
    pub async fn get(&self) -> Result<String, ApiError> {
        let id = self
            .known
            .get_or_try_init(|| async {
                match &self.lookup {
                    Some(lookup) => {
                        let answer = ask_iam(lookup).await;
                        if let (Err(e), false) = (&answer, lookup.quiet) {
                            tracing::warn!("{}", e.message);
                        }
                        answer
                    }
                    None => Err(lookup_failed("No project id is configured".into())),
                }
            })
            .await?;
        Ok(id.clone())
    }
}

async fn ask_iam(l: &Lookup) -> Result<String, ApiError> {
    let what = format!(
        "Cannot look up the project of region {} from IAM at {}",
        l.region, l.iam
    );
    let url = reqwest::Url::parse_with_params(&format!("{}/v3/projects", l.iam), [("name", &l.region)])
        .map_err(|_| lookup_failed(format!("{what}: not a valid URL")))?;
    let url = canonical_url(&url);
    let mut req = l.client.get(url.clone()).timeout(l.timeout);
    for (name, value) in sign_headers(&l.keys, "GET", &url, &[], b"", crate::util::timefmt::now_ms()) {
        req = req.header(name, value);
    }
    let res = req.send().await.map_err(|_| {
        lookup_failed(format!(
            "{what}: IAM could not be reached (check the network and HUAWEICLOUD_SDK_IAM_ENDPOINT)"
        ))
    })?;
    let status = res.status();
    let body = res
        .text()
        .await
        .map_err(|_| lookup_failed(format!("{what}: the answer was cut off")))?;
    if !status.is_success() {
        let detail = parse_error_body(status.as_u16(), &body);
        let hint = if status == StatusCode::UNAUTHORIZED || status == StatusCode::FORBIDDEN {
            " (check HUAWEICLOUD_SDK_AK, HUAWEICLOUD_SDK_SK and the clock)"
        } else {
            ""
        };
        return Err(lookup_failed(format!(
            "{what}: IAM answered {} {}: {}{hint}",
            status.as_u16(),
            detail.code,
            detail.message
        )));
    }
    first_project_id(&body).ok_or_else(|| {
        lookup_failed(format!(
            "{what}: IAM lists no project named {} for this key pair (check --region, or set HUAWEICLOUD_SDK_PROJECT_ID)",
            l.region
        ))
    })
}

/// `projects[0].id` of a `GET /v3/projects` answer.
pub fn first_project_id(body: &str) -> Option<String> {
    let v: serde_json::Value = serde_json::from_str(body).ok()?;
    let id = v.get("projects")?.get(0)?.get("id")?.as_str()?;
    (!id.is_empty() && id.len() <= 64 && id.bytes().all(|b| b.is_ascii_alphanumeric())).then(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn first_project_of_the_answer() {
        let body = r#"{"projects":[{"id":"abc123","name":"ap-southeast-3"},{"id":"x"}],"links":{}}"#;
        assert_eq!(first_project_id(body).as_deref(), Some("abc123"));
        assert_eq!(first_project_id(r#"{"projects":[]}"#), None);
        assert_eq!(first_project_id(r#"{"projects":[{"id":"../x"}]}"#), None);
        assert_eq!(first_project_id("<html>"), None);
    }

    #[tokio::test]
    async fn a_fixed_id_needs_no_lookup() {
        let p = ProjectId::fixed("p1");
        assert_eq!(p.get().await.unwrap(), "p1");
        assert_eq!(p.region(), None);
    }
}
