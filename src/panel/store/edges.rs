//! The store's edges: the effects that talk to the world. The list fetch
//! (latest-wins), the group picker's options, the auto-refresh clock, the
//! page URL, the toast's timer, and the events the host hears. Run once per
//! mounted panel; all of it stops when the panel is unmounted.

use super::group_options::fetch_group_options;
use super::{Loaded, PanelStore};
use crate::api::{start_now, ApiError};
use crate::browser::{dom, events, time};
use crate::chunks::{run_in_chunk, ChunkError};
use crate::hooks::{use_after_paint, use_debounce, use_document_visibility, use_interval, use_latest};
use crate::view_model::refresh::should_refresh;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::paging::Paging;
use sdrs_models::FailureJobQuery;
use wasm_bindgen::JsValue;

/// How long a toast stays; a newer one restarts the clock.
const TOAST_MS: u32 = 6000;

impl PanelStore {
    /// Starts the panel's effects; `root` is the panel's element (events to
    /// the host are dispatched on it).
    pub(crate) fn run_edges(self, root: NodeRef<html::Div>, sync_url: bool) {
        let s = self.s();
        self.fetch_list(root);
        self.fetch_groups();
        self.auto_refresh();
        self.all_pages_edges();
        if sync_url {
            Effect::new(move |_| dom::replace_search(&self.view_state().to_query_string()));
        }
        // Tell the host which job is open.
        Effect::new(move |_| {
            if let (Some(job), Some(el)) = (s.open_job.get(), root.get_untracked()) {
                events::dispatch(
                    &el,
                    "sdrs-job-opened",
                    &events::object(&[("jobId", JsValue::from_str(&job))]),
                );
            }
        });
        let hide_toast = use_debounce(TOAST_MS, move |()| s.toast.set(None));
        Effect::new(move |_| {
            if s.toast.with(Option::is_some) {
                hide_toast.call(());
            }
        });
        on_cleanup(move || s.counting.cancel());
    }

    /// One request per (query, reload); a newer one aborts the older, and
    /// only the current one writes. The first is sent now, before the
    /// panel's DOM is built (an effect first runs after the mount), so the
    /// rows are on their way while the panel is drawn.
    fn fetch_list(self, root: NodeRef<html::Div>) {
        let s = self.s();
        let latest = use_latest();
        let load = move |query: FailureJobQuery| {
            let api = self.client();
            s.loading.set(true);
            s.auto.last_attempt_ms.set(time::now_ms());
            let request = query.clone();
            latest.spawn(
                move |signal| {
                    start_now(async move { api.list_shared_failure_jobs(&request, signal.as_ref()).await })
                },
                move |result| match result {
                    Ok(list) => {
                        s.loading.set(false);
                        let rows = list.failure_jobs;
                        let paging =
                            Paging::from_response(query.offset(), query.limit(), rows.len(), list.count);
                        let count = rows.len();
                        s.error.set(None);
                        s.auto.failures.set(0);
                        s.auto.last_success_ms.set(Some(time::now_ms()));
                        s.loaded.set(Loaded {
                            rows,
                            paging: Some(paging),
                            query: Some(query),
                            malformed: list.malformed_rows,
                        });
                        if let Some(el) = root.get_untracked() {
                            events::dispatch(&el, "sdrs-rows-loaded", &rows_loaded_detail(count, paging));
                        }
                    }
                    Err(e) if e.is_abort() => s.loading.set(false),
                    Err(e) => {
                        s.loading.set(false);
                        // Only a closed dialog is opened: a redraw of an open
                        // one would lose the token being typed.
                        if e.is_unauthorized() {
                            s.need_token.maybe_update(|need| !std::mem::replace(need, true));
                        }
                        if e.is_transient() {
                            s.auto.failures.update(|n| *n += 1);
                        }
                        if let Some(el) = root.get_untracked() {
                            events::dispatch(&el, "sdrs-error", &error_detail(&e));
                        }
                        s.error.set(Some(e));
                    }
                },
            );
        };
        let first = s.query.get_untracked();
        let first_reload = s.reload.get_untracked();
        load(first.clone());
        Effect::new(move |ran: Option<()>| {
            let query = s.query.get();
            let reload = s.reload.get();
            // The first run would ask again for what was just sent.
            if ran.is_none() && query == first && reload == first_reload {
                return;
            }
            load(query);
        });
    }

    /// The group picker's options: once the first answer of the list is
    /// painted (the rows go first; their chunk's loading would hold that
    /// paint back), and again once a token is given if they could not be
    /// loaded before.
    fn fetch_groups(self) {
        let s = self.s();
        // Changes once, so later pages do not ask again.
        let list_answered =
            use_after_paint(move || s.loaded.with(|l| l.query.is_some()) || s.error.with(Option::is_some));
        Effect::new(move |_| {
            if !list_answered.get()
                || s.need_token.get()
                || s.groups
                    .with_untracked(|g| g.as_ref().is_ok_and(|g| !g.is_empty()))
            {
                return;
            }
            let api = self.client();
            spawn_local(async move {
                match run_in_chunk(fetch_group_options(api)).await {
                    Ok(Ok(groups)) => s.groups.set(Ok(groups)),
                    Ok(Err(e)) if e.is_abort() => {}
                    // A failed fetch, or a chunk that did not load: the
                    // picker says the groups could not be loaded.
                    Ok(Err(_)) | Err(ChunkError) => s.groups.set(Err(())),
                }
            });
        });
    }

    /// The clock of auto-refresh and "updated N s ago"; a refresh is due
    /// after its period (longer after failures) unless something is open,
    /// a token is asked for, or the tab is in the background.
    fn auto_refresh(self) {
        let s = self.s();
        let auto = s.auto;
        use_interval(1000, move || auto.now_ms.set(time::now_ms()));
        let visible = use_document_visibility();
        Effect::new(move |_| {
            let now = auto.now_ms.get();
            let paused = s.open_job.with(Option::is_some)
                || s.pending.with(Option::is_some)
                || s.need_token.get()
                || !visible.get();
            if should_refresh(
                now,
                auto.last_attempt_ms.get_untracked(),
                auto.period_s.get(),
                auto.failures.get_untracked(),
                paused,
            ) && !s.loading.get_untracked()
            {
                s.reload.update(|n| *n += 1);
            }
        });
    }
}

fn rows_loaded_detail(count: usize, paging: Paging) -> JsValue {
    events::object(&[
        ("count", JsValue::from(count as u32)),
        (
            "total",
            paging
                .total
                .map(|t| JsValue::from(t as f64))
                .unwrap_or(JsValue::NULL),
        ),
    ])
}

fn error_detail(e: &ApiError) -> JsValue {
    events::object(&[
        ("status", e.status().map(JsValue::from).unwrap_or(JsValue::NULL)),
        ("code", JsValue::from_str(&e.code)),
        ("message", JsValue::from_str(&e.message)),
        (
            "requestId",
            e.request_id
                .as_deref()
                .map(JsValue::from_str)
                .unwrap_or(JsValue::NULL),
        ),
    ])
}
