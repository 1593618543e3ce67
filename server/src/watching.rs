//! The scopes of this server, the watcher that polls them and the journal
//! it fills, assembled from the flags and the mode. Scopes come from the
//! `--config` file; without one, from upstream mode's flags with `--watch`
//! (one scope, `default`, when the server holds the credential and knows
//! the project id), or from the emulator's further projects
//! (`--emulated-scopes`).
//! Without scopes nothing polls and the console shows one project, as
//! before.

use crate::alerts::delivery::{setup, AlertSender};
use crate::db::acks::AckStore;
use crate::db::alert_outbox::Outbox;
use crate::db::journal::{Journal, ScopeRef};
use crate::db::scope_health::ScopeHealthStore;
use crate::db::Database;
use crate::mode::BackgroundTask;
use crate::scopes::{self, ScopeSet};
use crate::upstream::proxy::Upstream;
use crate::watcher::{self, leader, Answer, BoxFuture, RoundSink, ScopeApi, ScopeInfo, Unreachable, Watcher};
use serde::Serialize;
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// Where the scopes come from.
pub(crate) enum ScopeSource {
    /// `--config FILE`.
    Config(PathBuf),
    /// Upstream mode's own endpoint and credential, for its project.
    Single {
        upstream: Arc<Upstream>,
        region: Option<String>,
        project_id: String,
    },
    /// The emulator's projects on its loopback listener: `(name, region,
    /// project id)`, the first being the one `/v1` serves.
    #[cfg_attr(not(feature = "emulator"), allow(dead_code))]
    Emulated {
        endpoint: String,
        places: Vec<(String, String, String)>,
    },
}

/// A scope as `config.json` names it to the console.
#[derive(Clone, Debug, Serialize)]
pub struct ListedScope {
    pub name: String,
    pub region: String,
    pub project_id: String,
    /// The API base under which the scope answers live: `""` for this
    /// server's own `/v1`, else `/scopes/{name}`.
    pub live_base: String,
}

pub(crate) struct Watching {
    pub scopes: ScopeSet,
    pub watcher: Arc<Watcher>,
    pub listed: Vec<ListedScope>,
    pub tasks: Vec<BackgroundTask>,
    pub notes: Vec<String>,
    /// The alert channels of the config file (none without one).
    pub alerts: Arc<AlertSender>,
}

/// The demo's emulated scopes change within a minute; a shorter period
/// shows it.
const EMULATED_PERIOD: Duration = Duration::from_secs(10);
const EMULATED_JITTER: Duration = Duration::from_secs(2);
/// The emulator is this process: no gateway to spare.
const EMULATED_RATE: u32 = 50;

impl Watching {
    /// Reads the config file (a start-up error names its line and key) and
    /// makes the watcher; its tasks start with the server.
    pub(crate) fn build(
        source: ScopeSource,
        options: &scopes::ScopeOptions,
        database: Arc<Database>,
        console: url::Url,
    ) -> io::Result<Watching> {
        let config_path = match &source {
            ScopeSource::Config(path) => Some(path.clone()),
            _ => None,
        };
        let (mut set, own_project, settings) = match source {
            ScopeSource::Config(path) => {
                let set = ScopeSet::load(&path, &|name| std::env::var(name).ok(), options)?;
                let settings = settings_of(&set.watcher);
                (set, None, settings)
            }
            ScopeSource::Single {
                upstream,
                region,
                project_id,
            } => {
                let set = ScopeSet::single(upstream, region, project_id.clone());
                let settings = settings_of(&set.watcher);
                (set, Some(project_id), settings)
            }
            ScopeSource::Emulated { endpoint, places } => {
                let own = places.first().map(|(_, _, p)| p.clone());
                let set = ScopeSet::open(&endpoint, places, options)?;
                let settings = watcher::WatcherSettings {
                    period: EMULATED_PERIOD,
                    jitter: EMULATED_JITTER,
                    requests_per_second: EMULATED_RATE,
                    ..settings_of(&set.watcher)
                };
                (set, own, settings)
            }
        };
        let listed = set
            .scopes
            .iter()
            .map(|s| ListedScope {
                name: s.name.clone(),
                region: s.region.clone(),
                project_id: s.project_id.clone(),
                live_base: if own_project.as_deref() == Some(s.project_id.as_str()) {
                    String::new()
                } else {
                    format!("{}{}", scopes::forward::PREFIX, s.name)
                },
            })
            .collect();
        let watched = set
            .scopes
            .iter()
            .map(|s| watcher::WatchedScope {
                info: ScopeInfo {
                    name: s.name.clone(),
                    region: s.region.clone(),
                    project_id: s.project_id.clone(),
                    credential: s.credential.clone(),
                },
                api: Arc::new(ScopeClient(s.upstream.clone())),
            })
            .collect();
        let gate = leader::gate_for(database.clone(), settings.period);
        let share = Arc::new(ScopeHealthStore::new(database.clone()));
        // Alerts are sent by the watcher's leader only.
        let alerts = match &config_path {
            Some(path) => setup::load(path, database.clone(), gate.clone(), console)?,
            None => setup::AlertsSetup {
                sender: AlertSender::new(
                    Vec::new(),
                    database.clone(),
                    gate.clone(),
                    console,
                    Default::default(),
                )?,
                rules: Vec::new(),
                notes: Vec::new(),
            },
        };
        let sink = Arc::new(JournalSink {
            outbox: Outbox::new(database.clone()),
            acks: AckStore::new(database.clone()),
            journal: Journal::new(database).with_alerts(alerts.rules),
        });
        let mut notes = set.notes.clone();
        notes.extend(alerts.notes);
        notes.push(format!(
            "watching {} scopes every {} s (±{} s), at most {} requests a second per credential",
            set.scopes.len(),
            settings.period.as_secs(),
            settings.jitter.as_secs(),
            settings.requests_per_second
        ));
        let watcher = Watcher::sharing(watched, settings, sink, gate, share);
        let mut tasks = std::mem::take(&mut set.tasks);
        tasks.extend(watcher.clone().tasks());
        tasks.extend(alerts.sender.tasks());
        Ok(Watching {
            scopes: set,
            watcher,
            listed,
            tasks,
            notes,
            alerts: alerts.sender,
        })
    }

    /// `/scopes/{name}/v1/...`, `/api/scopes` and its retry, `/api/alerts/...`.
    pub(crate) fn routes(&self) -> axum::Router {
        scopes::forward::routes(&self.scopes)
            .merge(watcher::routes::routes(self.watcher.clone()))
            .merge(crate::alerts::routes::routes(self.alerts.clone()))
    }
}

fn settings_of(from_config: &scopes::WatcherSettings) -> watcher::WatcherSettings {
    watcher::WatcherSettings {
        period: from_config.period,
        jitter: from_config.jitter,
        // The rate limiter counts whole requests a second.
        requests_per_second: from_config.requests_per_second.ceil().clamp(1.0, 10_000.0) as u32,
        retention: Duration::from_secs(u64::from(from_config.retention_days) * 24 * 3600),
        max_backoff: from_config.max_backoff,
    }
}

/// A scope's upstream as the watcher calls it.
struct ScopeClient(Arc<Upstream>);

impl ScopeApi for ScopeClient {
    fn get(&self, path_and_query: String) -> BoxFuture<'static, Result<Answer, Unreachable>> {
        let upstream = self.0.clone();
        Box::pin(async move {
            match upstream.get(&path_and_query).await {
                Ok(answer) => Ok(Answer {
                    status: answer.status.as_u16(),
                    retry_after: answer.retry_after,
                    body: answer.body,
                }),
                Err(e) => Err(Unreachable(e.to_string())),
            }
        })
    }
}

/// Complete rounds go to the journal (which queues their alerts); the
/// alert outbox and the acknowledgements of what it removed are pruned
/// with it.
struct JournalSink {
    journal: Journal,
    outbox: Outbox,
    acks: AckStore,
}

impl RoundSink for JournalSink {
    fn record(
        &self,
        scope: &ScopeInfo,
        seen: Vec<watcher::SeenFailure>,
        now_ms: i64,
    ) -> BoxFuture<'static, Result<u64, String>> {
        let journal = self.journal.clone();
        let scope = ScopeRef {
            name: scope.name.clone(),
            region: scope.region.clone(),
            project_id: scope.project_id.clone(),
        };
        Box::pin(async move {
            let seen: Vec<crate::db::journal::SeenFailure> = seen
                .into_iter()
                .map(|s| crate::db::journal::SeenFailure {
                    server_group_id: s.server_group_id,
                    job: s.job,
                })
                .collect();
            journal
                .record_round(&scope, &seen, now_ms)
                .await
                .map(|round| round.open)
                .map_err(|e| e.to_string())
        })
    }

    fn prune(&self, before_ms: i64) -> BoxFuture<'static, Result<u64, String>> {
        let (journal, outbox, acks) = (self.journal.clone(), self.outbox.clone(), self.acks.clone());
        Box::pin(async move {
            let pruned = journal.prune(before_ms).await.map_err(|e| e.to_string())?;
            if let Err(e) = outbox.prune(before_ms).await {
                tracing::warn!(error = %e, "could not prune the alert outbox");
            }
            if pruned > 0 {
                if let Err(e) = acks.prune_orphans().await {
                    tracing::warn!(error = %e, "could not prune the acknowledgements");
                }
            }
            Ok(pruned)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fractional_rate_rounds_up_to_whole_requests() {
        let settings = settings_of(&scopes::WatcherSettings {
            requests_per_second: 0.5,
            retention_days: 2,
            ..scopes::WatcherSettings::default()
        });
        assert_eq!(settings.requests_per_second, 1);
        assert_eq!(settings.retention, Duration::from_secs(2 * 24 * 3600));
        assert_eq!(
            settings.max_backoff,
            scopes::WatcherSettings::default().max_backoff,
            "max_backoff_secs reaches the watcher"
        );
    }
}
