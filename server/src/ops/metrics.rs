//! The server's Prometheus metrics (`GET /metrics`): requests by route
//! template and status, upstream latency, sign-ins and deletes, the
//! watcher's polls by scope and the journal's open failures (read when
//! scraped, [`super::journal_gauges`]). Other code
//! counts through the one-line functions here ([`sign_in`], [`delete_done`],
//! [`upstream_call`]); label values are fixed words or route templates,
//! never a user name, an id or a raw path (a scope's name is the config
//! file's).
//!
//! One recorder serves the process (the `metrics` facade is global), so
//! several servers in one test process share the counters.

use crate::http::api_path::{classify, ApiCall};
use axum::extract::{MatchedPath, Request};
use axum::http::{header, HeaderValue, Method, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use std::borrow::Cow;
use std::sync::OnceLock;
use std::time::{Duration, Instant};

pub const HTTP_REQUESTS: &str = "sdrs_http_requests_total";
pub const HTTP_DURATION: &str = "sdrs_http_request_duration_seconds";
pub const UPSTREAM_DURATION: &str = "sdrs_upstream_request_duration_seconds";
pub const SIGN_INS: &str = "sdrs_sign_ins_total";
pub const DELETES: &str = "sdrs_deletes_total";
pub const WATCHER_ROUNDS: &str = "sdrs_watcher_round_duration_seconds";
pub const WATCHER_POLLS: &str = "sdrs_watcher_polls_total";
pub const WATCHER_LAST_SUCCESS: &str = "sdrs_watcher_last_success_timestamp_seconds";
pub const JOURNAL_OPEN: &str = "sdrs_journal_open_failures";
pub const ALERT_DELIVERIES: &str = "sdrs_alert_deliveries_total";

/// Latency buckets in seconds: a local emulator answers in well under a
/// millisecond, a slow upstream in seconds.
const BUCKETS: &[f64] = &[
    0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
];

static HANDLE: OnceLock<Option<PrometheusHandle>> = OnceLock::new();

/// The process's recorder, installed on first use. `None` when another
/// recorder was installed first (an embedding program's own): `/metrics`
/// then says so instead of answering empty.
pub fn handle() -> Option<&'static PrometheusHandle> {
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_duration_seconds".into()), BUCKETS)
                .ok()?;
            let handle = builder.install_recorder().ok()?;
            describe();
            Some(handle)
        })
        .as_ref()
}

fn describe() {
    metrics::describe_counter!(
        HTTP_REQUESTS,
        "HTTP requests answered, by route template, method and status"
    );
    metrics::describe_histogram!(
        HTTP_DURATION,
        metrics::Unit::Seconds,
        "Time to answer an HTTP request, by route template"
    );
    metrics::describe_histogram!(
        UPSTREAM_DURATION,
        metrics::Unit::Seconds,
        "Time of one forwarded call to the upstream SDRS endpoint, by outcome"
    );
    metrics::describe_counter!(
        SIGN_INS,
        "Sign-in attempts, by method (local, oidc, proxy) and outcome"
    );
    metrics::describe_counter!(DELETES, "Deletes and clears sent upstream, by action and outcome");
    metrics::describe_histogram!(
        WATCHER_ROUNDS,
        metrics::Unit::Seconds,
        "Time of one polling round of one scope (every list and the journal), by outcome"
    );
    metrics::describe_counter!(
        WATCHER_POLLS,
        "Polling rounds by scope and outcome (recorded; throttled, refused, failed, not_recorded are poll errors)"
    );
    metrics::describe_gauge!(
        WATCHER_LAST_SUCCESS,
        metrics::Unit::Seconds,
        "Unix time of each scope's last recorded round"
    );
    metrics::describe_counter!(
        ALERT_DELIVERIES,
        "Alert messages by channel and outcome (delivered, retry, misconfigured, unreachable, suppressed)"
    );
    metrics::describe_gauge!(
        JOURNAL_OPEN,
        "Failures open upstream, by scope and failure status, as the journal holds them"
    );
}

/// A sign-in attempt: `method` one of `local`, `oidc`, `proxy`; `outcome`
/// a fixed word such as `succeeded`, `refused`, `error`.
pub fn sign_in(method: &'static str, outcome: &'static str) {
    metrics::counter!(SIGN_INS, "method" => method, "outcome" => outcome).increment(1);
}

/// A delete or clear done: `action` one of `delete`, `clear_group`,
/// `clear_group_level`; `ok` whether the upstream answered 2xx.
pub fn delete_done(action: &'static str, ok: bool) {
    let outcome = if ok { "succeeded" } else { "failed" };
    metrics::counter!(DELETES, "action" => action, "outcome" => outcome).increment(1);
}

/// One polling round of one scope: how long it took, requests paced by
/// the credential's rate included; `outcome` one of `recorded`,
/// `throttled`, `refused`, `failed`, `not_recorded` (the journal failed).
pub fn watcher_round(scope: &str, elapsed: Duration, outcome: &'static str) {
    metrics::histogram!(WATCHER_ROUNDS, "outcome" => outcome).record(elapsed.as_secs_f64());
    metrics::counter!(WATCHER_POLLS, "scope" => scope.to_owned(), "outcome" => outcome).increment(1);
}

/// One forwarded upstream call: how long it took and how it ended
/// (`status` the HTTP status, or `None` for a timeout or no connection).
pub fn upstream_call(elapsed: Duration, status: Option<StatusCode>) {
    let outcome = match status {
        Some(s) if s.is_success() => "2xx",
        Some(s) if s.is_client_error() => "4xx",
        Some(s) if s.is_server_error() => "5xx",
        Some(_) => "other",
        None => "unreachable",
    };
    metrics::histogram!(UPSTREAM_DURATION, "outcome" => outcome).record(elapsed.as_secs_f64());
}

/// The route template of a request, for labels: the Task Center call for
/// `/v1/...` (ids replaced by their names), the router's matched path for
/// the other routes, `static` for files and `unmatched` for the rest.
pub fn route_template(method: &Method, path: &str, matched: Option<&str>) -> Cow<'static, str> {
    if path == "/v1" || path.starts_with("/v1/") {
        let template = match classify(method, path).map(|r| r.call) {
            Ok(ApiCall::ListFailureJobs) => "/v1/{project_id}/task-center/failure-jobs",
            Ok(ApiCall::DeleteFailureJob(_)) => "/v1/{project_id}/task-center/failure-jobs/{failure_job_id}",
            Ok(ApiCall::DeleteGroupLevelFailures) => "/v1/{project_id}/task-center/failure-jobs/batch",
            Ok(ApiCall::DeleteGroupFailures(_)) => {
                "/v1/{project_id}/task-center/{server_group_id}/failure-jobs/batch"
            }
            Ok(ApiCall::JobStatus(_)) => "/v1/{project_id}/jobs/{job_id}",
            Ok(ApiCall::ListServerGroups) => "/v1/{project_id}/server-groups",
            Err(_) => "/v1/unknown",
        };
        return Cow::Borrowed(template);
    }
    match matched {
        // The router's own templates: a small fixed set.
        Some(m) => Cow::Owned(m.to_owned()),
        None if method == Method::GET || method == Method::HEAD => Cow::Borrowed("static"),
        None => Cow::Borrowed("unmatched"),
    }
}

/// The method label: the standard methods by name, any other `other`, so
/// made-up methods cannot add series.
pub fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        Method::PATCH => "PATCH",
        Method::OPTIONS => "OPTIONS",
        Method::CONNECT => "CONNECT",
        Method::TRACE => "TRACE",
        _ => "other",
    }
}

/// The status label: a real status code, else `other` (a status past 599
/// is never one of ours).
fn status_label(status: StatusCode) -> Cow<'static, str> {
    match status.as_u16() {
        100..=599 => Cow::Owned(status.as_str().to_owned()),
        _ => Cow::Borrowed("other"),
    }
}

/// Middleware counting every request by route template, method and status.
pub async fn track_requests(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let method = req.method().clone();
    let route = route_template(
        &method,
        req.uri().path(),
        req.extensions().get::<MatchedPath>().map(MatchedPath::as_str),
    );
    let res = next.run(req).await;
    let status = status_label(res.status());
    metrics::counter!(HTTP_REQUESTS, "route" => route.clone(), "method" => method_label(&method), "status" => status)
        .increment(1);
    metrics::histogram!(HTTP_DURATION, "route" => route).record(start.elapsed().as_secs_f64());
    res
}

/// One alert message sent (or kept back) on `channel`, by outcome.
pub fn alert_delivery(channel: &str, outcome: &str) {
    metrics::counter!(ALERT_DELIVERIES, "channel" => channel.to_owned(), "outcome" => outcome.to_owned())
        .increment(1);
}

/// Drains histogram samples now and then, so memory stays flat between
/// scrapes; runs until aborted.
pub async fn upkeep() {
    let Some(handle) = handle() else { return };
    let mut tick = tokio::time::interval(Duration::from_secs(5));
    loop {
        tick.tick().await;
        handle.run_upkeep();
    }
}

/// `GET /metrics`: the Prometheus text format, with the journal's gauges
/// read first when the server keeps one.
pub async fn render(gauges: Option<std::sync::Arc<super::journal_gauges::JournalGauges>>) -> Response {
    if let Some(gauges) = gauges {
        gauges.refresh().await;
    }
    let Some(handle) = handle() else {
        return crate::http::error::ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "error",
            crate::http::error::codes::INTERNAL,
            "Metrics are not available: another metrics recorder is installed in this process",
        )
        .into_response();
    };
    handle.run_upkeep();
    let mut res = handle.render().into_response();
    res.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; version=0.0.4; charset=utf-8"),
    );
    res
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn api_paths_become_templates_without_ids() {
        let t = |m: Method, p: &str| route_template(&m, p, None);
        assert_eq!(
            t(Method::GET, "/v1/abc/task-center/failure-jobs"),
            "/v1/{project_id}/task-center/failure-jobs"
        );
        assert_eq!(
            t(Method::DELETE, "/v1/abc/task-center/secret-id/failure-jobs/batch"),
            "/v1/{project_id}/task-center/{server_group_id}/failure-jobs/batch"
        );
        assert_eq!(
            t(Method::DELETE, "/v1/abc/task-center/failure-jobs/x1"),
            "/v1/{project_id}/task-center/failure-jobs/{failure_job_id}"
        );
        assert_eq!(
            t(Method::GET, "/v1/abc/jobs/j1"),
            "/v1/{project_id}/jobs/{job_id}"
        );
        assert_eq!(t(Method::POST, "/v1/abc/anything/else"), "/v1/unknown");
        assert_eq!(t(Method::GET, "/index.html"), "static");
        assert_eq!(t(Method::POST, "/nowhere"), "unmatched");
        assert_eq!(
            route_template(&Method::GET, "/healthz", Some("/healthz")),
            "/healthz"
        );
    }

    #[test]
    fn labels_are_bounded() {
        let made_up = Method::from_bytes(b"PROBE123").unwrap();
        assert_eq!(method_label(&made_up), "other");
        assert_eq!(method_label(&Method::DELETE), "DELETE");
        assert_eq!(route_template(&made_up, "/anything/at/all", None), "unmatched");
        assert_eq!(status_label(StatusCode::from_u16(999).unwrap()), "other");
        assert_eq!(status_label(StatusCode::NO_CONTENT), "204");
    }

    #[test]
    fn counters_render_in_the_text_format() {
        handle().expect("the recorder of this test process");
        sign_in("oidc", "succeeded");
        delete_done("clear_group", false);
        upstream_call(Duration::from_millis(3), Some(StatusCode::NO_CONTENT));
        let text = handle().unwrap().render();
        assert!(
            text.contains(r#"sdrs_sign_ins_total{method="oidc",outcome="succeeded"}"#),
            "{text}"
        );
        assert!(
            text.contains(r#"sdrs_deletes_total{action="clear_group",outcome="failed"}"#),
            "{text}"
        );
        assert!(
            text.contains(r#"sdrs_upstream_request_duration_seconds_bucket{outcome="2xx",le="0.005"} 1"#),
            "{text}"
        );
    }
}
