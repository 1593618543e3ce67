//! What one mode (the emulator, or the proxy to a real SDRS endpoint)
//! gives the server: its API routes, the layers it adds at fixed places of
//! the one stack (`http::layers`), and its background tasks.

use crate::audit::reader::Source;
use crate::iam::sign_in::TokenIssuer;
use crate::upstream::project::ProjectId;
use crate::upstream::token_renewal::TokenRenewer;
use axum::Router;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use tower_http::cors::CorsLayer;

/// Work that runs as long as the server does; started by `Server::run`.
pub type BackgroundTask = Pin<Box<dyn Future<Output = ()> + Send>>;

/// A layer given as the function that wraps a router with it.
pub type Wrap = Box<dyn FnOnce(Router) -> Router + Send>;

/// Layers a mode adds to the stack; where each sits is decided once, in
/// `http::layers::stack`.
#[derive(Default)]
pub struct ModeLayers {
    /// Who may call the mode's own control endpoints.
    pub control_guard: Option<Wrap>,
    /// Cross-origin answers.
    pub cors: Option<CorsLayer>,
    /// A record of every request, for tests that check what was sent.
    pub request_record: Option<Wrap>,
    /// Injected failures.
    pub faults: Option<Wrap>,
}

pub struct Mode {
    /// `emulate` or `upstream`, as `/healthz` says.
    pub name: &'static str,
    /// The mode's own API routes.
    pub api: Router,
    /// Whether the server's own small API answers (audit records, sign-in,
    /// health) are compressed with the mode's API; upstream compresses only
    /// what it forwards.
    pub compress_own_answers: bool,
    /// The project id written to config.json.
    pub project: Arc<ProjectId>,
    /// Whether the server adds a credential of its own to API calls.
    pub holds_credential: bool,
    /// Where the audit trail reads what a delete removes.
    pub audit_source: Source,
    /// An IAM in this process for "Sign in with IAM user" (without `--iam`).
    pub token_issuer: Option<Arc<dyn TokenIssuer>>,
    /// The renewer of the server's own IAM token, for `/healthz`.
    pub renewer: Option<Arc<TokenRenewer>>,
    pub layers: ModeLayers,
    pub tasks: Vec<BackgroundTask>,
    /// Start-up lines for the log (mode and credential, no secrets).
    pub notes: Vec<String>,
}
