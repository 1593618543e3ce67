//! `POST /api/journal/ack`: acknowledges journal entries with a comment
//! (operators and admins under team sign-in). The acknowledgement (who,
//! when, the comment) is shown with each entry; entries not in the journal
//! are left out and counted. `POST /api/journal/ack/withdraw` takes
//! acknowledgements back: the failures are then reminded of again. Both
//! leave an audit record per failure (`acknowledge`, `withdraw_ack`).

use crate::audit::layer::ANONYMOUS;
use crate::db::acks::{AckActor, AckStore};
use crate::http::error::{codes, json_response, ApiError};
use crate::team::identity::{actor, Identity};
use crate::util::timefmt::now_ms;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use axum::routing::post;
use axum::{Extension, Router};
use sdrs_models::{AckRequest, AckWithdrawal, EntryKey};
use serde::de::DeserializeOwned;
use serde_json::json;
use std::sync::Arc;

pub const ACK: &str = "/api/journal/ack";
pub const ACK_WITHDRAW: &str = "/api/journal/ack/withdraw";

pub fn routes(store: AckStore) -> Router {
    Router::new()
        .route(ACK, post(acknowledge).fallback(crate::http::error::wrong_method))
        .route(
            ACK_WITHDRAW,
            post(withdraw).fallback(crate::http::error::wrong_method),
        )
        .with_state(Arc::new(store))
}

/// Who acts, for the audit record: `actor`'s answer (a 403 for a viewer)
/// and the sign-in method.
fn acting(identity: Option<&Identity>, what: &str) -> Result<AckActor, ApiError> {
    Ok(AckActor {
        user: actor(identity, what)?,
        method: identity.map_or(ANONYMOUS, |who| who.method.as_str()).to_owned(),
    })
}

fn bad(message: String) -> ApiError {
    ApiError::bad_request(codes::PARAMS, message)
}

/// The request's JSON, or a 400 that says what `what` should have been.
fn parse<T: DeserializeOwned>(body: &Bytes, what: &str) -> Result<T, ApiError> {
    serde_json::from_slice(body)
        .map_err(|e| bad(format!("The {what} is not JSON of the expected shape: {e}")))
}

/// 1 to [`AckRequest::MAX_ENTRIES`] failures, or a 400.
fn check_count(entries: &[EntryKey], verb: &str) -> Result<(), ApiError> {
    if entries.is_empty() || entries.len() > AckRequest::MAX_ENTRIES {
        return Err(bad(format!(
            "{verb} 1 to {} failures at a time",
            AckRequest::MAX_ENTRIES
        )));
    }
    Ok(())
}

async fn acknowledge(
    State(store): State<Arc<AckStore>>,
    identity: Option<Extension<Identity>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let who = acting(identity.as_ref().map(|e| &e.0), "acknowledge failures")?;
    let request: AckRequest = parse(&body, "acknowledgement")?;
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
    check_count(&request.entries, "Acknowledge")?;
    let acked = store
        .acknowledge(&request.entries, &who, comment, now_ms())
        .await?;
    tracing::info!(user = %who.user, acked, "failures acknowledged");
    let body = json!({
        "acknowledged": acked,
        "not_found": request.entries.len() as u64 - acked,
    });
    Ok(json_response(StatusCode::OK, body.to_string()))
}

async fn withdraw(
    State(store): State<Arc<AckStore>>,
    identity: Option<Extension<Identity>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let who = acting(identity.as_ref().map(|e| &e.0), "withdraw acknowledgements")?;
    let request: AckWithdrawal = parse(&body, "withdrawal")?;
    check_count(&request.entries, "Withdraw the acknowledgements of")?;
    let withdrawn = store.withdraw(&request.entries, &who, now_ms()).await?;
    tracing::info!(user = %who.user, withdrawn, "acknowledgements withdrawn");
    let body = json!({
        "withdrawn": withdrawn,
        "not_acknowledged": request.entries.len() as u64 - withdrawn,
    });
    Ok(json_response(StatusCode::OK, body.to_string()))
}
