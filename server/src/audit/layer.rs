//! The middleware on `/v1/...` that records every delete: it reads what the
//! delete removes, writes a `pending` record, sends the delete, then
//! completes the record with the answer; a delete that succeeded marks
//! what it cleared in the failure journal. The call and the completion run
//! in their own task, so a caller that hangs up does not leave the record
//! pending; only a stop of the server between the two writes does.

use super::reader::{ReadFailed, Source};
use super::record::{Action, NewRecord, Outcome};
use crate::db::journal::Journal;
use crate::db::Database;
use crate::http::api_path::{classify, ApiCall};
use crate::http::error::{codes, ApiError};
use crate::http::request_log::{new_request_id, X_REQUEST_ID};
use crate::scopes::forward::call_of;
use crate::scopes::Scope;
use crate::team::identity::Identity;
use crate::util::timefmt::now_ms;
use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

/// User and method of a record when no sign-in layer named the caller.
pub const ANONYMOUS: &str = "anonymous";

pub struct AuditTrail {
    pub db: Arc<Database>,
    pub source: Source,
    /// `--region`, kept with each record.
    pub region: Option<String>,
    /// The scopes of `/scopes/{name}/v1/...`: a delete there is read from
    /// and recorded with its own scope.
    pub scopes: Arc<[Arc<Scope>]>,
    pub quiet: bool,
}

/// The action of a DELETE route and its ids, or `None` for other calls.
fn action_of(call: &ApiCall) -> Option<(Action, Option<String>, Option<String>)> {
    match call {
        ApiCall::DeleteFailureJob(id) => Some((Action::Delete, Some(id.clone()), None)),
        ApiCall::DeleteGroupFailures(g) => Some((Action::ClearGroup, None, Some(g.clone()))),
        ApiCall::DeleteGroupLevelFailures => Some((Action::ClearGroupLevel, None, None)),
        _ => None,
    }
}

/// The scope of a delete through this server's own `/v1`: the one scope
/// of its project, if the server watches it.
fn own_scope(scopes: &[Arc<Scope>], project_id: &str) -> Option<String> {
    let mut of_project = scopes.iter().filter(|s| s.project_id == project_id);
    match (of_project.next(), of_project.next()) {
        (Some(only), None) => Some(only.name.clone()),
        _ => None,
    }
}

pub async fn layer(State(trail): State<Arc<AuditTrail>>, req: Request, next: Next) -> Response {
    if req.method() != Method::DELETE {
        return next.run(req).await;
    }
    let (route, source, region, scope, v1_uri) = match classify(req.method(), req.uri().path()) {
        Ok(route) => {
            let scope = own_scope(&trail.scopes, &route.project_id);
            (
                route,
                trail.source.clone(),
                trail.region.clone(),
                scope,
                req.uri().clone(),
            )
        }
        Err(_) => {
            let Some((scope, v1_uri)) = call_of(&trail.scopes, req.uri()) else {
                return next.run(req).await;
            };
            let Ok(route) = classify(req.method(), v1_uri.path()) else {
                return next.run(req).await;
            };
            let source = Source::Upstream(scope.upstream.clone());
            (
                route,
                source,
                Some(scope.region.clone()),
                Some(scope.name.clone()),
                v1_uri,
            )
        }
    };
    let Some((action, failure_job_id, server_group_id)) = action_of(&route.call) else {
        return next.run(req).await;
    };
    let (user, method) = match req.extensions().get::<Identity>() {
        Some(who) => (who.user.clone(), who.method.as_str().to_owned()),
        None => (ANONYMOUS.to_owned(), ANONYMOUS.to_owned()),
    };
    let started_at_ms = now_ms();
    let action_name = action.as_str();
    let (removed, read_failed) = match source.removed(&route, &v1_uri, req.headers()).await {
        Ok(rows) => (rows, None),
        Err(ReadFailed(res)) => (Vec::new(), Some(res)),
    };
    let record = NewRecord {
        user,
        method,
        action,
        project_id: route.project_id.clone(),
        region,
        scope,
        failure_job_id,
        server_group_id,
        started_at_ms,
        removed,
    };
    let id = match trail.db.insert_pending(&record).await {
        Ok(id) => id,
        Err(e) => {
            return ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "error",
                codes::INTERNAL,
                format!("The audit record could not be written, so nothing was deleted: {e}"),
            )
            .into_response()
        }
    };
    let cleared = crate::journal::deleted_ids(&record.removed, record.failure_job_id.as_deref());
    let project_id = record.project_id;
    let task = tokio::spawn(async move {
        // A read that failed is the answer: the delete is not sent.
        let mut res = match read_failed {
            Some(res) => res,
            None => next.run(req).await,
        };
        let status = res.status();
        crate::ops::metrics::delete_done(action_name, status.is_success());
        if !res.headers().contains_key(X_REQUEST_ID) {
            if let Ok(v) = HeaderValue::from_str(&new_request_id()) {
                res.headers_mut().insert(X_REQUEST_ID, v);
            }
        }
        let request_id = res
            .headers()
            .get(X_REQUEST_ID)
            .and_then(|v| v.to_str().ok())
            .map(|s| s.chars().take(128).collect::<String>());
        let outcome = if status.is_success() {
            Outcome::Succeeded
        } else {
            Outcome::Failed
        };
        if let Err(e) = trail
            .db
            .complete(id, outcome, Some(status.as_u16()), request_id, now_ms())
            .await
        {
            if !trail.quiet {
                tracing::warn!("audit record {id} stays pending: {e}");
            }
        }
        if status.is_success() {
            let journal = Journal::new(trail.db.clone());
            if let Err(e) = journal
                .cleared_by_console(&project_id, &cleared, id, now_ms())
                .await
            {
                if !trail.quiet {
                    tracing::warn!("the journal does not link audit record {id} to what it cleared: {e}");
                }
            }
        }
        res
    });
    task.await.unwrap_or_else(|_| {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "error",
            codes::INTERNAL,
            "The delete stopped unexpectedly; its audit record stays pending",
        )
        .into_response()
    })
}
