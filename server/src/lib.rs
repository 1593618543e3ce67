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

pub mod admin;
pub mod api_path;
pub mod auth;
pub mod cli;
pub mod emulate;
pub mod error;
pub mod faults;
pub mod job_status;
pub mod params;
pub mod request_log;
pub mod seed;
pub mod state;
pub mod static_files;
pub mod store;
pub mod timefmt;
pub mod upstream;

pub use cli::{Cli, CountMode};

use axum::http::{header, HeaderName, Method};
use axum::routing::{any, get};
use axum::Router;
use state::Emulator;
use static_files::StaticFiles;
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tower_http::compression::CompressionLayer;
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
        .expose_headers([
            HeaderName::from_static(request_log::X_REQUEST_ID),
            header::CONTENT_TYPE,
        ])
}

/// Compression of dynamic answers (API JSON) for browsers that accept br or
/// gzip; static files are stored compressed by the build instead. Bodies
/// that already carry a `Content-Encoding` pass as they are.
fn compression() -> CompressionLayer {
    CompressionLayer::new()
}

/// The application of one server, plus its background task if any.
struct App {
    router: Router,
    emulator: Option<Arc<Emulator>>,
}

/// Builds the router for the flags; fails on a bad `--data` or `--upstream`.
fn build(cli: Cli) -> io::Result<App> {
    let files = Arc::new(StaticFiles::new(&cli));
    let log = request_log::LogConfig { quiet: cli.quiet };
    let statics = Router::new()
        .route(
            "/config.json",
            get(static_files::config_json).fallback(error::wrong_method),
        )
        .fallback(static_files::serve)
        .with_state(files);

    let (router, emulator) = match &cli.upstream {
        Some(base) => {
            let up = Arc::new(upstream::Upstream::new(
                base,
                cli.upstream_timeout_ms,
                cli.server_token().map(str::to_owned),
                cli.allow_delete,
            )?);
            let api = Router::new()
                .route("/v1", any(upstream::forward))
                .route("/v1/", any(upstream::forward))
                .route("/v1/{*rest}", any(upstream::forward))
                .with_state(up)
                .layer(compression());
            (api.merge(statics), None)
        }
        None => {
            let emu = Arc::new(Emulator::new(cli)?);
            let api = Router::new()
                .route("/v1", any(emulate::api))
                .route("/v1/", any(emulate::api))
                .route("/v1/{*rest}", any(emulate::api))
                .with_state(emu.clone());
            let router = api
                .merge(admin::routes(emu.clone()))
                .layer(compression())
                .merge(statics)
                .layer(axum::middleware::from_fn_with_state(emu.clone(), faults::layer))
                .layer(axum::middleware::from_fn_with_state(emu.clone(), admin::record))
                .layer(cors());
            (router, Some(emu))
        }
    };
    let router = router.layer(axum::middleware::from_fn_with_state(log, request_log::layer));
    Ok(App { router, emulator })
}

/// A server ready to run: flags checked, data loaded, router built.
pub struct Server {
    app: App,
    new_failure_every: Option<u64>,
}

impl Server {
    /// Fails on a bad `--data` file or `--upstream` URL.
    pub fn new(cli: Cli) -> io::Result<Self> {
        let new_failure_every = cli.new_failure_every;
        Ok(Server {
            app: build(cli)?,
            new_failure_every,
        })
    }

    /// Serves on `listener` until `shutdown` completes.
    pub async fn run(
        self,
        listener: TcpListener,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> io::Result<()> {
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
        let result = axum::serve(listener, self.app.router)
            .with_graceful_shutdown(shutdown)
            .await;
        if let Some(t) = ticker {
            t.abort();
        }
        result
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
    let listener = TcpListener::bind((cli.addr, cli.port)).await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(e) = server.run(listener, std::future::pending()).await {
            eprintln!("sdrs-console-server stopped: {e}");
        }
    });
    Ok(addr)
}
