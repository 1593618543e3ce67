//! Gauges of the failure journal, read from the database when `/metrics` is
//! scraped: open failures by scope and failure status, and each scope's
//! last successful poll. Every instance reads the one database, so each
//! answers alike, whichever polls.

use super::metrics::{JOURNAL_OPEN, WATCHER_LAST_SUCCESS};
use crate::db::journal::Journal;
use crate::util::lock::lock;
use std::collections::HashSet;
use std::sync::Mutex;

pub struct JournalGauges {
    journal: Journal,
    /// The (scope, failure status) pairs given a value so far: one that is
    /// no longer open reads 0, so an alert on it resolves.
    shown: Mutex<HashSet<(String, String)>>,
}

impl JournalGauges {
    pub fn new(journal: Journal) -> JournalGauges {
        JournalGauges {
            journal,
            shown: Mutex::new(HashSet::new()),
        }
    }

    /// Sets the gauges from the database; when it cannot be read, they keep
    /// their last values (and `/healthz` says the database is unreachable).
    pub async fn refresh(&self) {
        match self.journal.open_by_status().await {
            Ok(counts) => {
                let now: HashSet<(String, String)> = counts
                    .iter()
                    .map(|c| (c.scope.clone(), c.failure_status.clone()))
                    .collect();
                let mut shown = lock(&self.shown);
                for (scope, status) in shown.difference(&now) {
                    metrics::gauge!(JOURNAL_OPEN, "scope" => scope.clone(), "failure_status" => status.clone())
                        .set(0.0);
                }
                for c in counts {
                    metrics::gauge!(JOURNAL_OPEN, "scope" => c.scope, "failure_status" => c.failure_status)
                        .set(c.open as f64);
                }
                shown.extend(now);
            }
            Err(e) => tracing::debug!(error = %e, "reading open failures for /metrics failed"),
        }
        match self.journal.last_rounds().await {
            Ok(rounds) => {
                for (scope, ms) in rounds {
                    metrics::gauge!(WATCHER_LAST_SUCCESS, "scope" => scope).set(ms as f64 / 1000.0);
                }
            }
            Err(e) => tracing::debug!(error = %e, "reading the scopes' last rounds for /metrics failed"),
        }
    }
}
