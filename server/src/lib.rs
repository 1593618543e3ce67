//! `sdrs-console-server`: serves the SDRS console and the Task Center API it
//! calls, emulated in memory (default) or forwarded to a real SDRS endpoint
//! (`--upstream`). A library too, so other crates' tests start it in-process:
//!
//! ```no_run
//! # async fn demo() -> std::io::Result<()> {
//! use clap::Parser;
//! let cli = sdrs_console_server::Cli::parse_from(["sdrs-console-server", "--port", "0", "--quiet"]);
//! let addr = sdrs_console_server::spawn(cli).await?;
//! println!("http://{addr}/");
//! # Ok(()) }
//! ```

pub mod aksk;
pub mod audit;
pub mod cli;
pub mod db;
pub mod emulator;
pub mod http;
pub mod iam;
pub mod ops;
pub mod team;
pub mod upstream;
pub mod util;

pub use cli::{Cli, CountMode};

use axum::http::{header, HeaderName, Method};
use axum::routing::{any, get, post};
use axum::Router;
use emulator::state::Emulator;
use http::static_files::StaticFiles;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::compression::{CompressionLayer, CompressionLevel};
use tower_http::cors::{Any, CorsLayer};

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
        emulator::faults::H_STATUS,
        emulator::faults::H_BODY_B64,
        emulator::faults::H_CONTENT_TYPE,
        emulator::faults::H_DELAY_MS,
    ]
    .into_iter()
    .map(HeaderName::from_static)
    .collect();
    CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([Method::GET, Method::DELETE, Method::POST, Method::OPTIONS])
        .allow_headers(allow)
        .expose_headers([
            HeaderName::from_static(http::request_log::X_REQUEST_ID),
            header::CONTENT_TYPE,
        ])
}

/// Compression of dynamic answers (API JSON); static files are stored
/// compressed by the build instead. zstd at level 12 where the browser takes
/// it (a 1000-row page to ~14.7 % in ~10 ms; brotli needs quality 10, at
/// ~25× the CPU, to do as well), else brotli or gzip at their default levels.
/// The outer layer passes what the inner one encoded, as it passes bodies
/// that already carry a `Content-Encoding`.
fn compression() -> (CompressionLayer, CompressionLayer) {
    let br_or_gzip = CompressionLayer::new().no_zstd();
    let zstd = CompressionLayer::new()
        .no_br()
        .no_gzip()
        .no_deflate()
        .quality(CompressionLevel::Precise(12));
    (br_or_gzip, zstd)
}

/// The application of one server, plus its background tasks if any.
struct App {
    router: Router,
    emulator: Option<Arc<Emulator>>,
    renewer: Option<Arc<upstream::token_renewal::TokenRenewer>>,
    /// Sign-in, sessions and the access rule of this server.
    team: Arc<team::TeamAuth>,
    database: Arc<db::Database>,
    /// Start-up lines for the log (mode and credential, no secrets).
    notes: Vec<String>,
}

fn invalid_input(message: String) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message)
}

/// `POST /auth/iam/sign-in` when IAM sign-in is offered.
fn sign_in_routes(cli: &Cli, emulator: Option<&Arc<Emulator>>) -> io::Result<Router> {
    use iam::sign_in::{SignIn, SignInBackend};
    let backend = match (&cli.iam, emulator) {
        (Some(iam), _) => SignInBackend::Remote(iam::client::IamClient::new(
            iam::client::resolve_endpoint(iam)?,
            cli.upstream_timeout_ms,
        )?),
        (None, Some(emu)) if emu.iam.is_some() => SignInBackend::Local(emu.clone()),
        _ => return Ok(Router::new()),
    };
    let route = SignIn {
        backend,
        project_id: cli.emulated_project_id().to_owned(),
        quiet: cli.quiet,
    };
    Ok(Router::new()
        .route(
            iam::sign_in::ROUTE,
            post(iam::sign_in::sign_in).fallback(http::error::wrong_method),
        )
        .with_state(Arc::new(route)))
}

/// The SDRS endpoint of upstream mode: `--upstream`, else the one of
/// `--region`; `None` is emulate mode. An unknown region is an error.
fn upstream_base(cli: &Cli) -> io::Result<Option<String>> {
    let invalid =
        |e: upstream::region::UnknownRegion| io::Error::new(io::ErrorKind::InvalidInput, e.to_string());
    let from_region = match &cli.region {
        Some(name) => Some(upstream::region::endpoints(name).map_err(invalid)?.sdrs),
        None => None,
    };
    Ok(cli.upstream.clone().or(from_region))
}

fn statics(files: StaticFiles) -> Router {
    Router::new()
        .route(
            "/config.json",
            get(http::static_files::config_json).fallback(http::error::wrong_method),
        )
        .fallback(http::static_files::serve)
        .with_state(Arc::new(files))
}

/// Sign-in and the access rule; with a server-side credential and no team
/// sign-in, refuses a non-loopback address.
/// Sessions live in the database, so several instances share them.
fn team_auth(
    cli: &Cli,
    holds_credential: bool,
    database: &Arc<db::Database>,
    notes: &mut Vec<String>,
) -> io::Result<Arc<team::TeamAuth>> {
    if let Some(note) = team::check_loopback(cli, holds_credential)? {
        notes.push(note);
    }
    let store = Arc::new(db::sessions::DbSessionStore::new(database.clone()));
    let team = team::TeamAuth::from_cli(cli, holds_credential, store)?;
    notes.extend(team.note());
    Ok(Arc::new(team))
}

/// Builds the router for the flags; fails on a bad `--data`, `--upstream`,
/// `--region`, `--iam`, `--database`, credential or users file, and on a
/// server-side credential without sign-in on a non-loopback address.
fn build(cli: Cli) -> io::Result<App> {
    // Installed before the first request is counted.
    ops::metrics::handle();
    let log = http::request_log::LogConfig { quiet: cli.quiet };
    let base = upstream_base(&cli)?;
    if base.is_some() && cli.emulator.iam_users.is_some() {
        return Err(invalid_input(
            "--iam-users emulates IAM; it does not go with --upstream or --region".into(),
        ));
    }
    if base.is_none() && cli.server_iam_user.is_some() {
        return Err(invalid_input(
            "the server-side IAM user (SDRS_IAM_*) is for upstream mode (--upstream or --region)".into(),
        ));
    }
    let database = Arc::new(db::Database::new(db::DatabaseTarget::resolve(
        cli.database.as_deref(),
        cli.data_dir.as_deref(),
        base.is_some(),
    )?)?);
    let health = |mode, renewer: Option<Arc<upstream::token_renewal::TokenRenewer>>| {
        Router::new()
            .route(
                "/healthz",
                get(ops::health::healthz).fallback(http::error::wrong_method),
            )
            .with_state(Arc::new(ops::health::Health {
                mode,
                iam_sign_in: cli.iam_sign_in(),
                renewer,
                database: database.clone(),
            }))
    };
    let audit_trail = |source| {
        Arc::new(audit::layer::AuditTrail {
            db: database.clone(),
            source,
            region: cli.region.clone(),
            quiet: cli.quiet,
        })
    };

    let mut notes = vec![format!("audit trail and sessions in {}", database.shown())];
    let (router, emulator, renewer, team) = match base {
        Some(base) => {
            upstream::proxy::check_base(&base)?;
            let client = upstream::proxy::http_client()?;
            let resolved = upstream::credential::resolve(&cli, &base, &client)?;
            notes.push(format!("upstream mode: forwarding the console's calls to {base}"));
            notes.push(resolved.note.clone());
            let team = team_auth(&cli, resolved.auth.is_some(), &database, &mut notes)?;
            let renewer = match &resolved.auth {
                Some(upstream::credential::UpstreamAuth::IamUser(r)) => Some(r.clone()),
                _ => None,
            };
            let files =
                StaticFiles::new(&cli, resolved.project.clone()).with_team_sign_in(team.config_json());
            let up = Arc::new(upstream::proxy::Upstream::new(
                &base,
                cli.upstream_timeout_ms,
                resolved.auth,
                cli.allow_delete,
                client,
            )?);
            let api = Router::new()
                .route("/v1", any(upstream::proxy::forward_signed_in))
                .route("/v1/", any(upstream::proxy::forward_signed_in))
                .route("/v1/{*rest}", any(upstream::proxy::forward_signed_in))
                .with_state(up.clone())
                .layer(axum::middleware::from_fn_with_state(
                    audit_trail(audit::reader::Source::Upstream(up)),
                    audit::layer::layer,
                ))
                .layer(compression());
            let router = api
                .merge(audit::routes::routes(database.clone()))
                .merge(sign_in_routes(&cli, None)?)
                .merge(health("upstream", renewer.clone()))
                .merge(statics(files));
            let router = team.apply(router);
            (router, None, renewer, team)
        }
        None => {
            let project = Arc::new(upstream::project::ProjectId::fixed(cli.emulated_project_id()));
            let team = team_auth(&cli, false, &database, &mut notes)?;
            let files = StaticFiles::new(&cli, project).with_team_sign_in(team.config_json());
            let emu = Arc::new(Emulator::new(emulator::state::EmulatorConfig::from_cli(&cli)?)?);
            if emu.verify_keys.is_some() {
                notes.push("emulate mode: verifying AK/SK signatures as the API gateway does".to_owned());
            }
            let api = Router::new()
                .route("/v1", any(emulator::task_center::api))
                .route("/v1/", any(emulator::task_center::api))
                .route("/v1/{*rest}", any(emulator::task_center::api))
                .route("/v3/projects", any(emulator::iam::projects::projects))
                .route(
                    "/v3/auth/tokens",
                    post(emulator::iam::tokens::auth_tokens).fallback(http::error::wrong_method),
                )
                .with_state(emu.clone());
            let router = api
                .merge(audit::routes::routes(database.clone()))
                .merge(sign_in_routes(&cli, Some(&emu))?)
                .merge(health("emulate", None))
                .merge(emulator::admin::routes(emu.clone()))
                .layer(compression())
                .merge(statics(files))
                .layer(axum::middleware::from_fn_with_state(
                    emu.clone(),
                    emulator::faults::layer,
                ))
                // Outside the faults: an injected failure is a failed delete.
                .layer(axum::middleware::from_fn_with_state(
                    audit_trail(audit::reader::Source::Local(emu.clone())),
                    audit::layer::layer,
                ));
            // Inside CORS (preflights pass) and the request record, outside
            // the audit trail (it reads the identity) and the injected
            // faults (an anonymous call gets no fault).
            let router = team
                .apply(router)
                .layer(axum::middleware::from_fn_with_state(
                    emu.clone(),
                    emulator::admin::record,
                ))
                .layer(cors());
            (router, Some(emu), None, team)
        }
    };
    // Outside the auth layer: monitors scrape without a session.
    let router = router
        .route(
            "/metrics",
            get(ops::metrics::render).fallback(http::error::wrong_method),
        )
        .layer(axum::middleware::from_fn(ops::metrics::track_requests));
    let router = team::security_headers::apply(
        router,
        &cli.frame_ancestors,
        team::public_url::is_https(&cli.public_url()),
    );
    let router = http::request_log::layer(router, log);
    Ok(App {
        router,
        emulator,
        renewer,
        team,
        database,
        notes,
    })
}

/// A server ready to run: flags checked, data loaded, router built.
pub struct Server {
    app: App,
    new_failure_every: Option<u64>,
}

impl Server {
    /// Fails on a bad `--data` file or `--upstream` URL.
    pub fn new(cli: Cli) -> io::Result<Self> {
        let new_failure_every = cli.emulator.new_failure_every;
        Ok(Server {
            app: build(cli)?,
            new_failure_every,
        })
    }

    /// The database of the audit trail and of sessions (the sign-in layer
    /// keeps its sessions there through `db::sessions::DbSessionStore`).
    pub fn database(&self) -> Arc<db::Database> {
        self.app.database.clone()
    }

    /// Connects to the database and runs its migrations; an unreachable
    /// database is an error here, before the server listens. [`Server::run`]
    /// does it too if it has not been done.
    pub async fn prepare(&self) -> io::Result<()> {
        self.app.database.prepare().await
    }

    /// What start-up decided (mode, kind of credential), for the log;
    /// never a secret.
    pub fn notes(&self) -> &[String] {
        &self.app.notes
    }

    /// Sign-in and sessions of this server (e.g. to start a session after
    /// another way of signing in).
    pub fn team(&self) -> &Arc<team::TeamAuth> {
        &self.app.team
    }

    /// Serves on `listener` until `shutdown` completes.
    pub async fn run(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
        self.prepare().await?;
        let ticker = match (self.app.emulator, self.new_failure_every) {
            (Some(emu), Some(secs)) if secs > 0 => Some(tokio::spawn(async move {
                let mut interval = tokio::time::interval(Duration::from_secs(secs));
                interval.tick().await;
                loop {
                    interval.tick().await;
                    emu.add_fresh_failure();
                }
            })),
            _ => None,
        };
        let renewal = self.app.renewer.map(|r| tokio::spawn(r.run()));
        let upkeep = Some(tokio::spawn(ops::metrics::upkeep()));
        let sweeper = Some(tokio::spawn(sweep_sessions(self.app.team.clone())));
        // The peer address decides whether proxy headers are trusted.
        let service = self
            .app
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        for task in [ticker, renewal, sweeper, upkeep].into_iter().flatten() {
            task.abort();
        }
        result
    }
}

/// Drops timed-out sessions from the store once a minute (or once an idle
/// period, when that is shorter).
async fn sweep_sessions(team: Arc<team::TeamAuth>) {
    let every = team
        .sessions
        .config()
        .idle
        .clamp(Duration::from_secs(1), Duration::from_secs(60));
    let mut interval = tokio::time::interval(every);
    loop {
        interval.tick().await;
        if let Err(e) = team.sessions.remove_expired().await {
            team.log(&format!("could not drop expired sessions: {e}"));
        }
    }
}

/// Serves on `listener` forever.
pub async fn serve(cli: Cli, listener: TcpListener) -> io::Result<()> {
    Server::new(cli)?.run(listener, std::future::pending()).await
}

/// Binds `cli.addr:cli.port` (port 0 picks one), starts the server on the
/// current tokio runtime and returns the bound address. Data and flag errors
/// are returned here, before anything runs.
pub async fn spawn(cli: Cli) -> io::Result<SocketAddr> {
    let server = Server::new(cli.clone())?;
    server.prepare().await?;
    let listener = TcpListener::bind((cli.addr, cli.port)).await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(e) = server.run(listener, std::future::pending()).await {
            eprintln!("sdrs-console-server stopped: {e}");
        }
    });
    Ok(addr)
}
