//! Emulate mode: the emulated Task Center and IAM routes, `/__emulator/*`,
//! the emulator's layers (CORS, request record, faults), the ticker of
//! `--new-failure-every` and, with `--emulated-scopes`, the loopback
//! listener of the further projects.

use crate::audit::reader::Source;
use crate::cli::Cli;
use crate::emulator::state::{Emulator, EmulatorConfig};
use crate::emulator::{admin, faults, guard, iam, internal, smn, task_center};
use crate::http::error::wrong_method;
use crate::http::request_log::X_REQUEST_ID;
use crate::iam::sign_in::TokenIssuer;
use crate::mode::{BackgroundTask, Mode, ModeLayers};
use crate::upstream::project::ProjectId;
use axum::http::{header, HeaderName, Method};
use axum::routing::{any, post};
use axum::Router;
use std::io;
use std::sync::Arc;
use std::time::Duration;
use tower_http::cors::{Any, CorsLayer};

/// Emulate mode, with what the server needs beside the [`Mode`] to watch
/// the emulated projects.
pub struct Emulate {
    pub mode: Mode,
    /// The emulator itself ([`Emulator::emulated_scopes`]).
    pub emulator: Arc<Emulator>,
    /// With `--emulated-scopes` N > 0: `http://127.0.0.1:PORT` of the
    /// loopback listener that serves the emulated API (every project) with
    /// no sign-in in the way; the mode's tasks serve it.
    pub internal_base: Option<String>,
}

/// Fails on a bad `--data` or `--iam-users` file, or `--verify-aksk`
/// without a key pair.
pub fn router(cli: &Cli) -> io::Result<Mode> {
    build(cli).map(|emulate| emulate.mode)
}

/// [`router`], plus the emulator and its loopback listener. Also fails
/// when that listener cannot bind.
pub fn build(cli: &Cli) -> io::Result<Emulate> {
    let emu = Arc::new(Emulator::new(EmulatorConfig::from_cli(cli)?)?);
    let mut notes = Vec::new();
    if emu.verify_keys.is_some() {
        notes.push("emulate mode: verifying AK/SK signatures as the API gateway does".to_owned());
    }
    let api = api_routes(&emu)
        .merge(admin::routes(emu.clone()))
        .merge(smn::routes(emu.clone()));
    let (record, injected) = (emu.clone(), emu.clone());
    let layers = ModeLayers {
        control_guard: Some(Box::new(|app: Router| {
            app.layer(axum::middleware::from_fn(guard::refuse_other_origins))
        })),
        cors: Some(cors()),
        request_record: Some(Box::new(move |app: Router| {
            app.layer(axum::middleware::from_fn_with_state(record, admin::record))
        })),
        faults: Some(Box::new(move |app: Router| {
            app.layer(axum::middleware::from_fn_with_state(injected, faults::layer))
        })),
    };
    let mut tasks: Vec<BackgroundTask> = new_failure_ticker(&emu, cli.emulator.new_failure_every)
        .into_iter()
        .collect();
    let internal_base = if emu.projects.is_empty() {
        None
    } else {
        let listener = internal::listen(&emu)?;
        notes.push(format!(
            "emulate mode: {} further projects, their API on {} for the watcher",
            emu.emulated_scopes().len(),
            listener.base
        ));
        tasks.push(listener.task);
        Some(listener.base)
    };
    let token_issuer = emu.iam.is_some().then(|| emu.clone() as Arc<dyn TokenIssuer>);
    let mode = Mode {
        name: "emulate",
        api,
        compress_own_answers: true,
        project: Arc::new(ProjectId::fixed(&emu.project_id)),
        holds_credential: false,
        audit_source: Source::Local(emu.clone()),
        token_issuer,
        renewer: None,
        layers,
        tasks,
        notes,
    };
    Ok(Emulate {
        mode,
        emulator: emu,
        internal_base,
    })
}

/// The emulated Task Center and IAM routes of every project.
pub fn api_routes(emu: &Arc<Emulator>) -> Router {
    Router::new()
        .route("/v1", any(task_center::api))
        .route("/v1/", any(task_center::api))
        .route("/v1/{*rest}", any(task_center::api))
        .route("/v3/projects", any(iam::projects::projects))
        .route(
            "/v3/auth/tokens",
            post(iam::tokens::auth_tokens).fallback(wrong_method),
        )
        .with_state(emu.clone())
}

/// One tick every `secs` seconds (`--new-failure-every`, see
/// [`Emulator::tick`]).
fn new_failure_ticker(emu: &Arc<Emulator>, every: Option<u64>) -> Option<BackgroundTask> {
    let secs = every.filter(|s| *s > 0)?;
    let emu = emu.clone();
    Some(Box::pin(async move {
        let mut interval = tokio::time::interval(Duration::from_secs(secs));
        interval.tick().await;
        loop {
            interval.tick().await;
            emu.tick();
        }
    }))
}

/// CORS of emulate mode: browser tests load the console from another
/// origin. Upstream mode answers no CORS at all.
fn cors() -> CorsLayer {
    let allow: Vec<HeaderName> = [
        "x-auth-token",
        "content-type",
        "authorization",
        "x-sdk-date",
        "x-project-id",
        "x-security-token",
        "x-sdk-content-sha256",
        faults::H_STATUS,
        faults::H_BODY_B64,
        faults::H_CONTENT_TYPE,
        faults::H_DELAY_MS,
    ]
    .into_iter()
    .map(HeaderName::from_static)
    .collect();
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::DELETE, Method::POST, Method::OPTIONS])
        .allow_headers(allow)
        .expose_headers([HeaderName::from_static(X_REQUEST_ID), header::CONTENT_TYPE])
}
