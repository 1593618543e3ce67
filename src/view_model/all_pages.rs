//! Every page of the current filters: which page to ask for next, when the
//! walk ends, and where a fetch of all pages stands. The browser side (the
//! requests, cancel, the cache) is `panel/store/all_pages.rs`; the grouped
//! view, the timeline and "Export all" read the result.
//!
//! A walk keeps either every row ([`RowDetail::Full`], for the grouped view
//! and the export) or only what the timeline counts ([`RowDetail::Marks`]:
//! a begin time and a status, ~32 bytes a row instead of ~570), because
//! the timeline walks on start and the full rows of thousands of failures
//! would be most of the page's memory.

use sdrs_models::paging::Paging;
use sdrs_models::{FailureJob, FailureJobQuery, FailureStatus};
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
    /// The begin time and status only ([`TimeMark`]).
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

/// One failure as the timeline counts it.
#[derive(Clone, Debug, PartialEq)]
pub struct TimeMark {
    /// Milliseconds since the epoch; NaN when the begin time does not parse.
    pub begin_ms: f64,
    pub status: FailureStatus,
}

impl TimeMark {
    /// The mark of `job`, its begin time read by `parse_ms`.
    pub fn of(job: &FailureJob, parse_ms: impl Fn(&str) -> f64) -> Self {
        TimeMark {
            begin_ms: parse_ms(&job.begin_time),
            status: job.failure_status.clone(),
        }
    }
}

/// Every row of the filters, in the service's order.
#[derive(Debug, Default)]
pub struct AllRows {
    /// The rows, when the walk kept them ([`RowDetail::Full`]); else empty.
    pub jobs: Vec<Arc<FailureJob>>,
    /// A mark for every row, whatever the detail.
    pub marks: Arc<Vec<TimeMark>>,
    pub detail: RowDetail,
    /// Elements of the pages that were not rows (see `FailureJobList`).
    pub malformed: usize,
    /// The walk stopped at [`WALK_MAX_ROWS`] with pages left.
    pub truncated: bool,
}

impl AllRows {
    /// Adds one page's rows: their marks, and the rows themselves when the
    /// walk keeps them (else they are dropped here, page by page).
    pub fn add_page(&mut self, jobs: Vec<FailureJob>, parse_ms: impl Fn(&str) -> f64) {
        let marks = Arc::make_mut(&mut self.marks);
        marks.extend(jobs.iter().map(|j| TimeMark::of(j, &parse_ms)));
        if self.detail == RowDetail::Full {
            self.jobs.extend(jobs.into_iter().map(Arc::new));
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
    pub fn marks(&self) -> Option<&Arc<Vec<TimeMark>>> {
        match self {
            AllPages::Done(rows) => Some(&rows.marks),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use sdrs_models::FailureStatus;

    fn walk() -> PageWalk {
        PageWalk::new(&FailureJobQuery::default().with_limit(20).with_offset(40), 2500)
    }

    #[test]
    fn key_ignores_page_and_page_size_but_not_filters() {
        let a = FailureJobQuery::default().with_limit(20).with_offset(40);
        let b = FailureJobQuery::default().with_limit(50);
        assert_eq!(filters_key(&a), filters_key(&b));
        assert_eq!(filters_key(&a).limit(), 1000);
        assert_eq!(filters_key(&a).offset(), 0);
        let mut c = b.clone();
        c.failure_status = Some(FailureStatus::DeleteFail);
        assert_ne!(filters_key(&b), filters_key(&c));
    }

    #[test]
    fn a_total_walks_every_page_from_the_first() {
        let mut w = walk();
        assert_eq!(w.query().offset(), 0);
        assert_eq!(w.query().limit(), 1000);
        let Step::Next(q) = w.record(1000, Some(2100)) else {
            panic!("a second page")
        };
        assert_eq!(q.offset(), 1000);
        assert_eq!(w.total(), Some(2100));
        assert!(matches!(w.record(1000, Some(2100)), Step::Next(q) if q.offset() == 2000));
        assert_eq!(w.record(100, Some(2100)), Step::Done { truncated: false });
        assert_eq!(w.fetched(), 2100);
    }

    #[test]
    fn a_page_count_walks_until_a_short_page() {
        // `count` is this page's rows: no total until the short page.
        let mut w = walk();
        assert!(matches!(w.record(1000, Some(1000)), Step::Next(_)));
        assert_eq!(w.total(), None);
        assert_eq!(w.record(7, Some(7)), Step::Done { truncated: false });
        assert_eq!(w.total(), Some(1007));
    }

    #[test]
    fn an_empty_page_ends_a_walk_without_total() {
        let mut w = walk();
        assert!(matches!(w.record(1000, None), Step::Next(_)));
        assert_eq!(w.record(0, None), Step::Done { truncated: false });
        assert_eq!(w.fetched(), 1000);
    }

    #[test]
    fn the_row_limit_cuts_the_walk_and_says_so() {
        let mut w = walk();
        assert!(matches!(w.record(1000, Some(9000)), Step::Next(_)));
        assert!(matches!(w.record(1000, Some(9000)), Step::Next(_)));
        assert_eq!(w.record(1000, Some(9000)), Step::Done { truncated: true });
        assert_eq!(w.fetched(), 3000);
    }

    #[test]
    fn the_last_page_at_the_limit_is_not_cut() {
        let mut w = PageWalk::new(&FailureJobQuery::default(), 2000);
        assert!(matches!(w.record(1000, Some(2000)), Step::Next(_)));
        assert_eq!(w.record(1000, Some(2000)), Step::Done { truncated: false });
    }

    fn job(id: &str, begin: &str, status: FailureStatus) -> FailureJob {
        FailureJob {
            job_id: id.into(),
            begin_time: begin.into(),
            failure_status: status,
            ..FailureJob::default()
        }
    }

    fn page() -> Vec<FailureJob> {
        vec![
            job("a", "10", FailureStatus::CreateFail),
            job("b", "junk", FailureStatus::DeleteFail),
        ]
    }

    fn parse(s: &str) -> f64 {
        s.parse().unwrap_or(f64::NAN)
    }

    #[test]
    fn a_marks_walk_keeps_marks_and_drops_the_rows() {
        let mut rows = AllRows {
            detail: RowDetail::Marks,
            ..AllRows::default()
        };
        rows.add_page(page(), parse);
        rows.add_page(vec![job("c", "30", FailureStatus::CreateFail)], parse);
        assert!(rows.jobs.is_empty());
        let begins: Vec<f64> = rows.marks.iter().map(|m| m.begin_ms).collect();
        assert_eq!(begins[0], 10.0);
        assert!(begins[1].is_nan());
        assert_eq!(begins[2], 30.0);
        assert_eq!(rows.marks[1].status, FailureStatus::DeleteFail);
        let done = AllPages::Done(Arc::new(rows));
        assert!(
            done.rows().is_none(),
            "marks are not the rows the grouped view and export need"
        );
        assert_eq!(done.marks().map(|m| m.len()), Some(3));
    }

    #[test]
    fn a_full_walk_keeps_rows_and_marks() {
        let mut rows = AllRows::default();
        rows.add_page(page(), parse);
        assert_eq!(
            rows.jobs.iter().map(|j| j.job_id.as_str()).collect::<Vec<_>>(),
            ["a", "b"]
        );
        assert_eq!(rows.marks.len(), 2);
        let done = AllPages::Done(Arc::new(rows));
        assert_eq!(done.rows().map(|r| r.jobs.len()), Some(2));
        assert_eq!(done.marks().map(|m| m.len()), Some(2));
    }

    #[test]
    fn full_rows_serve_every_need_marks_only_the_timeline() {
        assert!(RowDetail::Full.serves(RowDetail::Full));
        assert!(RowDetail::Full.serves(RowDetail::Marks));
        assert!(RowDetail::Marks.serves(RowDetail::Marks));
        assert!(!RowDetail::Marks.serves(RowDetail::Full));
    }

    #[test]
    fn room_is_made_for_the_total_up_to_the_row_limit() {
        let mut rows = AllRows::default();
        rows.reserve_for(Some(5000), 2500);
        assert!(rows.marks.capacity() >= 2500 && rows.marks.capacity() < 5000);
        assert!(rows.jobs.capacity() >= 2500 && rows.jobs.capacity() < 5000);
        let mut marks_only = AllRows {
            detail: RowDetail::Marks,
            ..AllRows::default()
        };
        marks_only.reserve_for(Some(100), WALK_MAX_ROWS);
        assert_eq!(marks_only.jobs.capacity(), 0);
        marks_only.reserve_for(None, WALK_MAX_ROWS);
        assert!(marks_only.marks.capacity() >= 100);
    }
}
