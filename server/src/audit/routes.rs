//! `GET /audit/records` (JSON page, newest first, with the total) and
//! `GET /audit/records.csv` (the same filters, as an attachment). Operators
//! only when team sign-in names the caller; without an identity the server
//! allows what it allows anonymous callers today.

use super::csv_export::to_csv;
use super::record::{AuditFilter, DEFAULT_LIMIT};
use crate::db::Database;
use crate::http::error::{codes, json_response, ApiError};
use crate::team::identity::{Identity, Role};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Extension, Router};
use serde_json::json;
use std::sync::Arc;

pub const RECORDS: &str = "/audit/records";
pub const RECORDS_CSV: &str = "/audit/records.csv";

/// Most records in one CSV export.
pub const CSV_MAX_RECORDS: i64 = 100_000;

pub fn routes(db: Arc<Database>) -> Router {
    Router::new()
        .route(RECORDS, get(records).fallback(crate::http::error::wrong_method))
        .route(
            RECORDS_CSV,
            get(records_csv).fallback(crate::http::error::wrong_method),
        )
        .with_state(db)
}

fn check_role(identity: Option<&Identity>) -> Result<(), ApiError> {
    match identity {
        Some(who) if who.role != Role::Operator => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "error",
            codes::NO_PERMISSION,
            format!("Your role ({}) may not read the audit trail", who.role.as_str()),
        )),
        _ => Ok(()),
    }
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn records(
    State(db): State<Arc<Database>>,
    identity: Option<Extension<Identity>>,
    uri: Uri,
) -> Result<Response, ApiError> {
    check_role(identity.as_deref())?;
    let filter = AuditFilter::parse(uri.query(), DEFAULT_LIMIT)?;
    let (records, total) = db.audit_records(&filter).await?;
    let body = json!({ "records": records, "total": total });
    Ok(no_store(json_response(StatusCode::OK, body.to_string())))
}

async fn records_csv(
    State(db): State<Arc<Database>>,
    identity: Option<Extension<Identity>>,
    uri: Uri,
) -> Result<Response, ApiError> {
    check_role(identity.as_deref())?;
    let filter = AuditFilter::parse(uri.query(), CSV_MAX_RECORDS)?;
    let (records, _) = db.audit_records(&filter).await?;
    let mut res = (StatusCode::OK, to_csv(&records)).into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"sdrs-audit.csv\""),
    );
    Ok(no_store(res))
}
