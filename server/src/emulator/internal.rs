//! The emulated API on a loopback listener of its own, for the watcher of
//! `--emulated-scopes`: the Task Center (`/v1/...`) and IAM (`/v3/...`)
//! calls only, with the emulator's own checks (tokens, signatures), faults
//! and request record, but without the console's pages, sign-in or audit
//! trail in the way. It binds when the mode is built, so its address is
//! known before anything runs.

use crate::emulator::state::Emulator;
use crate::emulator::{admin, faults};
use crate::mode::BackgroundTask;
use axum::Router;
use std::io;
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;

/// The emulated API of `emu` with the layers emulate mode puts around it:
/// the request record outside the injected faults, as in the main stack.
pub fn api_router(emu: &Arc<Emulator>) -> Router {
    crate::emulator::router::api_routes(emu)
        .layer(axum::middleware::from_fn_with_state(emu.clone(), faults::layer))
        .layer(axum::middleware::from_fn_with_state(emu.clone(), admin::record))
}

/// The loopback listener of [`api_router`]: bound now, served by the task.
pub struct InternalListener {
    /// `http://127.0.0.1:PORT`, without a trailing slash.
    pub base: String,
    pub addr: SocketAddr,
    pub task: BackgroundTask,
}

/// Binds `127.0.0.1:0` and returns the task that serves `emu`'s API on it
/// (it needs a tokio runtime only once it runs).
pub fn listen(emu: &Arc<Emulator>) -> io::Result<InternalListener> {
    let std_listener = std::net::TcpListener::bind((Ipv4Addr::LOCALHOST, 0))?;
    std_listener.set_nonblocking(true)?;
    let addr = std_listener.local_addr()?;
    let router = api_router(emu);
    let task: BackgroundTask = Box::pin(async move {
        let listener = match tokio::net::TcpListener::from_std(std_listener) {
            Ok(listener) => listener,
            Err(e) => {
                tracing::error!(error = %e, "the emulated projects' loopback listener cannot start");
                return;
            }
        };
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "the emulated projects' loopback listener stopped");
        }
    });
    Ok(InternalListener {
        base: format!("http://{addr}"),
        addr,
        task,
    })
}
