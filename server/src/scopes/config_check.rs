//! The checks of each table of the config file, turning the raw TOML into
//! [`Config`](super::Config) parts with every error placed on its line.

use super::*;

pub(super) type Checker<'a> = super::super::file_text::FileText<'a>;

impl Checker<'_> {
    pub(super) fn watcher(&self, raw: Option<RawWatcher>) -> Result<WatcherSettings, ConfigError> {
        let mut out = WatcherSettings::default();
        let Some(raw) = raw else { return Ok(out) };
        let secs = |value: &Option<Spanned<u64>>, key: &str, range: std::ops::RangeInclusive<u64>| match value
        {
            None => Ok(None),
            Some(v) if range.contains(v.get_ref()) => Ok(Some(*v.get_ref())),
            Some(v) => Err(self.error(
                &self.place(v, format!("watcher.{key}")),
                format!("must be between {} and {}", range.start(), range.end()),
            )),
        };
        if let Some(s) = secs(&raw.period_secs, "period_secs", 1..=86_400)? {
            out.period = Duration::from_secs(s);
        }
        if let Some(s) = secs(&raw.jitter_secs, "jitter_secs", 0..=86_400)? {
            out.jitter = Duration::from_secs(s);
        }
        if let Some(days) = secs(&raw.retention_days, "retention_days", 1..=36_500)? {
            out.retention_days = days as u32;
        }
        if let Some(s) = secs(&raw.max_backoff_secs, "max_backoff_secs", 1..=86_400)? {
            out.max_backoff = Duration::from_secs(s);
        }
        if let Some(rate) = &raw.requests_per_second {
            let r = *rate.get_ref();
            if !(r.is_finite() && r > 0.0 && r <= 1_000.0) {
                return Err(self.error(
                    &self.place(rate, "watcher.requests_per_second"),
                    "must be more than 0 and at most 1000",
                ));
            }
            out.requests_per_second = r;
        }
        match &raw.jitter_secs {
            Some(j) if out.jitter > out.period => {
                return Err(self.error(
                    &self.place(j, "watcher.jitter_secs"),
                    "must not exceed watcher.period_secs",
                ))
            }
            // The default jitter shrinks with a short period.
            _ => out.jitter = out.jitter.min(out.period),
        }
        Ok(out)
    }

    pub(super) fn credential(&self, name: Text, raw: RawCredential) -> Result<CredentialSpec, ConfigError> {
        let at = self.place(&name, "credentials");
        let name = name.into_inner();
        if !is_plain_name(&name) {
            return Err(self.error(
                &at,
                "a credential name is up to 64 letters, digits, '-', '_' and '.'",
            ));
        }
        let key = |k: &str| format!("credentials.{name}.{k}");
        let header = Place::new(at.line, format!("credentials.{name}"));
        let present: [(&str, &Option<Text>); 13] = [
            ("ak_env", &raw.ak_env),
            ("sk_env", &raw.sk_env),
            ("security_token_env", &raw.security_token_env),
            ("profile", &raw.profile),
            ("credentials_file", &raw.credentials_file),
            ("iam", &raw.iam),
            ("domain", &raw.domain),
            ("user", &raw.user),
            ("password_env", &raw.password_env),
            ("via", &raw.via),
            ("agency_domain", &raw.agency_domain),
            ("agency_name", &raw.agency_name),
            ("token_env", &raw.token_env),
        ];
        let Some(kind) = &raw.kind else {
            return Err(self.error(
                &header,
                "needs kind = \"aksk\", \"iam_user\", \"agency\" or \"token\"",
            ));
        };
        let allowed: &[&str] = match kind.get_ref().as_str() {
            "aksk" => &[
                "ak_env",
                "sk_env",
                "security_token_env",
                "profile",
                "credentials_file",
            ],
            "iam_user" => &["iam", "domain", "user", "password_env"],
            "agency" => &["via", "iam", "agency_domain", "agency_name"],
            "token" => &["token_env"],
            _ => {
                return Err(self.error(
                    &self.place(kind, key("kind")),
                    "must be \"aksk\", \"iam_user\", \"agency\" or \"token\"",
                ))
            }
        };
        let kind_name = kind.get_ref().clone();
        for (k, value) in present {
            if let (Some(v), false) = (value, allowed.contains(&k)) {
                return Err(self.error(
                    &self.place(v, key(k)),
                    format!(
                        "does not go with kind = \"{kind_name}\" (it takes {})",
                        allowed.join(", ")
                    ),
                ));
            }
        }
        let need = |value: &Option<Text>, k: &str| {
            self.required(
                value,
                key(k),
                &header,
                format!("kind = \"{kind_name}\" needs {k}"),
            )
        };
        let env = |value: &Option<Text>, k: &str| -> Result<EnvRef, ConfigError> {
            let (var, at) = need(value, k)?;
            let valid = var.len() <= 128
                && !var.starts_with(|c: char| c.is_ascii_digit())
                && var.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_');
            if !valid {
                return Err(self.error(
                    &at,
                    "is not an environment variable name (letters, digits and '_')",
                ));
            }
            Ok(EnvRef { var, at })
        };
        let iam = |value: &Option<Text>| -> Result<Option<String>, ConfigError> {
            let Some(v) = value else { return Ok(None) };
            let at = self.place(v, key("iam"));
            crate::iam::client::resolve_endpoint(v.get_ref())
                .map(Some)
                .map_err(|_| {
                    self.error(
                        &at,
                        "expected an IAM URL (https://iam.<region>.myhuaweicloud.com) or a region name",
                    )
                })
        };
        let kind = match kind_name.as_str() {
            "aksk" => match (&raw.profile, &raw.ak_env, &raw.sk_env) {
                (Some(_), None, None) => {
                    let (profile, at) = need(&raw.profile, "profile")?;
                    let file = match &raw.credentials_file {
                        Some(_) => {
                            let (f, _) = need(&raw.credentials_file, "credentials_file")?;
                            Some(match self.base {
                                Some(dir) => dir.join(f),
                                None => PathBuf::from(f),
                            })
                        }
                        None => None,
                    };
                    CredentialKind::AkSkProfile { profile, at, file }
                }
                (Some(p), _, _) => {
                    return Err(self.error(
                        &self.place(p, key("profile")),
                        "give either profile or ak_env and sk_env, not both",
                    ))
                }
                (None, _, _) => {
                    if let Some(f) = &raw.credentials_file {
                        return Err(self.error(&self.place(f, key("credentials_file")), "goes with profile"));
                    }
                    CredentialKind::AkSkEnv {
                        ak: env(&raw.ak_env, "ak_env")?,
                        sk: env(&raw.sk_env, "sk_env")?,
                        security_token: match &raw.security_token_env {
                            Some(_) => Some(env(&raw.security_token_env, "security_token_env")?),
                            None => None,
                        },
                    }
                }
            },
            "iam_user" => CredentialKind::IamUser {
                iam: iam(&raw.iam)?,
                domain: need(&raw.domain, "domain")?.0,
                user: need(&raw.user, "user")?.0,
                password: env(&raw.password_env, "password_env")?,
            },
            "agency" => {
                let (via, via_at) = need(&raw.via, "via")?;
                CredentialKind::Agency {
                    via,
                    via_at,
                    iam: iam(&raw.iam)?,
                    agency_domain: need(&raw.agency_domain, "agency_domain")?.0,
                    agency_name: need(&raw.agency_name, "agency_name")?.0,
                }
            }
            _ => CredentialKind::Token {
                token: env(&raw.token_env, "token_env")?,
            },
        };
        Ok(CredentialSpec {
            name,
            at: header,
            kind,
        })
    }

    pub(super) fn scope(
        &self,
        number: usize,
        raw: Spanned<RawScope>,
        credentials: &BTreeMap<String, CredentialSpec>,
    ) -> Result<ScopeSpec, ConfigError> {
        let at = Place::new(line_of(self.text, raw.span().start), format!("scope[{number}]"));
        let raw = raw.into_inner();
        let key = |k: &str| format!("scope[{number}].{k}");
        let need =
            |value: &Option<Text>, k: &str| self.required(value, key(k), &at, format!("a scope needs {k}"));
        let (name, name_at) = need(&raw.name, "name")?;
        if !is_plain_name(&name) {
            return Err(self.error(
                &name_at,
                "a scope name is up to 64 letters, digits, '-', '_' and '.'",
            ));
        }
        let (project_id, project_at) = need(&raw.project_id, "project_id")?;
        if project_id.len() > 64 || !project_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
            return Err(self.error(&project_at, "is not a project id: up to 64 letters and digits"));
        }
        let (credential, credential_at) = need(&raw.credential, "credential")?;
        if !credentials.contains_key(&credential) {
            let shown = if is_plain_name(&credential) {
                credential.as_str()
            } else {
                "(not a name)"
            };
            return Err(self.error(
                &credential_at,
                format!("no [credentials.{shown}] is configured in this file"),
            ));
        }
        let (region, endpoint) = match (&raw.region, &raw.endpoint) {
            (_, Some(_)) => {
                let (url, url_at) = need(&raw.endpoint, "endpoint")?;
                let parsed = reqwest::Url::parse(&url).ok().filter(|u| {
                    matches!(u.scheme(), "http" | "https")
                        && u.host().is_some()
                        && u.query().is_none()
                        && u.username().is_empty()
                        && u.password().is_none()
                });
                if parsed.is_none() {
                    return Err(
                        self.error(&url_at, "expected an http(s) URL without user, password or query")
                    );
                }
                let label = match &raw.region {
                    Some(_) => need(&raw.region, "region")?,
                    None => (
                        region::of_sdrs_endpoint(&url).unwrap_or_else(|| "upstream".into()),
                        url_at,
                    ),
                };
                if !is_plain_name(&label.0) {
                    return Err(self.error(
                        &label.1,
                        "a region label is up to 64 letters, digits, '-', '_' and '.'",
                    ));
                }
                (label.0, url.trim_end_matches('/').to_owned())
            }
            (Some(_), None) => {
                let (name, region_at) = need(&raw.region, "region")?;
                let endpoints = region::endpoints(&name).map_err(|_| {
                    self.error(&region_at, "no such Huawei Cloud region (or give endpoint = URL)")
                })?;
                (name, endpoints.sdrs)
            }
            (None, None) => return Err(self.error(&at, "a scope needs region or endpoint")),
        };
        Ok(ScopeSpec {
            name,
            at,
            name_at,
            region,
            endpoint,
            project_id,
            credential,
        })
    }
}
