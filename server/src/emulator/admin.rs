//! Emulator-only endpoints under `/__emulator/`, for tests and demos. They
//! do not exist in upstream mode.
//!
//! - `POST /__emulator/faults`: queue a one-shot fault (see [`QueuedFault`]);
//!   `GET` lists the queue, `DELETE` empties it.
//! - `POST /__emulator/jobs`: add a failed task (a `FailureJob` object plus
//!   an optional `server_group_id`, and an optional `project_id` naming one
//!   of `--emulated-scopes`); answers 201 with the stored task.
//! - `POST /__emulator/reset`: back to the initial data, queue emptied.
//! - `POST /__emulator/tick`: one tick of `--new-failure-every` now (even
//!   without the flag); answers what changed in the further projects.
//! - `GET /__emulator/requests`: the last 200 API and IAM requests (method, path with
//!   query, whether a token or signature was sent, `Origin`; the token only
//!   with `--emulator-log-tokens`); `DELETE` forgets them.
//!
//! Who may call them: see `emulator::guard`.

use crate::emulator::faults::QueuedFault;
use crate::emulator::seed::{hex_id, uuid, SeedJob};
use crate::emulator::state::{Emulator, SeenRequest};
use crate::http::auth_headers;
use crate::http::error::{codes, ApiError};
use crate::util::lock::lock;
use axum::body::Bytes;
use axum::extract::{Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use sdrs_models::{FailureJob, JobStatus};
use serde::Deserialize;
use std::sync::Arc;

pub fn routes(emu: Arc<Emulator>) -> Router {
    Router::new()
        .route(
            "/__emulator/faults",
            get(list_faults)
                .post(add_fault)
                .delete(clear_faults)
                .fallback(crate::http::error::wrong_method),
        )
        .route(
            "/__emulator/jobs",
            post(add_job).fallback(crate::http::error::wrong_method),
        )
        .route(
            "/__emulator/reset",
            post(reset).fallback(crate::http::error::wrong_method),
        )
        .route(
            "/__emulator/tick",
            post(tick).fallback(crate::http::error::wrong_method),
        )
        .route(
            "/__emulator/requests",
            get(requests)
                .delete(clear_requests)
                .fallback(crate::http::error::wrong_method),
        )
        .route_layer(axum::middleware::from_fn(
            crate::emulator::guard::require_operator,
        ))
        .with_state(emu)
}

fn json<T: serde::Serialize>(status: StatusCode, value: &T) -> Response {
    crate::http::error::json_response(status, serde_json::to_string(value).unwrap_or_default())
}

fn bad_json(e: impl std::fmt::Display) -> Response {
    ApiError::bad_request(codes::PARAMS, format!("Invalid JSON body: {e}")).into_response()
}

async fn list_faults(State(emu): State<Arc<Emulator>>) -> Response {
    let queue: Vec<QueuedFault> = lock(&emu.faults).iter().cloned().collect();
    json(StatusCode::OK, &queue)
}

async fn add_fault(State(emu): State<Arc<Emulator>>, body: Bytes) -> Response {
    let fault: QueuedFault = match serde_json::from_slice(&body) {
        Ok(f) => f,
        Err(e) => return bad_json(e),
    };
    match fault.normalised() {
        Ok(fault) => {
            let mut queue = lock(&emu.faults);
            queue.push_back(fault);
            json(StatusCode::CREATED, &serde_json::json!({ "queued": queue.len() }))
        }
        Err(msg) => ApiError::bad_request(codes::PARAMS, msg).into_response(),
    }
}

async fn clear_faults(State(emu): State<Arc<Emulator>>) -> StatusCode {
    lock(&emu.faults).clear();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
struct NewJob {
    #[serde(flatten)]
    job: FailureJob,
    #[serde(default)]
    server_group_id: Option<String>,
    /// Default: the main project.
    #[serde(default)]
    project_id: Option<String>,
}

/// Missing `job_id`, `resource_id`, `begin_time` and `job_status` are filled
/// in (random ids, now, FAIL); everything else is stored as given.
async fn add_job(State(emu): State<Arc<Emulator>>, body: Bytes) -> Response {
    let NewJob {
        mut job,
        server_group_id,
        project_id,
    } = match serde_json::from_slice(&body) {
        Ok(j) => j,
        Err(e) => return bad_json(e),
    };
    let store = match project_id.as_deref() {
        None => emu.store_of(&emu.project_id),
        Some(id) => emu.store_of(id),
    };
    let Some(store) = store else {
        return ApiError::bad_request(codes::PARAMS, "project_id is not an emulated project").into_response();
    };
    {
        let mut rng = lock(&emu.rng);
        if job.job_id.is_empty() {
            job.job_id = hex_id(&mut rng);
        }
        if job.resource_id.is_empty() {
            job.resource_id = uuid(&mut rng);
        }
    }
    if job.begin_time.is_empty() {
        job.begin_time = crate::util::timefmt::format_ms(crate::util::timefmt::now_ms());
    }
    if job.job_status.as_str().is_empty() {
        job.job_status = JobStatus::Fail;
    }
    let group_id = server_group_id.filter(|g| !g.is_empty());
    let mut store = crate::emulator::projects::write(store);
    match store.add(SeedJob {
        group_id: group_id.clone(),
        job,
    }) {
        Ok(stored) => {
            let mut value = serde_json::to_value(&stored.job).unwrap_or_default();
            value["server_group_id"] = group_id.map(serde_json::Value::String).unwrap_or_default();
            json(StatusCode::CREATED, &value)
        }
        Err(e) => e.into_response(),
    }
}

async fn reset(State(emu): State<Arc<Emulator>>) -> StatusCode {
    emu.reset();
    StatusCode::NO_CONTENT
}

async fn tick(State(emu): State<Arc<Emulator>>) -> Response {
    json(StatusCode::OK, &emu.tick())
}

async fn requests(State(emu): State<Arc<Emulator>>) -> Response {
    let seen: Vec<SeenRequest> = lock(&emu.seen).iter().cloned().collect();
    json(StatusCode::OK, &seen)
}

async fn clear_requests(State(emu): State<Arc<Emulator>>) -> StatusCode {
    lock(&emu.seen).clear();
    StatusCode::NO_CONTENT
}

/// Remembers every `/v1/...` and `/v3/...` request, before faults and auth, so tests see
/// what the console sent even when it was refused.
pub async fn record(State(emu): State<Arc<Emulator>>, req: Request, next: Next) -> Response {
    let path = req.uri().path();
    if path == "/v1" || path.starts_with("/v1/") || path.starts_with("/v3/") {
        let headers = req.headers();
        let text = |name| {
            headers
                .get(name)
                .and_then(|v: &header::HeaderValue| v.to_str().ok())
                .map(str::to_owned)
        };
        emu.record(SeenRequest {
            method: req.method().to_string(),
            path: req
                .uri()
                .path_and_query()
                .map(|p| p.as_str().to_owned())
                .unwrap_or_default(),
            has_token: auth_headers::has_token(headers),
            token: text(auth_headers::X_AUTH_TOKEN).filter(|_| emu.flags.emulator_log_tokens),
            has_signature: auth_headers::has_signature(headers),
            origin: text(header::ORIGIN.as_str()),
        });
    }
    next.run(req).await
}
