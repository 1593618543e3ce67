//! The flag groups of [`crate::Cli`], one a concern, so that each part of
//! the server takes only its own.

use clap::ValueEnum;
use std::net::IpAddr;
use std::path::PathBuf;

/// What `count` in a failed-task list means. The API documents it only as
/// "the number of failed tasks in the list", so the console must cope with
/// both readings and the emulator can play either.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum, Default)]
pub enum CountMode {
    /// All matches across pages.
    #[default]
    Total,
    /// Rows on the returned page.
    Page,
}

/// Where the server listens and how users reach it.
#[derive(Clone, Debug, clap::Args)]
pub struct ListenFlags {
    /// Address to listen on.
    #[arg(long, env = "SDRS_ADDR", default_value = "127.0.0.1")]
    pub addr: IpAddr,

    /// Port to listen on (0 picks a free one).
    #[arg(long, env = "SDRS_PORT", default_value_t = 8080)]
    pub port: u16,

    /// The URL users open (default http://ADDR:PORT). An https URL makes the
    /// session cookie Secure and adds HSTS; OIDC derives its redirect URI
    /// from it.
    #[arg(long, value_name = "URL", value_parser = crate::team::public_url::parse)]
    pub public_url: Option<reqwest::Url>,

    /// On SIGTERM/SIGINT: stop accepting connections, then wait up to this
    /// long for requests in flight before exiting.
    #[arg(long, value_name = "SECS", default_value_t = 10)]
    pub shutdown_grace_secs: u64,

    /// Connections served at once; further clients wait until one closes.
    #[arg(long, value_name = "N", default_value_t = 1024,
          value_parser = clap::value_parser!(u64).range(1..=1_000_000))]
    pub max_connections: u64,

    /// Seconds a client has to send a request's headers, from connecting
    /// or from the previous answer (an idle kept-alive connection is closed
    /// after it too).
    #[arg(long, value_name = "SECS", default_value_t = 10,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_read_timeout_secs: u64,
}

/// The built console and how it is served.
#[derive(Clone, Debug, clap::Args)]
pub struct ConsoleFlags {
    /// Directory of the built console (index.html, .wasm, .js, config.json).
    #[arg(long, default_value = "dist")]
    pub dist: PathBuf,

    /// API base written to config.json (empty: same origin as the page).
    #[arg(long, default_value = "")]
    pub api_base: String,

    /// Sources allowed to frame the console (CSP frame-ancestors), e.g.
    /// "https://portal.example.com 'self'". Default 'none': no framing.
    #[arg(long, value_name = "SOURCES", default_value = "'none'",
          value_parser = crate::team::security_headers::parse_frame_ancestors)]
    pub frame_ancestors: String,
}

/// Upstream mode: the SDRS endpoint and the server's own credential.
#[derive(Clone, Debug, clap::Args)]
pub struct UpstreamFlags {
    /// Forward API calls to this SDRS endpoint instead of emulating, e.g.
    /// https://sdrs.ap-southeast-3.myhuaweicloud.com. The environment
    /// variable SDRS_AUTH_TOKEN gives a server-side token for same-origin
    /// calls that carry none.
    #[arg(long, value_name = "URL")]
    pub upstream: Option<String>,

    /// Upstream mode: let DELETE calls through even when they would carry
    /// the server-side token.
    #[arg(long)]
    pub allow_delete: bool,

    /// Upstream mode: timeout of one forwarded call, in milliseconds.
    #[arg(long, default_value_t = 15_000)]
    pub upstream_timeout_ms: u64,

    /// Upstream mode: IAM token added to same-origin calls that carry none.
    /// Never logged, never shown.
    #[arg(long, env = "SDRS_AUTH_TOKEN", hide_env_values = true, hide = true)]
    pub upstream_token: Option<String>,

    /// The server's own IAM user, from the SDRS_IAM_* environment
    /// variables only (see `ServerIamUser::from_env`), never from a flag.
    #[arg(skip)]
    pub server_iam_user: Option<crate::upstream::token_renewal::ServerIamUser>,

    /// Several scopes (project, region or endpoint, credential) from a TOML
    /// file, polled by the watcher; secrets come from the environment or a
    /// credentials file it names, never from the file itself.
    #[arg(long, env = "SDRS_CONFIG", value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Without `--config`: watch the one project of upstream mode's flags
    /// with the server's credential, into the journal.
    #[arg(long, env = "SDRS_WATCH")]
    pub watch: bool,
}

/// Team sign-in: users file, trusted proxy, sessions.
#[derive(Clone, Debug, clap::Args)]
pub struct TeamFlags {
    /// Team sign-in from a local users file: one `name:role:$argon2id$…`
    /// line per user (`add-user` prints one).
    #[arg(long, value_name = "FILE")]
    pub users: Option<PathBuf>,

    /// Accept the sign-in headers of an authenticating reverse proxy from
    /// this address or network (repeatable), e.g. 10.0.0.5 or 10.0.0.0/24.
    #[arg(long, value_name = "CIDR|IP", value_parser = crate::team::proxy::parse_network)]
    pub trusted_proxy: Vec<ipnet::IpNet>,

    /// Header of a trusted proxy naming the signed-in user.
    #[arg(long, value_name = "NAME", default_value = "X-Forwarded-User",
          value_parser = crate::team::proxy::parse_header_name)]
    pub proxy_user_header: axum::http::HeaderName,

    /// Header of a trusted proxy listing the user's groups (comma separated).
    #[arg(long, value_name = "NAME", default_value = "X-Forwarded-Groups",
          value_parser = crate::team::proxy::parse_header_name)]
    pub proxy_groups_header: axum::http::HeaderName,

    /// Members of this group (proxy groups header, OIDC role claim) are
    /// operators; everyone else signed in is a viewer.
    #[arg(long, value_name = "NAME", default_value = "sdrs-operators")]
    pub operator_group: String,

    /// A session ends after this many minutes without a request (decimals
    /// allowed).
    #[arg(long, value_name = "MINUTES", default_value = "30",
          value_parser = crate::team::sessions::parse_minutes)]
    pub session_idle_mins: std::time::Duration,

    /// A session ends this many hours after sign-in, whatever its use
    /// (decimals allowed).
    #[arg(long, value_name = "HOURS", default_value = "12",
          value_parser = crate::team::sessions::parse_hours)]
    pub session_max_hours: std::time::Duration,
}

/// OpenID Connect sign-in.
#[derive(Clone, Debug, clap::Args)]
pub struct OidcFlags {
    /// OpenID Connect sign-in: the provider's issuer URL (discovery at
    /// ISSUER/.well-known/openid-configuration). The client secret comes
    /// from SDRS_OIDC_CLIENT_SECRET only.
    #[arg(long, value_name = "URL", requires = "oidc_client_id")]
    pub oidc_issuer: Option<String>,

    /// OpenID Connect client id registered at the provider.
    #[arg(long, value_name = "ID", requires = "oidc_issuer")]
    pub oidc_client_id: Option<String>,

    /// The ID token claim that holds the user's groups or roles (a string
    /// or a list of strings; `a.b` walks into objects).
    #[arg(long, value_name = "CLAIM", default_value = "groups")]
    pub oidc_role_claim: String,

    /// Scopes asked of the provider (`openid` is always asked).
    #[arg(long, value_name = "SCOPES", default_value = "openid profile groups")]
    pub oidc_scopes: String,

    /// The sign-in button's text.
    #[arg(long, value_name = "TEXT", default_value = "Sign in with OpenID Connect")]
    pub oidc_label: String,

    /// The OpenID Connect client secret, from SDRS_OIDC_CLIENT_SECRET only
    /// (never a flag, never logged).
    #[arg(skip)]
    pub oidc_client_secret: Option<crate::team::oidc::ClientSecretText>,
}

/// Where the audit trail and sessions are kept.
#[derive(Clone, Debug, clap::Args)]
pub struct DatabaseFlags {
    /// Database of the audit trail and of team sessions: sqlite://FILE
    /// (created on start) or postgres://USER:PASSWORD@HOST/DB (several
    /// server instances share it). Default: sqlite://<data dir>/sdrs-console.db.
    #[arg(long, env = "SDRS_DATABASE", hide_env_values = true, value_name = "URL")]
    pub database: Option<String>,

    /// Directory of the default SQLite database. Default: upstream mode
    /// $XDG_STATE_HOME/sdrs-console (else ~/.local/state/sdrs-console);
    /// emulate mode a temporary directory removed when the server stops.
    #[arg(long, env = "SDRS_DATA_DIR", value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
}

/// Log lines.
#[derive(Clone, Debug, clap::Args)]
pub struct LogFlags {
    /// No request log lines (warnings and errors only).
    #[arg(long)]
    pub quiet: bool,

    /// Log lines as text or as one JSON object a line.
    #[arg(long, value_enum, default_value_t = crate::ops::logging::LogFormat::Text)]
    pub log_format: crate::ops::logging::LogFormat,
}

/// The emulator's flags: its data, its answers and its IAM.
#[derive(Clone, Debug, clap::Args)]
pub struct EmulatorFlags {
    /// Seed of the emulated data set; the same seed gives the same data.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,

    /// Number of emulated failed tasks.
    #[arg(long, default_value_t = 3000)]
    pub jobs: usize,

    /// Number of emulated protection groups (at least 10).
    #[arg(long, default_value_t = 12)]
    pub groups: usize,

    /// Load failed tasks from a JSON file (`{"failure_jobs":[...]}` or a bare
    /// array) instead of generating them. A job object with a
    /// `server_group_id` key belongs to that group, otherwise it is
    /// protection-group level.
    #[arg(long, value_name = "FILE.json")]
    pub data: Option<PathBuf>,

    /// Meaning of `count` in list responses.
    #[arg(long, value_enum, default_value_t = CountMode::Total)]
    pub count: CountMode,

    /// Answer 401 to API calls without `X-Auth-Token` or an SDK-HMAC-SHA256
    /// signature (emulate mode).
    #[arg(long)]
    pub require_token: bool,

    /// Emulate mode: check AK/SK signatures as the API gateway does, with
    /// the key pair of HUAWEICLOUD_SDK_AK / HUAWEICLOUD_SDK_SK (and
    /// HUAWEICLOUD_SDK_SECURITY_TOKEN for temporary keys). Requests with an
    /// X-Auth-Token instead are only checked for its presence.
    #[arg(long)]
    pub verify_aksk: bool,

    /// Added latency of every API call, in milliseconds (emulate mode).
    #[arg(long, default_value_t = 0)]
    pub latency_ms: u64,

    /// Random extra latency of up to this many milliseconds (emulate mode).
    #[arg(long, default_value_t = 0)]
    pub jitter_ms: u64,

    /// Share of API calls (0..=1) answered 503 with an SDRS.0013 envelope
    /// (emulate mode).
    #[arg(long, default_value_t = 0.0, value_parser = parse_rate)]
    pub fail_rate: f64,

    /// Add a fresh failed task every SECS seconds (emulate mode).
    #[arg(long, value_name = "SECS")]
    pub new_failure_every: Option<u64>,

    /// Emulate mode: serve N further projects beside the main one, each
    /// with its own data (seeded from `--seed` and its index), named
    /// `demo-<region>-<i>` in regions ap-southeast-3 and ap-southeast-2 by
    /// turns, and on a loopback listener of their own for the watcher.
    /// With `--new-failure-every`, each tick also adds a failure to one of
    /// them and clears one from another.
    #[arg(long, value_name = "N", default_value_t = 0,
          value_parser = clap::value_parser!(u16).range(0..=MAX_EMULATED_SCOPES as i64))]
    pub emulated_scopes: u16,

    /// Failed tasks of each further project of `--emulated-scopes`.
    /// Default: 25, 60, 95, … by index, so the projects differ.
    #[arg(long, value_name = "N")]
    pub emulated_scope_jobs: Option<usize>,

    /// Protection groups of each further project of `--emulated-scopes`
    /// (at least 10). Default: 10 to 14 by index.
    #[arg(long, value_name = "N")]
    pub emulated_scope_groups: Option<usize>,

    /// Fix the time anchor of the seeded data (Unix milliseconds). Default:
    /// the start time of the server, so begin times look recent.
    #[arg(long, hide = true)]
    pub anchor_ms: Option<i64>,

    /// Emulate IAM token issuance for these users (emulate mode): a JSON
    /// array of {"domain","user","password","may_delete"}. API calls then
    /// need a valid emulated token.
    #[arg(long, value_name = "FILE.json")]
    pub iam_users: Option<PathBuf>,

    /// Lifetime of emulated IAM tokens, in seconds.
    #[arg(long, value_name = "SECS", default_value_t = DEFAULT_IAM_TOKEN_TTL_SECS,
          value_parser = clap::value_parser!(u64).range(1..))]
    pub iam_token_ttl: u64,

    /// Emulate mode: show the tokens sent in the request log of
    /// `GET /__emulator/requests` (for tests that check which token the
    /// console sent). Without it the log says only whether one was sent.
    #[arg(long)]
    pub emulator_log_tokens: bool,

    /// Emulate mode: faults in place from the start (and again after each
    /// `/__emulator/reset`), before the watcher's first round: a JSON
    /// array of what `POST /__emulator/faults` takes, e.g. a scope whose
    /// credential is refused (`"status": 401`) from its first poll on.
    #[arg(long, value_name = "FILE.json")]
    pub emulator_faults: Option<PathBuf>,
}

/// Most further projects `--emulated-scopes` may add.
pub const MAX_EMULATED_SCOPES: u16 = 200;

/// Default lifetime of an emulated IAM token: IAM's own 24 hours.
pub const DEFAULT_IAM_TOKEN_TTL_SECS: u64 = 24 * 60 * 60;

impl EmulatorFlags {
    /// Protection groups to generate, never fewer than 10.
    pub fn group_count(&self) -> usize {
        self.groups.max(10)
    }
}

fn parse_rate(raw: &str) -> Result<f64, String> {
    let rate: f64 = raw.parse().map_err(|_| format!("not a number: {raw}"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err("must be between 0 and 1".into())
    }
}
