//! Upstream mode: `/v1/...` forwarded to a real SDRS endpoint with the
//! credential of `credential::resolve`, and the renewal of the server's own
//! IAM token.

use crate::audit::reader::Source;
use crate::cli::Cli;
use crate::mode::{Mode, ModeLayers};
use crate::upstream::credential::{self, UpstreamAuth};
use crate::upstream::proxy::{self, Upstream};
use axum::routing::any;
use axum::Router;
use std::io;
use std::sync::Arc;

/// Fails on a bad endpoint or credential.
pub fn router(cli: &Cli, base: &str) -> io::Result<Mode> {
    proxy::check_base(base)?;
    let client = proxy::http_client()?;
    let resolved = credential::resolve(cli, base, &client)?;
    let notes = vec![
        format!("upstream mode: forwarding the console's calls to {base}"),
        resolved.note.clone(),
    ];
    let holds_credential = resolved.auth.is_some();
    let renewer = match &resolved.auth {
        Some(UpstreamAuth::IamUser(r)) => Some(r.clone()),
        _ => None,
    };
    let up = Arc::new(Upstream::new(
        base,
        cli.proxy.upstream_timeout_ms,
        resolved.auth,
        cli.proxy.allow_delete,
        client,
    )?);
    let api = Router::new()
        .route("/v1", any(proxy::forward_signed_in))
        .route("/v1/", any(proxy::forward_signed_in))
        .route("/v1/{*rest}", any(proxy::forward_signed_in))
        .with_state(up.clone());
    let tasks = renewer
        .iter()
        .map(|r| -> crate::mode::BackgroundTask { Box::pin(r.clone().run()) })
        .collect();
    Ok(Mode {
        name: "upstream",
        api,
        compress_own_answers: false,
        project: resolved.project,
        holds_credential,
        audit_source: Source::Upstream(up),
        token_issuer: None,
        renewer,
        layers: ModeLayers::default(),
        tasks,
        notes,
    })
}
