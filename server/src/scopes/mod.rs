//! Scopes: a name, a region (or an endpoint), a project id and a
//! credential, each with its own [`Upstream`]. Several come from the
//! `--config` file; without it, upstream mode's flags make the one scope
//! `default`. The watcher polls them; `/scopes/{name}/v1/...` forwards the
//! console's calls to one of them.

pub mod config;
pub mod credential;
pub mod file_text;
pub mod forward;
pub mod place;
pub mod secrets;

use crate::mode::BackgroundTask;
use crate::upstream::proxy::{self, Upstream};
use std::io;
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

/// One project of one region (or endpoint) with its credential.
pub struct Scope {
    pub name: String,
    /// A Huawei Cloud region, or a label for an endpoint given by URL.
    pub region: String,
    pub project_id: String,
    /// SDRS base URL without a trailing slash.
    pub endpoint: String,
    /// The credential's name: the request rate is limited per credential.
    pub credential: String,
    pub upstream: Arc<Upstream>,
}

/// How the watcher polls (`[watcher]` of the config file).
#[derive(Clone, Debug, PartialEq)]
pub struct WatcherSettings {
    /// Between two rounds of one scope.
    pub period: Duration,
    /// Up to this much is added to or taken from each period at random.
    pub jitter: Duration,
    /// At most this many requests a second per credential.
    pub requests_per_second: f64,
    /// Journal rows gone longer than this are pruned.
    pub retention_days: u32,
    /// The longest wait after failures (429, 5xx, timeouts).
    pub max_backoff: Duration,
}

impl Default for WatcherSettings {
    fn default() -> Self {
        WatcherSettings {
            period: Duration::from_secs(60),
            jitter: Duration::from_secs(10),
            requests_per_second: 5.0,
            retention_days: 365,
            max_backoff: Duration::from_secs(600),
        }
    }
}

/// What every scope's [`Upstream`] shares with the flags of upstream mode.
#[derive(Clone, Debug)]
pub struct ScopeOptions {
    /// `--upstream-timeout-ms`: one call, and one IAM token request.
    pub timeout_ms: u64,
    /// `--allow-delete`: deletes through `/scopes/...` with the scope's
    /// credential.
    pub allow_delete: bool,
    /// `--quiet`: no log line for a failed token renewal.
    pub quiet: bool,
}

impl ScopeOptions {
    pub fn from_cli(cli: &crate::Cli) -> Self {
        ScopeOptions {
            timeout_ms: cli.proxy.upstream_timeout_ms,
            allow_delete: cli.proxy.allow_delete,
            quiet: cli.log.quiet,
        }
    }
}

impl Default for ScopeOptions {
    fn default() -> Self {
        ScopeOptions {
            timeout_ms: 15_000,
            allow_delete: false,
            quiet: true,
        }
    }
}

/// The scopes of this server.
pub struct ScopeSet {
    pub scopes: Vec<Arc<Scope>>,
    pub watcher: WatcherSettings,
    /// Token renewers of IAM-user and agency credentials.
    pub tasks: Vec<BackgroundTask>,
    /// Start-up lines for the log (scopes and kinds of credential, no secrets).
    pub notes: Vec<String>,
}

impl ScopeSet {
    /// The scopes of the config file at `path`; secrets from `env` (the
    /// process's: `&|name| std::env::var(name).ok()`) and the files it
    /// names. Any error stops start-up, naming the file, line and key.
    pub fn load(
        path: &Path,
        env: &dyn Fn(&str) -> Option<String>,
        options: &ScopeOptions,
    ) -> io::Result<ScopeSet> {
        let text = std::fs::read_to_string(path).map_err(|e| {
            io::Error::new(
                e.kind(),
                format!("cannot read the config file {}: {e}", path.display()),
            )
        })?;
        let read = |p: &Path| std::fs::read_to_string(p);
        let sources = secrets::Sources { env, read: &read };
        Self::from_text(&text, path, &sources, options)
    }

    /// [`ScopeSet::load`] of a file's text.
    pub fn from_text(
        text: &str,
        path: &Path,
        sources: &secrets::Sources,
        options: &ScopeOptions,
    ) -> io::Result<ScopeSet> {
        let file = path.display().to_string();
        let config = config::parse(text, path)?;
        let materials = secrets::read_all(&config, &file, sources)?;
        let client = proxy::http_client()?;
        let mut credentials = credential::Credentials::new(
            &config.credentials,
            &materials,
            &file,
            options.timeout_ms,
            options.quiet,
        );
        let mut scopes = Vec::new();
        let mut notes = vec![format!(
            "{} scopes from {file}: {}",
            config.scopes.len(),
            config
                .scopes
                .iter()
                .map(|s| s.name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )];
        for spec in &config.scopes {
            let auth = credentials.for_scope(spec)?;
            let upstream = Upstream::new(
                &spec.endpoint,
                options.timeout_ms,
                Some(auth),
                options.allow_delete,
                client.clone(),
            )
            .map_err(|e| place::ConfigError::at(&file, &spec.at, e.to_string()))?;
            scopes.push(Arc::new(Scope {
                name: spec.name.clone(),
                region: spec.region.clone(),
                project_id: spec.project_id.clone(),
                endpoint: spec.endpoint.clone(),
                credential: spec.credential.clone(),
                upstream: Arc::new(upstream),
            }));
        }
        notes.extend(
            config
                .credentials
                .values()
                .filter(|c| config.scopes.iter().any(|s| s.credential == c.name))
                .map(credential::describe),
        );
        Ok(ScopeSet {
            scopes,
            watcher: config.watcher,
            tasks: credentials.tasks(),
            notes,
        })
    }

    /// The one scope `default` of upstream mode's flags: `upstream` as the
    /// mode made it (its renewer, if any, already runs with the mode).
    pub fn single(upstream: Arc<Upstream>, region: Option<String>, project_id: String) -> ScopeSet {
        let endpoint = upstream.base().to_owned();
        let region = region
            .or_else(|| crate::upstream::region::of_sdrs_endpoint(&endpoint))
            .unwrap_or_else(|| "upstream".to_owned());
        ScopeSet {
            scopes: vec![Arc::new(Scope {
                name: DEFAULT_SCOPE.to_owned(),
                region,
                project_id,
                endpoint,
                credential: DEFAULT_SCOPE.to_owned(),
                upstream,
            })],
            watcher: WatcherSettings::default(),
            tasks: Vec::new(),
            notes: Vec::new(),
        }
    }

    /// Scopes on one endpoint that takes no credential of the server's
    /// (the emulator's loopback listener): `(name, region, project id)`
    /// each; deletes through them are allowed.
    pub fn open(
        endpoint: &str,
        places: Vec<(String, String, String)>,
        options: &ScopeOptions,
    ) -> io::Result<ScopeSet> {
        let upstream = Arc::new(Upstream::new(
            endpoint,
            options.timeout_ms,
            None,
            true,
            proxy::http_client()?,
        )?);
        let scopes = places
            .into_iter()
            .map(|(name, region, project_id)| {
                Arc::new(Scope {
                    name,
                    region,
                    project_id,
                    endpoint: endpoint.to_owned(),
                    credential: "none".to_owned(),
                    upstream: upstream.clone(),
                })
            })
            .collect();
        Ok(ScopeSet {
            scopes,
            watcher: WatcherSettings::default(),
            tasks: Vec::new(),
            notes: Vec::new(),
        })
    }

    /// The scope named `name`.
    pub fn get(&self, name: &str) -> Option<&Arc<Scope>> {
        self.scopes.iter().find(|s| s.name == name)
    }
}

/// The name of the single scope of upstream mode's flags.
pub const DEFAULT_SCOPE: &str = "default";
