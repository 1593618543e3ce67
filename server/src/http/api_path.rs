//! Which Task Center call a request is. One classifier serves both modes:
//! the emulator dispatches on it, and the upstream proxy lets through only
//! what it recognises. Matching is done on path segments by hand because
//! `failure-jobs/batch`, `failure-jobs/{id}` and `{group}/failure-jobs/batch`
//! overlap.

use axum::http::Method;
use percent_encoding::percent_decode_str;

/// A call of the console's API surface.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ApiCall {
    /// `GET task-center/failure-jobs`
    ListFailureJobs,
    /// `DELETE task-center/failure-jobs/{failure_job_id}`
    DeleteFailureJob(String),
    /// `DELETE task-center/failure-jobs/batch`
    DeleteGroupLevelFailures,
    /// `DELETE task-center/{server_group_id}/failure-jobs/batch`
    DeleteGroupFailures(String),
    /// `GET jobs/{job_id}`
    JobStatus(String),
    /// `GET server-groups`
    ListServerGroups,
}

/// A classified `/v1/{project_id}/...` request. Ids are percent-decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiRoute {
    pub project_id: String,
    pub call: ApiCall,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RouteError {
    /// No call of the console has this path.
    NotFound,
    /// The path is known, the method is not; the allowed one is given.
    MethodNotAllowed(Method),
}

fn decode(seg: &str) -> String {
    percent_decode_str(seg).decode_utf8_lossy().into_owned()
}

/// Classifies a request by method and path (no query).
pub fn classify(method: &Method, path: &str) -> Result<ApiRoute, RouteError> {
    let segs: Vec<&str> = path.strip_prefix('/').unwrap_or(path).split('/').collect();
    let (project, rest) = match segs.as_slice() {
        ["v1", project, rest @ ..] if !project.is_empty() => (*project, rest),
        _ => return Err(RouteError::NotFound),
    };
    if rest.iter().any(|s| s.is_empty()) {
        return Err(RouteError::NotFound);
    }
    let (call, allowed) = match rest {
        ["task-center", "failure-jobs"] => (ApiCall::ListFailureJobs, Method::GET),
        ["task-center", "failure-jobs", "batch"] => (ApiCall::DeleteGroupLevelFailures, Method::DELETE),
        ["task-center", "failure-jobs", id] => (ApiCall::DeleteFailureJob(decode(id)), Method::DELETE),
        ["task-center", group, "failure-jobs", "batch"] => {
            (ApiCall::DeleteGroupFailures(decode(group)), Method::DELETE)
        }
        ["jobs", id] => (ApiCall::JobStatus(decode(id)), Method::GET),
        ["server-groups"] => (ApiCall::ListServerGroups, Method::GET),
        _ => return Err(RouteError::NotFound),
    };
    if *method != allowed {
        return Err(RouteError::MethodNotAllowed(allowed));
    }
    Ok(ApiRoute {
        project_id: decode(project),
        call,
    })
}

/// True when every segment of the path is a plain id (`[A-Za-z0-9_-]`),
/// so a forwarded path means exactly what was classified: no dot segments,
/// no encoded slashes, nothing a URL parser could normalise.
pub fn is_plain_path(path: &str) -> bool {
    path.strip_prefix('/').is_some_and(|p| {
        p.split('/').all(|s| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn call(m: Method, p: &str) -> Result<ApiCall, RouteError> {
        classify(&m, p).map(|r| r.call)
    }

    #[test]
    fn overlapping_paths() {
        let base = "/v1/p";
        assert_eq!(
            call(Method::GET, &format!("{base}/task-center/failure-jobs")),
            Ok(ApiCall::ListFailureJobs)
        );
        assert_eq!(
            call(Method::DELETE, &format!("{base}/task-center/failure-jobs/batch")),
            Ok(ApiCall::DeleteGroupLevelFailures)
        );
        assert_eq!(
            call(Method::DELETE, &format!("{base}/task-center/failure-jobs/abc")),
            Ok(ApiCall::DeleteFailureJob("abc".into()))
        );
        assert_eq!(
            call(
                Method::DELETE,
                &format!("{base}/task-center/g1/failure-jobs/batch")
            ),
            Ok(ApiCall::DeleteGroupFailures("g1".into()))
        );
        assert_eq!(
            call(
                Method::DELETE,
                &format!("{base}/task-center/failure-jobs/failure-jobs/batch")
            ),
            Ok(ApiCall::DeleteGroupFailures("failure-jobs".into()))
        );
        assert_eq!(
            call(Method::GET, &format!("{base}/jobs/j%201")),
            Ok(ApiCall::JobStatus("j 1".into()))
        );
        assert_eq!(
            call(Method::GET, &format!("{base}/server-groups")),
            Ok(ApiCall::ListServerGroups)
        );
    }

    #[test]
    fn misses() {
        assert_eq!(
            call(Method::POST, "/v1/p/task-center/failure-jobs"),
            Err(RouteError::MethodNotAllowed(Method::GET))
        );
        assert_eq!(
            call(Method::GET, "/v1/p/task-center/failure-jobs/batch"),
            Err(RouteError::MethodNotAllowed(Method::DELETE))
        );
        for p in [
            "/v1",
            "/v1/",
            "/v1/p",
            "/v1//server-groups",
            "/v1/p/server-groups/",
            "/v1/p/server-groups/x/failover",
            "/v2/p/jobs/x",
        ] {
            assert_eq!(call(Method::GET, p), Err(RouteError::NotFound), "{p}");
        }
    }

    #[test]
    fn plain_paths() {
        assert!(is_plain_path("/v1/abc_1/jobs/ff80-8082"));
        for p in [
            "/v1/p/jobs/..",
            "/v1/p/jobs/%2e%2e",
            "/v1/p/jobs/a%2Fb",
            "/v1//jobs",
            "v1/p",
            "/v1/p/jobs/a.b",
        ] {
            assert!(!is_plain_path(p), "{p}");
        }
    }
}
