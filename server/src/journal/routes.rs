//! `GET /api/journal` (a JSON [`sdrs_models::JournalPage`]: the page and
//! the exact total) and `GET /api/journal.csv` (the same filters, as an
//! attachment). Every signed-in user may read them, whatever the role;
//! the sign-in layer asks for a session on `/api`.

use super::csv_export::JournalCsv;
use super::query::{parse, DEFAULT_LIMIT};
use crate::db::journal::Journal;
use crate::http::error::{json_response, ApiError};
use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use sdrs_models::JournalQuery;
use std::sync::Arc;

pub const JOURNAL: &str = "/api/journal";
pub const JOURNAL_CSV: &str = "/api/journal.csv";

/// Most entries in one CSV export.
pub const CSV_MAX_ROWS: u32 = 100_000;

pub fn routes(journal: Arc<Journal>) -> Router {
    Router::new()
        .route(JOURNAL, get(page).fallback(crate::http::error::wrong_method))
        .route(JOURNAL_CSV, get(csv).fallback(crate::http::error::wrong_method))
        .route(
            super::trends::TRENDS,
            get(super::trends::trends).fallback(crate::http::error::wrong_method),
        )
        .with_state(journal)
}

fn no_store(mut res: Response) -> Response {
    res.headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    res
}

async fn page(State(journal): State<Arc<Journal>>, uri: Uri) -> Result<Response, ApiError> {
    let q = parse(uri.query(), DEFAULT_LIMIT, JournalQuery::MAX_LIMIT)?;
    let page = journal.page(&q).await?;
    let body = serde_json::to_string(&page).map_err(|e| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "error",
            crate::http::error::codes::INTERNAL,
            format!("The journal page could not be written: {e}"),
        )
    })?;
    Ok(no_store(json_response(StatusCode::OK, body)))
}

async fn csv(State(journal): State<Arc<Journal>>, uri: Uri) -> Result<Response, ApiError> {
    let wanted = parse(uri.query(), CSV_MAX_ROWS, CSV_MAX_ROWS)?;
    let mut doc = JournalCsv::new();
    // Page by page, so no more than one page of entries is held at a time.
    let mut q = JournalQuery {
        limit: JournalQuery::MAX_LIMIT,
        ..wanted.clone()
    };
    let mut left = u64::from(wanted.limit);
    while left > 0 {
        q.limit = JournalQuery::MAX_LIMIT.min(u32::try_from(left).unwrap_or(u32::MAX));
        let entries = journal.entries(&q, q.limit, false).await?;
        doc.push(&entries);
        let got = entries.len() as u64;
        if got < u64::from(q.limit) {
            break;
        }
        left -= got;
        q.offset += got;
    }
    let mut res = (StatusCode::OK, doc.finish()).into_response();
    let headers = res.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/csv; charset=utf-8"),
    );
    headers.insert(
        header::CONTENT_DISPOSITION,
        HeaderValue::from_static("attachment; filename=\"sdrs-journal.csv\""),
    );
    Ok(no_store(res))
}
