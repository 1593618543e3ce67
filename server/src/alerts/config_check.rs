//! The checks of one `[[alerts.channels]]` entry, turning the raw TOML
//! into a [`ChannelSpec`] with every error placed on its line.

use super::*;

/// Reads a required text key of the entry, or names what is missing.
type Need<'a> = &'a dyn Fn(&Option<Text>, &str) -> Result<(String, Place), ConfigError>;

pub(super) type Check<'a> = crate::scopes::file_text::FileText<'a>;

impl Check<'_> {
    pub(super) fn http_url(&self, value: &Text, key: &str) -> Result<Url, ConfigError> {
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

    pub(super) fn channel(
        &self,
        number: usize,
        raw: Spanned<RawChannel>,
    ) -> Result<ChannelSpec, ConfigError> {
        let at = Place::new(
            line_of(self.text, raw.span().start),
            format!("alerts.channels[{number}]"),
        );
        let raw = raw.into_inner();
        let key = |k: &str| format!("alerts.channels[{number}].{k}");
        let need =
            |value: &Option<Text>, k: &str| self.required(value, key(k), &at, format!("a channel needs {k}"));
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
        } else {
            not_for(
                raw.remind_after_secs
                    .as_ref()
                    .map(|v| self.place(v, key("remind_after_secs"))),
                "Alertmanager repeats open alerts itself (its repeat_interval)",
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
        let remind_after = self.secs(
            &raw.remind_after_secs,
            key("remind_after_secs"),
            1..=MAX_REMIND_AFTER_SECS,
        )?;
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
            remind_after: remind_after.map(Duration::from_secs),
            send_cleared: raw.send_cleared.unwrap_or(kind == ChannelKind::Alertmanager),
            smn,
        })
    }

    fn smn(
        &self,
        raw: &RawChannel,
        at: &Place,
        need: Need<'_>,
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
