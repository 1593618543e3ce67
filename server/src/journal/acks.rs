//! `POST /api/journal/ack`: acknowledges journal entries with a comment
//! (operators and admins under team sign-in). The acknowledgement (who,
//! when, the comment) is shown with each entry; entries not in the journal
//! are left out and counted.

use crate::db::acks::AckStore;
use crate::http::error::{codes, json_response, ApiError};
use crate::team::identity::{actor, Identity};
use crate::util::timefmt::now_ms;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use sdrs_models::AckRequest;
use serde_json::json;
use std::sync::Arc;

pub const ACK: &str = "/api/journal/ack";

pub fn routes(store: AckStore) -> Router {
    Router::new()
        .route(ACK, post(acknowledge).fallback(crate::http::error::wrong_method))
        .with_state(Arc::new(store))
}

fn bad(message: String) -> ApiError {
    ApiError::bad_request(codes::PARAMS, message)
}

async fn acknowledge(
    State(store): State<Arc<AckStore>>,
    identity: Option<Extension<Identity>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let who = actor(identity.as_ref().map(|e| &e.0), "acknowledge failures")?;
    let request: AckRequest = serde_json::from_slice(&body).map_err(|e| {
        bad(format!(
            "The acknowledgement is not JSON of the expected shape: {e}"
        ))
    })?;
    let comment = request.comment.trim();
    if comment.is_empty() {
        return Err(bad("An acknowledgement needs a comment".into()));
    }
    if comment.chars().count() > AckRequest::MAX_COMMENT {
        return Err(bad(format!(
            "The comment is longer than {} characters",
            AckRequest::MAX_COMMENT
        )));
    }
    if request.entries.is_empty() || request.entries.len() > AckRequest::MAX_ENTRIES {
        return Err(bad(format!(
            "Acknowledge 1 to {} failures at a time",
            AckRequest::MAX_ENTRIES
        )));
    }
    let acked = store
        .acknowledge(&request.entries, &who, comment, now_ms())
        .await?;
    tracing::info!(user = %who, acked, "failures acknowledged");
    let body = json!({
        "acknowledged": acked,
        "not_found": request.entries.len() as u64 - acked,
    });
    Ok(json_response(StatusCode::OK, body.to_string()))
}
