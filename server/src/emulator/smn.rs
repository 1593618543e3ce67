//! Emulated SMN (Simple Message Notification): `POST
//! /v2/{project_id}/notifications/topics/{topic_urn}/publish` checks the
//! credentials as the API gateway does ([`super::gateway`], AK/SK
//! signatures for real with `--verify-aksk`) and the body as SMN does, and
//! keeps what was published; `GET /__emulator/smn` lists it.

use super::gateway::refusal;
use super::state::Emulator;
use crate::http::error::{codes, json_response, ApiError};
use crate::util::lock::lock;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// SMN's limits on a subject and a message.
pub const MAX_SUBJECT_BYTES: usize = 512;
pub const MAX_MESSAGE_BYTES: usize = 256 * 1024;
/// Messages kept, oldest dropped first.
const KEPT: usize = 1000;

/// One published message.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Published {
    pub project_id: String,
    pub topic_urn: String,
    pub subject: Option<String>,
    pub message: Option<String>,
    pub message_structure: Option<String>,
    pub message_id: String,
}

#[derive(Deserialize)]
struct PublishBody {
    subject: Option<String>,
    message: Option<String>,
    message_structure: Option<String>,
    message_template_name: Option<String>,
}

pub fn routes(emu: Arc<Emulator>) -> Router {
    Router::new()
        .route(
            "/v2/{project_id}/notifications/topics/{topic_urn}/publish",
            post(publish).fallback(crate::http::error::wrong_method),
        )
        .route(
            "/__emulator/smn",
            get(published).fallback(crate::http::error::wrong_method),
        )
        .with_state(emu)
}

fn bad(message: &str) -> Response {
    ApiError::bad_request(codes::PARAMS, message.to_owned()).into_response()
}

async fn publish(
    State(emu): State<Arc<Emulator>>,
    Path((project_id, topic_urn)): Path<(String, String)>,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if let Some(refused) = refusal(&emu, Method::POST.as_str(), &uri, &headers, &body) {
        return refused;
    }
    let Ok(parsed) = serde_json::from_slice::<PublishBody>(&body) else {
        return bad("The request body is not a JSON object of the publish API");
    };
    if parsed.message.is_none()
        && parsed.message_structure.is_none()
        && parsed.message_template_name.is_none()
    {
        return bad("message, message_structure or message_template_name is required");
    }
    if parsed
        .subject
        .as_ref()
        .is_some_and(|s| s.len() > MAX_SUBJECT_BYTES)
    {
        return bad("subject is longer than 512 bytes");
    }
    if parsed
        .message
        .as_ref()
        .is_some_and(|m| m.len() > MAX_MESSAGE_BYTES)
    {
        return bad("message is larger than 256 KB");
    }
    let message_id = format!("{:032x}", fastrand::u128(..));
    let mut kept = lock(&emu.smn);
    if kept.len() >= KEPT {
        kept.remove(0);
    }
    kept.push(Published {
        project_id,
        topic_urn,
        subject: parsed.subject,
        message: parsed.message,
        message_structure: parsed.message_structure,
        message_id: message_id.clone(),
    });
    let answer = serde_json::json!({
        "message_id": message_id,
        "request_id": format!("{:032x}", fastrand::u128(..)),
    });
    json_response(StatusCode::OK, answer.to_string())
}

async fn published(State(emu): State<Arc<Emulator>>) -> Response {
    let body = serde_json::to_string(&*lock(&emu.smn)).unwrap_or_else(|_| "[]".to_owned());
    json_response(StatusCode::OK, body)
}
