//! Command-line flags. Everything the server does is decided here, so tests
//! and benchmark scripts build a [`Cli`] with `Cli::parse_from([...])` and get
//! exactly the behaviour of the binary.

use crate::aksk::credentials::{self, CredentialsError, SdkCredentials};
use clap::{Parser, ValueEnum};
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

/// Serves the SDRS console and the Task Center API it calls: emulated
/// in memory (default) or forwarded to a real SDRS endpoint (`--upstream`).
#[derive(Clone, Debug, Parser)]
#[command(name = "sdrs-console-server", version, about, long_about = None)]
pub struct Cli {
    #[command(flatten)]
    pub listen: ListenFlags,

    #[command(flatten)]
    pub console: ConsoleFlags,

    /// Project id written to config.json; in emulate mode the only project
    /// id accepted in API paths (default 0123456789abcdef0123456789abcdef).
    /// Upstream mode with AK/SK takes HUAWEICLOUD_SDK_PROJECT_ID next, then
    /// looks the project of --region up from IAM.
    #[arg(long, env = "SDRS_PROJECT_ID")]
    pub project_id: Option<String>,

    /// Huawei Cloud region, e.g. ap-southeast-3: forwards to its SDRS
    /// endpoint (unless --upstream says otherwise) and names the project to
    /// look up from IAM.
    #[arg(long, env = "SDRS_REGION", value_name = "REGION")]
    pub region: Option<String>,

    #[command(flatten)]
    pub emulator: EmulatorFlags,

    #[command(flatten)]
    pub proxy: UpstreamFlags,

    /// IAM endpoint, a URL or a region name (ap-southeast-3 means
    /// https://iam.ap-southeast-3.myhuaweicloud.com). The console then
    /// offers "Sign in with IAM user"; in upstream mode with
    /// SDRS_IAM_DOMAIN, SDRS_IAM_USER and SDRS_IAM_PASSWORD set, the server
    /// signs in itself and renews its token.
    #[arg(long, value_name = "URL|REGION")]
    pub iam: Option<String>,

    #[command(flatten)]
    pub team: TeamFlags,

    #[command(flatten)]
    pub storage: DatabaseFlags,

    #[command(flatten)]
    pub log: LogFlags,

    #[command(flatten)]
    pub oidc: OidcFlags,

    /// `add-user`; without a command the server runs.
    #[command(subcommand)]
    pub command: Option<Command>,

    /// Where AK/SK credentials come from; tests give their own.
    #[arg(skip)]
    pub aksk_source: AkSkSource,
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
}

/// Default lifetime of an emulated IAM token: IAM's own 24 hours.
pub const DEFAULT_IAM_TOKEN_TTL_SECS: u64 = 24 * 60 * 60;

impl EmulatorFlags {
    /// Protection groups to generate, never fewer than 10.
    pub fn group_count(&self) -> usize {
        self.groups.max(10)
    }
}

/// Commands other than serving.
#[derive(Clone, Debug, clap::Subcommand)]
pub enum Command {
    /// Reads a password from stdin and prints the users-file line of NAME
    /// (append it to the file of --users).
    AddUser {
        /// User name (no `:`, no spaces).
        name: String,
        /// viewer reads; operator may also delete and clear.
        #[arg(long, value_parser = ["viewer", "operator"], default_value = "viewer")]
        role: String,
    },
}

/// The emulator's default (and only) project id.
pub const DEFAULT_PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";

/// Where the server reads AK/SK credentials.
#[derive(Clone, Debug, Default)]
pub enum AkSkSource {
    /// The SDKs' environment variables, else their credentials file.
    #[default]
    Environment,
    /// These (tests: hermetic, whatever the machine's environment holds).
    Given(Option<SdkCredentials>),
}

fn parse_rate(raw: &str) -> Result<f64, String> {
    let rate: f64 = raw.parse().map_err(|_| format!("not a number: {raw}"))?;
    if (0.0..=1.0).contains(&rate) {
        Ok(rate)
    } else {
        Err("must be between 0 and 1".into())
    }
}

impl Cli {
    /// Whether the console offers IAM sign-in: with `--iam`, or with
    /// emulated IAM users in emulate mode.
    pub fn iam_sign_in(&self) -> bool {
        self.iam.is_some() || (self.proxy.upstream.is_none() && self.emulator.iam_users.is_some())
    }

    /// The project id of emulate mode.
    pub fn emulated_project_id(&self) -> &str {
        self.project_id.as_deref().unwrap_or(DEFAULT_PROJECT_ID)
    }

    /// The AK/SK credentials configured, if any.
    pub fn aksk_credentials(&self) -> Result<Option<SdkCredentials>, CredentialsError> {
        match &self.aksk_source {
            AkSkSource::Environment => credentials::load(&|name| std::env::var(name).ok()),
            AkSkSource::Given(given) => Ok(given.clone()),
        }
    }

    /// Whether team sign-in is configured (users file, OIDC or trusted proxy).
    pub fn team_sign_in(&self) -> bool {
        self.team.users.is_some() || self.oidc.oidc_issuer.is_some() || !self.team.trusted_proxy.is_empty()
    }

    /// `--public-url`, else `http://ADDR:PORT` of the flags.
    pub fn public_url(&self) -> reqwest::Url {
        match &self.listen.public_url {
            Some(url) => url.clone(),
            None => crate::team::public_url::default_for(self.listen.addr, self.listen.port),
        }
    }

    /// The server-side upstream token, ignoring an empty value.
    pub fn server_token(&self) -> Option<&str> {
        self.proxy
            .upstream_token
            .as_deref()
            .filter(|t| !t.trim().is_empty())
    }
}
