//! A channel's URL for display (status page, log, error): the parts that
//! are credentials — WeCom's `key=`, DingTalk's `access_token=`, the
//! Feishu hook id, the Slack path, any user info, and every query value of
//! a generic webhook — replaced by `…`.

use super::ChannelKind;
use url::Url;

const HIDDEN: &str = "…";

/// Query parameters that carry a credential, whatever the channel.
const SECRET_PARAMS: [&str; 6] = ["key", "access_token", "token", "sign", "secret", "signature"];

pub fn display_url(kind: ChannelKind, url: &Url) -> String {
    let mut out = format!("{}://", url.scheme());
    if !url.username().is_empty() || url.password().is_some() {
        out.push_str(HIDDEN);
        out.push('@');
    }
    out.push_str(url.host_str().unwrap_or_default());
    if let Some(port) = url.port() {
        out.push_str(&format!(":{port}"));
    }
    out.push_str(&display_path(kind, url.path()));
    let pairs: Vec<String> = url
        .query_pairs()
        .map(|(name, value)| {
            let secret =
                kind == ChannelKind::Webhook || SECRET_PARAMS.iter().any(|s| name.eq_ignore_ascii_case(s));
            let shown = if secret {
                HIDDEN.to_owned()
            } else {
                value.into_owned()
            };
            format!("{name}={shown}")
        })
        .collect();
    if !pairs.is_empty() {
        out.push('?');
        out.push_str(&pairs.join("&"));
    }
    out
}

/// The path with the hook's identity cut: Slack `/services/T…/B…/…` and
/// Feishu/Lark `/open-apis/bot/v2/hook/{id}` are the credential.
fn display_path(kind: ChannelKind, path: &str) -> String {
    let keep_prefix = match kind {
        ChannelKind::Slack => "/services/",
        ChannelKind::Feishu => "/open-apis/bot/v2/hook/",
        _ => return path.to_owned(),
    };
    match path.strip_prefix(keep_prefix) {
        Some(rest) if !rest.is_empty() => format!("{keep_prefix}{HIDDEN}"),
        Some(_) => path.to_owned(),
        // An unusual path of such a hook is hidden whole.
        None if path.len() > 1 => format!("/{HIDDEN}"),
        None => path.to_owned(),
    }
}
