//! The "All scopes" list: its filters and page as the page URL and as the
//! server's journal query (`GET /api/journal`, `/api/journal.csv`), the
//! server's other scope routes, and a journal page decoded leniently (an
//! entry the console cannot read is counted, never fatal).
//!
//! The filters the live view has keep their names and values
//! (`failure_status`, `resource_type`, `resource_name`, `server_group_id`,
//! `limit`, `offset`), so a scope switch carries them over; the journal's
//! own are `in_scope` (one scope's history), `state` and the open entry
//! (`job` with `job_scope`).

use sdrs_models::journal::{JournalEntry, JournalPage, JournalQuery, JournalState};
use sdrs_models::query::{encode_component, query_pairs};
use sdrs_models::FailureJobQuery;
use serde_json::{Map, Value};

pub const JOURNAL_PATH: &str = "/api/journal";
pub const JOURNAL_CSV_PATH: &str = "/api/journal.csv";
pub const SCOPES_PATH: &str = "/api/scopes";
/// `POST` here acknowledges entries ([`ack_body`]).
pub const ACK_PATH: &str = "/api/journal/ack";

/// `POST` here withdraws acknowledgements ([`ack_withdraw_body`]).
pub const ACK_WITHDRAW_PATH: &str = "/api/journal/ack/withdraw";

fn entry_keys(entries: &[&JournalEntry]) -> Vec<sdrs_models::EntryKey> {
    entries
        .iter()
        .map(|e| sdrs_models::EntryKey {
            scope: e.scope.clone(),
            job_id: e.job.job_id.clone(),
        })
        .collect()
}

/// The body of an acknowledgement of `entries`, the comment trimmed.
pub fn ack_body(entries: &[&JournalEntry], comment: &str) -> String {
    let request = sdrs_models::AckRequest {
        entries: entry_keys(entries),
        comment: comment.trim().to_owned(),
    };
    serde_json::to_string(&request).unwrap_or_default()
}

/// The body that withdraws the acknowledgements of `entries`.
pub fn ack_withdraw_body(entries: &[&JournalEntry]) -> String {
    let request = sdrs_models::AckWithdrawal {
        entries: entry_keys(entries),
    };
    serde_json::to_string(&request).unwrap_or_default()
}

/// `POST` here polls a refused scope again.
pub fn retry_path(scope: &str) -> String {
    format!("{SCOPES_PATH}/{}/retry", encode_component(scope))
}

/// `DELETE` here deletes the failure upstream, in its own scope: the
/// scope's live API (`live_base`, e.g. `/scopes/prod`, where the server
/// adds that scope's credential and audits the delete with it), the
/// entry's project, and the id SDRS deletes by.
pub fn delete_path(live_base: &str, entry: &JournalEntry) -> String {
    format!(
        "{}/v1/{}/task-center/failure-jobs/{}",
        live_base.trim().trim_end_matches('/'),
        encode_component(&entry.project_id),
        encode_component(sdrs_models::failure_job_id(&entry.job))
    )
}

/// A journal entry's identity: its scope and its failure's job id.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct EntryKey {
    pub scope: String,
    pub job_id: String,
}

impl EntryKey {
    pub fn of(entry: &JournalEntry) -> EntryKey {
        EntryKey {
            scope: entry.scope.clone(),
            job_id: entry.job.job_id.clone(),
        }
    }

    /// One text, for a row's `data-row-id` (a unit separator cannot be in
    /// either part that the URL or the table shows).
    pub fn row_id(&self) -> String {
        format!("{}\u{1f}{}", self.scope, self.job_id)
    }
}

/// The view's filters, page and open entry.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct JournalView {
    /// The filters the live view has too, with limit and offset. Here a
    /// `server_group_id` of `None` means any group (the journal has no
    /// scope rule).
    pub filters: FailureJobQuery,
    /// One scope's entries only.
    pub scope: Option<String>,
    pub state: StateFilter,
    /// One error code's entries only (picked in the trends).
    pub error_code: Option<String>,
    /// Entries that began in `[begun_from, begun_before)`, ISO 8601 (a
    /// trend's bar).
    pub begun_from: Option<String>,
    pub begun_before: Option<String>,
    pub open: Option<EntryKey>,
}

/// Which entries, by where they stand upstream. The view's default is the
/// failures still failing.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum StateFilter {
    #[default]
    Open,
    Cleared,
    All,
}

impl StateFilter {
    pub const ALL: [StateFilter; 3] = [StateFilter::Open, StateFilter::Cleared, StateFilter::All];

    pub fn wire(self) -> JournalState {
        match self {
            StateFilter::Open => JournalState::Open,
            StateFilter::Cleared => JournalState::Cleared,
            StateFilter::All => JournalState::All,
        }
    }

    pub fn parse(text: &str) -> Option<StateFilter> {
        StateFilter::ALL.into_iter().find(|s| s.wire().as_str() == text)
    }
}

const IN_SCOPE_PARAM: &str = "in_scope";
const STATE_PARAM: &str = "state";
const JOB_PARAM: &str = "job";
const JOB_SCOPE_PARAM: &str = "job_scope";
const ERROR_CODE_PARAM: &str = "error_code";
const BEGUN_FROM_PARAM: &str = "begun_from";
const BEGUN_BEFORE_PARAM: &str = "begun_before";

fn usable_text(value: &str) -> bool {
    !value.trim().is_empty() && value.len() <= 128
}

impl JournalView {
    /// Reads the page URL; junk is ignored.
    pub fn from_query_string(search: &str) -> JournalView {
        let mut view = JournalView {
            filters: FailureJobQuery::from_query_string(search),
            ..JournalView::default()
        };
        let (mut job, mut job_scope) = (None, None);
        for (key, value) in query_pairs(search) {
            match key.as_str() {
                IN_SCOPE_PARAM if usable_text(&value) => view.scope = Some(value),
                STATE_PARAM => {
                    if let Some(s) = StateFilter::parse(&value) {
                        view.state = s;
                    }
                }
                ERROR_CODE_PARAM if usable_text(&value) => view.error_code = Some(value),
                BEGUN_FROM_PARAM if usable_text(&value) => view.begun_from = Some(value),
                BEGUN_BEFORE_PARAM if usable_text(&value) => view.begun_before = Some(value),
                JOB_PARAM if usable_text(&value) => job = Some(value),
                JOB_SCOPE_PARAM if usable_text(&value) => job_scope = Some(value),
                _ => {}
            }
        }
        if let (Some(job_id), Some(scope)) = (job, job_scope) {
            view.open = Some(EntryKey { scope, job_id });
        }
        view
    }

    /// The page URL's query; the default state is left out.
    pub fn to_query_string(&self) -> String {
        let mut out = self.filters.to_query_string();
        let mut push = |k: &str, v: &str| {
            out.push('&');
            out.push_str(k);
            out.push('=');
            out.push_str(&encode_component(v));
        };
        if let Some(scope) = &self.scope {
            push(IN_SCOPE_PARAM, scope);
        }
        if self.state != StateFilter::Open {
            push(STATE_PARAM, self.state.wire().as_str());
        }
        for (name, value) in [
            (ERROR_CODE_PARAM, &self.error_code),
            (BEGUN_FROM_PARAM, &self.begun_from),
            (BEGUN_BEFORE_PARAM, &self.begun_before),
        ] {
            if let Some(value) = value {
                push(name, value);
            }
        }
        if let Some(open) = &self.open {
            push(JOB_PARAM, &open.job_id);
            push(JOB_SCOPE_PARAM, &open.scope);
        }
        out
    }

    /// The server's query of this page.
    pub fn query(&self) -> JournalQuery {
        let f = self.filters.clone().normalized();
        JournalQuery {
            scope: self.scope.clone(),
            state: self.state.wire(),
            failure_status: f.failure_status.as_ref().map(|s| s.as_str().to_owned()),
            resource_type: f.resource_type.map(|k| k.filter_value().to_owned()),
            resource_name: f.resource_name.clone(),
            server_group_id: f.server_group_id.clone(),
            error_code: self.error_code.clone(),
            begun_from: self.begun_from.clone(),
            begun_before: self.begun_before.clone(),
            limit: f.limit().min(JournalQuery::MAX_LIMIT),
            offset: f.offset(),
        }
    }

    /// `GET /api/journal?…` of this page.
    pub fn page_path(&self) -> String {
        format!("{JOURNAL_PATH}?{}", self.query().to_query_string())
    }

    /// `GET /api/journal.csv?…`: every entry of these filters (the server
    /// pages it itself; limit and offset are not sent).
    pub fn csv_path(&self) -> String {
        let full = self.query().to_query_string();
        let filters: Vec<&str> = full
            .split('&')
            .filter(|p| !p.starts_with("limit=") && !p.starts_with("offset="))
            .collect();
        format!("{JOURNAL_CSV_PATH}?{}", filters.join("&"))
    }

    /// The same view with its filters edited, on the first page, nothing
    /// open (the open entry belongs to the old list).
    pub fn with_filters(&self, edit: impl FnOnce(&mut JournalView)) -> JournalView {
        let mut next = self.clone();
        edit(&mut next);
        next.filters.set_offset(0);
        next.open = None;
        next
    }
}

/// One page of the journal as the console read it.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReadPage {
    pub page: JournalPage,
    /// Elements of `entries` that could not be read as an entry.
    pub malformed: usize,
}

/// Only a body that is not a JSON object is an error; an entry that does
/// not read is counted and left out. Its failure's fields are read by the
/// failed-task list's own lenient rules.
pub fn decode_page(body: &[u8]) -> Result<ReadPage, serde_json::Error> {
    let top: Map<String, Value> = serde_json::from_slice(body)?;
    let mut read = ReadPage::default();
    let entries = top.get("entries").and_then(Value::as_array);
    for item in entries.into_iter().flatten() {
        match serde_json::from_value::<JournalEntry>(item.clone()) {
            Ok(entry) => read.page.entries.push(entry),
            Err(_) => read.malformed += 1,
        }
    }
    read.page.total = top
        .get("total")
        .and_then(Value::as_u64)
        .unwrap_or(read.page.entries.len() as u64);
    Ok(read)
}

#[cfg(test)]
#[path = "journal_tests.rs"]
mod tests;
