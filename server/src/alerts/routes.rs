//! `GET /api/alerts/channels`: each channel's kind, redacted URL, state,
//! counts and last delivery (never its secret nor the key in its URL).
//! `GET /api/alerts/deliveries?channel=&limit=`: the delivery log, newest
//! first. `POST /api/alerts/channels/{name}/test`: sends a test message;
//! operators and admins only when team sign-in names the caller. The
//! sign-in layer requires a session and checks CSRF under `/api`.

use super::delivery::status::{ChannelState, ChannelStatus};
use super::delivery::AlertSender;
use crate::http::error::{codes, json_response, ApiError};
use crate::http::query::parse_pairs;
use crate::team::identity::{actor, Identity};
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Extension, Router};
use sdrs_models::{AlertChannel, AlertChannelList, AlertDeliveryList, AlertTestAnswer};
use serde::Serialize;
use std::sync::Arc;

pub const CHANNELS: &str = "/api/alerts/channels";
pub const DELIVERIES: &str = "/api/alerts/deliveries";
pub const TEST: &str = "/api/alerts/channels/{name}/test";

const DEFAULT_LIMIT: i64 = 50;
const MAX_LIMIT: i64 = 500;

pub fn routes(sender: Arc<AlertSender>) -> Router {
    Router::new()
        .route(CHANNELS, get(channels).fallback(crate::http::error::wrong_method))
        .route(
            DELIVERIES,
            get(deliveries).fallback(crate::http::error::wrong_method),
        )
        .route(TEST, post(test).fallback(crate::http::error::wrong_method))
        .with_state(sender)
}

fn no_store<T: Serialize>(body: &T) -> Response {
    let body = serde_json::to_string(body).unwrap_or_else(|_| "{}".to_owned());
    let mut res = json_response(StatusCode::OK, body);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn channels(State(sender): State<Arc<AlertSender>>) -> Result<Response, ApiError> {
    let mut list = Vec::new();
    for slot in sender.slots() {
        let channel = &slot.channel;
        let mut status = crate::util::lock::lock(&slot.status).clone();
        let counts = sender.log().counts(channel.name()).await?;
        // Not sent by this instance since it started: the log tells.
        if let (ChannelState::Idle, Some(last)) = (status.state, &counts.last) {
            status = ChannelStatus {
                state: ChannelState::after(&last.outcome),
                reason: last.reason.clone(),
                since_ms: Some(last.at_ms),
            };
        }
        list.push(AlertChannel {
            name: channel.name().to_owned(),
            kind: channel.kind().as_str().to_owned(),
            url: channel.shown_url(),
            state: status.state.as_str().to_owned(),
            reason: status.reason,
            since_ms: status.since_ms,
            batch_secs: channel.spec.batch.as_secs(),
            per_minute: channel.spec.per_minute,
            remind_after_secs: channel.spec.remind_after.map(|d| d.as_secs()),
            pending: counts.pending,
            sent: counts.sent,
            attempts: counts.attempts,
            last: counts.last,
        });
    }
    Ok(no_store(&AlertChannelList { channels: list }))
}

async fn deliveries(State(sender): State<Arc<AlertSender>>, uri: Uri) -> Result<Response, ApiError> {
    let mut channel = None;
    let mut limit = DEFAULT_LIMIT;
    for (name, value) in parse_pairs(uri.query())? {
        match name.as_str() {
            "channel" if !value.is_empty() => channel = Some(value),
            "channel" => {}
            "limit" => {
                limit = value
                    .parse::<i64>()
                    .ok()
                    .filter(|n| (1..=MAX_LIMIT).contains(n))
                    .ok_or_else(|| {
                        ApiError::bad_request(
                            codes::PARAMS,
                            format!("limit must be between 1 and {MAX_LIMIT}"),
                        )
                    })?;
            }
            _ => {}
        }
    }
    if let Some(name) = &channel {
        if sender.slot(name).is_none() {
            return Err(ApiError::not_found(
                codes::PARAMS,
                "No alert channel has that name",
            ));
        }
    }
    let list = sender.log().list(channel.as_deref(), limit).await?;
    Ok(no_store(&AlertDeliveryList { deliveries: list }))
}

async fn test(
    State(sender): State<Arc<AlertSender>>,
    identity: Option<Extension<Identity>>,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    actor(identity.as_ref().map(|e| &e.0), "send a test alert")?;
    match sender.test(&name).await {
        Some(Ok(delivery)) => Ok(no_store(&AlertTestAnswer { delivery })),
        Some(Err(wait)) => Ok(crate::team::answers::too_many(
            wait,
            "The channel's rate limit is reached; a test message would be refused",
        )),
        None => Err(ApiError::not_found(
            codes::PARAMS,
            "No alert channel has that name",
        )),
    }
}
