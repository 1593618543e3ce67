//! `GET /api/silences` (every signed-in user), `POST /api/silences` and
//! `DELETE /api/silences/{id}` (expires it; operators and admins under
//! team sign-in). The sign-in layer requires a session and checks CSRF
//! under `/api`.

use super::rules::validate;
use crate::db::silences::SilenceStore;
use crate::http::error::{codes, json_response, ApiError};
use crate::team::identity::actor;
use crate::team::identity::Identity;
use crate::util::timefmt::now_ms;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::Response;
use axum::routing::{delete, get};
use axum::{Extension, Router};
use sdrs_models::{NewSilence, SilenceList};
use serde::Serialize;
use std::sync::Arc;

pub const SILENCES: &str = "/api/silences";
pub const SILENCE: &str = "/api/silences/{id}";

pub fn routes(store: SilenceStore) -> Router {
    Router::new()
        .route(
            SILENCES,
            get(list).post(add).fallback(crate::http::error::wrong_method),
        )
        .route(SILENCE, delete(expire).fallback(crate::http::error::wrong_method))
        .with_state(Arc::new(store))
}

fn json<T: Serialize>(status: StatusCode, value: &T) -> Response {
    let body = serde_json::to_string(value).unwrap_or_else(|_| "{}".to_owned());
    let mut res = json_response(status, body);
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn list(State(store): State<Arc<SilenceStore>>) -> Result<Response, ApiError> {
    let silences = store.list(now_ms()).await?;
    Ok(json(StatusCode::OK, &SilenceList { silences }))
}

async fn add(
    State(store): State<Arc<SilenceStore>>,
    identity: Option<Extension<Identity>>,
    body: Bytes,
) -> Result<Response, ApiError> {
    let who = actor(identity.as_ref().map(|e| &e.0), "add a silence")?;
    let new: NewSilence = serde_json::from_slice(&body).map_err(|e| {
        ApiError::bad_request(
            codes::PARAMS,
            format!("The silence is not JSON of the expected shape: {e}"),
        )
    })?;
    let now = now_ms();
    let valid = validate(&new, now).map_err(|e| ApiError::bad_request(codes::PARAMS, e))?;
    let silence = store.add(&valid, &who, now).await?;
    tracing::info!(id = silence.id, user = %who, "silence added");
    Ok(json(StatusCode::CREATED, &silence))
}

async fn expire(
    State(store): State<Arc<SilenceStore>>,
    identity: Option<Extension<Identity>>,
    Path(id): Path<String>,
) -> Result<Response, ApiError> {
    let who = actor(identity.as_ref().map(|e| &e.0), "expire a silence")?;
    let not_found = || ApiError::not_found(codes::PARAMS, format!("No silence has the id {id}"));
    let number: i64 = id.parse().map_err(|_| not_found())?;
    let silence = store.expire(number, now_ms()).await?.ok_or_else(not_found)?;
    tracing::info!(id = number, user = %who, "silence expired");
    Ok(json(StatusCode::OK, &silence))
}
