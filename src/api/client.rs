//! The Task Center client: gloo-net requests, auth, timeout, abort and error
//! mapping. Every call returns `Result<_, ApiError>`; an aborted call
//! returns `ErrorKind::Aborted`, which callers drop silently.

use super::body::Body;
use super::error::{ApiError, ErrorKind};
use crate::view_model::team_session::CSRF_HEADER;
use gloo_net::http::{Request, RequestBuilder};
use sdrs_models::query::encode_component;
use sdrs_models::{
    FailureJobList, FailureJobMarks, FailureJobQuery, JobStatusRecord, ProtectionGroupList,
    SharedFailureJobList,
};
use std::cell::{Cell, RefCell};
use std::future::Future;
use std::pin::Pin;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use web_sys::{AbortController, AbortSignal};

/// Default time a request may take before it is reported as a timeout.
pub const DEFAULT_TIMEOUT_MS: i32 = 20_000;

/// An async callback that yields a token (e.g. a host portal's `getToken`).
/// `refresh` is true after a 401, asking for a fresh token.
pub type TokenProvider = Rc<dyn Fn(bool) -> Pin<Box<dyn Future<Output = Option<String>>>>>;

/// Where `X-Auth-Token` comes from.
#[derive(Clone, Default)]
pub enum TokenSource {
    /// No header: a same-origin proxy adds auth.
    #[default]
    None,
    Static(String),
    Provider(TokenProvider),
}

/// A team sign-in session the client's calls belong to: its CSRF token
/// goes on every state-changing call, and a 401 (the session ended) is
/// told to `on_expired`.
#[derive(Clone)]
pub struct SessionAuth {
    pub csrf_token: String,
    pub on_expired: Rc<dyn Fn()>,
}

#[derive(Clone)]
pub struct ApiClient {
    /// Scheme, host and optional path prefix, without a trailing `/`;
    /// empty for the page's own origin.
    base: Rc<str>,
    project_id: Rc<str>,
    token: Rc<RefCell<TokenSource>>,
    /// `None`: no team session (an embedding host, a plain emulator).
    session: Rc<RefCell<Option<SessionAuth>>>,
    timeout_ms: i32,
}

pub(super) struct Answer {
    pub(super) status: u16,
    /// Decoded from bytes, which skips the UTF-16 round trip of a JS
    /// string (the body of a 1000-row page is ~400 KB).
    body: Body,
    request_id: Option<String>,
}

impl Answer {
    pub(super) fn new(status: u16, body: Body, request_id: Option<String>) -> Answer {
        Answer {
            status,
            body,
            request_id,
        }
    }

    /// The body decoded by `decode`, or why it does not decode.
    pub(super) fn decode<T>(
        self,
        decode: impl FnOnce(&[u8]) -> Result<T, serde_json::Error>,
    ) -> Result<T, ApiError> {
        let bytes = self.body.bytes();
        decode(&bytes).map_err(|e| self.decode_error(&e, &bytes))
    }

    /// The body decoded by `stream` through a small window; a body it
    /// refuses goes to `decode` whole (its lenient rules need every byte,
    /// and its error is the one reported).
    pub(super) fn decode_streamed<T>(
        self,
        stream: impl FnOnce(&mut dyn std::io::Read) -> Result<T, serde_json::Error>,
        decode: impl FnOnce(&[u8]) -> Result<T, serde_json::Error>,
    ) -> Result<T, ApiError> {
        let streamed = stream(&mut self.body.reader());
        match streamed {
            Ok(value) => Ok(value),
            Err(_) => self.decode(decode),
        }
    }

    fn decode_error(&self, e: &serde_json::Error, bytes: &[u8]) -> ApiError {
        let body = String::from_utf8_lossy(bytes);
        ApiError::decode(self.status, &decode_reason(e), &body, self.request_id.clone())
    }

    /// The error an answer of status 400 or more stands for.
    fn http_error(self) -> ApiError {
        let bytes = self.body.bytes();
        let body = String::from_utf8_lossy(&bytes);
        ApiError::from_response(self.status, &body, self.request_id)
    }
}

impl ApiClient {
    pub fn new(base: &str, project_id: &str, token: TokenSource) -> Self {
        ApiClient {
            base: base.trim().trim_end_matches('/').into(),
            project_id: project_id.trim().into(),
            token: Rc::new(RefCell::new(token)),
            session: Rc::new(RefCell::new(None)),
            timeout_ms: DEFAULT_TIMEOUT_MS,
        }
    }

    pub fn with_timeout_ms(mut self, ms: i32) -> Self {
        self.timeout_ms = ms.max(1);
        self
    }

    pub fn project_id(&self) -> &str {
        &self.project_id
    }

    /// Replaces the token (e.g. one typed after a 401); shared by clones.
    pub fn set_token(&self, token: TokenSource) {
        *self.token.borrow_mut() = token;
    }

    /// Joins the calls to a team session (or leaves it); shared by clones.
    pub fn set_session(&self, session: Option<SessionAuth>) {
        *self.session.borrow_mut() = session;
    }

    /// `base` + `path` (which starts with `/`): the server's own routes.
    pub(super) fn server_url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub fn has_token(&self) -> bool {
        !matches!(*self.token.borrow(), TokenSource::None)
    }

    fn url(&self, path: &str) -> String {
        format!("{}/v1/{}/{}", self.base, encode_component(&self.project_id), path)
    }

    pub async fn list_failure_jobs(
        &self,
        query: &FailureJobQuery,
        signal: Option<&AbortSignal>,
    ) -> Result<FailureJobList, ApiError> {
        let url = format!(
            "{}?{}",
            self.url("task-center/failure-jobs"),
            query.to_query_string()
        );
        let answer = self.send(Verb::Get, &url, signal).await?;
        answer.decode(|body| FailureJobList::from_json(body))
    }

    /// The page of `query` with its rows shared, decoded straight into
    /// them (the panel's list and the walk over all pages keep `Arc`s).
    pub(crate) async fn list_shared_failure_jobs(
        &self,
        query: &FailureJobQuery,
        signal: Option<&AbortSignal>,
    ) -> Result<SharedFailureJobList, ApiError> {
        let url = format!(
            "{}?{}",
            self.url("task-center/failure-jobs"),
            query.to_query_string()
        );
        let answer = self.send_list(&url, signal).await?;
        answer.decode(|body| SharedFailureJobList::from_json(body))
    }

    /// The page of `query` read for its begin times and statuses only
    /// (the timeline's walk): the other fields are skipped while decoding.
    pub async fn list_failure_job_marks(
        &self,
        query: &FailureJobQuery,
        signal: Option<&AbortSignal>,
    ) -> Result<FailureJobMarks, ApiError> {
        let url = format!(
            "{}?{}",
            self.url("task-center/failure-jobs"),
            query.to_query_string()
        );
        let answer = self.send(Verb::Get, &url, signal).await?;
        answer.decode_streamed(FailureJobMarks::from_reader, |body| {
            FailureJobMarks::from_json(body)
        })
    }

    pub async fn delete_failure_job(&self, failure_job_id: &str) -> Result<(), ApiError> {
        let path = format!("task-center/failure-jobs/{}", encode_component(failure_job_id));
        self.send(Verb::Delete, &self.url(&path), None).await.map(drop)
    }

    /// Deletes every failed task of one protection group.
    pub async fn clear_group_failure_jobs(&self, server_group_id: &str) -> Result<(), ApiError> {
        let path = format!(
            "task-center/{}/failure-jobs/batch",
            encode_component(server_group_id)
        );
        self.send(Verb::Delete, &self.url(&path), None).await.map(drop)
    }

    /// Deletes every protection-group-level failed task.
    pub async fn clear_group_level_failure_jobs(&self) -> Result<(), ApiError> {
        self.send(Verb::Delete, &self.url("task-center/failure-jobs/batch"), None)
            .await
            .map(drop)
    }

    pub async fn job_status(
        &self,
        job_id: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<JobStatusRecord, ApiError> {
        let path = format!("jobs/{}", encode_component(job_id));
        let answer = self.send(Verb::Get, &self.url(&path), signal).await?;
        answer.decode(|body| JobStatusRecord::from_json(body))
    }

    pub async fn protection_groups(&self, limit: u32, offset: u64) -> Result<ProtectionGroupList, ApiError> {
        let path = format!("server-groups?limit={}&offset={offset}", limit.clamp(1, 1000));
        let answer = self.send(Verb::Get, &self.url(&path), None).await?;
        answer.decode(|body| ProtectionGroupList::from_json(body))
    }

    /// Sends with auth, timeout and the caller's abort signal; after a 401
    /// with a token provider, asks it for a fresh token and tries once more.
    pub(super) async fn send(
        &self,
        verb: Verb,
        url: &str,
        signal: Option<&AbortSignal>,
    ) -> Result<Answer, ApiError> {
        self.send_body(verb, url, None, signal).await
    }

    /// [`ApiClient::send`] with a JSON body.
    pub(super) async fn send_json(&self, verb: Verb, url: &str, body: String) -> Result<Answer, ApiError> {
        self.send_body(verb, url, Some(&body), None).await
    }

    async fn send_body(
        &self,
        verb: Verb,
        url: &str,
        body: Option<&str>,
        signal: Option<&AbortSignal>,
    ) -> Result<Answer, ApiError> {
        let answer = self
            .send_once(self.request(verb, url), body, signal, false)
            .await?;
        let is_provider = matches!(*self.token.borrow(), TokenSource::Provider(_));
        let answer = if answer.status == 401 && is_provider {
            self.send_once(self.request(verb, url), body, signal, true)
                .await?
        } else {
            answer
        };
        if answer.status == 401 {
            let session = self.session.borrow().clone();
            if let Some(session) = session {
                (session.on_expired)();
            }
        }
        if answer.status >= 400 {
            return Err(answer.http_error());
        }
        Ok(answer)
    }

    async fn send_once(
        &self,
        builder: RequestBuilder,
        body: Option<&str>,
        outer: Option<&AbortSignal>,
        refresh: bool,
    ) -> Result<Answer, ApiError> {
        let token = self.current_token(refresh).await;
        let mut builder = builder;
        if let Some(token) = token.filter(|t| !t.is_empty()) {
            builder = builder.header("X-Auth-Token", &token);
        }
        let guard = AbortGuard::new(outer, self.timeout_ms)?;
        let result = async {
            let builder = builder.abort_signal(Some(&guard.signal()));
            let response = match body {
                Some(body) => {
                    builder
                        .header("Content-Type", "application/json")
                        .body(body.to_owned())?
                        .send()
                        .await?
                }
                None => builder.send().await?,
            };
            let status = response.status();
            let request_id = response.headers().get("x-request-id");
            let body = Body::read(&web_sys::Response::from(response)).await?;
            Ok::<_, gloo_net::Error>(Answer {
                status,
                body,
                request_id,
            })
        }
        .await;
        result.map_err(|e| guard.classify(e))
    }

    async fn current_token(&self, refresh: bool) -> Option<String> {
        let source = self.token.borrow().clone();
        match source {
            TokenSource::None => None,
            TokenSource::Static(t) => Some(t),
            TokenSource::Provider(provider) => provider(refresh).await,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Verb {
    Get,
    Post,
    Delete,
}

impl ApiClient {
    /// A new request (gloo-net builders are not `Clone`): a state-changing
    /// one carries the session's CSRF token.
    fn request(&self, verb: Verb, url: &str) -> RequestBuilder {
        let builder = verb.builder(url);
        match (verb, &*self.session.borrow()) {
            (Verb::Delete | Verb::Post, Some(session)) => builder.header(CSRF_HEADER, &session.csrf_token),
            _ => builder,
        }
    }
}

impl Verb {
    /// gloo-net builders are not `Clone`: a retry builds a new one.
    fn builder(self, url: &str) -> RequestBuilder {
        match self {
            Verb::Get => Request::get(url),
            Verb::Post => Request::post(url),
            Verb::Delete => Request::delete(url),
        }
    }
}

fn decode_reason(e: &serde_json::Error) -> String {
    format!("unexpected response ({e})")
}

/// One request's AbortController: aborted by the caller's signal or by the
/// timeout, and able to tell which happened.
struct AbortGuard {
    controller: AbortController,
    timed_out: Rc<Cell<bool>>,
    outer: Option<(AbortSignal, Closure<dyn FnMut()>)>,
    timer: i32,
    _on_timeout: Closure<dyn FnMut()>,
}

impl AbortGuard {
    fn new(outer: Option<&AbortSignal>, timeout_ms: i32) -> Result<Self, ApiError> {
        if outer.is_some_and(|s| s.aborted()) {
            return Err(ApiError::transport(ErrorKind::Aborted, "aborted"));
        }
        let controller =
            AbortController::new().map_err(|_| ApiError::transport(ErrorKind::Network, "AbortController"))?;
        let timed_out = Rc::new(Cell::new(false));
        let on_timeout = {
            let (controller, timed_out) = (controller.clone(), timed_out.clone());
            Closure::<dyn FnMut()>::new(move || {
                timed_out.set(true);
                controller.abort();
            })
        };
        let timer = web_sys::window()
            .and_then(|w| {
                w.set_timeout_with_callback_and_timeout_and_arguments_0(
                    on_timeout.as_ref().unchecked_ref(),
                    timeout_ms,
                )
                .ok()
            })
            .unwrap_or(0);
        let outer = outer.map(|signal| {
            let controller = controller.clone();
            let on_abort = Closure::<dyn FnMut()>::new(move || controller.abort());
            let _ = signal.add_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
            (signal.clone(), on_abort)
        });
        Ok(AbortGuard {
            controller,
            timed_out,
            outer,
            timer,
            _on_timeout: on_timeout,
        })
    }

    fn signal(&self) -> AbortSignal {
        self.controller.signal()
    }

    fn classify(&self, error: gloo_net::Error) -> ApiError {
        if self.timed_out.get() {
            ApiError::transport(ErrorKind::Timeout, "timed out")
        } else if self.controller.signal().aborted() {
            ApiError::transport(ErrorKind::Aborted, "aborted")
        } else {
            ApiError::transport(ErrorKind::Network, error.to_string())
        }
    }
}

impl Drop for AbortGuard {
    fn drop(&mut self) {
        if let Some(w) = web_sys::window() {
            w.clear_timeout_with_handle(self.timer);
        }
        if let Some((signal, on_abort)) = &self.outer {
            let _ = signal.remove_event_listener_with_callback("abort", on_abort.as_ref().unchecked_ref());
        }
    }
}
