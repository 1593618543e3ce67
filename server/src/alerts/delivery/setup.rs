//! The alert channels of a `--config` file, ready to run: their secrets
//! read, the journal's outbox rules, the sender and start-up notes.

use super::channel::{self, Channel};
use super::{AlertSender, SenderSettings};
use crate::alerts::config;
use crate::db::alert_outbox::OutboxRule;
use crate::db::Database;
use crate::scopes::secrets::{self, Sources};
use crate::watcher::leader::LeaderGate;
use std::collections::BTreeMap;
use std::io;
use std::path::Path;
use std::sync::Arc;
use url::Url;

pub struct AlertsSetup {
    pub sender: Arc<AlertSender>,
    /// For `Journal::with_alerts`.
    pub rules: Vec<OutboxRule>,
    pub notes: Vec<String>,
}

/// The channels of the config file `path` (its text `text`); links go to
/// `console` unless the file names `alerts.console_url`.
pub fn from_text(
    text: &str,
    path: &Path,
    sources: &Sources,
    db: Arc<Database>,
    gate: Arc<dyn LeaderGate>,
    console: Url,
    settings: SenderSettings,
) -> io::Result<AlertsSetup> {
    let file = path.display().to_string();
    let parsed = config::parse(text, path)?;
    // SMN is signed with a credential of the file's own.
    let materials = if parsed.channels.iter().any(|c| c.smn.is_some()) {
        secrets::read_all(&crate::scopes::config::parse(text, path)?, &file, sources)?
    } else {
        BTreeMap::new()
    };
    let channels: Vec<Channel> = channel::resolve(&parsed, &file, sources, &materials)?;
    let rules = channels.iter().map(Channel::rule).collect();
    let notes = if channels.is_empty() {
        Vec::new()
    } else {
        vec![format!(
            "alerts to {} channels: {}",
            channels.len(),
            channels
                .iter()
                .map(|c| format!("{} ({}, {})", c.name(), c.kind().as_str(), c.shown_url()))
                .collect::<Vec<_>>()
                .join(", ")
        )]
    };
    let console = parsed.console_url.unwrap_or(console);
    let sender = AlertSender::new(channels, db, gate, console, settings)?;
    Ok(AlertsSetup { sender, rules, notes })
}

/// [`from_text`] of the file at `path`, secrets from the process's
/// environment and files.
pub fn load(
    path: &Path,
    db: Arc<Database>,
    gate: Arc<dyn LeaderGate>,
    console: Url,
) -> io::Result<AlertsSetup> {
    let text = std::fs::read_to_string(path).map_err(|e| {
        io::Error::new(
            e.kind(),
            format!("cannot read the config file {}: {e}", path.display()),
        )
    })?;
    let env = |name: &str| std::env::var(name).ok();
    let read = |p: &Path| std::fs::read_to_string(p);
    let sources = Sources {
        env: &env,
        read: &read,
    };
    from_text(
        &text,
        path,
        &sources,
        db,
        gate,
        console,
        SenderSettings::default(),
    )
}
