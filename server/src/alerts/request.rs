//! The HTTP request a channel sends, built by pure code and sent by the
//! sender. Its URL can hold the channel's key, so `Debug` shows the
//! redacted URL and header names only.

use super::redact::display_url;
use super::ChannelKind;
use std::fmt;
use url::Url;

/// How the sender must authenticate the request before sending it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Signing {
    /// Ready to send as it is (any signature is already in it).
    Ready,
    /// Huawei Cloud's AK/SK signature (`crate::aksk::request::sign_headers`)
    /// is still to be added over the method, URL, headers and body.
    HuaweiAkSk,
}

#[derive(Clone, PartialEq, Eq)]
pub struct ChannelRequest {
    pub channel: ChannelKind,
    pub method: &'static str,
    pub url: Url,
    /// Header names in lower case.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    pub signing: Signing,
}

pub(crate) const CONTENT_TYPE_JSON: (&str, &str) = ("content-type", "application/json; charset=utf-8");

impl ChannelRequest {
    /// A JSON `POST` to `url`, ready to send.
    pub(crate) fn post_json(channel: ChannelKind, url: Url, body: &serde_json::Value) -> ChannelRequest {
        ChannelRequest {
            channel,
            method: "POST",
            url,
            headers: vec![(CONTENT_TYPE_JSON.0.to_owned(), CONTENT_TYPE_JSON.1.to_owned())],
            // A `Value` always serialises.
            body: serde_json::to_vec(body).unwrap_or_default(),
            signing: Signing::Ready,
        }
    }

    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as JSON (every channel sends JSON).
    pub fn json(&self) -> Option<serde_json::Value> {
        serde_json::from_slice(&self.body).ok()
    }
}

impl fmt::Debug for ChannelRequest {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names: Vec<&str> = self.headers.iter().map(|(n, _)| n.as_str()).collect();
        f.debug_struct("ChannelRequest")
            .field("channel", &self.channel)
            .field("method", &self.method)
            .field("url", &display_url(self.channel, &self.url))
            .field("headers", &names)
            .field("body_bytes", &self.body.len())
            .field("signing", &self.signing)
            .finish()
    }
}
