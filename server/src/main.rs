//! `sdrs-console-server`: parse the flags, load the data, bind, print the
//! URL (scripts read it), serve until SIGINT/SIGTERM (Ctrl-C).

use clap::Parser;
use sdrs_console_server::cli::Command;
use sdrs_console_server::team::identity::Role;
use sdrs_console_server::{Cli, Server};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let mut cli = Cli::parse();
    if let Some(Command::AddUser { name, role }) = &cli.command {
        return add_user(name, role);
    }
    // Secrets come from the environment only.
    cli.proxy.server_iam_user = match sdrs_console_server::upstream::token_renewal::ServerIamUser::from_env()
    {
        Ok(user) => user,
        Err(e) => {
            eprintln!("sdrs-console-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    cli.oidc.oidc_client_secret = sdrs_console_server::team::oidc::ClientSecretText::from_env();
    sdrs_console_server::ops::logging::init(cli.log.log_format, cli.log.quiet);
    let (addr, port, quiet) = (cli.listen.addr, cli.listen.port, cli.log.quiet);
    let grace = std::time::Duration::from_secs(cli.listen.shutdown_grace_secs);
    let server = match Server::new(cli) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sdrs-console-server: {e}");
            return ExitCode::FAILURE;
        }
    };
    if let Err(e) = server.prepare().await {
        eprintln!("sdrs-console-server: {e}");
        return ExitCode::FAILURE;
    }
    // Each connection holds a file descriptor (see --max-connections).
    let open_files = sdrs_console_server::http::limits::raise_open_files_limit();
    if !quiet {
        for note in server.notes() {
            tracing::info!("{note}");
        }
        tracing::info!("{open_files}");
    }
    let listener = match tokio::net::TcpListener::bind((addr, port)).await {
        Ok(l) => l,
        Err(e) => {
            eprintln!("sdrs-console-server: cannot listen on {addr}:{port}: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Handlers are in place before the URL is printed, so a script that
    // reads the line and then sends SIGINT/SIGTERM gets a clean stop.
    let shutdown = match shutdown_signal() {
        Ok(s) => s,
        Err(e) => {
            eprintln!("sdrs-console-server: cannot watch signals: {e}");
            return ExitCode::FAILURE;
        }
    };
    match listener.local_addr() {
        Ok(bound) => println!("sdrs-console-server listening on http://{bound}"),
        Err(e) => {
            eprintln!("sdrs-console-server: {e}");
            return ExitCode::FAILURE;
        }
    }
    // On a signal, stop accepting, let requests in flight finish, but do not
    // wait more than the grace for slow ones (--shutdown-grace-secs).
    let (stop_tx, stop_rx) = tokio::sync::oneshot::channel::<()>();
    let mut running = tokio::spawn(server.run(listener, async {
        let _ = stop_rx.await;
    }));
    let outcome = tokio::select! {
        done = &mut running => done,
        _ = shutdown => {
            let _ = stop_tx.send(());
            match tokio::time::timeout(grace, &mut running).await {
                Ok(done) => done,
                Err(_) => {
                    tracing::warn!(grace_secs = grace.as_secs(), "requests still in flight after the grace; stopping");
                    Ok(Ok(()))
                }
            }
        }
    };
    match outcome {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(e)) => {
            eprintln!("sdrs-console-server: {e}");
            ExitCode::FAILURE
        }
        Err(e) => {
            eprintln!("sdrs-console-server: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `add-user NAME --role ROLE`: the password is the first line of stdin
/// (never a flag, so it stays out of the shell history); prints the line to
/// append to the users file.
fn add_user(name: &str, role: &str) -> ExitCode {
    let Some(role) = Role::parse(role) else {
        eprintln!("sdrs-console-server add-user: --role must be viewer or operator");
        return ExitCode::FAILURE;
    };
    eprintln!("sdrs-console-server add-user: reading the password of {name} from stdin (one line)");
    let mut password = String::new();
    if let Err(e) = std::io::stdin().read_line(&mut password) {
        eprintln!("sdrs-console-server add-user: cannot read stdin: {e}");
        return ExitCode::FAILURE;
    }
    let password = password.strip_suffix('\n').unwrap_or(&password);
    let password = password.strip_suffix('\r').unwrap_or(password);
    match sdrs_console_server::team::users_file::user_line(name, role, password) {
        Ok(line) => {
            println!("{line}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("sdrs-console-server add-user: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(unix)]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    use tokio::signal::unix::{signal, SignalKind};
    let mut int = signal(SignalKind::interrupt())?;
    let mut term = signal(SignalKind::terminate())?;
    Ok(async move {
        tokio::select! {
            _ = int.recv() => {}
            _ = term.recv() => {}
        }
    })
}

#[cfg(not(unix))]
fn shutdown_signal() -> std::io::Result<impl std::future::Future<Output = ()> + Send + 'static> {
    Ok(async {
        let _ = tokio::signal::ctrl_c().await;
    })
}
