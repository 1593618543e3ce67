//! All pages of the current filters, fetched page by page with progress,
//! cancellable, and kept until the filters change. One fetch per panel,
//! shared by whatever needs every row (the grouped view, the timeline):
//! asking again for the same filters reuses the rows or the fetch running.
//!
//! ## Usage
//!
//! ```ignore
//! store.load_all_pages();                 // starts, or reuses
//! store.all_pages().with(|a| a.rows());   // Some(rows) once all are in
//! store.load_all_marks();                 // the timeline: marks are enough
//! store.all_pages().with(|a| a.marks());  // Some(marks) once all are in
//! store.cancel_all_pages();               // stops; the state says Cancelled
//! ```
//!
//! - A walk for marks keeps only each row's begin time and status; asking
//!   for the rows afterwards fetches the pages again, in full. A full walk
//!   serves the timeline too.
//! - A change of the filters (not of the page or page size) aborts a fetch
//!   in flight and drops the rows: the state goes back to `Idle`.
//! - After a delete the store fetches again what was loaded or loading
//!   (`AllPagesSlot::reload`); a refresh of the page does not.
//! - Progress and the result of a superseded or cancelled fetch never land.

use super::walk::{walk_all_pages, Walk};
use super::PanelStore;
use crate::api::LatestRequest;
use crate::chunks::run_in_chunk;
use crate::i18n::Key;
use crate::view_model::all_pages::{filters_key, AllPages, RowDetail};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::{FailureJob, FailureJobQuery};
use std::sync::Arc;

/// The store's slot for all pages: the state, the filters it is for, and
/// the latest-wins request (aborting the one in flight).
#[derive(Clone, Copy)]
pub(crate) struct AllPagesSlot {
    state: RwSignal<AllPages>,
    key: RwSignal<Option<FailureJobQuery>>,
    /// What the walk running or done keeps of each row.
    detail: RwSignal<RowDetail>,
    request: StoredValue<LatestRequest, LocalStorage>,
    /// Bumped after a delete: the edge effect fetches again.
    reload: RwSignal<u64>,
}

impl AllPagesSlot {
    pub(super) fn new() -> Self {
        AllPagesSlot {
            state: RwSignal::new(AllPages::Idle),
            key: RwSignal::new(None),
            detail: RwSignal::new(RowDetail::Full),
            request: StoredValue::new_local(LatestRequest::default()),
            reload: RwSignal::new(0),
        }
    }

    /// The fetched job with this `job_id` (tracked): a drawer opened from
    /// the rows of all pages finds its job off the page on screen.
    pub(super) fn job(&self, job_id: &str) -> Option<Arc<FailureJob>> {
        self.state.with(|s| {
            s.rows()
                .and_then(|r| r.jobs.iter().find(|j| j.job_id == job_id).cloned())
        })
    }

    /// Fetches again what was loaded or loading (after a delete). Only
    /// writes a signal, so it may run after an `.await`.
    pub(super) fn reload(&self) {
        self.reload.update(|n| *n += 1);
    }

    fn cancel_request(&self) {
        self.request.try_with_value(LatestRequest::cancel);
    }
}

impl PanelStore {
    /// All pages of the current filters, as they stand (tracked).
    pub(crate) fn all_pages(&self) -> ReadSignal<AllPages> {
        self.s().all_pages.state.read_only()
    }

    /// Fetches every page of the current filters, keeping the rows, unless
    /// they are already in or on their way.
    pub(crate) fn load_all_pages(&self) {
        self.load_walk(RowDetail::Full);
    }

    /// Fetches every page of the current filters for the timeline, keeping
    /// only the marks, unless a walk of these filters is in or on its way.
    pub(crate) fn load_all_marks(&self) {
        self.load_walk(RowDetail::Marks);
    }

    /// Whether the rows of all pages are neither in nor on their way
    /// (tracked): nothing fetched, or only marks. A stopped or failed
    /// walk is not "missing": the user restarts it.
    pub(crate) fn all_rows_missing(&self) -> bool {
        let slot = self.s().all_pages;
        slot.state.with(|s| match s {
            AllPages::Idle => true,
            AllPages::Running { .. } | AllPages::Done(_) => !slot.detail.get().serves(RowDetail::Full),
            AllPages::Cancelled { .. } | AllPages::Failed(_) => false,
        })
    }

    fn load_walk(&self, wanted: RowDetail) {
        let slot = self.s().all_pages;
        let key = self.s().query.with_untracked(filters_key);
        let same = slot.key.with_untracked(|k| k.as_ref() == Some(&key));
        let reusable = slot
            .state
            .with_untracked(|s| matches!(s, AllPages::Running { .. } | AllPages::Done(_)));
        if same && reusable && slot.detail.get_untracked().serves(wanted) {
            return;
        }
        self.start_all_pages(key, wanted);
    }

    /// Stops the fetch in flight; the rows fetched so far are dropped.
    pub(crate) fn cancel_all_pages(&self) {
        let slot = self.s().all_pages;
        slot.cancel_request();
        if let AllPages::Running { fetched, .. } = slot.state.get_untracked() {
            slot.state.set(AllPages::Cancelled { fetched });
        }
    }

    fn start_all_pages(&self, key: FailureJobQuery, detail: RowDetail) {
        let slot = self.s().all_pages;
        let api = self.client();
        let request = slot.request.get_value();
        let ticket = request.begin();
        slot.key.set(Some(key.clone()));
        slot.detail.set(detail);
        slot.state.set(AllPages::Running {
            fetched: 0,
            total: None,
        });
        let state = slot.state;
        // The store's own signal: a `read_only()` copy would belong to the
        // caller's owner (an effect's), gone by the time the chunk answers.
        let locale = self.s().locale;
        let walk = Walk {
            api,
            key,
            detail,
            request: request.clone(),
            ticket: ticket.clone(),
            state,
        };
        spawn_local(async move {
            // The walk's code did not load: said where the rows were
            // awaited, whose retry asks again.
            if run_in_chunk(walk_all_pages(walk)).await.is_err() && request.is_current(&ticket) {
                state.set(AllPages::Failed(
                    Key::ChunkCodeMissing.text(locale.get_untracked()).to_string(),
                ));
            }
        });
    }

    /// The edge effects of all pages: a change of filters drops what was
    /// fetched for the old ones; a reload after a delete fetches again; the
    /// fetch stops when the panel goes.
    pub(super) fn all_pages_edges(self) {
        let s = self.s();
        let slot = s.all_pages;
        Effect::new(move |_| {
            let now = s.query.with(filters_key);
            if slot.key.with_untracked(|k| k.as_ref().is_some_and(|k| *k != now)) {
                slot.cancel_request();
                slot.key.set(None);
                slot.state.set(AllPages::Idle);
            }
        });
        Effect::new(move |first: Option<()>| {
            slot.reload.track();
            let active = slot
                .state
                .with_untracked(|s| matches!(s, AllPages::Running { .. } | AllPages::Done(_)));
            if first.is_some() && active {
                self.start_all_pages(s.query.with_untracked(filters_key), slot.detail.get_untracked());
            }
        });
        on_cleanup(move || slot.cancel_request());
    }
}
