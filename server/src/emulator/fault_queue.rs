//! One-shot faults queued with `POST /__emulator/faults`, kept in the
//! emulator's state and applied by [`crate::emulator::faults`].

use axum::http::{HeaderValue, StatusCode};
use base64::Engine;
use serde::{Deserialize, Serialize};
use std::io;
use std::path::Path;

/// Longest injected delay, so a typo cannot hang a test run.
pub const MAX_DELAY_MS: u64 = 120_000;

/// Beginnings of the paths a queued fault may name.
const FAULTABLE_ROOTS: [&str; 3] = ["/v1", "/v3", "/auth/iam"];

/// A one-shot override, as posted to `/__emulator/faults`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct QueuedFault {
    /// Requests whose path starts with this are affected (default `/v1/`).
    pub path_prefix: String,
    pub status: Option<u16>,
    /// Exact body text.
    pub body: Option<String>,
    /// Exact body bytes, base64 (wins over `body`).
    pub body_b64: Option<String>,
    pub content_type: Option<String>,
    /// A `Retry-After` header (seconds) on the answer, as a throttled
    /// gateway sends with 429.
    pub retry_after: Option<u64>,
    pub delay_ms: u64,
    /// How many matching requests it affects (default 1).
    pub times: u32,
}

impl QueuedFault {
    /// Fills defaults and checks values; the error is the message of a 400.
    pub fn normalised(mut self) -> Result<Self, String> {
        if self.path_prefix.is_empty() {
            self.path_prefix = "/v1/".into();
        }
        if !FAULTABLE_ROOTS
            .iter()
            .any(|root| self.path_prefix.starts_with(root))
        {
            return Err(format!(
                "path_prefix must start with {}: faults reach API calls only",
                FAULTABLE_ROOTS.join(", ")
            ));
        }
        if self.times == 0 {
            self.times = 1;
        }
        if let Some(s) = self.status {
            StatusCode::from_u16(s).map_err(|_| format!("status {s} is not an HTTP status"))?;
        }
        if let Some(b64) = &self.body_b64 {
            decode_b64(b64).map_err(|_| "body_b64 is not base64".to_owned())?;
        }
        if let Some(ct) = &self.content_type {
            HeaderValue::from_str(ct).map_err(|_| "content_type is not a header value".to_owned())?;
        }
        self.delay_ms = self.delay_ms.min(MAX_DELAY_MS);
        Ok(self)
    }
}

/// The faults of `--emulator-faults`: a JSON array of [`QueuedFault`]s,
/// each checked as a posted one is; the error names the file and the
/// fault.
pub fn load_file(path: &Path) -> io::Result<Vec<QueuedFault>> {
    let shown = path.display();
    let invalid = |m: String| {
        io::Error::new(
            io::ErrorKind::InvalidData,
            format!("--emulator-faults {shown}: {m}"),
        )
    };
    let text = std::fs::read_to_string(path)
        .map_err(|e| io::Error::new(e.kind(), format!("--emulator-faults {shown}: {e}")))?;
    let faults: Vec<QueuedFault> =
        serde_json::from_str(&text).map_err(|e| invalid(format!("not a JSON array of faults: {e}")))?;
    faults
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            f.normalised()
                .map_err(|m| invalid(format!("fault {}: {m}", i + 1)))
        })
        .collect()
}

/// Body bytes given as base64 (`body_b64`, `X-Emulator-Body-B64`).
pub fn decode_b64(text: &str) -> Result<Vec<u8>, base64::DecodeError> {
    base64::engine::general_purpose::STANDARD.decode(text.trim())
}
