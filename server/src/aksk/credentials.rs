//! AK/SK credentials, read where the official SDKs read them: the
//! environment (`HUAWEICLOUD_SDK_AK`, `_SK`, `_SECURITY_TOKEN`,
//! `_PROJECT_ID`, `HUAWEICLOUD_SDK_IAM_ENDPOINT`), else the SDKs'
//! credentials file (`HUAWEICLOUD_SDK_CREDENTIALS_FILE`, default
//! `~/.huaweicloud/credentials`, section `[basic]`, keys `ak`, `sk`,
//! `security_token`, `project_id`, `iam_endpoint`). Never from a flag, which
//! `ps` shows. A malformed value fails with a message naming the variable
//! or key and what is wrong, never the value; `Debug` redacts secrets.

use std::fmt;
use std::path::{Path, PathBuf};

pub const ENV_AK: &str = "HUAWEICLOUD_SDK_AK";
pub const ENV_SK: &str = "HUAWEICLOUD_SDK_SK";
pub const ENV_SECURITY_TOKEN: &str = "HUAWEICLOUD_SDK_SECURITY_TOKEN";
pub const ENV_PROJECT_ID: &str = "HUAWEICLOUD_SDK_PROJECT_ID";
pub const ENV_IAM_ENDPOINT: &str = "HUAWEICLOUD_SDK_IAM_ENDPOINT";
pub const ENV_CREDENTIALS_FILE: &str = "HUAWEICLOUD_SDK_CREDENTIALS_FILE";
/// The section of the credentials file holding project-scoped keys.
pub const FILE_SECTION: &str = "basic";

/// A secret value: shown nowhere, `Debug` prints a placeholder.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Self {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(redacted)")
    }
}

/// A key pair; temporary keys (from an agency or a security-token call)
/// come with their security token.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeyPair {
    /// The access key id is not secret: it travels in every `Authorization`.
    pub ak: String,
    pub sk: Secret,
    pub security_token: Option<Secret>,
}

/// Where the keys were found, for the start-up line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Environment,
    File(PathBuf),
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SdkCredentials {
    pub keys: KeyPair,
    pub project_id: Option<String>,
    pub iam_endpoint: Option<String>,
    pub source: Source,
}

/// Why the credentials cannot be used; the message names the variable or
/// file key, never its value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsError(pub String);

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for CredentialsError {}

fn bad(what: &str, why: &str) -> CredentialsError {
    CredentialsError(format!("{what} {why}"))
}

fn check_ak(what: &str, ak: &str) -> Result<(), CredentialsError> {
    if ak.len() > 128 || !ak.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(bad(
            what,
            "is not an access key id: it must be up to 128 letters and digits (check for spaces, quotes or a line break)",
        ));
    }
    Ok(())
}

/// Printable ASCII without spaces: anything else is a copy-paste slip and
/// could not travel in a header anyway.
fn check_printable(what: &str, value: &str, kind: &str, max: usize) -> Result<(), CredentialsError> {
    if value.len() > max || !value.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(bad(
            what,
            &format!("is not a valid {kind}: it must be up to {max} printable ASCII characters without spaces (check for quotes or a line break)"),
        ));
    }
    Ok(())
}

fn check_project(what: &str, id: &str) -> Result<(), CredentialsError> {
    if id.len() > 64 || !id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err(bad(
            what,
            "is not a project id: it must be up to 64 letters and digits",
        ));
    }
    Ok(())
}

fn check_endpoint(what: &str, url: &str) -> Result<(), CredentialsError> {
    match reqwest::Url::parse(url) {
        Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => Ok(()),
        _ => Err(bad(what, "is not an http(s) URL")),
    }
}

/// The raw values and the names to report them by.
struct Found {
    ak: (String, String),
    sk: (String, String),
    token: Option<(String, String)>,
    project: Option<(String, String)>,
    iam: Option<(String, String)>,
    source: Source,
}

fn validate(found: Found) -> Result<SdkCredentials, CredentialsError> {
    check_ak(&found.ak.0, &found.ak.1)?;
    if found.sk.1.is_empty() {
        return Err(bad(&found.sk.0, "is empty"));
    }
    check_printable(&found.sk.0, &found.sk.1, "secret access key", 256)?;
    if let Some((what, token)) = &found.token {
        check_printable(what, token, "security token", 16_384)?;
    }
    if let Some((what, id)) = &found.project {
        check_project(what, id)?;
    }
    if let Some((what, url)) = &found.iam {
        check_endpoint(what, url)?;
    }
    Ok(SdkCredentials {
        keys: KeyPair {
            ak: found.ak.1,
            sk: Secret(found.sk.1),
            security_token: found.token.map(|(_, t)| Secret(t)),
        },
        project_id: found.project.map(|(_, p)| p),
        iam_endpoint: found.iam.map(|(_, u)| u.trim_end_matches('/').to_owned()),
        source: found.source,
    })
}

/// A key pair from values read elsewhere (a config file's variables);
/// each comes with the name messages give it, as in [`load`].
pub fn key_pair(
    ak: (String, String),
    sk: (String, String),
    security_token: Option<(String, String)>,
) -> Result<KeyPair, CredentialsError> {
    let found = Found {
        ak,
        sk,
        token: security_token,
        project: None,
        iam: None,
        source: Source::Environment,
    };
    validate(found).map(|c| c.keys)
}

/// The credentials of the environment `env` (a lookup, so tests pass their
/// own) or of the credentials file; `None` when neither has a key pair.
pub fn load(env: &dyn Fn(&str) -> Option<String>) -> Result<Option<SdkCredentials>, CredentialsError> {
    let var = |name: &str| env(name).filter(|v| !v.is_empty()).map(|v| (name.to_owned(), v));
    let iam_env = var(ENV_IAM_ENDPOINT);
    match (var(ENV_AK), var(ENV_SK)) {
        (Some(ak), Some(sk)) => {
            return validate(Found {
                ak,
                sk,
                token: var(ENV_SECURITY_TOKEN),
                project: var(ENV_PROJECT_ID),
                iam: iam_env,
                source: Source::Environment,
            })
            .map(Some)
        }
        (Some(_), None) => return Err(bad(ENV_AK, &format!("is set but {ENV_SK} is not"))),
        (None, Some(_)) => return Err(bad(ENV_SK, &format!("is set but {ENV_AK} is not"))),
        (None, None) => {}
    }
    let (path, named) = match var(ENV_CREDENTIALS_FILE) {
        Some((_, path)) => (PathBuf::from(path), true),
        None => match env("HOME").filter(|h| !h.is_empty()) {
            Some(home) => (Path::new(&home).join(".huaweicloud").join("credentials"), false),
            None => return Ok(None),
        },
    };
    if !path.exists() {
        return if named {
            Err(bad(ENV_CREDENTIALS_FILE, "names a file that does not exist"))
        } else {
            Ok(None)
        };
    }
    let text = std::fs::read_to_string(&path).map_err(|e| {
        CredentialsError(format!(
            "cannot read the credentials file {}: {e}",
            path.display()
        ))
    })?;
    from_file_text(&text, &path, iam_env).map(Some)
}

/// The `[basic]` section of a credentials file's text.
pub fn from_file_text(
    text: &str,
    path: &Path,
    iam_env: Option<(String, String)>,
) -> Result<SdkCredentials, CredentialsError> {
    from_file_section(text, path, FILE_SECTION, iam_env)
}

/// The section `section` (a profile) of a credentials file's text.
pub fn from_file_section(
    text: &str,
    path: &Path,
    section_name: &str,
    iam_env: Option<(String, String)>,
) -> Result<SdkCredentials, CredentialsError> {
    let shown = path.display();
    let ini = ini::Ini::load_from_str(text).map_err(|e| {
        CredentialsError(format!(
            "the credentials file {shown} is not an INI file (line {})",
            e.line
        ))
    })?;
    let section = ini.section(Some(section_name)).ok_or_else(|| {
        CredentialsError(format!(
            "the credentials file {shown} has no [{section_name}] section"
        ))
    })?;
    let key = |name: &str| {
        section
            .get(name)
            .map(str::trim)
            .filter(|v| !v.is_empty())
            .map(|v| (format!("{name} in [{section_name}] of {shown}"), v.to_owned()))
    };
    let (Some(ak), Some(sk)) = (key("ak"), key("sk")) else {
        return Err(CredentialsError(format!(
            "the credentials file {shown} has no ak and sk in [{section_name}]"
        )));
    };
    validate(Found {
        ak,
        sk,
        token: key("security_token"),
        project: key("project_id"),
        iam: iam_env.or_else(|| key("iam_endpoint")),
        source: Source::File(path.to_owned()),
    })
}

#[cfg(test)]
#[path = "credentials_tests.rs"]
mod tests;
