//! The one layer stack of the server, the same in every mode; a mode only
//! fills the slots of [`ModeLayers`]. Outside in:
//!
//! 1. request id and request log: outermost, so every answer is logged;
//! 2. security headers, on every answer;
//! 3. request metrics, and `/metrics` itself, outside the sign-in layer:
//!    monitors scrape without a session;
//! 4. the `Host` check of single-user mode (against DNS rebinding);
//! 5. `Cache-Control: no-store` on API, sign-in and audit answers that set
//!    none;
//! 6. the guard of the emulator's control endpoints (emulator): outside
//!    CORS, so another origin gets no CORS answer either;
//! 7. CORS (emulator): outside the request record and the sign-in layer, so
//!    preflights pass;
//! 8. the request record (emulator);
//! 9. team sign-in and the access rule;
//! 10. the audit trail: inside the sign-in layer (it reads the identity),
//!     outside the injected faults (an injected failure is a failed delete;
//!     an anonymous call gets no fault);
//! 11. injected faults (emulator);
//! 12. compression, on API answers only: static files are stored compressed
//!     by the build.

use crate::audit::layer::{layer as audit_layer, AuditTrail};
use crate::http::error::wrong_method;
use crate::http::host_check::{self, AcceptedHosts};
use crate::http::no_store;
use crate::http::request_log::{self, LogConfig};
use crate::mode::{ModeLayers, Wrap};
use crate::ops::metrics;
use crate::team::{security_headers, TeamAuth};
use axum::routing::get;
use axum::Router;
use std::sync::Arc;
use tower_http::compression::{CompressionLayer, CompressionLevel};

/// What the stack needs besides the routes.
pub struct Stack {
    pub quiet: bool,
    /// `--frame-ancestors`.
    pub frame_ancestors: String,
    /// Whether the public URL is https (HSTS).
    pub https: bool,
    pub team: Arc<TeamAuth>,
    pub audit: Arc<AuditTrail>,
    /// The `Host` names accepted, in single-user mode only.
    pub accepted_hosts: Option<AcceptedHosts>,
    pub mode: ModeLayers,
    /// The journal's gauges for `/metrics`, when scopes are watched.
    pub journal_gauges: Option<Arc<crate::ops::journal_gauges::JournalGauges>>,
}

/// `compressed` (API answers) and `plain` routes under the whole stack.
pub fn stack(compressed: Router, plain: Router, s: Stack) -> Router {
    // Written inside out, as axum applies layers: 12 first, 1 last.
    let app = compressed.layer(compression()).merge(plain); // 12
    let app = wrap(app, s.mode.faults); // 11
    let app = app.layer(axum::middleware::from_fn_with_state(s.audit, audit_layer)); // 10
    let app = s.team.apply(app); // 9
    let app = wrap(app, s.mode.request_record); // 8
    let app = match s.mode.cors {
        Some(cors) => app.layer(cors),
        None => app,
    }; // 7
    let app = wrap(app, s.mode.control_guard); // 6
    let app = no_store::apply(app); // 5
    let app = match s.accepted_hosts {
        Some(hosts) => host_check::apply(app, hosts),
        None => app,
    }; // 4
    let app = app
        .route(
            "/metrics",
            get(move || metrics::render(s.journal_gauges.clone())).fallback(wrong_method),
        )
        .layer(axum::middleware::from_fn(metrics::track_requests)); // 3
    let app = security_headers::apply(app, &s.frame_ancestors, s.https); // 2
    request_log::layer(app, LogConfig { quiet: s.quiet }) // 1
}

fn wrap(app: Router, layer: Option<Wrap>) -> Router {
    match layer {
        Some(layer) => layer(app),
        None => app,
    }
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
