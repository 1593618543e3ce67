//! Silences: matchers on scope, failure status, error code and resource
//! name over a time span, during which matching failures are not announced
//! on any alert channel. The rules are plain functions ([`rules`]), the
//! table is [`crate::db::silences`], the routes [`routes`].

pub mod routes;
pub mod rules;

use crate::http::error::{codes, ApiError};
use crate::team::identity::Identity;
use axum::http::StatusCode;

/// Who does it: the signed-in user, or `anonymous` without sign-in. An
/// error for a role that may not change things (viewers).
pub(crate) fn actor(identity: Option<&Identity>, what: &str) -> Result<String, ApiError> {
    match identity {
        Some(who) if !who.role.may_delete() => Err(ApiError::new(
            StatusCode::FORBIDDEN,
            "error",
            codes::NO_PERMISSION,
            format!("Your role ({}) may not {what}", who.role.as_str()),
        )),
        Some(who) => Ok(who.user.clone()),
        None => Ok(crate::audit::layer::ANONYMOUS.to_owned()),
    }
}
