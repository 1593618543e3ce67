//! The console page object: a server and a browser looking at it, and what
//! the tests ask of the console's page (rows, drawer, filters, timeline).

use crate::emulator::{is_timeline_walk, page_query};
use crate::support::{check, wait_until};
use crate::{Browser, BrowserOptions, Server, WAIT};
use sdrs_models::FailureJob;
use serde_json::json;
use std::future::Future;
use std::ops::Deref;
use std::time::Instant;

/// A server and a browser session looking at it; derefs to [`Browser`].
pub struct Console {
    pub server: Server,
    pub browser: Browser,
}

impl Deref for Console {
    type Target = Browser;
    fn deref(&self) -> &Browser {
        &self.browser
    }
}

/// A timeline that asks for nothing more: folded, counting all rows, or
/// stopped with a button to fetch again.
pub const TIMELINE_SETTLED: &str =
    ".sdrs-tl-hide[aria-expanded=false], .sdrs-tl-source[data-rows=all], [data-action=timeline-reload]";

/// Table rows of the failed-task list.
pub const ROWS: &str = "table.sdrs-table tbody tr[data-job-id]";

impl Console {
    /// A fresh server (with `args`, see [`Server::start`]) and browser.
    pub async fn start(args: &[&str]) -> Console {
        Self::start_with(args, &BrowserOptions::default()).await
    }

    /// [`Self::start`] with a browser built with `options`.
    pub async fn start_with(args: &[&str], options: &BrowserOptions) -> Console {
        let server = Server::start(args).await;
        let browser = Browser::start_with(options).await;
        Console { server, browser }
    }

    /// Ends the browser session; the server stops with the test runtime.
    pub async fn close(self) {
        self.browser.close().await;
    }

    /// The console's URL with `query` (without `?`; empty for none).
    pub fn page_url(&self, query: &str) -> String {
        if query.is_empty() {
            self.server.url("/")
        } else {
            self.server.url(&format!("/?{query}"))
        }
    }

    /// Loads the console with `query` and waits for the first load of rows.
    pub async fn open(&self, query: &str) -> usize {
        self.goto(&self.page_url(query)).await;
        self.wait_loaded().await
    }

    /// Waits until the list is loaded (status says "N rows loaded", no
    /// fetch in flight, rows present) and returns the row count.
    pub async fn wait_loaded(&self) -> usize {
        self.wait_list("the table to load rows", true).await
    }

    /// Waits until no list fetch is in flight and the last answer is shown
    /// ("N rows loaded", N may be 0); returns the row count.
    pub async fn wait_idle(&self) -> usize {
        self.wait_list("the table to be idle", false).await
    }

    /// Waits until the timeline asks for nothing more: folded, counting
    /// every failure of the filters, or its walk over all pages stopped.
    /// The walk starts a frame after the first rows are painted, so a list
    /// fault queued before it is over may answer the walk instead of the
    /// request a test means.
    pub async fn wait_timeline_settled(&self) {
        wait_until("the timeline to settle", || async move {
            let note = self.try_text(".sdrs-tl-source").await;
            check(self.exists(TIMELINE_SETTLED).await, note)
        })
        .await
    }

    /// Waits until rows are shown and nothing is in flight, with a status
    /// line in whatever language the page speaks; returns the row count.
    pub async fn wait_rows_in_any_language(&self) -> usize {
        wait_until("the table to load rows", || async {
            let busy = self.exists(".sdrs-table-wrap[aria-busy=true]").await;
            let status = self.try_text(".sdrs-status[aria-live]").await.unwrap_or_default();
            let n = self.row_count().await;
            check(!busy && !status.is_empty() && n > 0, (busy, status, n)).map(|_| n)
        })
        .await
    }

    async fn wait_list(&self, what: &str, need_rows: bool) -> usize {
        wait_until(what, || async move {
            let busy = self.exists(".sdrs-table-wrap[aria-busy=true]").await;
            let status = self.try_text(".sdrs-status[aria-live]").await;
            let n = self.count(ROWS).await;
            let loaded = status.as_deref().is_some_and(|s| s.ends_with("rows loaded"));
            check(!busy && loaded && (n > 0 || !need_rows), (busy, status, n))?;
            Ok(n)
        })
        .await
    }

    /// Runs `act` (a click, a choice...), then waits until the console has
    /// asked for a page again and shows the answer (see [`Self::wait_idle`]).
    /// Returns the query string of that request. A page of 1000 rows cannot
    /// be told from the timeline's walk, so `act` must not ask for one.
    pub async fn reload_after<Fut: Future<Output = ()>>(&self, act: Fut) -> String {
        self.server.clear_requests().await;
        act.await;
        // A request of the page, not of the timeline's walk over all pages,
        // which may start meanwhile (the timeline mounts once rows are in)
        // while the page's own request still waits for its debounce.
        let mut seen = wait_until("the console to ask for a page", || async move {
            let queries = self.server.console_list_queries().await;
            let pages = queries.iter().filter(|q| !is_timeline_walk(q)).count();
            check(pages > 0, queries).map(|_| pages)
        })
        .await;
        // Settled once no other list request started while waiting.
        let start = Instant::now();
        loop {
            self.wait_idle().await;
            let queries = self.server.console_list_queries().await;
            let pages = queries.iter().filter(|q| !is_timeline_walk(q)).count();
            if pages == seen {
                return page_query(&queries).unwrap_or_default();
            }
            assert!(
                start.elapsed() < WAIT,
                "the console kept asking for lists: {queries:?}"
            );
            seen = pages;
        }
    }

    /// Rows shown.
    pub async fn row_count(&self) -> usize {
        self.count(ROWS).await
    }

    /// `data-job-id` of every row, top to bottom.
    pub async fn row_ids(&self) -> Vec<String> {
        self.attrs(ROWS, "data-job-id")
            .await
            .into_iter()
            .map(Option::unwrap_or_default)
            .collect()
    }

    /// The `.sdrs-range` text ("Rows 1–10 of 200").
    pub async fn range(&self) -> String {
        self.try_text(".sdrs-range").await.unwrap_or_default()
    }

    /// Opens the drawer of `job_id` by clicking its row, and waits for it.
    pub async fn open_row(&self, job_id: &str) {
        self.click(&format!("{ROWS}[data-job-id=\"{job_id}\"] td.sdrs-cell-time"))
            .await;
        self.wait_drawer(job_id).await;
    }

    /// Waits until the drawer shows `job_id`.
    pub async fn wait_drawer(&self, job_id: &str) {
        let css = "[role=dialog].sdrs-drawer [data-field=job_id]";
        wait_until(&format!("the drawer of job {job_id}"), || async move {
            let seen = self.try_text(css).await;
            check(seen.as_deref() == Some(job_id), seen)
        })
        .await
    }

    /// Waits until keyboard focus is on the table row of `job_id`.
    pub async fn wait_focus_on_row(&self, job_id: &str) {
        wait_until(&format!("focus on the row of job {job_id}"), || async move {
            let active = self.active_attr("data-job-id").await;
            check(active.as_deref() == Some(job_id), active)
        })
        .await
    }

    /// Loads the example portal page at `path` and waits until its script
    /// has set up its panels (`data-portal-ready`).
    pub async fn open_portal_page(&self, path: &str) {
        self.goto(&self.server.url(path)).await;
        wait_until("the portal to be set up", || async {
            let v = self
                .js(
                    "return document.documentElement.dataset.portalReady || null",
                    vec![],
                )
                .await;
            check(v == json!("true"), v)
        })
        .await
    }

    /// Waits until keyboard focus is inside an open dialog.
    pub async fn wait_focus_in_dialog(&self) {
        wait_until("focus inside the dialog", || async {
            let inside = self
                .js(
                    "return !!document.activeElement?.closest('[role=dialog]')",
                    vec![],
                )
                .await;
            check(inside == json!(true), inside)
        })
        .await
    }

    /// Waits until the table no longer shows `job_id` (and still shows rows).
    pub async fn wait_row_gone(&self, job_id: &str) {
        wait_until(
            &format!("the row of job {job_id} to leave the table"),
            || async move {
                let ids = self.row_ids().await;
                check(!ids.iter().any(|id| id == job_id) && !ids.is_empty(), ids.len())
            },
        )
        .await
    }

    /// `data-field` → text of the open drawer.
    pub async fn drawer_fields(&self) -> std::collections::BTreeMap<String, String> {
        let v = self
            .js(
                "const d = document.querySelector('[role=dialog].sdrs-drawer');\
                 if (!d) return {};\
                 const out = {};\
                 for (const e of d.querySelectorAll('[data-field]')) {\
                   const k = e.getAttribute('data-field');\
                   if (!(k in out)) out[k] = e.textContent;\
                 }\
                 return out;",
                vec![],
            )
            .await;
        v.as_object()
            .map(|o| {
                o.iter()
                    .map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned()))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// The API's rows for the query the console last listed.
    pub async fn api_rows_of_last_list(&self) -> Vec<FailureJob> {
        let query = self
            .server
            .last_list_query()
            .await
            .expect("the console listed failed tasks");
        self.server.list_jobs(&query).await.failure_jobs
    }
}
