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
use crate::scopes::place::{key_at, line_of, scrub_message, ConfigError, Place};
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

/// Checks the `[alerts]` part of one config file's text; a file without
/// it has no channels.
pub fn parse(text: &str, path: &Path) -> Result<AlertsConfig, ConfigError> {
    let file = path.display().to_string();
    let raw: RawFile = toml::from_str(text).map_err(|e| {
        let offset = e.span().map(|s| s.start);
        ConfigError {
            file: file.clone(),
            line: offset.map(|o| line_of(text, o)),
            key: offset.and_then(|o| key_at(text, o)),
            message: scrub_message(e.message()),
        }
    })?;
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

struct Check<'a> {
    text: &'a str,
    file: &'a str,
    base: Option<&'a Path>,
}

impl Check<'_> {
    fn place<T>(&self, spanned: &Spanned<T>, key: impl Into<String>) -> Place {
        Place::new(line_of(self.text, spanned.span().start), key)
    }

    fn error(&self, at: &Place, message: impl Into<String>) -> ConfigError {
        ConfigError::at(self.file, at, message)
    }

    fn http_url(&self, value: &Text, key: &str) -> Result<Url, ConfigError> {
        Url::parse(value.get_ref().trim())
            .ok()
            .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
            .ok_or_else(|| self.error(&self.place(value, key), "expected an http(s) URL"))
    }

    fn env(&self, value: &Text, key: String) -> Result<EnvRef, ConfigError> {
        let at = self.place(value, key);
        let var = value.get_ref().trim().to_owned();
        let valid = !var.is_empty()
            && var.len() <= 128
            && !var.starts_with(|c: char| c.is_ascii_digit())
            && var.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
        if !valid {
            return Err(self.error(
                &at,
                "is not an environment variable name (letters, digits and '_')",
            ));
        }
        Ok(EnvRef { var, at })
    }

    fn secs(
        &self,
        value: &Option<Spanned<u64>>,
        key: String,
        range: std::ops::RangeInclusive<u64>,
    ) -> Result<Option<u64>, ConfigError> {
        match value {
            None => Ok(None),
            Some(v) if range.contains(v.get_ref()) => Ok(Some(*v.get_ref())),
            Some(v) => Err(self.error(
                &self.place(v, key),
                format!("must be between {} and {}", range.start(), range.end()),
            )),
        }
    }

    fn channel(&self, number: usize, raw: Spanned<RawChannel>) -> Result<ChannelSpec, ConfigError> {
        let at = Place::new(
            line_of(self.text, raw.span().start),
            format!("alerts.channels[{number}]"),
        );
        let raw = raw.into_inner();
        let key = |k: &str| format!("alerts.channels[{number}].{k}");
        let need = |value: &Option<Text>, k: &str| -> Result<(String, Place), ConfigError> {
            match value {
                Some(v) if !v.get_ref().trim().is_empty() => {
                    Ok((v.get_ref().trim().to_owned(), self.place(v, key(k))))
                }
                Some(v) => Err(self.error(&self.place(v, key(k)), "is empty")),
                None => Err(self.error(&at, format!("a channel needs {k}"))),
            }
        };
        let (name, name_at) = need(&raw.name, "name")?;
        if !is_plain_name(&name) {
            return Err(self.error(
                &name_at,
                "a channel name is up to 64 letters, digits, '-', '_' and '.'",
            ));
        }
        let (kind_text, kind_at) = need(&raw.kind, "kind")?;
        let all: Vec<&str> = ChannelKind::ALL.iter().map(|k| k.as_str()).collect();
        let Some(kind) = kind_named(&kind_text) else {
            return Err(self.error(&kind_at, format!("must be one of {}", all.join(", "))));
        };
        let not_for = |value: Option<Place>, what: &str| match value {
            Some(place) => Err(self.error(
                &place,
                format!("does not go with kind = \"{}\" ({what})", kind.as_str()),
            )),
            None => Ok(()),
        };
        let url = match (&raw.url, &raw.url_env, kind) {
            (Some(v), _, ChannelKind::Smn) | (None, Some(v), ChannelKind::Smn) => {
                return Err(self.error(
                    &self.place(v, key(if raw.url.is_some() { "url" } else { "url_env" })),
                    "does not go with kind = \"smn\" (its URL is made from region or endpoint, project_id and topic_urn)",
                ))
            }
            (None, None, ChannelKind::Smn) => None,
            (Some(v), Some(_), _) => return Err(self.error(&self.place(v, key("url")), "give either url or url_env, not both")),
            (Some(v), None, k) if url_holds_key(k) => {
                return Err(self.error(
                    &self.place(v, key("url")),
                    format!("a {} URL holds its key: name it with url_env, never write it here", k.as_str()),
                ))
            }
            (Some(v), None, _) => Some(UrlSource::Given(self.http_url(v, &key("url"))?)),
            (None, Some(v), _) => Some(UrlSource::Env(self.env(v, key("url_env"))?)),
            (None, None, _) => return Err(self.error(&at, "a channel needs url or url_env")),
        };
        let secret = match (&raw.secret_env, &raw.secret_file) {
            (Some(v), Some(_)) => {
                return Err(self.error(
                    &self.place(v, key("secret_env")),
                    "give either secret_env or secret_file, not both",
                ))
            }
            (Some(v), None) => Some(SecretSource::Env(self.env(v, key("secret_env"))?)),
            (None, Some(_)) => {
                let (path, place) = need(&raw.secret_file, "secret_file")?;
                let path = match self.base {
                    Some(dir) => dir.join(path),
                    None => PathBuf::from(path),
                };
                Some(SecretSource::File { path, at: place })
            }
            (None, None) => None,
        };
        if matches!(kind, ChannelKind::Slack | ChannelKind::WeCom | ChannelKind::Smn) {
            let given = raw
                .secret_env
                .as_ref()
                .map(|v| self.place(v, key("secret_env")))
                .or_else(|| {
                    raw.secret_file
                        .as_ref()
                        .map(|v| self.place(v, key("secret_file")))
                });
            not_for(given, "it signs nothing")?;
        }
        if !matches!(kind, ChannelKind::DingTalk | ChannelKind::Feishu) {
            not_for(
                raw.keyword.as_ref().map(|v| self.place(v, key("keyword"))),
                "only robots take a keyword",
            )?;
        }
        if kind != ChannelKind::Alertmanager {
            not_for(
                raw.resend_secs
                    .as_ref()
                    .map(|v| self.place(v, key("resend_secs"))),
                "only Alertmanager is sent again",
            )?;
        }
        let smn_keys = [
            (&raw.topic_urn, "topic_urn"),
            (&raw.project_id, "project_id"),
            (&raw.region, "region"),
            (&raw.endpoint, "endpoint"),
            (&raw.credential, "credential"),
        ];
        let smn = if kind == ChannelKind::Smn {
            Some(self.smn(&raw, &at, &need, &key)?)
        } else {
            for (value, k) in smn_keys {
                not_for(
                    value.as_ref().map(|v| self.place(v, key(k))),
                    "it is an SMN setting",
                )?;
            }
            None
        };
        let keyword = match &raw.keyword {
            Some(_) => Some(need(&raw.keyword, "keyword")?.0),
            None => None,
        };
        let batch = self.secs(&raw.batch_secs, key("batch_secs"), 0..=3600)?;
        let per_minute = self.secs(&raw.per_minute, key("per_minute"), 1..=600)?;
        let timeout = self.secs(&raw.timeout_secs, key("timeout_secs"), 1..=120)?;
        let resend = self.secs(&raw.resend_secs, key("resend_secs"), 10..=3600)?;
        Ok(ChannelSpec {
            name,
            kind,
            at,
            url,
            secret,
            keyword,
            filter: AlertFilter {
                scopes: raw.scopes,
                failure_statuses: raw.failure_statuses,
                error_codes: raw.error_codes,
                resource_names: raw.resource_names,
            },
            batch: batch.map_or(DEFAULT_BATCH, Duration::from_secs),
            per_minute: per_minute.map_or(default_per_minute(kind), |n| n as u32),
            timeout: timeout.map_or(DEFAULT_TIMEOUT, Duration::from_secs),
            resend: resend.map_or(DEFAULT_RESEND, Duration::from_secs),
            send_cleared: raw.send_cleared.unwrap_or(kind == ChannelKind::Alertmanager),
            smn,
        })
    }

    fn smn(
        &self,
        raw: &RawChannel,
        at: &Place,
        need: &dyn Fn(&Option<Text>, &str) -> Result<(String, Place), ConfigError>,
        key: &dyn Fn(&str) -> String,
    ) -> Result<SmnSpec, ConfigError> {
        let (topic_urn, _) = need(&raw.topic_urn, "topic_urn")?;
        let (project_id, project_at) = need(&raw.project_id, "project_id")?;
        if project_id.len() > 64 || !project_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(self.error(&project_at, "is not a project id: up to 64 letters and digits"));
        }
        let endpoint = match (&raw.endpoint, &raw.region) {
            (Some(v), _) => self.http_url(v, &key("endpoint"))?,
            (None, Some(_)) => {
                let (region, at) = need(&raw.region, "region")?;
                if !is_plain_name(&region) {
                    return Err(self.error(&at, "is not a region name"));
                }
                Url::parse(&format!("https://smn.{region}.myhuaweicloud.com"))
                    .map_err(|_| self.error(&at, "is not a region name"))?
            }
            (None, None) => return Err(self.error(at, "an SMN channel needs region or endpoint")),
        };
        let (credential, credential_at) = need(&raw.credential, "credential")?;
        Ok(SmnSpec {
            topic_urn,
            project_id,
            endpoint,
            credential,
            credential_at,
        })
    }
}

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
