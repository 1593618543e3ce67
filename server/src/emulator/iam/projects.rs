//! The one IAM call the server makes, emulated: `GET /v3/projects?name=<region>`
//! answers the emulated project for any known region name (and an empty
//! list otherwise), checked like the API calls (`--verify-aksk`,
//! `--require-token`).

use crate::emulator::gateway;
use crate::emulator::state::Emulator;
use crate::http::error::json_response;
use crate::upstream::region::KNOWN_REGIONS;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, Method, StatusCode, Uri};
use axum::response::Response;
use std::sync::Arc;

/// The emulated account's domain id.
pub const DOMAIN_ID: &str = "d0123456789abcdef0123456789abcde";

pub async fn projects(
    State(emu): State<Arc<Emulator>>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    if method != Method::GET {
        return crate::emulator::task_center::method_not_allowed(&Method::GET);
    }
    if let Some(refused) = gateway::refusal(&emu, method.as_str(), &uri, &headers, &body) {
        return refused;
    }
    let name = crate::aksk::signer::parse_query(uri.query().unwrap_or(""))
        .into_iter()
        .find(|(k, _)| k == "name")
        .map(|(_, v)| v);
    let id = emu.project_id.as_str();
    let projects: Vec<serde_json::Value> = match name.as_deref() {
        Some(region) if KNOWN_REGIONS.contains(&region) => vec![serde_json::json!({
            "id": id,
            "name": region,
            "domain_id": DOMAIN_ID,
            "parent_id": DOMAIN_ID,
            "is_domain": false,
            "enabled": true,
            "description": "",
            "links": { "self": format!("/v3/projects/{id}") },
        })],
        _ => Vec::new(),
    };
    let body = serde_json::json!({
        "projects": projects,
        "links": { "self": "/v3/projects", "previous": null, "next": null },
    });
    json_response(StatusCode::OK, body.to_string())
}
