//! `[alerts]` and `[[alerts.channels]]` of the `--config` file, checked
//! without touching the environment: a channel's secret and any URL that
//! holds a robot's key are named by environment variable (or file), never
//! written in the file. Every error names the file, the line and the key.
//!
//! ```toml
//! [[alerts.channels]]
//! name = "ops-dingtalk"
//! kind = "dingtalk"
//! url_env = "OPS_DINGTALK_URL"
//! secret_env = "OPS_DINGTALK_SECRET"
//! scopes = ["prod-*"]
//! ```

use super::filter::AlertFilter;
use super::ChannelKind;
use crate::scopes::config::{is_plain_name, EnvRef};
use crate::scopes::file_text::parse_toml;
use crate::scopes::place::{line_of, ConfigError, Place};
use serde::Deserialize;
use std::path::{Path, PathBuf};
use std::time::Duration;
use toml::Spanned;
use url::Url;

type Text = Spanned<String>;

/// The file's other tables are the scopes' (checked by their parser).
#[derive(Deserialize)]
struct RawFile {
    alerts: Option<RawAlerts>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAlerts {
    console_url: Option<Text>,
    #[serde(default)]
    channels: Vec<Spanned<RawChannel>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawChannel {
    name: Option<Text>,
    kind: Option<Text>,
    url: Option<Text>,
    url_env: Option<Text>,
    secret_env: Option<Text>,
    secret_file: Option<Text>,
    keyword: Option<Text>,
    #[serde(default)]
    scopes: Vec<String>,
    #[serde(default)]
    failure_statuses: Vec<String>,
    #[serde(default)]
    error_codes: Vec<String>,
    #[serde(default)]
    resource_names: Vec<String>,
    batch_secs: Option<Spanned<u64>>,
    per_minute: Option<Spanned<u64>>,
    timeout_secs: Option<Spanned<u64>>,
    resend_secs: Option<Spanned<u64>>,
    remind_after_secs: Option<Spanned<u64>>,
    send_cleared: Option<bool>,
    topic_urn: Option<Text>,
    project_id: Option<Text>,
    region: Option<Text>,
    endpoint: Option<Text>,
    credential: Option<Text>,
}

/// Where a channel's URL comes from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum UrlSource {
    /// Written in the file (kinds whose URL holds no key).
    Given(Url),
    Env(EnvRef),
}

/// Where a channel's secret (signing secret, HMAC key, bearer token) comes
/// from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SecretSource {
    Env(EnvRef),
    File { path: PathBuf, at: Place },
}

/// Huawei SMN's topic and the `[credentials.NAME]` (kind `aksk`) that
/// signs the publish call.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SmnSpec {
    pub topic_urn: String,
    pub project_id: String,
    pub endpoint: Url,
    pub credential: String,
    pub credential_at: Place,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChannelSpec {
    pub name: String,
    pub kind: ChannelKind,
    /// The `[[alerts.channels]]` entry.
    pub at: Place,
    /// `None` for SMN, whose URL is made from its topic.
    pub url: Option<UrlSource>,
    pub secret: Option<SecretSource>,
    pub keyword: Option<String>,
    pub filter: AlertFilter,
    /// Failures due within this window go out as one message per scope.
    pub batch: Duration,
    /// Messages a minute at most; what is over waits and is folded.
    pub per_minute: u32,
    /// The longest wait for one answer.
    pub timeout: Duration,
    /// Alertmanager: open failures are sent again this often.
    pub resend: Duration,
    /// A failure still open and not acknowledged this long after it was
    /// announced is announced once more (`None`: never).
    pub remind_after: Option<Duration>,
    /// Whether failures gone are announced too.
    pub send_cleared: bool,
    pub smn: Option<SmnSpec>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AlertsConfig {
    /// The console's address in links; else `--public-url`.
    pub console_url: Option<Url>,
    pub channels: Vec<ChannelSpec>,
}

/// What a channel may send by default: the robots' published limits (20 a
/// minute for DingTalk and WeCom, 100 for Feishu, about one a second for
/// Slack), one a second for the others.
pub fn default_per_minute(kind: ChannelKind) -> u32 {
    match kind {
        ChannelKind::DingTalk | ChannelKind::WeCom => 20,
        ChannelKind::Feishu => 100,
        _ => 60,
    }
}

fn kind_named(name: &str) -> Option<ChannelKind> {
    ChannelKind::ALL.into_iter().find(|k| k.as_str() == name)
}

/// The robots' and Slack's URLs carry their key.
fn url_holds_key(kind: ChannelKind) -> bool {
    matches!(
        kind,
        ChannelKind::Slack | ChannelKind::DingTalk | ChannelKind::Feishu | ChannelKind::WeCom
    )
}

pub const DEFAULT_BATCH: Duration = Duration::from_secs(30);
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);
/// Below Alertmanager's default resolve timeout (5 min).
pub const DEFAULT_RESEND: Duration = Duration::from_secs(60);
/// The longest `remind_after_secs`: 30 days.
pub const MAX_REMIND_AFTER_SECS: u64 = 30 * 24 * 3600;

/// Checks the `[alerts]` part of one config file's text; a file without
/// it has no channels.
pub fn parse(text: &str, path: &Path) -> Result<AlertsConfig, ConfigError> {
    let file = path.display().to_string();
    let raw: RawFile = parse_toml(text, &file)?;
    let Some(raw) = raw.alerts else {
        return Ok(AlertsConfig::default());
    };
    let check = Check {
        text,
        file: &file,
        base: path.parent(),
    };
    let console_url = match &raw.console_url {
        Some(v) => Some(check.http_url(v, "alerts.console_url")?),
        None => None,
    };
    let mut channels: Vec<ChannelSpec> = Vec::new();
    for (index, raw) in raw.channels.into_iter().enumerate() {
        let spec = check.channel(index + 1, raw)?;
        if let Some(first) = channels.iter().find(|c| c.name == spec.name) {
            return Err(check.error(
                &spec.at,
                format!(
                    "the channel name {} is already used on line {}",
                    spec.name, first.at.line
                ),
            ));
        }
        channels.push(spec);
    }
    Ok(AlertsConfig {
        console_url,
        channels,
    })
}

#[path = "config_check.rs"]
mod check;
use check::Check;

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
