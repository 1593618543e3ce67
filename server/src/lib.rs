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
#[cfg(feature = "emulator")]
pub mod emulator;
pub mod http;
pub mod iam;
pub mod mode;
pub mod ops;
pub mod team;
pub mod upstream;
pub mod util;

pub use cli::{Cli, CountMode};

use mode::{BackgroundTask, Mode};
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// The application of one server, plus its background tasks.
struct App {
    router: axum::Router,
    tasks: Vec<BackgroundTask>,
    /// Sign-in, sessions and the access rule of this server.
    team: Arc<team::TeamAuth>,
    database: Arc<db::Database>,
    /// Start-up lines for the log (mode and credential, no secrets).
    notes: Vec<String>,
}

fn invalid_input(message: &str) -> io::Error {
    io::Error::new(io::ErrorKind::InvalidInput, message.to_owned())
}

/// The SDRS endpoint of upstream mode: `--upstream`, else the one of
/// `--region`; `None` is emulate mode. An unknown region is an error.
fn upstream_base(cli: &Cli) -> io::Result<Option<String>> {
    let from_region = match &cli.region {
        Some(name) => Some(
            upstream::region::endpoints(name)
                .map_err(|e| invalid_input(&e.to_string()))?
                .sdrs,
        ),
        None => None,
    };
    Ok(cli.upstream.clone().or(from_region))
}

#[cfg(feature = "emulator")]
fn emulate(cli: &Cli) -> io::Result<Mode> {
    emulator::router::router(cli)
}

#[cfg(not(feature = "emulator"))]
fn emulate(_: &Cli) -> io::Result<Mode> {
    Err(invalid_input(
        "this build has no emulator; give --upstream or --region",
    ))
}

/// Builds the router for the flags; fails on a bad `--data`, `--upstream`,
/// `--region`, `--iam`, `--database`, credential or users file, and on a
/// server-side credential without sign-in on a non-loopback address.
fn build(cli: Cli) -> io::Result<App> {
    // Installed before the first request is counted.
    ops::metrics::handle();
    let base = upstream_base(&cli)?;
    if base.is_some() && cli.emulator.iam_users.is_some() {
        return Err(invalid_input(
            "--iam-users emulates IAM; it does not go with --upstream or --region",
        ));
    }
    if base.is_none() && cli.server_iam_user.is_some() {
        return Err(invalid_input(
            "the server-side IAM user (SDRS_IAM_*) is for upstream mode (--upstream or --region)",
        ));
    }
    let target =
        db::DatabaseTarget::resolve(cli.database.as_deref(), cli.data_dir.as_deref(), base.is_some())?;
    let database = Arc::new(db::Database::new(target)?);
    let mut notes = vec![format!("audit trail and sessions in {}", database.shown())];
    let mode = match &base {
        Some(base) => upstream::router::router(&cli, base)?,
        None => emulate(&cli)?,
    };
    notes.extend(mode.notes);

    // Sign-in and the access rule; with a server-side credential and no
    // team sign-in, a non-loopback address is refused. Sessions live in the
    // database, so several instances share them.
    notes.extend(team::check_loopback(&cli, mode.holds_credential)?);
    let sessions = Arc::new(db::sessions::DbSessionStore::new(database.clone()));
    let team = Arc::new(team::TeamAuth::from_cli(&cli, mode.holds_credential, sessions)?);
    notes.extend(team.note());

    let files =
        http::static_files::StaticFiles::new(&cli, mode.project).with_team_sign_in(team.config_json());
    let own = audit::routes::routes(database.clone())
        .merge(iam::sign_in::routes(&cli, mode.token_issuer)?)
        .merge(ops::health::routes(ops::health::Health {
            mode: mode.name,
            iam_sign_in: cli.iam_sign_in(),
            renewer: mode.renewer,
            database: database.clone(),
        }));
    let statics = http::static_files::routes(files);
    let (compressed, plain) = if mode.compress_own_answers {
        (mode.api.merge(own), statics)
    } else {
        (mode.api, own.merge(statics))
    };
    let router = http::layers::stack(
        compressed,
        plain,
        http::layers::Stack {
            quiet: cli.quiet,
            frame_ancestors: cli.frame_ancestors.clone(),
            https: team::public_url::is_https(&cli.public_url()),
            team: team.clone(),
            audit: Arc::new(audit::layer::AuditTrail {
                db: database.clone(),
                source: mode.audit_source,
                region: cli.region.clone(),
                quiet: cli.quiet,
            }),
            mode: mode.layers,
        },
    );
    Ok(App {
        router,
        tasks: mode.tasks,
        team,
        database,
        notes,
    })
}

/// A server ready to run: flags checked, data loaded, router built.
pub struct Server {
    app: App,
}

impl Server {
    /// Fails on a bad `--data` file or `--upstream` URL.
    pub fn new(cli: Cli) -> io::Result<Self> {
        Ok(Server { app: build(cli)? })
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
        let database = self.app.database.clone();
        database.prepare().await?;
        let mut tasks: Vec<_> = self.app.tasks.into_iter().map(tokio::spawn).collect();
        tasks.push(tokio::spawn(ops::metrics::upkeep()));
        tasks.push(tokio::spawn(sweep_sessions(self.app.team.clone())));
        // The peer address decides whether proxy headers are trusted.
        let service = self
            .app
            .router
            .into_make_service_with_connect_info::<SocketAddr>();
        let result = axum::serve(listener, service)
            .with_graceful_shutdown(shutdown)
            .await;
        for task in tasks {
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
