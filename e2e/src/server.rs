//! `sdrs-console-server` for a test: in-process on the test's runtime, with
//! the harness's flags, at a loopback URL, stopped when the test asks.

use crate::support::scratch_dir;
use crate::tools::dist_dir;
use crate::PROJECT_ID;
use clap::Parser;
use sdrs_console_server::Cli;
use std::net::SocketAddr;
use std::path::Path;
use tokio::sync::oneshot;
use tokio::task::JoinHandle;

/// `sdrs-console-server` running in-process on the test's tokio runtime,
/// serving `SDRS_DIST`; it stops with the runtime at the end of the test,
/// or earlier with [`Server::stop`].
pub struct Server {
    pub addr: SocketAddr,
    pub(crate) http: reqwest::Client,
    stop: oneshot::Sender<()>,
    task: JoinHandle<std::io::Result<()>>,
}

impl Server {
    /// Starts the server with `--addr 127.0.0.1 --port 0 --quiet --dist
    /// $SDRS_DIST --project-id PROJECT_ID` plus `args` (e.g. `["--seed",
    /// "3", "--count", "page"]`); later flags win.
    pub async fn start(args: &[&str]) -> Server {
        Self::start_cli(Self::cli(args)).await
    }

    /// [`Self::start`] serving `dist` instead of `$SDRS_DIST` (e.g. a
    /// bundler's output).
    pub async fn start_serving(dist: &Path, args: &[&str]) -> Server {
        Self::start_cli(Self::cli_serving(dist, args)).await
    }

    /// The flags of [`Self::start`], to adjust what flags cannot say (the
    /// AK/SK credentials of `Cli::aksk_source`, a client secret, a fixed
    /// port) before [`Self::start_cli`].
    pub fn cli(args: &[&str]) -> Cli {
        Self::cli_serving(&dist_dir(), args)
    }

    fn cli_serving(dist: &Path, args: &[&str]) -> Cli {
        let mut all: Vec<String> = [
            "sdrs-console-server",
            "--addr",
            "127.0.0.1",
            "--port",
            "0",
            "--quiet",
            // The tests tell the browser's calls from the harness's by token.
            "--emulator-log-tokens",
            "--project-id",
            PROJECT_ID,
            "--dist",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        all.push(dist.display().to_string());
        all.extend(args.iter().map(|s| s.to_string()));
        // Parsed the way the binary parses its own.
        Cli::try_parse_from(&all).unwrap_or_else(|e| panic!("bad sdrs-console-server flags {all:?}: {e}"))
    }

    /// Starts the server with exactly these flags, except that a server
    /// given no database keeps its default SQLite file in a fresh temporary
    /// directory, never in the machine's state directory.
    pub async fn start_cli(mut cli: Cli) -> Server {
        if cli.storage.database.is_none() && cli.storage.data_dir.is_none() {
            cli.storage.data_dir = Some(scratch_dir("server"));
        }
        let (addr, port) = (cli.listen.addr, cli.listen.port);
        let server = sdrs_console_server::Server::new(cli)
            .unwrap_or_else(|e| panic!("sdrs-console-server did not start: {e}"));
        server
            .prepare()
            .await
            .unwrap_or_else(|e| panic!("sdrs-console-server did not start: {e}"));
        let listener = tokio::net::TcpListener::bind((addr, port))
            .await
            .unwrap_or_else(|e| panic!("sdrs-console-server cannot listen on {addr}:{port}: {e}"));
        let addr = listener.local_addr().expect("the bound address");
        let (stop, stopped) = oneshot::channel::<()>();
        let task = tokio::spawn(async move {
            let shutdown = async move {
                // Only `stop` ends it: a dropped `Server` keeps serving
                // until the runtime ends, as pages may still load from it.
                if stopped.await.is_err() {
                    std::future::pending::<()>().await;
                }
            };
            let result = server.run(listener, shutdown).await;
            if let Err(e) = &result {
                eprintln!("sdrs-console-server stopped: {e}");
            }
            result
        });
        Server {
            addr,
            http: reqwest::Client::new(),
            stop,
            task,
        }
    }

    /// Stops accepting, lets requests in flight finish, and waits for it,
    /// so that another server can start on the same database.
    pub async fn stop(self) {
        let _ = self.stop.send(());
        let _ = self.task.await;
    }

    /// `http://127.0.0.1:PORT` + `path` (which starts with `/`).
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }
}
