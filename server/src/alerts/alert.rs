//! What one message says: the failures of one scope that are new (or
//! cleared), as many as a message lists, and how many more were folded
//! into it. Built from journal rows by the sender; every channel renders
//! the same [`Alert`], so the facts in each message are the same.

use url::Url;

/// What the message announces.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum AlertEvent {
    /// Failures seen for the first time.
    #[default]
    New,
    /// Failures no longer listed by SDRS.
    Cleared,
    /// Failures announced a while ago, still failing, not acknowledged.
    Reminder,
}

impl AlertEvent {
    pub fn as_str(self) -> &'static str {
        match self {
            AlertEvent::New => "new",
            AlertEvent::Cleared => "cleared",
            AlertEvent::Reminder => "reminder",
        }
    }
}

/// The resource a failed task was about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Resource {
    pub name: String,
    /// `resource_type` as the journal keys it (`protected_instances`, …).
    pub kind: String,
    pub id: String,
}

/// One failed task, as a message shows it. Every text field comes from
/// SDRS (or from a hostile value in its place) and is escaped by each
/// format, never trusted as markup.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FailureItem {
    pub job_id: String,
    pub resource: Resource,
    /// The protection group it was listed under; `None` at group level.
    pub server_group_id: Option<String>,
    /// `failure_status` as SDRS spells it (`createFail`, …).
    pub failure_status: String,
    pub error_code: Option<String>,
    /// The code's meaning from the console's code catalog, looked up by
    /// the caller (pure code reads no file).
    pub error_meaning: Option<String>,
    pub fail_reason: Option<String>,
    /// `begin_time` as SDRS gave it (ISO 8601 UTC when well-formed).
    pub begin_time: String,
    /// When the watcher found it gone (ISO 8601 UTC), for a cleared alert.
    pub cleared_at: Option<String>,
}

/// One message: a failure, or a batch of one scope's failures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    pub event: AlertEvent,
    pub scope: String,
    pub region: String,
    /// The failures the message lists (at least one for a useful message).
    pub failures: Vec<FailureItem>,
    /// Failures of the same batch not listed, only counted ("and 9 more").
    pub folded: usize,
    /// The console's public address (`--public-url`), base of every link.
    pub console: Url,
}

/// The console's page parameters an alert link sets. The "All scopes"
/// view reads them (`src/view_model/journal.rs`): `in_scope` one scope's
/// history, `state` which entries, `job` with `job_scope` the open entry;
/// a single-project page reads `job` alone (`src/view_model/url_state.rs`).
pub const IN_SCOPE_PARAM: &str = "in_scope";
pub const STATE_PARAM: &str = "state";
pub const JOB_PARAM: &str = "job";
pub const JOB_SCOPE_PARAM: &str = "job_scope";

impl Alert {
    /// A batch listing at most `listed` failures and folding the rest: a
    /// burst becomes one message whatever its size.
    pub fn digest(
        event: AlertEvent,
        scope: &str,
        region: &str,
        mut failures: Vec<FailureItem>,
        listed: usize,
        console: Url,
    ) -> Alert {
        let folded = failures.len().saturating_sub(listed);
        failures.truncate(listed);
        Alert {
            event,
            scope: scope.to_owned(),
            region: region.to_owned(),
            failures,
            folded,
            console,
        }
    }

    /// Failures the message stands for, listed and folded.
    pub fn count(&self) -> usize {
        self.failures.len() + self.folded
    }

    /// "3 new failures in prod (ap-southeast-3)".
    pub fn headline(&self) -> String {
        let n = self.count();
        let noun = if n == 1 { "failure" } else { "failures" };
        let place = if self.region.is_empty() {
            self.scope.clone()
        } else {
            format!("{} ({})", self.scope, self.region)
        };
        match self.event {
            AlertEvent::New => format!("{n} new {noun} in {place}"),
            AlertEvent::Cleared => format!("{n} cleared {noun} in {place}"),
            AlertEvent::Reminder => format!("{n} {noun} still open and not acknowledged in {place}"),
        }
    }

    /// The failure's entry in the console: its scope's history with the
    /// entry open, whether it is still failing or not.
    pub fn failure_link(&self, failure: &FailureItem) -> String {
        self.page(&[
            (IN_SCOPE_PARAM, &self.scope),
            (STATE_PARAM, "all"),
            (JOB_PARAM, &failure.job_id),
            (JOB_SCOPE_PARAM, &self.scope),
        ])
    }

    /// The message's link: the one failure's entry, or the scope's
    /// failures for a batch (open ones; cleared ones for a cleared batch).
    pub fn link(&self) -> String {
        match (self.failures.as_slice(), self.folded) {
            ([only], 0) => self.failure_link(only),
            _ => {
                let state = match self.event {
                    AlertEvent::New | AlertEvent::Reminder => "open",
                    AlertEvent::Cleared => "cleared",
                };
                self.page(&[(IN_SCOPE_PARAM, &self.scope), (STATE_PARAM, state)])
            }
        }
    }

    fn page(&self, params: &[(&str, &str)]) -> String {
        let mut url = self.console.clone();
        url.set_fragment(None);
        // The page is the console's root, whatever path the base had.
        if !url.path().ends_with('/') {
            let path = format!("{}/", url.path());
            url.set_path(&path);
        }
        url.query_pairs_mut().clear().extend_pairs(params.iter().copied());
        url.into()
    }
}

/// A dedup key per failure, the same in every message about it (trigger
/// and resolve of one incident): `scope/job_id`.
pub fn dedup_key(scope: &str, failure: &FailureItem) -> String {
    format!("{scope}/{}", failure.job_id)
}
