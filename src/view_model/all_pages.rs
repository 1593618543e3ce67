//! Every page of the current filters: which page to ask for next, when the
//! walk ends, and where a fetch of all pages stands. The browser side (the
//! requests, cancel, the cache) is `panel/store/all_pages.rs`; the grouped
//! view, the timeline and "Export all" read the result.
//!
//! A walk keeps either every row ([`RowDetail::Full`], for the grouped view
//! and the export) or only what the timeline counts ([`RowDetail::Marks`]:
//! a begin time and a status, 12 bytes a row instead of ~570), because
//! the timeline walks on start and the full rows of thousands of failures
//! would be most of the page's memory.

use super::time_marks::TimeMarks;
use sdrs_models::paging::Paging;
use sdrs_models::{FailureJob, FailureJobMarks, FailureJobQuery, SharedFailureJobList};
use std::sync::Arc;

/// Rows asked for per page of the walk: the API's largest page.
pub const WALK_PAGE_SIZE: u64 = 1000;

/// A walk stops here, whatever the total (and says it was cut).
pub const WALK_MAX_ROWS: usize = 100_000;

/// The filters a fetch of all pages is for: `query` on its first page, with
/// the walk's page size. Queries with the same filters have the same key,
/// whatever page and page size they show.
pub fn filters_key(query: &FailureJobQuery) -> FailureJobQuery {
    query.first_page().with_limit(WALK_PAGE_SIZE)
}

/// What to do after a page has come.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Step {
    /// Ask for this page next.
    Next(FailureJobQuery),
    /// The walk is over; `truncated` when it stopped at the row limit with
    /// more pages left.
    Done { truncated: bool },
}

/// A walk over the pages of one set of filters.
#[derive(Clone, Debug)]
pub struct PageWalk {
    query: FailureJobQuery,
    fetched: usize,
    total: Option<u64>,
    max_rows: usize,
}

impl PageWalk {
    /// A walk from the first page of `filters`' filters, stopping after
    /// `max_rows` rows.
    pub fn new(filters: &FailureJobQuery, max_rows: usize) -> Self {
        PageWalk {
            query: filters_key(filters),
            fetched: 0,
            total: None,
            max_rows,
        }
    }

    /// The page to ask for now.
    pub fn query(&self) -> &FailureJobQuery {
        &self.query
    }

    /// Rows received so far.
    pub fn fetched(&self) -> usize {
        self.fetched
    }

    /// The total of the filters, once a page has told it.
    pub fn total(&self) -> Option<u64> {
        self.total
    }

    /// Records the page just received (`rows_on_page` rows, the response's
    /// `count`) and says what comes next. An empty page always ends the
    /// walk, so a service that never tells a total cannot loop forever.
    pub fn record(&mut self, rows_on_page: usize, count: Option<u64>) -> Step {
        let paging = Paging::from_response(self.query.offset(), self.query.limit(), rows_on_page, count);
        self.fetched += rows_on_page;
        if paging.total.is_some() {
            self.total = paging.total;
        }
        if rows_on_page == 0 || !paging.has_next() {
            return Step::Done { truncated: false };
        }
        if self.fetched >= self.max_rows {
            return Step::Done { truncated: true };
        }
        self.query.set_offset(paging.next_offset());
        Step::Next(self.query.clone())
    }
}

/// Where the fetch of all pages of the current filters stands.
#[derive(Clone, Debug, Default)]
pub enum AllPages {
    /// Not asked for these filters (or the filters changed since).
    #[default]
    Idle,
    Running {
        fetched: usize,
        total: Option<u64>,
    },
    Done(Arc<AllRows>),
    Cancelled {
        fetched: usize,
    },
    /// Why it stopped (the error's summary).
    Failed(String),
}

/// What a walk keeps of each row.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum RowDetail {
    /// The begin time and status only ([`TimeMarks`]).
    Marks,
    /// The whole row, and its mark.
    #[default]
    Full,
}

impl RowDetail {
    /// Whether rows kept at `self` serve a need for `wanted`.
    pub fn serves(self, wanted: RowDetail) -> bool {
        self == RowDetail::Full || wanted == RowDetail::Marks
    }
}

/// Every row of the filters, in the service's order.
#[derive(Debug, Default)]
pub struct AllRows {
    /// The rows, when the walk kept them ([`RowDetail::Full`]); else empty.
    pub jobs: Vec<Arc<FailureJob>>,
    /// A mark for every row, whatever the detail.
    pub marks: Arc<TimeMarks>,
    pub detail: RowDetail,
    /// Elements of the pages that were not rows (see `FailureJobList`).
    pub malformed: usize,
    /// The walk stopped at [`WALK_MAX_ROWS`] with pages left.
    pub truncated: bool,
}

/// One page of a walk, as decoded for its detail.
pub enum WalkPage {
    Full(SharedFailureJobList),
    Marks(FailureJobMarks),
}

impl WalkPage {
    pub fn len(&self) -> usize {
        match self {
            WalkPage::Full(p) => p.failure_jobs.len(),
            WalkPage::Marks(p) => p.marks.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The response's `count`.
    pub fn count(&self) -> Option<u64> {
        match self {
            WalkPage::Full(p) => p.count,
            WalkPage::Marks(p) => p.count,
        }
    }
}

impl AllRows {
    /// Adds one page: the marks of its rows, and the rows themselves when
    /// the walk keeps them.
    pub fn add(&mut self, page: WalkPage, parse_ms: impl Fn(&str) -> f64) {
        let marks = Arc::make_mut(&mut self.marks);
        match page {
            WalkPage::Full(page) => {
                self.malformed += page.malformed_rows;
                for job in &page.failure_jobs {
                    marks.push(parse_ms(&job.begin_time), &job.failure_status);
                }
                if self.detail == RowDetail::Full {
                    self.jobs.extend(page.failure_jobs);
                }
            }
            WalkPage::Marks(page) => {
                self.malformed += page.malformed_rows;
                for mark in &page.marks {
                    marks.push(parse_ms(&mark.begin_time), &mark.failure_status);
                }
            }
        }
    }

    /// Room for `total` rows in all, once the service has told it, so the
    /// lists do not grow by doubling (wasm memory never shrinks).
    pub fn reserve_for(&mut self, total: Option<u64>, max_rows: usize) {
        let Some(total) = total else { return };
        let want = (total as usize).min(max_rows);
        let marks = Arc::make_mut(&mut self.marks);
        marks.reserve(want.saturating_sub(marks.len()));
        if self.detail == RowDetail::Full {
            self.jobs.reserve(want.saturating_sub(self.jobs.len()));
        }
    }
}

impl AllPages {
    pub fn is_running(&self) -> bool {
        matches!(self, AllPages::Running { .. })
    }

    /// The whole rows, once all pages are in and were kept in full.
    pub fn rows(&self) -> Option<&Arc<AllRows>> {
        match self {
            AllPages::Done(rows) if rows.detail == RowDetail::Full => Some(rows),
            _ => None,
        }
    }

    /// The marks of every row, once all pages are in (at any detail).
    pub fn marks(&self) -> Option<&Arc<TimeMarks>> {
        match self {
            AllPages::Done(rows) => Some(&rows.marks),
            _ => None,
        }
    }
}

#[cfg(test)]
#[path = "all_pages_tests.rs"]
mod tests;
