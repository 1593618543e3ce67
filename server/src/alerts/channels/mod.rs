//! One module a channel: its settings, the request it sends for an
//! [`Alert`](super::Alert) and how it reads the answer.

pub mod alertmanager;
pub mod dingtalk;
pub mod feishu;
pub mod slack;
pub mod smn;
pub mod webhook;
pub mod wecom;

#[cfg(test)]
mod chat_tests;
#[cfg(test)]
mod huawei_prometheus_tests;
#[cfg(test)]
mod webhook_slack_tests;

use hmac::{Hmac, Mac};
use sha2::Sha256;

/// HMAC-SHA256 of `message` under `key`.
pub(crate) fn hmac_sha256(key: &[u8], message: &[u8]) -> Vec<u8> {
    // HMAC takes a key of any length: the error case does not happen.
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(key) else {
        return Vec::new();
    };
    mac.update(message);
    mac.finalize().into_bytes().to_vec()
}
