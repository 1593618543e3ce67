//! The failed-task panel: filters, table, pager, drawer and dialogs around
//! one owned list fetch. Used by the standalone page and by embedders.

use super::actions::{ConfirmDialog, Pending};
use super::drawer::Drawer;
use super::error_banner::ErrorBanner;
use super::filters::Filters;
use super::pager::Pager;
use super::table::Table;
use super::token_dialog::TokenDialog;
use super::toolbar::Toolbar;
use crate::api::{ApiClient, ApiError, LatestRequest};
use crate::code_catalog_fetch::CodeCatalogs;
use crate::dom;
use crate::i18n::{fill, Key, Locale};
use crate::refine::Refinement;
use crate::refresh::should_refresh;
use crate::rows::{view_rows, ViewRow};
use crate::sort::Sort;
use crate::time;
use crate::url_state::ViewState;
use gloo_timers::callback::Interval;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::paging::Paging;
use sdrs_models::{FailureJob, FailureJobQuery, ProtectionGroup};
use std::sync::Arc;
use wasm_bindgen::JsValue;

/// The panel's view state, created by whoever mounts it so that it can
/// drive the panel (refresh, set filters, switch language).
#[derive(Clone, Copy)]
pub struct PanelState {
    pub query: RwSignal<FailureJobQuery>,
    pub sort: RwSignal<Option<Sort>>,
    pub open_job: RwSignal<Option<String>>,
    pub locale: RwSignal<Locale>,
    reload: RwSignal<u64>,
}

impl PanelState {
    pub fn new(initial: ViewState, locale: Locale) -> Self {
        PanelState {
            query: RwSignal::new(initial.query),
            sort: RwSignal::new(initial.sort),
            open_job: RwSignal::new(initial.open_job),
            locale: RwSignal::new(locale),
            reload: RwSignal::new(0),
        }
    }

    /// Fetches the current page again.
    pub fn refresh(&self) {
        self.reload.update(|n| *n += 1);
    }

    pub fn view_state(&self) -> ViewState {
        ViewState {
            query: self.query.get(),
            sort: self.sort.get(),
            open_job: self.open_job.get(),
        }
    }

    /// Applies new filters on their first page, keeping the page size.
    pub fn set_filters(&self, filters: FailureJobQuery) {
        let limit = self.query.get_untracked().limit();
        self.query
            .set(filters.normalized().with_limit(limit as u64).with_offset(0));
    }
}

/// What the list shows: the rows of the last successful load and how they
/// page. Rows keep the server's order; sorting is applied on top.
#[derive(Clone, Default)]
pub(crate) struct Loaded {
    pub rows: Vec<Arc<FailureJob>>,
    pub paging: Option<Paging>,
    pub query: Option<FailureJobQuery>,
    pub malformed: usize,
}

/// Signals the sub-components share.
#[derive(Clone, Copy)]
pub(crate) struct PanelContext {
    pub state: PanelState,
    pub client: StoredValue<ApiClient, LocalStorage>,
    pub loaded: RwSignal<Loaded>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    pub groups: RwSignal<Result<Vec<ProtectionGroup>, ()>>,
    pub refine: RwSignal<Refinement>,
    /// Rows shown: refined, sorted, each with a unique key.
    pub view_rows: Memo<Vec<ViewRow>>,
    /// The delete or clear waiting for confirmation.
    pub pending: RwSignal<Option<Pending>>,
    pub toast: RwSignal<Option<String>>,
    pub auto: AutoRefreshState,
    /// Error-code explanations, loaded when first needed.
    pub codes: CodeCatalogs,
}

/// Auto-refresh: the chosen period, when the list was last asked for and
/// last loaded, consecutive transient failures, and a clock ticking each
/// second for "updated N s ago".
#[derive(Clone, Copy)]
pub(crate) struct AutoRefreshState {
    pub period_s: RwSignal<Option<u32>>,
    pub last_attempt_ms: RwSignal<f64>,
    pub last_success_ms: RwSignal<Option<f64>>,
    pub failures: RwSignal<u32>,
    pub now_ms: RwSignal<f64>,
}

impl PanelContext {
    pub fn t(&self, key: Key) -> &'static str {
        key.text(self.state.locale.get())
    }

    /// Whether the page on screen was cut with another page size than the
    /// one now asked for (a new size is loading): its page offsets would
    /// land between the new pages.
    pub fn page_size_pending(&self) -> bool {
        let limit = self.state.query.with(|q| q.limit());
        self.loaded
            .with(|l| l.query.as_ref().is_some_and(|q| q.limit() != limit))
    }
}

const TOKEN_STORAGE_KEY: &str = "sdrs-console.token";

#[component]
pub fn FailedTasksPanel(
    client: ApiClient,
    state: PanelState,
    /// Mirror the view into the page URL (standalone page only).
    #[prop(optional)]
    sync_url: bool,
    /// Folder URL of the code catalog files; beside the module by default.
    #[prop(optional)]
    codes_base: Option<String>,
) -> impl IntoView {
    if !client.has_token() {
        if let Some(token) = dom::session_get(TOKEN_STORAGE_KEY) {
            client.set_token(crate::api::TokenSource::Static(token));
        }
    }
    let loaded = RwSignal::new(Loaded::default());
    let refine = RwSignal::new(Refinement::default());
    let view_rows = Memo::new(move |_| {
        let now = time::now_ms();
        let refinement = refine.get();
        let sort = state.sort.get();
        loaded.with(|l| {
            if refinement.is_active() {
                view_rows(
                    &l.rows,
                    |j| refinement.keeps(j, time::parse_ms(&j.begin_time), now),
                    sort,
                )
            } else {
                view_rows(&l.rows, |_| true, sort)
            }
        })
    });
    let client = StoredValue::new_local(client);
    let ctx = PanelContext {
        state,
        client,
        loaded,
        loading: RwSignal::new(false),
        error: RwSignal::new(None),
        groups: RwSignal::new(Ok(Vec::new())),
        refine,
        view_rows,
        pending: RwSignal::new(None),
        toast: RwSignal::new(None),
        auto: AutoRefreshState {
            period_s: RwSignal::new(None),
            last_attempt_ms: RwSignal::new(time::now_ms()),
            last_success_ms: RwSignal::new(None),
            failures: RwSignal::new(0),
            now_ms: RwSignal::new(time::now_ms()),
        },
        codes: CodeCatalogs::new(codes_base),
    };
    let need_token = RwSignal::new(false);
    let root = NodeRef::<html::Div>::new();
    let latest = StoredValue::new_local(LatestRequest::default());

    // The list fetch: one request per (query, reload); a newer one aborts
    // the older, and only the current one writes.
    Effect::new(move |_| {
        let query = state.query.get();
        state.reload.track();
        let api = client.get_value();
        let latest = latest.get_value();
        let ticket = latest.begin();
        ctx.loading.set(true);
        ctx.auto.last_attempt_ms.set(time::now_ms());
        spawn_local(async move {
            let result = api.list_failure_jobs(&query, ticket.signal.as_ref()).await;
            if !latest.is_current(&ticket) {
                return;
            }
            ctx.loading.set(false);
            match result {
                Ok(list) => {
                    let rows: Vec<Arc<FailureJob>> = list.failure_jobs.into_iter().map(Arc::new).collect();
                    let paging = Paging::from_response(query.offset(), query.limit(), rows.len(), list.count);
                    let count = rows.len();
                    ctx.error.set(None);
                    ctx.auto.failures.set(0);
                    ctx.auto.last_success_ms.set(Some(time::now_ms()));
                    ctx.loaded.set(Loaded {
                        rows,
                        paging: Some(paging),
                        query: Some(query),
                        malformed: list.malformed_rows,
                    });
                    if let Some(el) = root.get_untracked() {
                        let detail = dom::object(&[
                            ("count", JsValue::from(count as u32)),
                            (
                                "total",
                                paging
                                    .total
                                    .map(|t| JsValue::from(t as f64))
                                    .unwrap_or(JsValue::NULL),
                            ),
                        ]);
                        dom::dispatch(&el, "sdrs-rows-loaded", &detail);
                    }
                }
                Err(e) if e.is_abort() => {}
                Err(e) => {
                    if e.is_unauthorized() {
                        need_token.set(true);
                    }
                    if e.is_transient() {
                        ctx.auto.failures.update(|n| *n += 1);
                    }
                    if let Some(el) = root.get_untracked() {
                        let detail = dom::object(&[
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
                        ]);
                        dom::dispatch(&el, "sdrs-error", &detail);
                    }
                    ctx.error.set(Some(e));
                }
            }
        });
    });
    on_cleanup(move || latest.with_value(LatestRequest::cancel));

    // The group picker's options: at start, and again once a token is
    // given if they could not be loaded before.
    Effect::new(move |_| {
        if need_token.get()
            || ctx
                .groups
                .with_untracked(|g| g.as_ref().is_ok_and(|g| !g.is_empty()))
        {
            return;
        }
        let api = client.get_value();
        spawn_local(async move {
            match api.protection_groups(1000, 0).await {
                Ok(list) => ctx.groups.set(Ok(list.server_groups)),
                Err(e) if e.is_abort() => {}
                Err(_) => ctx.groups.set(Err(())),
            }
        });
    });

    // The clock of auto-refresh and "updated N s ago".
    let clock = StoredValue::new_local(Some(Interval::new(1000, move || {
        ctx.auto.now_ms.set(time::now_ms())
    })));
    on_cleanup(move || clock.update_value(|c| *c = None));
    Effect::new(move |_| {
        let now = ctx.auto.now_ms.get();
        let paused = state.open_job.with(Option::is_some)
            || ctx.pending.with(Option::is_some)
            || need_token.get()
            || dom::document_hidden();
        if should_refresh(
            now,
            ctx.auto.last_attempt_ms.get_untracked(),
            ctx.auto.period_s.get(),
            ctx.auto.failures.get_untracked(),
            paused,
        ) && !ctx.loading.get_untracked()
        {
            state.refresh();
        }
    });

    if sync_url {
        Effect::new(move |_| dom::replace_search(&state.view_state().to_query_string()));
    }

    // Tell the host which job is open.
    Effect::new(move |_| {
        if let (Some(job), Some(el)) = (state.open_job.get(), root.get_untracked()) {
            dom::dispatch(
                &el,
                "sdrs-job-opened",
                &dom::object(&[("jobId", JsValue::from_str(&job))]),
            );
        }
    });

    // A toast stays for a few seconds; a newer one restarts the clock.
    let toast_timer = StoredValue::new_local(None::<gloo_timers::callback::Timeout>);
    Effect::new(move |_| {
        if ctx.toast.with(Option::is_some) {
            let clear = gloo_timers::callback::Timeout::new(6000, move || ctx.toast.set(None));
            toast_timer.set_value(Some(clear));
        }
    });

    let on_token = move |token: String, remember: bool| {
        if remember {
            dom::session_set(TOKEN_STORAGE_KEY, &token);
        } else {
            dom::session_remove(TOKEN_STORAGE_KEY);
        }
        client.with_value(|c| c.set_token(crate::api::TokenSource::Static(token)));
        need_token.set(false);
        state.refresh();
    };

    let status_text = move || {
        let l = ctx.loaded.get();
        if ctx.loading.get() {
            ctx.t(Key::Loading).to_owned()
        } else if ctx.loaded.with(|l| l.query.is_some()) {
            fill(ctx.t(Key::RowsLoaded), &[("n", &l.rows.len().to_string())]).into_owned()
        } else {
            String::new()
        }
    };
    let malformed = move || {
        let n = ctx.loaded.with(|l| l.malformed);
        (n > 0).then(|| {
            view! { <p class="sdrs-note">{fill(ctx.t(Key::MalformedRows), &[("n", &n.to_string())]).into_owned()}</p> }
        })
    };

    view! {
        <div
            class="sdrs-panel"
            node_ref=root
            lang=move || state.locale.get().tag()
            on:keydown=move |ev| on_shortcut(ev, ctx, root)
        >
            <Filters ctx=ctx />
            <Toolbar ctx=ctx />
            <div class="sdrs-status" role="status" aria-live="polite">{status_text}</div>
            <div class="sdrs-toast" role="status" aria-live="polite">
                {move || ctx.toast.get()}
            </div>
            // Rebuilt on a language switch too: the banner's text is fixed
            // at creation.
            {move || {
                state.locale.track();
                ctx.error.get().map(|e| view! { <ErrorBanner ctx=ctx error=e /> })
            }}
            {malformed}
            <Table ctx=ctx />
            <Pager ctx=ctx />
            <Drawer ctx=ctx root=root />
            {move || ctx.pending.with(Option::is_some).then(|| view! { <ConfirmDialog ctx=ctx /> })}
            {move || need_token.get().then(|| view! {
                <TokenDialog ctx=ctx on_submit=on_token on_cancel=move || need_token.set(false) />
            })}
        </div>
    }
}

/// Panel-wide keys; never while typing, only while focus is in the panel.
fn on_shortcut(ev: web_sys::KeyboardEvent, ctx: PanelContext, root: NodeRef<html::Div>) {
    use wasm_bindgen::JsCast;
    if ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.default_prevented() {
        return;
    }
    let typing = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .is_some_and(|el| matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA"));
    if typing {
        return;
    }
    let Some(root_el) = root.get_untracked() else {
        return;
    };
    let state = ctx.state;
    match ev.key().as_str() {
        "/" => {
            if let Ok(Some(input)) = root_el.query_selector("input[name=resource_name]") {
                ev.prevent_default();
                dom::focus(&input);
            }
        }
        "r" => state.refresh(),
        "[" | "]" => {
            let Some(paging) = ctx.loaded.with_untracked(|l| l.paging) else {
                return;
            };
            if untrack(|| ctx.page_size_pending()) {
                return;
            }
            let next = ev.key() == "]";
            if next && paging.has_next() {
                state.query.update(|q| q.set_offset(paging.next_offset()));
            } else if !next && paging.has_previous() {
                state.query.update(|q| q.set_offset(paging.previous_offset()));
            }
        }
        "j" | "k" | "ArrowDown" | "ArrowUp" => {
            let Ok(rows) = root_el.query_selector_all("tbody tr[data-job-id]") else {
                return;
            };
            let n = rows.length();
            if n == 0 {
                return;
            }
            // The row holding focus, also when focus is on its button.
            let active = dom::active_element(&root_el)
                .and_then(|el| el.closest("tr[data-job-id]").ok().flatten())
                .map(JsValue::from);
            let current = (0..n).find(|i| rows.item(*i).map(JsValue::from) == active);
            let down = matches!(ev.key().as_str(), "j" | "ArrowDown");
            let target = match current {
                Some(i) if down => (i + 1).min(n - 1),
                Some(i) => i.saturating_sub(1),
                None => 0,
            };
            if let Some(row) = rows
                .item(target)
                .and_then(|r| r.dyn_into::<web_sys::Element>().ok())
            {
                ev.prevent_default();
                dom::focus(&row);
            }
        }
        _ => {}
    }
}
