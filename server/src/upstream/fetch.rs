//! The server's own calls to an upstream (the watcher's polling): a GET
//! with the server-side credential, answering status, `Retry-After` and a
//! body of bounded size. Failures say what happened, never a secret.

use super::proxy::Upstream;
use axum::body::Bytes;
use axum::http::{header, Method, StatusCode};
use std::fmt;
use std::time::{Duration, Instant, SystemTime};

/// The largest body [`Upstream::get`] reads.
pub const MAX_BODY_BYTES: usize = 16 * 1024 * 1024;

/// What the upstream answered, whatever the status.
#[derive(Clone, Debug)]
pub struct UpstreamAnswer {
    pub status: StatusCode,
    /// `Retry-After`, in seconds or as an HTTP date (then from now).
    pub retry_after: Option<Duration>,
    pub body: Bytes,
}

/// Why no answer came back.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UpstreamFailure {
    /// No complete answer within the call's timeout.
    Timeout { after_ms: u64 },
    /// No connection, or it broke.
    Unreachable,
    /// The server-side credential cannot be used yet (an IAM token still
    /// being obtained, a project lookup that failed): why, with no secret.
    CredentialUnavailable(String),
    /// The body is larger than [`MAX_BODY_BYTES`].
    TooLarge { limit: usize },
    /// `path_and_query` makes no URL under the base.
    InvalidPath,
}

impl fmt::Display for UpstreamFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            UpstreamFailure::Timeout { after_ms } => {
                write!(f, "the upstream did not answer within {after_ms} ms")
            }
            UpstreamFailure::Unreachable => f.write_str("the upstream SDRS endpoint could not be reached"),
            UpstreamFailure::CredentialUnavailable(why) => {
                write!(f, "the server-side credential is not available: {why}")
            }
            UpstreamFailure::TooLarge { limit } => {
                write!(f, "the upstream's answer is larger than {limit} bytes")
            }
            UpstreamFailure::InvalidPath => f.write_str("not a valid upstream path"),
        }
    }
}

impl std::error::Error for UpstreamFailure {}

/// A `Retry-After` value: delay seconds, or an HTTP date (a past date is
/// no wait). Anything else is ignored.
pub fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return Some(Duration::from_secs(value.parse().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

impl Upstream {
    /// `GET {base}{path_and_query}` with the server-side credential, if
    /// this upstream has one; `path_and_query` starts with `/v1/`.
    pub async fn get(&self, path_and_query: &str) -> Result<UpstreamAnswer, UpstreamFailure> {
        if !path_and_query.starts_with('/') {
            return Err(UpstreamFailure::InvalidPath);
        }
        let url = reqwest::Url::parse(&format!("{}{path_and_query}", self.base))
            .map_err(|_| UpstreamFailure::InvalidPath)?;
        let (url, added) = match &self.auth {
            Some(auth) => auth
                .apply(&Method::GET, url, None)
                .await
                .map_err(|e| UpstreamFailure::CredentialUnavailable(e.message))?,
            None => (url, Vec::new()),
        };
        let mut req = self
            .client
            .get(url)
            .timeout(Duration::from_millis(self.timeout_ms));
        for (name, value) in added {
            req = req.header(name, value);
        }
        let sent = Instant::now();
        let result = read(req, self.timeout_ms).await;
        crate::ops::metrics::upstream_call(sent.elapsed(), result.as_ref().ok().map(|a| a.status));
        result
    }
}

async fn read(req: reqwest::RequestBuilder, timeout_ms: u64) -> Result<UpstreamAnswer, UpstreamFailure> {
    let failed = |e: reqwest::Error| {
        if e.is_timeout() {
            UpstreamFailure::Timeout { after_ms: timeout_ms }
        } else {
            UpstreamFailure::Unreachable
        }
    };
    let mut res = req.send().await.map_err(failed)?;
    let status = res.status();
    let retry_after = res
        .headers()
        .get(header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| parse_retry_after(v, SystemTime::now()));
    let too_large = UpstreamFailure::TooLarge {
        limit: MAX_BODY_BYTES,
    };
    if res.content_length().is_some_and(|n| n > MAX_BODY_BYTES as u64) {
        return Err(too_large);
    }
    let mut body = Vec::new();
    while let Some(chunk) = res.chunk().await.map_err(failed)? {
        if body.len() + chunk.len() > MAX_BODY_BYTES {
            return Err(too_large);
        }
        body.extend_from_slice(&chunk);
    }
    Ok(UpstreamAnswer {
        status,
        retry_after,
        body: Bytes::from(body),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_in_seconds_or_as_a_date() {
        let now = httpdate::parse_http_date("Sun, 06 Dec 2026 20:00:00 GMT").unwrap();
        assert_eq!(parse_retry_after("120", now), Some(Duration::from_secs(120)));
        assert_eq!(parse_retry_after(" 0 ", now), Some(Duration::ZERO));
        assert_eq!(
            parse_retry_after("Sun, 06 Dec 2026 20:01:30 GMT", now),
            Some(Duration::from_secs(90))
        );
        // A date already past: retry now.
        assert_eq!(
            parse_retry_after("Sun, 06 Dec 2026 19:00:00 GMT", now),
            Some(Duration::ZERO)
        );
        assert_eq!(
            parse_retry_after("99999999999999999999999", now),
            Some(Duration::from_secs(u64::MAX))
        );
        for junk in ["", "-5", "1.5", "soon", "Sun, 06 Dec 2026"] {
            assert_eq!(parse_retry_after(junk, now), None, "{junk}");
        }
    }

    #[test]
    fn failures_say_what_happened() {
        assert_eq!(
            UpstreamFailure::Timeout { after_ms: 1500 }.to_string(),
            "the upstream did not answer within 1500 ms"
        );
        assert!(UpstreamFailure::CredentialUnavailable("still obtaining".into())
            .to_string()
            .ends_with("not available: still obtaining"));
        assert!(UpstreamFailure::TooLarge {
            limit: MAX_BODY_BYTES
        }
        .to_string()
        .contains("16777216"));
    }

    #[tokio::test]
    async fn a_path_must_start_with_a_slash() {
        let up = Upstream::new("http://127.0.0.1:9", 1000, None, false, reqwest::Client::new()).unwrap();
        assert_eq!(up.get("v1/x").await.unwrap_err(), UpstreamFailure::InvalidPath);
    }
}
