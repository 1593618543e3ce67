//! Error answers in the documented SDRS envelope `{"<key>":{"code","message"}}`.
//! Every failure path of the server ends here, so no client ever sees a bare
//! text error or a 500 from a rejected parameter.

use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sdrs_models::error::envelope_json;

/// An error answer: HTTP status, envelope key, SDRS code and message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiError {
    pub status: StatusCode,
    pub key: &'static str,
    pub code: &'static str,
    pub message: String,
}

impl ApiError {
    pub fn new(
        status: StatusCode,
        key: &'static str,
        code: &'static str,
        message: impl Into<String>,
    ) -> Self {
        ApiError {
            status,
            key,
            code,
            message: message.into(),
        }
    }

    /// 400 with the `error` key, as the service answers parameter errors.
    pub fn bad_request(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, "error", code, message)
    }

    /// 404 with the `itemNotFound` key.
    pub fn not_found(code: &'static str, message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "itemNotFound", code, message)
    }

    /// 404 for a path that is no API of this server.
    pub fn no_such_api() -> Self {
        Self::not_found(codes::NO_SUCH_API, "The API does not exist")
    }

    pub fn body(&self) -> String {
        envelope_json(self.key, self.code, &self.message)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        json_response(self.status, self.body())
    }
}

/// Lets handlers use `?` on [`ApiError`] where they return `Result<_, Response>`.
impl From<ApiError> for Response {
    fn from(e: ApiError) -> Self {
        e.into_response()
    }
}

/// 405 in the envelope, like the API's, for the non-API routes.
pub async fn wrong_method() -> Response {
    ApiError::new(
        StatusCode::METHOD_NOT_ALLOWED,
        "error",
        codes::PARAMS,
        "Method not allowed on this path",
    )
    .into_response()
}

/// A JSON body with its content type.
pub fn json_response(status: StatusCode, body: String) -> Response {
    let mut res = (status, body).into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json;charset=UTF-8"),
    );
    res
}

/// The SDRS codes this server answers with.
pub mod codes {
    /// Project id of the path does not belong to this account.
    pub const PROJECT: &str = "SDRS.0001";
    /// Token missing or invalid.
    pub const TOKEN: &str = "SDRS.0002";
    /// The IAM policy of the caller does not allow the operation.
    pub const NO_PERMISSION: &str = "SDRS.0005";
    /// Call refused by the console proxy.
    pub const NOT_ALLOWED: &str = "SDRS.0004";
    /// Internal error, also used for upstream failures and injected faults.
    pub const INTERNAL: &str = "SDRS.0013";
    /// Invalid request parameters.
    pub const PARAMS: &str = "SDRS.0201";
    /// Invalid protection group id.
    pub const GROUP_INVALID: &str = "SDRS.0207";
    /// Invalid limit.
    pub const LIMIT: &str = "SDRS.0221";
    /// Invalid offset.
    pub const OFFSET: &str = "SDRS.0222";
    /// Protection group not found.
    pub const GROUP_NOT_FOUND: &str = "SDRS.1013";
    /// Job or failed task not found: the id in the path is not valid here.
    pub const JOB_NOT_FOUND: &str = "SDRS.0201";
    /// No API at this path (the API gateway's code for it).
    pub const NO_SUCH_API: &str = "APIGW.0101";
}
