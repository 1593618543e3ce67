//! Delivery: one task per channel takes the channel's due rows from the
//! alert outbox, folds them into one message per scope, sends it and
//! records the attempt in the delivery log.
//!
//! - A batching window: rows wait `batch_secs` after they were queued, so
//!   a burst is one message ("12 new failures in prod-…").
//! - The channel's messages-a-minute limit: what is over it waits and is
//!   folded into the next message.
//! - A failed attempt is tried again with exponential backoff and jitter,
//!   or after the channel's `Retry-After`; a configuration error (a wrong
//!   robot secret or keyword, a 4xx) marks the channel misconfigured and
//!   stops it, its rows kept, until a test message goes through or the
//!   server restarts.
//! - A task per channel, each answer under a timeout: a hanging channel
//!   never holds up another, nor the watcher.
//! - New failures an active silence matches, or that a user acknowledged
//!   before their alert went out, are kept back ([`suppress`]).
//! - Only the watcher's leader sends; rows are claimed for a while, so two
//!   senders on one database never send the same row at once.

pub mod channel;
pub mod pace;
pub mod send;
pub mod setup;
pub mod status;
mod suppress;
mod worker;

use crate::alerts::code_meanings::CodeMeanings;
use crate::alerts::{Alert, AlertEvent, FailureItem, Resource};
use crate::db::acks::AckStore;
use crate::db::alert_log::{Delivery, DeliveryLog};
use crate::db::alert_outbox::{JournalFailure, Outbox};
use crate::db::journal::resource_type_key;
use crate::db::silences::SilenceStore;
use crate::db::Database;
use crate::mode::BackgroundTask;
use crate::util::lock::lock;
use crate::util::timefmt::{format_ms, now_ms};
use crate::watcher::leader::LeaderGate;
use channel::Channel;
use pace::{Backoff, MinuteWindow};
use status::{ChannelState, ChannelStatus};
use std::io;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::sync::Notify;
use url::Url;

/// How the sender paces itself.
#[derive(Clone, Debug, PartialEq)]
pub struct SenderSettings {
    /// How often an idle channel looks for due rows.
    pub tick: Duration,
    pub backoff: Backoff,
    /// How long claimed rows stay this sender's.
    pub lease: Duration,
    /// How often a non-leader asks again whether it leads.
    pub standby: Duration,
    /// The window of a channel's `per_minute` (a minute; shorter in tests).
    pub rate_window: Duration,
}

impl Default for SenderSettings {
    fn default() -> Self {
        SenderSettings {
            tick: Duration::from_secs(1),
            backoff: Backoff::default(),
            lease: Duration::from_secs(600),
            standby: Duration::from_secs(5),
            rate_window: pace::MINUTE,
        }
    }
}

pub(crate) struct ChannelSlot {
    pub channel: Channel,
    pub status: Mutex<ChannelStatus>,
    pub window: Mutex<MinuteWindow>,
    /// Wakes the channel's task (a test message cleared its error).
    pub wake: Notify,
}

pub struct AlertSender {
    slots: Vec<Arc<ChannelSlot>>,
    outbox: Outbox,
    log: DeliveryLog,
    gate: Arc<dyn LeaderGate>,
    console: Url,
    meanings: CodeMeanings,
    client: reqwest::Client,
    settings: SenderSettings,
    silences: SilenceStore,
    acks: AckStore,
}

/// The console's code catalog, for the meaning of each error code.
const CODES_EN: &str = include_str!("../../../../web/codes/en.json");

impl AlertSender {
    pub fn new(
        channels: Vec<Channel>,
        db: Arc<Database>,
        gate: Arc<dyn LeaderGate>,
        console: Url,
        settings: SenderSettings,
    ) -> io::Result<Arc<AlertSender>> {
        let slots = channels
            .into_iter()
            .map(|channel| {
                Arc::new(ChannelSlot {
                    window: Mutex::new(MinuteWindow::new(channel.spec.per_minute, settings.rate_window)),
                    status: Mutex::new(ChannelStatus::default()),
                    wake: Notify::new(),
                    channel,
                })
            })
            .collect();
        Ok(Arc::new(AlertSender {
            slots,
            outbox: Outbox::new(db.clone()),
            silences: SilenceStore::new(db.clone()),
            acks: AckStore::new(db.clone()),
            log: DeliveryLog::new(db),
            gate,
            console,
            meanings: CodeMeanings::from_json(CODES_EN).unwrap_or_default(),
            client: send::client()?,
            settings,
        }))
    }

    /// One task per channel.
    pub fn tasks(self: &Arc<Self>) -> Vec<BackgroundTask> {
        self.slots
            .iter()
            .map(|slot| -> BackgroundTask { Box::pin(worker::run(self.clone(), slot.clone())) })
            .collect()
    }

    pub(crate) fn slots(&self) -> &[Arc<ChannelSlot>] {
        &self.slots
    }

    pub(crate) fn slot(&self, name: &str) -> Option<&Arc<ChannelSlot>> {
        self.slots.iter().find(|s| s.channel.name() == name)
    }

    pub fn log(&self) -> &DeliveryLog {
        &self.log
    }

    /// The failure items of journal rows, with their codes' meanings.
    fn items(&self, rows: Vec<JournalFailure>) -> Vec<FailureItem> {
        rows.into_iter()
            .map(|row| {
                let job = row.job;
                FailureItem {
                    error_meaning: job
                        .error_code
                        .as_deref()
                        .and_then(|c| self.meanings.meaning(c))
                        .map(str::to_owned),
                    job_id: row.job_id,
                    resource: Resource {
                        name: job.resource_name,
                        kind: resource_type_key(job.resource_type.as_str()),
                        id: job.resource_id,
                    },
                    server_group_id: row.server_group_id,
                    failure_status: job.failure_status.as_str().to_owned(),
                    error_code: job.error_code,
                    fail_reason: job.fail_reason,
                    begin_time: job.begin_time,
                    cleared_at: row.gone_since_ms.map(format_ms),
                }
            })
            .collect()
    }

    /// Sends a test message to `name` now, within the channel's rate
    /// (over it, `Err` with the wait: a robot over its limit blocks the
    /// channel for minutes); `None` for an unknown channel. A delivered
    /// test sets a misconfigured channel going again.
    pub async fn test(&self, name: &str) -> Option<Result<Delivery, Duration>> {
        let slot = self.slot(name)?;
        {
            let now = now_ms();
            let mut window = lock(&slot.window);
            if !window.allows(now) {
                let wait = window.next_free(now).saturating_sub(now).max(0);
                return Some(Err(Duration::from_millis(wait as u64)));
            }
            window.note(now);
        }
        let sample = FailureItem {
            job_id: "test-message".into(),
            resource: Resource {
                name: "test message from the SDRS console".into(),
                kind: "protected_instances".into(),
                id: "test".into(),
            },
            server_group_id: None,
            failure_status: "failoverFail".into(),
            error_code: None,
            error_meaning: None,
            fail_reason: Some("This is a test: the channel works.".into()),
            begin_time: format_ms(now_ms()),
            cleared_at: None,
        };
        let alert = Alert::digest(AlertEvent::New, "test", "", vec![sample], 1, self.console.clone());
        let was = lock(&slot.status).state;
        let attempt = worker::attempt(self, slot, &alert, "test", 1).await;
        if was == ChannelState::Misconfigured && attempt.outcome == "delivered" {
            // The channel's task goes on with what waited.
            slot.wake.notify_one();
        }
        Some(Ok(attempt))
    }
}
