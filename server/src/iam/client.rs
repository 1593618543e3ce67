//! The IAM call this server makes: `POST {iam}/v3/auth/tokens` with the
//! password method scoped to the project (or, for an agency, scoped to the
//! user's account and then `assume_role` scoped to the project). Used by
//! the console's sign-in route (the browser's user) and by token renewal
//! (the server's user).
//! Passwords and tokens never appear in an error or a log line.

use crate::iam::wire::{self, AuthRequest, NamedRef, TokenAnswer};
use crate::util::iso_time::parse_iso_ms;
use std::io;
use std::time::Duration;

/// `--iam` as given: a URL, or a region name for the public endpoint.
pub fn resolve_endpoint(value: &str) -> io::Result<String> {
    let value = value.trim();
    let invalid = |m: String| io::Error::new(io::ErrorKind::InvalidInput, m);
    if value.starts_with("http://") || value.starts_with("https://") {
        let url = reqwest::Url::parse(value).map_err(|e| invalid(format!("--iam {value}: {e}")))?;
        if url.query().is_some() || url.host_str().is_none() {
            return Err(invalid(format!(
                "--iam {value}: expected an http(s) URL without query"
            )));
        }
        return Ok(value.trim_end_matches('/').to_owned());
    }
    let is_region = !value.is_empty()
        && value.len() <= 64
        && value
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !value.starts_with('-')
        && !value.ends_with('-');
    if is_region {
        Ok(format!("https://iam.{value}.myhuaweicloud.com"))
    } else {
        Err(invalid(format!(
            "--iam {value}: expected an IAM URL (https://iam.<region>.myhuaweicloud.com) or a region name such as ap-southeast-3"
        )))
    }
}

/// A token IAM issued.
#[derive(Clone, PartialEq, Eq)]
pub struct Issued {
    pub token: String,
    pub expires_at: String,
    pub expires_ms: i64,
    pub user: String,
    pub domain: String,
}

impl std::fmt::Debug for Issued {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Issued")
            .field("expires_at", &self.expires_at)
            .field("user", &self.user)
            .field("domain", &self.domain)
            .finish_non_exhaustive()
    }
}

/// Why no token came back. Messages name the endpoint and what to check,
/// never a credential.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum IamFailure {
    /// IAM answered with an error status (401: wrong account, user or password).
    Refused {
        status: u16,
        message: String,
    },
    Timeout {
        after_ms: u64,
    },
    Unreachable,
    /// A success status without a usable token or expiry.
    BadAnswer(String),
}

impl IamFailure {
    pub fn describe(&self, endpoint: &str) -> String {
        match self {
            IamFailure::Refused { status: 401, message } => format!(
                "IAM refused the sign-in (401: {message}); check the account name, the IAM user name and the password"
            ),
            IamFailure::Refused { status, message } => format!("IAM answered {status}: {message}"),
            IamFailure::Timeout { after_ms } => {
                format!("IAM at {endpoint} did not answer within {after_ms} ms; check --iam and the network")
            }
            IamFailure::Unreachable => {
                format!("IAM at {endpoint} could not be reached; check --iam and the network")
            }
            IamFailure::BadAnswer(why) => format!("IAM at {endpoint} gave an unusable answer: {why}"),
        }
    }
}

pub struct IamClient {
    client: reqwest::Client,
    /// Base URL without a trailing slash.
    pub endpoint: String,
    timeout_ms: u64,
}

impl IamClient {
    pub fn new(endpoint: String, timeout_ms: u64) -> io::Result<Self> {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(|e| io::Error::other(format!("cannot build the HTTP client: {e}")))?;
        Ok(IamClient {
            client,
            endpoint,
            timeout_ms,
        })
    }

    /// Signs `user` of `domain` in with `password`, scoped to `project_id`.
    pub async fn password_token(
        &self,
        domain: &str,
        user: &str,
        password: &str,
        project_id: &str,
    ) -> Result<Issued, IamFailure> {
        self.post_tokens(
            &AuthRequest::password(domain, user, password, NamedRef::id(project_id)),
            None,
        )
        .await
    }

    /// Acts as the agency `agency_name` of account `agency_domain`: signs
    /// the delegated account's `user` in (scoped to its own account), then
    /// `assume_role` with that token, scoped to `project_id`.
    pub async fn agency_token(
        &self,
        user: (&str, &str, &str),
        agency: (&str, &str),
        project_id: &str,
    ) -> Result<Issued, IamFailure> {
        let (domain, name, password) = user;
        let own = self
            .post_tokens(&AuthRequest::password_in_own_domain(domain, name, password), None)
            .await?;
        let role = AuthRequest::assume_role(agency.0, agency.1, NamedRef::id(project_id));
        self.post_tokens(&role, Some(&own.token)).await
    }

    async fn post_tokens(
        &self,
        body: &AuthRequest,
        caller_token: Option<&str>,
    ) -> Result<Issued, IamFailure> {
        let body = serde_json::to_vec(body).map_err(|e| IamFailure::BadAnswer(e.to_string()))?;
        let mut req = self
            .client
            .post(format!("{}/v3/auth/tokens", self.endpoint))
            .header(reqwest::header::CONTENT_TYPE, "application/json;charset=utf8")
            .timeout(Duration::from_millis(self.timeout_ms))
            .body(body);
        if let Some(token) = caller_token {
            let mut value = reqwest::header::HeaderValue::from_str(token)
                .map_err(|_| IamFailure::BadAnswer("IAM issued a token that is no header value".into()))?;
            value.set_sensitive(true);
            req = req.header("x-auth-token", value);
        }
        let sent = req.send().await;
        let res = match sent {
            Ok(res) => res,
            Err(e) if e.is_timeout() => {
                return Err(IamFailure::Timeout {
                    after_ms: self.timeout_ms,
                })
            }
            Err(_) => return Err(IamFailure::Unreachable),
        };
        let status = res.status().as_u16();
        let token = res
            .headers()
            .get(wire::X_SUBJECT_TOKEN)
            .and_then(|v| v.to_str().ok())
            .map(str::to_owned);
        let text = match res.text().await {
            Ok(t) => t,
            Err(e) if e.is_timeout() => {
                return Err(IamFailure::Timeout {
                    after_ms: self.timeout_ms,
                })
            }
            Err(_) => return Err(IamFailure::Unreachable),
        };
        if status >= 300 {
            let detail = sdrs_models::error::parse_error_body(status, &text);
            return Err(IamFailure::Refused {
                status,
                message: detail.message,
            });
        }
        read_answer(token, &text)
    }
}

/// A success answer: the token from the header, the rest from the body.
pub fn read_answer(token: Option<String>, body: &str) -> Result<Issued, IamFailure> {
    let token = token
        .filter(|t| !t.trim().is_empty())
        .ok_or_else(|| IamFailure::BadAnswer("no X-Subject-Token header".into()))?;
    let answer: TokenAnswer = serde_json::from_str(body)
        .map_err(|_| IamFailure::BadAnswer("the body has no token.expires_at".into()))?;
    let expires_ms = parse_iso_ms(&answer.token.expires_at)
        .ok_or_else(|| IamFailure::BadAnswer("token.expires_at is not an ISO 8601 UTC time".into()))?;
    Ok(Issued {
        token,
        expires_at: answer.token.expires_at,
        expires_ms,
        user: answer.token.user.name,
        domain: answer.token.user.domain.name.unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn endpoints() {
        assert_eq!(
            resolve_endpoint("ap-southeast-3").unwrap(),
            "https://iam.ap-southeast-3.myhuaweicloud.com"
        );
        assert_eq!(
            resolve_endpoint("http://127.0.0.1:9/").unwrap(),
            "http://127.0.0.1:9"
        );
        for bad in [
            "",
            "AP_1",
            "-x",
            "https://iam.example?x=1",
            "ftp://x",
            "iam.example.com/x",
        ] {
            assert!(resolve_endpoint(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn answers() {
        let body = r#"{"token":{"expires_at":"2026-12-02T21:51:17.123000Z","user":{"name":"alice","domain":{"name":"acme"}}}}"#;
        let ok = read_answer(Some("MIIx".into()), body).unwrap();
        assert_eq!((ok.user.as_str(), ok.domain.as_str()), ("alice", "acme"));
        assert!(ok.expires_ms > 0);
        assert!(!format!("{ok:?}").contains("MIIx"));
        assert!(matches!(read_answer(None, body), Err(IamFailure::BadAnswer(_))));
        assert!(matches!(
            read_answer(Some("t".into()), "{}"),
            Err(IamFailure::BadAnswer(_))
        ));
        let bad_time = r#"{"token":{"expires_at":"tomorrow"}}"#;
        assert!(matches!(
            read_answer(Some("t".into()), bad_time),
            Err(IamFailure::BadAnswer(_))
        ));
    }
}
