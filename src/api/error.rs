//! One error type for every Task Center call.

use sdrs_models::error::{excerpt, parse_error_body};

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The server answered with a status >= 400.
    Http(u16),
    /// No answer: refused connection, DNS, CORS, offline.
    Network,
    /// No answer within the client's timeout.
    Timeout,
    /// Superseded or cancelled by the console itself; never shown.
    Aborted,
    /// A 2xx answer that is not the expected JSON.
    Decode,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub kind: ErrorKind,
    /// SDRS or gateway code; the HTTP status when the body had none.
    pub code: String,
    pub message: String,
    pub request_id: Option<String>,
}

impl ApiError {
    /// An error answer, parsed like the official SDKs do.
    pub fn from_response(status: u16, body: &str, request_id: Option<String>) -> Self {
        let detail = parse_error_body(status, body);
        ApiError {
            kind: ErrorKind::Http(status),
            code: detail.code,
            message: detail.message,
            request_id,
        }
    }

    /// A 2xx body that could not be decoded.
    pub fn decode(status: u16, reason: &str, body: &str, request_id: Option<String>) -> Self {
        let shown = excerpt(body);
        let message = if shown.is_empty() {
            reason.to_owned()
        } else {
            format!("{reason}: {shown}")
        };
        ApiError {
            kind: ErrorKind::Decode,
            code: status.to_string(),
            message,
            request_id,
        }
    }

    pub fn transport(kind: ErrorKind, message: impl Into<String>) -> Self {
        ApiError {
            kind,
            code: String::new(),
            message: message.into(),
            request_id: None,
        }
    }

    pub fn status(&self) -> Option<u16> {
        match self.kind {
            ErrorKind::Http(s) => Some(s),
            _ => None,
        }
    }

    pub fn is_abort(&self) -> bool {
        self.kind == ErrorKind::Aborted
    }

    pub fn is_unauthorized(&self) -> bool {
        self.status() == Some(401)
    }

    /// Worth retrying later by itself: throttling, server trouble, no answer.
    pub fn is_transient(&self) -> bool {
        match self.kind {
            ErrorKind::Http(s) => s == 429 || s >= 500,
            ErrorKind::Network | ErrorKind::Timeout => true,
            ErrorKind::Aborted | ErrorKind::Decode => false,
        }
    }

    /// One line for the clipboard and for hosts' error events.
    pub fn summary(&self) -> String {
        let mut parts: Vec<String> = Vec::new();
        if let Some(s) = self.status() {
            parts.push(format!("HTTP {s}"));
        }
        if !self.code.is_empty()
            && Some(self.code.as_str()) != self.status().map(|s| s.to_string()).as_deref()
        {
            parts.push(self.code.clone());
        }
        if !self.message.is_empty() {
            parts.push(self.message.clone());
        }
        if let Some(id) = &self.request_id {
            parts.push(format!("request {id}"));
        }
        parts.join(" · ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn envelope_errors() {
        let e = ApiError::from_response(
            400,
            r#"{"badrequest":{"code":"SDRS.0221","message":"limit invalid"}}"#,
            Some("req-1".into()),
        );
        assert_eq!(e.kind, ErrorKind::Http(400));
        assert_eq!(
            (e.code.as_str(), e.message.as_str()),
            ("SDRS.0221", "limit invalid")
        );
        assert_eq!(
            e.summary(),
            "HTTP 400 · SDRS.0221 · limit invalid · request req-1"
        );
        assert!(!e.is_transient());
    }

    #[test]
    fn gateway_html() {
        let e = ApiError::from_response(502, "<html><body><h1>Bad Gateway</h1></body></html>", None);
        assert_eq!((e.code.as_str(), e.message.as_str()), ("502", "Bad Gateway"));
        assert_eq!(e.summary(), "HTTP 502 · Bad Gateway");
        assert!(e.is_transient());
    }

    #[test]
    fn kinds() {
        assert!(ApiError::from_response(401, "", None).is_unauthorized());
        assert!(ApiError::from_response(429, "", None).is_transient());
        assert!(ApiError::transport(ErrorKind::Aborted, "").is_abort());
        assert!(ApiError::transport(ErrorKind::Timeout, "t").is_transient());
        let d = ApiError::decode(200, "not a failed-task list", "<html>hi</html>", None);
        assert_eq!(d.kind, ErrorKind::Decode);
        assert_eq!(d.message, "not a failed-task list: hi");
    }
}
