//! The walk over all pages of the filters (see [`super::all_pages`]): its
//! loop and the decoding of every page live in the chunk `all_pages`,
//! loaded when something first needs every row (the timeline, the grouped
//! view, an export of all pages), so the first module carries only the
//! page on screen.

use crate::api::{ApiClient, ApiError, LatestRequest, Ticket};
use crate::browser::time;
use crate::chunks::ChunkTask;
use crate::view_model::all_pages::{AllPages, AllRows, PageWalk, RowDetail, Step, WalkPage, WALK_MAX_ROWS};
use leptos::prelude::*;
use sdrs_models::FailureJobQuery;
use std::sync::Arc;

/// One walk to run: what to fetch, and where its progress and result go
/// while its ticket is current.
pub(crate) struct Walk {
    pub api: ApiClient,
    pub key: FailureJobQuery,
    pub detail: RowDetail,
    pub request: LatestRequest,
    pub ticket: Ticket,
    pub state: RwSignal<AllPages>,
}

crate::chunks::chunk_fn! {
    chunk all_pages, preload preload_walk;
    /// Fetches the pages one by one, publishing progress, until the last;
    /// the result lands only if no newer walk or cancel came meanwhile.
    pub(crate) fn walk_all_pages(walk: Walk) -> ChunkTask<()> {
        Box::pin(run(walk))
    }
}

async fn run(walk: Walk) {
    let Walk {
        api,
        key,
        detail,
        request,
        ticket,
        state,
    } = walk;
    let mut pages = PageWalk::new(&key, WALK_MAX_ROWS);
    let mut rows = AllRows {
        detail,
        ..AllRows::default()
    };
    let outcome = loop {
        let signal = ticket.signal.as_ref();
        let page = match detail {
            RowDetail::Full => api
                .list_shared_failure_jobs(pages.query(), signal)
                .await
                .map(WalkPage::Full),
            RowDetail::Marks => api
                .list_failure_job_marks(pages.query(), signal)
                .await
                .map(WalkPage::Marks),
        };
        let page = match page {
            Ok(page) => page,
            Err(e) => break Err::<(), ApiError>(e),
        };
        if !request.is_current(&ticket) {
            return;
        }
        let step = pages.record(page.len(), page.count());
        rows.reserve_for(pages.total(), WALK_MAX_ROWS);
        rows.add(page, time::parse_ms);
        match step {
            Step::Next(_) => state.set(AllPages::Running {
                fetched: pages.fetched(),
                total: pages.total(),
            }),
            Step::Done { truncated } => {
                rows.truncated = truncated;
                break Ok(());
            }
        }
    };
    // A fetch cancelled or superseded meanwhile has lost its say.
    if !request.is_current(&ticket) {
        return;
    }
    state.set(match outcome {
        Ok(()) => AllPages::Done(Arc::new(rows)),
        Err(e) if e.is_abort() => AllPages::Cancelled {
            fetched: pages.fetched(),
        },
        Err(e) => AllPages::Failed(e.summary()),
    });
}
