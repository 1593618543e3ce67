//! The secrets of each configured credential, read once at start-up from
//! the environment variables or credentials-file profile the config file
//! names. The environment and the file system come in as closures, so the
//! tests never touch the process's own. Messages name the file, line and
//! key, and the variable when it looks like one, never a value.

use super::config::{Config, CredentialKind, EnvRef};
use super::place::{ConfigError, Place};
use crate::aksk::credentials::{self, KeyPair, Secret, ENV_CREDENTIALS_FILE};
use crate::upstream::token_renewal::ServerIamUser;
use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};

/// Where secrets are read.
pub struct Sources<'a> {
    pub env: &'a dyn Fn(&str) -> Option<String>,
    pub read: &'a dyn Fn(&Path) -> io::Result<String>,
}

/// The secret part of one credential.
pub enum Material {
    AkSk(KeyPair),
    /// An IAM user, or (with `user.agency`) an agency it assumes; `iam` as
    /// configured, else the scope's region decides.
    Iam {
        iam: Option<String>,
        user: ServerIamUser,
    },
    Token(Secret),
}

impl std::fmt::Debug for Material {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Material::AkSk(keys) => write!(f, "AkSk({keys:?})"),
            Material::Iam { iam, user } => write!(f, "Iam({iam:?}, {user:?})"),
            Material::Token(_) => f.write_str("Token(redacted)"),
        }
    }
}

/// Reads the secrets of every credential of `config`.
pub fn read_all(
    config: &Config,
    file: &str,
    sources: &Sources,
) -> Result<BTreeMap<String, Material>, ConfigError> {
    let mut out = BTreeMap::new();
    // Agencies last: they take their user from the credential they go via.
    let (agencies, others): (Vec<_>, Vec<_>) = config
        .credentials
        .values()
        .partition(|c| matches!(c.kind, CredentialKind::Agency { .. }));
    for spec in others.into_iter().chain(agencies) {
        let material = match &spec.kind {
            CredentialKind::AkSkEnv {
                ak,
                sk,
                security_token,
            } => {
                let named = |r: &EnvRef| -> Result<(String, String), ConfigError> {
                    Ok((format!("{} ({})", r.shown(), r.at.key), value(r, file, sources)?))
                };
                let token = match security_token {
                    Some(t) => Some(named(t)?),
                    None => None,
                };
                let keys = credentials::key_pair(named(ak)?, named(sk)?, token)
                    .map_err(|e| ConfigError::at(file, &sk.at, e.0))?;
                Material::AkSk(keys)
            }
            CredentialKind::AkSkProfile {
                profile,
                at,
                file: given,
            } => Material::AkSk(profile_keys(profile, at, given.as_deref(), file, sources)?),
            CredentialKind::IamUser {
                iam,
                domain,
                user,
                password,
            } => Material::Iam {
                iam: iam.clone(),
                user: ServerIamUser {
                    domain: domain.clone(),
                    user: user.clone(),
                    password: value(password, file, sources)?,
                    agency: None,
                },
            },
            CredentialKind::Agency {
                via,
                via_at,
                iam,
                agency_domain,
                agency_name,
            } => {
                let Some(Material::Iam { iam: via_iam, user }) = out.get(via) else {
                    return Err(ConfigError::at(
                        file,
                        via_at,
                        "an agency is assumed via a credential of kind = \"iam_user\"",
                    ));
                };
                Material::Iam {
                    iam: iam.clone().or_else(|| via_iam.clone()),
                    user: ServerIamUser {
                        agency: Some((agency_domain.clone(), agency_name.clone())),
                        ..user.clone()
                    },
                }
            }
            CredentialKind::Token { token } => {
                let text = value(token, file, sources)?;
                if !text.bytes().all(|b| b.is_ascii_graphic()) {
                    return Err(ConfigError::at(
                        file,
                        &token.at,
                        format!(
                            "{} is not a token: printable ASCII without spaces (check for quotes or a line break)",
                            token.shown()
                        ),
                    ));
                }
                Material::Token(Secret::new(text))
            }
        };
        out.insert(spec.name.clone(), material);
    }
    Ok(out)
}

/// The value of the variable `r` names; unset or blank is an error.
fn value(r: &EnvRef, file: &str, sources: &Sources) -> Result<String, ConfigError> {
    match (sources.env)(&r.var) {
        Some(v) if !v.trim().is_empty() => Ok(v),
        Some(_) => Err(ConfigError::at(file, &r.at, format!("{} is empty", r.shown()))),
        None => Err(ConfigError::at(file, &r.at, format!("{} is not set", r.shown()))),
    }
}

/// The key pair of section `profile` of the SDKs' credentials file.
fn profile_keys(
    profile: &str,
    at: &Place,
    given: Option<&Path>,
    file: &str,
    sources: &Sources,
) -> Result<KeyPair, ConfigError> {
    let error = |m: String| ConfigError::at(file, at, m);
    let path = match given {
        Some(p) => p.to_owned(),
        None => match (sources.env)(ENV_CREDENTIALS_FILE).filter(|v| !v.is_empty()) {
            Some(p) => PathBuf::from(p),
            None => match (sources.env)("HOME").filter(|h| !h.is_empty()) {
                Some(home) => Path::new(&home).join(".huaweicloud").join("credentials"),
                None => {
                    return Err(error(format!(
                        "no credentials file: give credentials_file, or set {ENV_CREDENTIALS_FILE} or HOME"
                    )))
                }
            },
        },
    };
    let text = (sources.read)(&path).map_err(|e| {
        error(format!(
            "cannot read the credentials file {}: {e}",
            path.display()
        ))
    })?;
    credentials::from_file_section(&text, &path, profile, None)
        .map(|c| c.keys)
        .map_err(|e| error(e.0))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scopes::config::parse;
    use std::collections::HashMap;

    const SECRET: &str = "Sup3rSecretValue0123456789abcdefghijklmn";

    const TEXT: &str = r#"[credentials.keys]
kind = "aksk"
ak_env = "KEYS_AK"
sk_env = "KEYS_SK"

[credentials.profiled]
kind = "aksk"
profile = "staging"

[credentials.org]
kind = "iam_user"
iam = "https://iam.example.com"
domain = "acme"
user = "ops"
password_env = "ORG_PASSWORD"

[credentials.member]
kind = "agency"
via = "org"
agency_domain = "acme-staging"
agency_name = "sdrs-readonly"

[credentials.fixed]
kind = "token"
token_env = "FIXED_TOKEN"

[[scope]]
name = "s"
region = "ap-southeast-3"
project_id = "p1"
credential = "keys"
"#;

    const INI: &str = "[basic]\nak = OTHERAK\nsk = other\n[staging]\nak = STAGINGAK123\nsk = Sup3rSecretValue0123456789abcdefghijklmn\n";

    fn env_of(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    fn good_env() -> HashMap<String, String> {
        env_of(&[
            ("KEYS_AK", "AKKEYS0123"),
            ("KEYS_SK", SECRET),
            ("ORG_PASSWORD", SECRET),
            ("FIXED_TOKEN", "MIItoken"),
            ("HOME", "/home/ops"),
        ])
    }

    fn read(env: &HashMap<String, String>, text: &str) -> Result<BTreeMap<String, Material>, ConfigError> {
        let config = parse(text, Path::new("/etc/scopes.toml")).unwrap();
        let lookup = |name: &str| env.get(name).cloned();
        let files = |p: &Path| {
            if p == Path::new("/home/ops/.huaweicloud/credentials") {
                Ok(INI.to_owned())
            } else {
                Err(io::Error::new(
                    io::ErrorKind::NotFound,
                    "No such file or directory",
                ))
            }
        };
        read_all(
            &config,
            "/etc/scopes.toml",
            &Sources {
                env: &lookup,
                read: &files,
            },
        )
    }

    fn failure(env: &HashMap<String, String>, text: &str) -> String {
        let e = read(env, text).unwrap_err().to_string();
        assert!(!e.contains(SECRET), "{e}");
        e
    }

    #[test]
    fn every_kind_is_read() {
        let got = read(&good_env(), TEXT).unwrap();
        match &got["keys"] {
            Material::AkSk(k) => assert_eq!((k.ak.as_str(), k.sk.expose()), ("AKKEYS0123", SECRET)),
            other => panic!("{other:?}"),
        }
        match &got["profiled"] {
            Material::AkSk(k) => assert_eq!(k.ak, "STAGINGAK123"),
            other => panic!("{other:?}"),
        }
        match &got["member"] {
            Material::Iam { iam, user } => {
                assert_eq!(iam.as_deref(), Some("https://iam.example.com"));
                assert_eq!((user.domain.as_str(), user.user.as_str()), ("acme", "ops"));
                assert_eq!(user.password, SECRET);
                assert_eq!(user.agency, Some(("acme-staging".into(), "sdrs-readonly".into())));
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&got["fixed"], Material::Token(t) if t.expose() == "MIItoken"));
        assert!(!format!("{:?}", got).contains(SECRET));
    }

    #[test]
    fn missing_and_malformed_secrets_name_line_and_key() {
        let mut env = good_env();
        env.remove("KEYS_SK");
        let e = failure(&env, TEXT);
        assert_eq!(
            e,
            "/etc/scopes.toml:4: credentials.keys.sk_env: the environment variable KEYS_SK is not set"
        );
        env.insert("KEYS_SK".into(), "  ".into());
        assert!(failure(&env, TEXT).ends_with("KEYS_SK is empty"));
        env.insert("KEYS_SK".into(), format!("{SECRET}\n"));
        let e = failure(&env, TEXT);
        assert!(
            e.starts_with("/etc/scopes.toml:4: credentials.keys.sk_env: "),
            "{e}"
        );
        assert!(e.contains("is not a valid secret access key"), "{e}");

        let mut env = good_env();
        env.insert("FIXED_TOKEN".into(), format!("{SECRET} x"));
        let e = failure(&env, TEXT);
        assert!(e.starts_with("/etc/scopes.toml:25: credentials.fixed.token_env: the environment variable FIXED_TOKEN is not a token"), "{e}");

        let mut env = good_env();
        env.remove("ORG_PASSWORD");
        let e = failure(&env, TEXT);
        assert!(
            e.starts_with("/etc/scopes.toml:15: credentials.org.password_env: "),
            "{e}"
        );
    }

    #[test]
    fn a_lower_case_variable_name_is_not_echoed() {
        // It may be a secret pasted where its variable's name belongs.
        let text = TEXT.replace("\"ORG_PASSWORD\"", "\"hunter2isMyPassword\"");
        let e = failure(&good_env(), &text);
        assert!(!e.contains("hunter2"), "{e}");
        assert!(
            e.ends_with("the environment variable named by credentials.org.password_env is not set"),
            "{e}"
        );
    }

    #[test]
    fn profiles_of_the_credentials_file() {
        let text = TEXT.replace("profile = \"staging\"", "profile = \"nope\"");
        let e = failure(&good_env(), &text);
        assert!(
            e.starts_with("/etc/scopes.toml:8: credentials.profiled.profile: "),
            "{e}"
        );
        assert!(e.contains("has no [nope] section"), "{e}");
        let text = TEXT.replace(
            "profile = \"staging\"",
            "profile = \"staging\"\ncredentials_file = \"creds.ini\"",
        );
        let e = failure(&good_env(), &text);
        assert!(
            e.contains("cannot read the credentials file /etc/creds.ini"),
            "{e}"
        );
        let mut env = good_env();
        env.remove("HOME");
        let e = failure(&env, TEXT);
        assert!(e.contains("no credentials file"), "{e}");
        env.insert(
            ENV_CREDENTIALS_FILE.into(),
            "/home/ops/.huaweicloud/credentials".into(),
        );
        assert!(read(&env, TEXT).is_ok());
    }
}
