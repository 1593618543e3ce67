//! Sending one request and reading its answer, with a timeout: a channel
//! that hangs costs its own task that long and no one else anything. An
//! error of the HTTP client is told in fixed words, never with the URL
//! (which may hold a robot's key).

use crate::alerts::{Answer, ChannelKind, ChannelRequest, Outcome};
use std::time::{Duration, SystemTime};

/// What came of one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt {
    pub http_status: Option<u16>,
    pub outcome: Outcome,
    /// `unreachable` when no answer came; else the outcome's name.
    pub label: &'static str,
}

/// Answers longer than this are cut before they are read.
const ANSWER_BYTES: usize = 64 * 1024;

/// The client alerts are sent with: no redirects (a redirect would carry
/// the request, and its signature, elsewhere).
pub fn client() -> std::io::Result<reqwest::Client> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .map_err(|e| {
            std::io::Error::other(format!(
                "cannot build the alerts' HTTP client: {}",
                e.without_url()
            ))
        })
}

pub fn label(outcome: &Outcome) -> &'static str {
    match outcome {
        Outcome::Delivered => "delivered",
        Outcome::Retry { .. } => "retry",
        Outcome::Misconfigured { .. } => "misconfigured",
    }
}

pub async fn send(
    client: &reqwest::Client,
    kind: ChannelKind,
    req: &ChannelRequest,
    timeout: Duration,
) -> Attempt {
    let method = reqwest::Method::from_bytes(req.method.as_bytes()).unwrap_or(reqwest::Method::POST);
    let mut builder = client
        .request(method, req.url.clone())
        .timeout(timeout)
        .body(req.body.clone());
    for (name, value) in &req.headers {
        builder = builder.header(name.as_str(), value.as_str());
    }
    let unreachable = |why: String| Attempt {
        http_status: None,
        outcome: Outcome::Retry {
            after: None,
            reason: why,
        },
        label: "unreachable",
    };
    let response = match builder.send().await {
        Ok(r) => r,
        Err(e) => return unreachable(client_error(&e, timeout)),
    };
    let status = response.status().as_u16();
    let retry_after = response
        .headers()
        .get(reqwest::header::RETRY_AFTER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let body = match read_body(response).await {
        Ok(body) => body,
        Err(e) => return unreachable(client_error(&e, timeout)),
    };
    let outcome = kind.classify(&Answer {
        status,
        retry_after: retry_after.as_deref(),
        body: &body,
        received: SystemTime::now(),
    });
    Attempt {
        http_status: Some(status),
        label: label(&outcome),
        outcome,
    }
}

async fn read_body(mut response: reqwest::Response) -> Result<Vec<u8>, reqwest::Error> {
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await? {
        body.extend_from_slice(&chunk);
        if body.len() >= ANSWER_BYTES {
            body.truncate(ANSWER_BYTES);
            break;
        }
    }
    Ok(body)
}

fn client_error(e: &reqwest::Error, timeout: Duration) -> String {
    if e.is_timeout() {
        format!("no answer within {} s", timeout.as_secs())
    } else if e.is_connect() {
        "could not connect to the channel".to_owned()
    } else if e.is_body() || e.is_decode() {
        "the channel's answer broke off".to_owned()
    } else {
        "the request to the channel failed".to_owned()
    }
}
