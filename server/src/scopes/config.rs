//! The `--config` file: the watcher's settings, named credentials and the
//! scopes. Parsed and checked here without touching the environment; a
//! secret is never written in the file, only the name of the environment
//! variable or credentials-file profile holding it. Every error names the
//! file, the line and the key, never a value.
//!
//! ```toml
//! [watcher]
//! period_secs = 60
//!
//! [credentials.prod]
//! kind = "aksk"
//! ak_env = "PROD_AK"
//! sk_env = "PROD_SK"
//!
//! [[scope]]
//! name = "prod-ap-southeast-3"
//! region = "ap-southeast-3"
//! project_id = "0123456789abcdef0123456789abcdef"
//! credential = "prod"
//! ```

use super::file_text::parse_toml;
use super::place::{line_of, ConfigError, Place};
use super::WatcherSettings;
use crate::upstream::region;
use check::Checker;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;
use toml::Spanned;

type Text = Spanned<String>;

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    watcher: Option<RawWatcher>,
    #[serde(default)]
    credentials: BTreeMap<Text, RawCredential>,
    #[serde(default)]
    scope: Vec<Spanned<RawScope>>,
    /// Checked by the alerts' own parser (`crate::alerts::config`).
    #[serde(default)]
    #[allow(dead_code)]
    alerts: Option<serde::de::IgnoredAny>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawWatcher {
    period_secs: Option<Spanned<u64>>,
    jitter_secs: Option<Spanned<u64>>,
    requests_per_second: Option<Spanned<f64>>,
    retention_days: Option<Spanned<u64>>,
    max_backoff_secs: Option<Spanned<u64>>,
}

/// Every key any kind takes; which go with which kind is checked after.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCredential {
    kind: Option<Text>,
    ak_env: Option<Text>,
    sk_env: Option<Text>,
    security_token_env: Option<Text>,
    profile: Option<Text>,
    credentials_file: Option<Text>,
    iam: Option<Text>,
    domain: Option<Text>,
    user: Option<Text>,
    password_env: Option<Text>,
    via: Option<Text>,
    agency_domain: Option<Text>,
    agency_name: Option<Text>,
    token_env: Option<Text>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawScope {
    name: Option<Text>,
    region: Option<Text>,
    endpoint: Option<Text>,
    project_id: Option<Text>,
    credential: Option<Text>,
}

/// The name of an environment variable holding a secret, and where the
/// file names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EnvRef {
    pub var: String,
    pub at: Place,
}

impl EnvRef {
    /// The variable's name for a message: shown only when it looks like
    /// one (upper case), since a secret pasted in its place must not be.
    pub fn shown(&self) -> String {
        let conventional = self.var.len() <= 64
            && self
                .var
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if conventional {
            format!("the environment variable {}", self.var)
        } else {
            format!("the environment variable named by {}", self.at.key)
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CredentialKind {
    /// A key pair from two (or three) environment variables.
    AkSkEnv {
        ak: EnvRef,
        sk: EnvRef,
        security_token: Option<EnvRef>,
    },
    /// A key pair from a section of the Huawei SDKs' credentials file.
    AkSkProfile {
        profile: String,
        at: Place,
        /// Else `HUAWEICLOUD_SDK_CREDENTIALS_FILE`, else
        /// `~/.huaweicloud/credentials`.
        file: Option<PathBuf>,
    },
    /// An IAM user whose project-scoped token the server renews.
    IamUser {
        /// IAM base URL; else the one of the scope's region.
        iam: Option<String>,
        domain: String,
        user: String,
        password: EnvRef,
    },
    /// An agency of a member account, assumed by the IAM user `via`.
    Agency {
        via: String,
        via_at: Place,
        iam: Option<String>,
        agency_domain: String,
        agency_name: String,
    },
    /// A fixed IAM token.
    Token { token: EnvRef },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialSpec {
    pub name: String,
    /// The `[credentials.NAME]` header.
    pub at: Place,
    pub kind: CredentialKind,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScopeSpec {
    pub name: String,
    /// The `[[scope]]` entry.
    pub at: Place,
    pub name_at: Place,
    /// A Huawei Cloud region, or a label when `endpoint` is given.
    pub region: String,
    /// SDRS base URL without a trailing slash.
    pub endpoint: String,
    pub project_id: String,
    pub credential: String,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    pub watcher: WatcherSettings,
    pub credentials: BTreeMap<String, CredentialSpec>,
    pub scopes: Vec<ScopeSpec>,
}

/// Names of scopes and credentials: they travel in URL paths and logs.
pub fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 64
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
        && !name.starts_with('.')
}

/// Checks one file's text; `path` is shown in errors and anchors a
/// relative `credentials_file`.
pub fn parse(text: &str, path: &Path) -> Result<Config, ConfigError> {
    let file = path.display().to_string();
    let raw: RawFile = parse_toml(text, &file)?;
    let checker = Checker {
        text,
        file: &file,
        base: path.parent(),
    };
    let watcher = checker.watcher(raw.watcher)?;
    let mut credentials = BTreeMap::new();
    for (name, cred) in raw.credentials {
        let spec = checker.credential(name, cred)?;
        credentials.insert(spec.name.clone(), spec);
    }
    for spec in credentials.values() {
        if let CredentialKind::Agency { via, via_at, .. } = &spec.kind {
            match credentials.get(via).map(|c| &c.kind) {
                Some(CredentialKind::IamUser { .. }) => {}
                Some(_) => {
                    return Err(checker.error(
                        via_at,
                        "an agency is assumed via a credential of kind = \"iam_user\"",
                    ))
                }
                None => return Err(checker.error(via_at, "names no credential of this file")),
            }
        }
    }
    let mut scopes: Vec<ScopeSpec> = Vec::new();
    for (index, raw) in raw.scope.into_iter().enumerate() {
        let scope = checker.scope(index + 1, raw, &credentials)?;
        if let Some(first) = scopes.iter().find(|s| s.name == scope.name) {
            return Err(checker.error(
                &scope.name_at,
                format!(
                    "the scope name {} is already used on line {}",
                    scope.name, first.at.line
                ),
            ));
        }
        scopes.push(scope);
    }
    if scopes.is_empty() {
        return Err(ConfigError {
            file,
            line: None,
            key: Some("scope".into()),
            message: "no [[scope]] is configured".into(),
        });
    }
    Ok(Config {
        watcher,
        credentials,
        scopes,
    })
}

#[path = "config_check.rs"]
mod check;

#[cfg(test)]
#[path = "config_tests.rs"]
mod tests;
