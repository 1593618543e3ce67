//! A configured channel with its secrets read: its URL (which may hold a
//! robot's key), signing secret and, for SMN, the AK/SK pair; and the
//! request it sends for an alert. Nothing here has `Debug`: the URL and
//! secrets must not reach a log by accident; [`Channel::shown_url`] is the
//! display form.

use crate::aksk::credentials::{KeyPair, Secret};
use crate::alerts::channels::{alertmanager, dingtalk, feishu, slack, smn, webhook, wecom};
use crate::alerts::config::{AlertsConfig, ChannelSpec, SecretSource, UrlSource};
use crate::alerts::redact::display_url;
use crate::alerts::{Alert, ChannelKind, ChannelRequest, Signing};
use crate::db::alert_outbox::OutboxRule;
use crate::scopes::place::ConfigError;
use crate::scopes::secrets::{Material, Sources};
use std::collections::BTreeMap;
use url::Url;

pub struct Channel {
    pub spec: ChannelSpec,
    url: Url,
    secret: Option<Secret>,
    keys: Option<KeyPair>,
}

impl Channel {
    pub fn name(&self) -> &str {
        &self.spec.name
    }

    pub fn kind(&self) -> ChannelKind {
        self.spec.kind
    }

    /// The URL without its credential.
    pub fn shown_url(&self) -> String {
        display_url(self.spec.kind, &self.url)
    }

    /// Failures a message lists; the rest are counted ("and 9 more").
    /// Alertmanager takes one alert per failure, so it lists them all.
    pub fn listed(&self) -> usize {
        match self.spec.kind {
            ChannelKind::Alertmanager => usize::MAX,
            ChannelKind::Webhook => 100,
            _ => 10,
        }
    }

    /// The request for `alert` at `now_ms`, signed.
    pub fn request(&self, alert: &Alert, now_ms: i64) -> ChannelRequest {
        let url = self.url.clone();
        let secret = self.secret.as_ref();
        let keyword = self.spec.keyword.clone();
        let mut req = match self.spec.kind {
            ChannelKind::Webhook => {
                webhook::request(&webhook::WebhookSettings { url }, secret, alert, now_ms)
            }
            ChannelKind::Slack => slack::request(&slack::SlackSettings { url }, alert),
            ChannelKind::DingTalk => dingtalk::request(
                &dingtalk::DingTalkSettings { url, keyword },
                secret,
                alert,
                now_ms,
            ),
            ChannelKind::Feishu => {
                feishu::request(&feishu::FeishuSettings { url, keyword }, secret, alert, now_ms)
            }
            ChannelKind::WeCom => wecom::request(&wecom::WeComSettings { url }, alert),
            ChannelKind::Smn => {
                let topic = self.spec.smn.as_ref();
                smn::request(
                    &smn::SmnSettings {
                        endpoint: url,
                        project_id: topic.map(|t| t.project_id.clone()).unwrap_or_default(),
                        topic_urn: topic.map(|t| t.topic_urn.clone()).unwrap_or_default(),
                        time_to_live_secs: None,
                    },
                    alert,
                )
            }
            ChannelKind::Alertmanager => {
                alertmanager::request(&alertmanager::AlertmanagerSettings { url }, secret, alert, now_ms)
            }
        };
        if let (Signing::HuaweiAkSk, Some(keys)) = (req.signing, &self.keys) {
            req.url = crate::aksk::request::canonical_url(&req.url);
            let added = crate::aksk::request::sign_headers(
                keys,
                req.method,
                &req.url,
                &req.headers,
                &req.body,
                now_ms,
            );
            req.headers.extend(added);
            req.signing = Signing::Ready;
        }
        req
    }

    /// The outbox rule of this channel.
    pub fn rule(&self) -> OutboxRule {
        OutboxRule {
            channel: self.spec.name.clone(),
            filter: self.spec.filter.clone(),
            send_cleared: self.spec.send_cleared,
        }
    }
}

/// The channels of `config` with their secrets read from `sources`; AK/SK
/// pairs of SMN channels from the file's credentials (`materials`). An
/// error names the file, line and key, never a value.
pub fn resolve(
    config: &AlertsConfig,
    file: &str,
    sources: &Sources,
    materials: &BTreeMap<String, Material>,
) -> Result<Vec<Channel>, ConfigError> {
    config
        .channels
        .iter()
        .map(|spec| resolve_one(spec, file, sources, materials))
        .collect()
}

fn resolve_one(
    spec: &ChannelSpec,
    file: &str,
    sources: &Sources,
    materials: &BTreeMap<String, Material>,
) -> Result<Channel, ConfigError> {
    let url = match (&spec.url, &spec.smn) {
        (Some(UrlSource::Given(url)), _) => url.clone(),
        (Some(UrlSource::Env(env)), _) => {
            let text = env_value(&env.var, sources)
                .ok_or_else(|| ConfigError::at(file, &env.at, format!("{} is not set", env.shown())))?;
            Url::parse(text.trim())
                .ok()
                .filter(|u| matches!(u.scheme(), "http" | "https") && u.host().is_some())
                .ok_or_else(|| {
                    ConfigError::at(file, &env.at, format!("{} is not an http(s) URL", env.shown()))
                })?
        }
        (None, Some(topic)) => topic.endpoint.clone(),
        (None, None) => return Err(ConfigError::at(file, &spec.at, "a channel needs url or url_env")),
    };
    let secret = match &spec.secret {
        None => None,
        Some(SecretSource::Env(env)) => {
            Some(Secret::new(env_value(&env.var, sources).ok_or_else(|| {
                ConfigError::at(file, &env.at, format!("{} is not set", env.shown()))
            })?))
        }
        Some(SecretSource::File { path, at }) => {
            let text = (sources.read)(path).map_err(|e| {
                ConfigError::at(file, at, format!("cannot read {}: {}", path.display(), e.kind()))
            })?;
            let text = text.trim();
            if text.is_empty() {
                return Err(ConfigError::at(file, at, format!("{} is empty", path.display())));
            }
            Some(Secret::new(text))
        }
    };
    let keys = match &spec.smn {
        Some(topic) => match materials.get(&topic.credential) {
            Some(Material::AkSk(keys)) => Some(keys.clone()),
            Some(_) => {
                return Err(ConfigError::at(
                    file,
                    &topic.credential_at,
                    "SMN is signed by a credential of kind = \"aksk\"",
                ))
            }
            None => {
                return Err(ConfigError::at(
                    file,
                    &topic.credential_at,
                    "names no credential of this file",
                ))
            }
        },
        None => None,
    };
    Ok(Channel {
        spec: spec.clone(),
        url,
        secret,
        keys,
    })
}

fn env_value(var: &str, sources: &Sources) -> Option<String> {
    (sources.env)(var).filter(|v| !v.trim().is_empty())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::alerts::config;
    use std::path::Path;

    const FILE: &str = "/etc/sdrs/scopes.toml";

    fn resolved(text: &str, env: &[(&str, &str)]) -> Result<Vec<Channel>, ConfigError> {
        let parsed = config::parse(text, Path::new(FILE)).unwrap();
        let env: Vec<(String, String)> = env.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect();
        let lookup = move |name: &str| env.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone());
        let read = |_: &Path| -> std::io::Result<String> { Err(std::io::ErrorKind::PermissionDenied.into()) };
        let sources = Sources {
            env: &lookup,
            read: &read,
        };
        resolve(&parsed, FILE, &sources, &BTreeMap::new())
    }

    const DING: &str = "[[alerts.channels]]\nname = \"d\"\nkind = \"dingtalk\"\nurl_env = \"DING_URL\"\nsecret_env = \"DING_SECRET\"\n";

    #[test]
    fn a_missing_variable_names_its_line_and_key() {
        let Err(e) = resolved(DING, &[]) else {
            panic!("resolved")
        };
        assert_eq!(
            e.to_string(),
            "/etc/sdrs/scopes.toml:4: alerts.channels[1].url_env: the environment variable DING_URL is not set"
        );
    }

    #[test]
    fn a_variable_that_is_no_url_is_not_shown() {
        let Err(e) = resolved(
            DING,
            &[("DING_URL", "token-abcdef0123456789"), ("DING_SECRET", "s")],
        ) else {
            panic!("resolved")
        };
        assert!(e.to_string().ends_with("DING_URL is not an http(s) URL"), "{e}");
        assert!(!e.to_string().contains("abcdef0123456789"), "{e}");
    }

    #[test]
    fn an_unreadable_secret_file_is_named_with_its_key() {
        let text = "[[alerts.channels]]\nname = \"h\"\nkind = \"webhook\"\nurl = \"https://x.example\"\nsecret_file = \"/run/hook\"\n";
        let Err(e) = resolved(text, &[]) else {
            panic!("resolved")
        };
        assert!(
            e.to_string().starts_with(
                "/etc/sdrs/scopes.toml:5: alerts.channels[1].secret_file: cannot read /run/hook"
            ),
            "{e}"
        );
    }

    #[test]
    fn the_url_is_shown_without_its_key() {
        let url = "https://oapi.dingtalk.com/robot/send?access_token=0123456789abcdef";
        let channels = resolved(DING, &[("DING_URL", url), ("DING_SECRET", "SEC0123")]).unwrap();
        assert_eq!(
            channels[0].shown_url(),
            "https://oapi.dingtalk.com/robot/send?access_token=…"
        );
        assert_eq!(channels[0].rule().channel, "d");
    }

    #[test]
    fn smn_needs_an_aksk_credential_of_the_file() {
        let text = "[[alerts.channels]]\nname = \"t\"\nkind = \"smn\"\nregion = \"ap-southeast-3\"\nproject_id = \"p1\"\n\
                    topic_urn = \"urn:smn:x\"\ncredential = \"nope\"\n";
        let Err(e) = resolved(text, &[]) else {
            panic!("resolved")
        };
        assert_eq!(
            e.to_string(),
            "/etc/sdrs/scopes.toml:7: alerts.channels[1].credential: names no credential of this file"
        );
    }
}
