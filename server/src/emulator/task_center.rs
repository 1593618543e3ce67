//! The emulated Task Center API (`/v1/...`), on the in-memory store.
//!
//! Order of checks: unknown path 404 (`APIGW.0101`), wrong method 405,
//! IAM token 401/403 (`--iam-users`, see `iam_emulate.rs`), missing
//! credentials 401 (`--require-token`; with `--verify-aksk` a bad
//! signature too, in the gateway's envelope), foreign project id 403
//! (`SDRS.0001`: the project id of the path must be `--project-id` or one
//! of `--emulated-scopes`), bad parameters 400, then the call on that
//! project's store.

use crate::emulator::gateway;
use crate::emulator::job_status;
use crate::emulator::params::{GroupParams, ListParams};
use crate::emulator::projects::{read, write};
use crate::emulator::state::Emulator;
use crate::http::api_path::{classify, ApiCall, ApiRoute, RouteError};
use crate::http::error::{codes, json_response, ApiError};
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{header, HeaderMap, HeaderValue, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// 405 in the envelope, with `Allow`.
pub fn method_not_allowed(allowed: &Method) -> Response {
    let mut res = ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "error",
        codes::PARAMS,
        format!("Method not allowed; this path takes {allowed}"),
    )
    .into_response();
    if let Ok(v) = HeaderValue::from_str(allowed.as_str()) {
        res.headers_mut().insert(header::ALLOW, v);
    }
    res
}

/// Every `/v1/...` request of emulate mode.
pub async fn api(
    State(emu): State<Arc<Emulator>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let route = match classify(&method, uri.path()) {
        Ok(route) => route,
        Err(RouteError::NotFound) => return ApiError::no_such_api().into_response(),
        Err(RouteError::MethodNotAllowed(allowed)) => return method_not_allowed(&allowed),
    };
    if let Some(dir) = &emu.iam {
        if let Some(refused) = crate::emulator::iam::tokens::refusal(dir, &route.call, &headers) {
            return refused;
        }
    }
    if let Some(refused) = gateway::refusal(&emu, method.as_str(), &uri, &headers, &body) {
        return refused;
    }
    handle(&emu, route, &uri).unwrap_or_else(IntoResponse::into_response)
}

fn handle(emu: &Emulator, route: ApiRoute, uri: &Uri) -> Result<Response, ApiError> {
    let Some(store) = emu.store_of(&route.project_id) else {
        return Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "error",
            codes::PROJECT,
            "The project id in the path does not match this account",
        ));
    };
    let query = uri.query();
    let out = match route.call {
        ApiCall::ListFailureJobs => {
            let p = ListParams::parse(query)?;
            let body = read(store).list_json(&p, emu.flags.count)?;
            json_response(StatusCode::OK, body)
        }
        ApiCall::DeleteFailureJob(id) => {
            if write(store).delete_one(&id) == 0 {
                return Err(ApiError::not_found(
                    codes::JOB_NOT_FOUND,
                    "The failed task does not exist",
                ));
            }
            StatusCode::NO_CONTENT.into_response()
        }
        ApiCall::DeleteGroupLevelFailures => {
            write(store).clear_scope(None)?;
            StatusCode::NO_CONTENT.into_response()
        }
        ApiCall::DeleteGroupFailures(group) => {
            write(store).clear_scope(Some(&group))?;
            StatusCode::NO_CONTENT.into_response()
        }
        ApiCall::JobStatus(id) => {
            let record = read(store).find_job(&id).map(job_status::record);
            let record =
                record.ok_or_else(|| ApiError::not_found(codes::JOB_NOT_FOUND, "The job does not exist"))?;
            json_response(StatusCode::OK, serde_json::to_string(&record).unwrap_or_default())
        }
        ApiCall::ListServerGroups => {
            let p = GroupParams::parse(query)?;
            json_response(StatusCode::OK, read(store).groups_json(&p))
        }
    };
    Ok(out)
}
