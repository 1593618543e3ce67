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
pub mod alerts;
mod app;
pub mod audit;
pub mod cli;
pub mod db;
#[cfg(feature = "emulator")]
pub mod emulator;
pub mod http;
pub mod iam;
pub mod journal;
pub mod mode;
pub mod ops;
pub mod scopes;
pub mod silences;
pub mod team;
pub mod upstream;
pub mod util;
pub mod watcher;
pub mod watching;

pub use cli::{Cli, CountMode};

use app::{build, sweep_sessions, App};
use std::future::Future;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use tokio::net::TcpListener;

/// A server ready to run: flags checked, data loaded, router built.
pub struct Server {
    app: App,
    limits: http::connections::ConnectionLimits,
}

impl Server {
    /// Fails on a bad `--data` file or `--upstream` URL.
    pub fn new(cli: Cli) -> io::Result<Self> {
        let limits = http::connections::ConnectionLimits::from_cli(&cli);
        Ok(Server {
            app: build(cli)?,
            limits,
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
        let database = self.app.database.clone();
        database.prepare().await?;
        let mut tasks: Vec<_> = self.app.tasks.into_iter().map(tokio::spawn).collect();
        tasks.push(tokio::spawn(ops::metrics::upkeep()));
        tasks.push(tokio::spawn(sweep_sessions(self.app.team.clone())));
        // Requests carry the peer address: it decides whether proxy headers
        // are trusted.
        let result = http::connections::serve(listener, self.app.router, self.limits, shutdown).await;
        for task in tasks {
            task.abort();
        }
        result
    }
}

/// Serves on `listener` forever.
pub async fn serve(cli: Cli, listener: TcpListener) -> io::Result<()> {
    Server::new(cli)?.run(listener, std::future::pending()).await
}

/// Binds `cli.listen.addr:cli.listen.port` (port 0 picks one), starts the server on the
/// current tokio runtime and returns the bound address. Data and flag errors
/// are returned here, before anything runs.
pub async fn spawn(cli: Cli) -> io::Result<SocketAddr> {
    let server = Server::new(cli.clone())?;
    server.prepare().await?;
    let listener = TcpListener::bind((cli.listen.addr, cli.listen.port)).await?;
    let addr = listener.local_addr()?;
    tokio::spawn(async move {
        if let Err(e) = server.run(listener, std::future::pending()).await {
            eprintln!("sdrs-console-server stopped: {e}");
        }
    });
    Ok(addr)
}
