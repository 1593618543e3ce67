//! Command-line flags. Everything the server does is decided here, so tests
//! and benchmark scripts build a [`Cli`] with `Cli::parse_from([...])` and get
//! exactly the behaviour of the binary.

pub mod flags;

pub use flags::{
    ConsoleFlags, CountMode, DatabaseFlags, EmulatorFlags, ListenFlags, LogFlags, OidcFlags, TeamFlags,
    UpstreamFlags, DEFAULT_IAM_TOKEN_TTL_SECS,
};

use crate::aksk::credentials::{self, CredentialsError, SdkCredentials};
use clap::Parser;

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
