//! One server assembled from the flags: its mode, sign-in, own routes and
//! the layer stack.

use crate::audit::reader::Source;
use crate::mode::{BackgroundTask, Mode};
use crate::watching::{ScopeSource, Watching};
use crate::{audit, db, http, iam, journal, ops, scopes, silences, team, upstream, Cli};
use std::io;
use std::sync::Arc;
use std::time::Duration;

/// The application of one server, plus its background tasks.
pub(crate) struct App {
    pub router: axum::Router,
    pub tasks: Vec<BackgroundTask>,
    /// Sign-in, sessions and the access rule of this server.
    pub team: Arc<team::TeamAuth>,
    pub database: Arc<db::Database>,
    /// Start-up lines for the log (mode and credential, no secrets).
    pub notes: Vec<String>,
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
    Ok(cli.proxy.upstream.clone().or(from_region))
}

/// Emulate mode, and the scopes of its projects when it serves further
/// ones (`--emulated-scopes`): the one `/v1` serves first.
#[cfg(feature = "emulator")]
fn emulate(cli: &Cli) -> io::Result<(Mode, Option<ScopeSource>)> {
    let emulate = crate::emulator::router::build(cli)?;
    let scopes = emulate.internal_base.map(|endpoint| {
        let own = (
            "demo-ap-southeast-3-0".to_owned(),
            "ap-southeast-3".to_owned(),
            emulate.emulator.project_id.clone(),
        );
        let further = emulate
            .emulator
            .emulated_scopes()
            .into_iter()
            .map(|s| (s.name, s.region, s.project_id));
        ScopeSource::Emulated {
            endpoint,
            places: std::iter::once(own).chain(further).collect(),
        }
    });
    Ok((emulate.mode, scopes))
}

#[cfg(not(feature = "emulator"))]
fn emulate(_: &Cli) -> io::Result<(Mode, Option<ScopeSource>)> {
    Err(invalid_input(
        "this build has no emulator; give --upstream or --region",
    ))
}

/// The scopes to watch: the config file's, else (with `--watch`) upstream
/// mode's one scope when the server holds its credential and knows the
/// project id, else the emulator's projects.
fn scope_source(cli: &Cli, mode: &Mode, emulated: Option<ScopeSource>) -> Option<ScopeSource> {
    if let Some(path) = &cli.proxy.config {
        return Some(ScopeSource::Config(path.clone()));
    }
    match &mode.audit_source {
        Source::Upstream(upstream) if mode.holds_credential && cli.proxy.watch => {
            mode.project.known().map(|project_id| ScopeSource::Single {
                upstream: upstream.clone(),
                region: cli.region.clone(),
                project_id,
            })
        }
        _ => emulated,
    }
}

/// Builds the router for the flags; fails on a bad `--data`, `--upstream`,
/// `--region`, `--iam`, `--database`, credential or users file, and on a
/// server-side credential without sign-in on a non-loopback address.
pub(crate) fn build(cli: Cli) -> io::Result<App> {
    // Installed before the first request is counted.
    ops::metrics::handle();
    let base = upstream_base(&cli)?;
    if base.is_some() && cli.emulator.iam_users.is_some() {
        return Err(invalid_input(
            "--iam-users emulates IAM; it does not go with --upstream or --region",
        ));
    }
    if base.is_none() && cli.proxy.server_iam_user.is_some() {
        return Err(invalid_input(
            "the server-side IAM user (SDRS_IAM_*) is for upstream mode (--upstream or --region)",
        ));
    }
    let target = db::DatabaseTarget::resolve(
        cli.storage.database.as_deref(),
        cli.storage.data_dir.as_deref(),
        base.is_some(),
    )?;
    let database = Arc::new(db::Database::new(target)?);
    let mut notes = vec![format!("audit trail and sessions in {}", database.shown())];
    let (mut mode, emulated) = match &base {
        Some(base) => (upstream::router::router(&cli, base)?, None),
        None => emulate(&cli)?,
    };
    notes.extend(std::mem::take(&mut mode.notes));
    let watching = scope_source(&cli, &mode, emulated)
        .map(|source| {
            Watching::build(
                source,
                &scopes::ScopeOptions::from_cli(&cli),
                database.clone(),
                cli.public_url(),
            )
        })
        .transpose()?;
    let mut tasks = std::mem::take(&mut mode.tasks);
    if let Some(w) = &watching {
        notes.extend(w.notes.iter().cloned());
    }

    // Sign-in and the access rule; with a server-side credential and no
    // team sign-in, a non-loopback address is refused. Sessions live in the
    // database, so several instances share them. A config file names
    // credentials of its own.
    let holds_credential = mode.holds_credential || cli.proxy.config.is_some();
    notes.extend(team::check_loopback(&cli, holds_credential)?);
    let sessions = Arc::new(db::sessions::DbSessionStore::new(database.clone()));
    let pending = Arc::new(db::oidc_pending::DbPendingLogins::new(database.clone()));
    let team = Arc::new(team::TeamAuth::from_cli(
        &cli,
        holds_credential,
        sessions,
        pending,
    )?);
    notes.extend(team.note());

    let files = http::static_files::StaticFiles::new(&cli, mode.project)
        .with_team_sign_in(team.config_json())
        .with_scopes(watching.as_ref().map(|w| w.listed.clone()).unwrap_or_default());
    let own = audit::routes::routes(database.clone())
        .merge(journal::routes::routes(Arc::new(db::journal::Journal::new(
            database.clone(),
        ))))
        .merge(journal::acks::routes(db::acks::AckStore::new(database.clone())))
        .merge(silences::routes::routes(db::silences::SilenceStore::new(
            database.clone(),
        )))
        .merge(iam::sign_in::routes(&cli, mode.token_issuer, &team)?)
        .merge(ops::health::routes(ops::health::Health {
            mode: mode.name,
            iam_sign_in: cli.iam_sign_in(),
            renewer: mode.renewer,
            database: database.clone(),
            watcher: watching.as_ref().map(|w| w.watcher.clone()),
        }));
    let statics = http::static_files::routes(files);
    let mut api = mode.api;
    let mut watched: Arc<[Arc<scopes::Scope>]> = Arc::new([]);
    let journal_gauges = watching.as_ref().map(|_| {
        Arc::new(ops::journal_gauges::JournalGauges::new(
            db::journal::Journal::new(database.clone()),
        ))
    });
    if let Some(w) = watching {
        api = api.merge(w.routes());
        tasks.extend(w.tasks);
        watched = w.scopes.scopes.into();
    }
    let (compressed, plain) = if mode.compress_own_answers {
        (api.merge(own), statics)
    } else {
        (api, own.merge(statics))
    };
    let router = http::layers::stack(
        compressed,
        plain,
        http::layers::Stack {
            quiet: cli.log.quiet,
            frame_ancestors: cli.console.frame_ancestors.clone(),
            https: team::public_url::is_https(&cli.public_url()),
            team: team.clone(),
            audit: Arc::new(audit::layer::AuditTrail {
                db: database.clone(),
                source: mode.audit_source,
                region: cli.region.clone(),
                scopes: watched,
                quiet: cli.log.quiet,
            }),
            accepted_hosts: matches!(team.access, team::Access::Loopback)
                .then(|| http::host_check::AcceptedHosts::new(cli.listen.public_url.as_ref())),
            mode: mode.layers,
            journal_gauges,
        },
    );
    Ok(App {
        router,
        tasks,
        team,
        database,
        notes,
    })
}

/// Drops timed-out sessions, and expired pending OpenID Connect logins
/// (with their PKCE verifiers and nonces), once a minute (or once an idle
/// period, when that is shorter).
pub(crate) async fn sweep_sessions(team: Arc<team::TeamAuth>) {
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
        if let Some(oidc) = &team.oidc {
            let before = team::oidc::pending::expired_before(crate::util::timefmt::now_ms());
            if let Err(e) = oidc.oidc.pending.remove_expired(before).await {
                team.log(&format!("could not drop expired OpenID Connect logins: {e}"));
            }
        }
    }
}
