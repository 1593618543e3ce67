//! Tests of `all_pages.rs`: the walk, and what a walk keeps of each row.

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

fn page() -> WalkPage {
    WalkPage::Full(SharedFailureJobList {
        count: Some(3),
        failure_jobs: vec![
            Arc::new(job("a", "10", FailureStatus::CreateFail)),
            Arc::new(job("b", "junk", FailureStatus::DeleteFail)),
        ],
        malformed_rows: 0,
    })
}

fn marks_page(begin: &str, status: FailureStatus) -> WalkPage {
    WalkPage::Marks(FailureJobMarks {
        count: Some(3),
        marks: vec![sdrs_models::FailureJobMark {
            begin_time: begin.into(),
            failure_status: status,
        }],
        malformed_rows: 1,
    })
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
    rows.add(page(), parse);
    rows.add(marks_page("30", FailureStatus::CreateFail), parse);
    assert!(rows.jobs.is_empty());
    assert_eq!(rows.malformed, 1);
    let begins: Vec<f64> = rows.marks.iter().map(|(ms, _)| ms).collect();
    assert_eq!(begins[0], 10.0);
    assert!(begins[1].is_nan());
    assert_eq!(begins[2], 30.0);
    assert_eq!(
        rows.marks.iter().nth(1).map(|(_, s)| s),
        Some(&FailureStatus::DeleteFail)
    );
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
    rows.add(page(), parse);
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
