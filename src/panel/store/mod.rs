//! The panel's store: all of its state, the values derived from it (memos)
//! and the intents that change it. Components read the store's signals and
//! call its intents; only this module and its children write. The effects
//! that talk to the world (fetch, URL, timers, host events) are in
//! [`edges`].

mod actions;
mod all_pages;
pub(crate) mod edges;
mod group_delete;
mod group_options;
mod walk;

pub(crate) use actions::{Action, Count, Pending};
pub(crate) use walk::preload_walk;

use super::codes::catalogs::CodeCatalogs;
use crate::api::{ApiClient, ApiError, TokenSource};
use crate::browser::{storage, time};
use crate::hooks::{use_latest, Latest};
use crate::i18n::{Key, Locale};
use crate::view_model::pages::{target_offset, PageMove};
use crate::view_model::refine::Refinement;
use crate::view_model::rows::{view_rows, ViewRow};
use crate::view_model::sort::{Sort, SortKey};
use crate::view_model::team_session::{delete_refusal, TeamRole};
use crate::view_model::url_state::{ListView, ViewState};
use leptos::prelude::*;
use sdrs_models::paging::{offset_for_new_limit, Paging};
use sdrs_models::{FailureJob, FailureJobQuery, ProtectionGroup};
use std::sync::Arc;

/// Where a token the user chose to remember is kept (sessionStorage only).
pub(crate) const TOKEN_STORAGE_KEY: &str = "sdrs-console.token";

/// What the list shows: the rows of the last successful load and how they
/// page. Rows keep the server's order; sorting is applied on top.
#[derive(Clone, Default)]
pub(crate) struct Loaded {
    pub rows: Vec<Arc<FailureJob>>,
    pub paging: Option<Paging>,
    pub query: Option<FailureJobQuery>,
    pub malformed: usize,
}

/// Auto-refresh: the chosen period, when the list was last asked for and
/// last loaded, consecutive transient failures, and a clock ticking each
/// second for "updated N s ago".
#[derive(Clone, Copy)]
pub(crate) struct AutoRefresh {
    pub period_s: RwSignal<Option<u32>>,
    pub last_attempt_ms: RwSignal<f64>,
    pub last_success_ms: RwSignal<Option<f64>>,
    pub failures: RwSignal<u32>,
    pub now_ms: RwSignal<f64>,
}

/// One failed-task panel's state and intents. Made by whoever mounts the
/// panel, so that it can drive it too (refresh, filters, language). A small
/// handle (the signals live in the reactive arena): components capture it
/// in many closures.
#[derive(Clone, Copy)]
pub struct PanelStore(StoredValue<State, LocalStorage>);

/// The store's signals. Only the store module writes them.
#[derive(Clone, Copy)]
struct State {
    /// Filters and page of the list.
    query: RwSignal<FailureJobQuery>,
    /// Sorting of the page on screen (`None`: the server's order).
    sort: RwSignal<Option<Sort>>,
    /// Identity of the row open in the drawer.
    open_job: RwSignal<Option<String>>,
    /// The table, or the failures grouped by error code.
    list_view: RwSignal<ListView>,
    /// The grouped view groups all pages (else the page on screen).
    group_all_pages: RwSignal<bool>,
    /// The page's scope this panel shows, kept in the URL (`None`: the
    /// page has one project).
    scope: StoredValue<Option<String>>,
    /// The panel's language; the standalone page shares its own signal.
    locale: RwSignal<Locale>,
    reload: RwSignal<u64>,
    refine: RwSignal<Refinement>,
    loaded: RwSignal<Loaded>,
    loading: RwSignal<bool>,
    error: RwSignal<Option<ApiError>>,
    groups: RwSignal<Result<Vec<ProtectionGroup>, ()>>,
    pending: RwSignal<Option<Pending>>,
    toast: RwSignal<Option<String>>,
    need_token: RwSignal<bool>,
    /// The signed-in user's role under team sign-in; `None` without it.
    role: RwSignal<Option<TeamRole>>,
    auto: AutoRefresh,
    client: StoredValue<ApiClient, LocalStorage>,
    /// The clear confirmation's count.
    counting: Latest,
    /// Error-code explanations, loaded when first needed.
    codes: CodeCatalogs,
    /// Every page of the current filters, when something asked for them.
    all_pages: all_pages::AllPagesSlot,
    /// Rows shown: refined, sorted, each with a unique identity and key.
    view_rows: Memo<Vec<ViewRow>>,
    /// The job open in the drawer, while it is among the loaded rows.
    opened: Memo<Option<Arc<FailureJob>>>,
    /// Whether the page on screen was cut with another page size than the
    /// one now asked for (a new size is loading): its page offsets would
    /// land between the new pages, so page moves wait.
    page_size_pending: Memo<bool>,
}

impl PanelStore {
    pub fn new(client: ApiClient, initial: ViewState, locale: Locale) -> Self {
        Self::sharing_locale(client, initial, RwSignal::new(locale))
    }

    /// A store whose language is `locale`, a signal of the host's (the
    /// standalone page's switcher): the language is kept in one place.
    pub fn sharing_locale(client: ApiClient, initial: ViewState, locale: RwSignal<Locale>) -> Self {
        if !client.has_token() {
            if let Some(token) = storage::session_get(TOKEN_STORAGE_KEY) {
                client.set_token(TokenSource::Static(token));
            }
        }
        let query = RwSignal::new(initial.query);
        let sort = RwSignal::new(initial.sort);
        let open_job = RwSignal::new(initial.open_job);
        let list_view = RwSignal::new(initial.list_view);
        let scope = StoredValue::new(initial.scope);
        let refine = RwSignal::new(Refinement::default());
        let loaded = RwSignal::new(Loaded::default());
        let all_pages = all_pages::AllPagesSlot::new();
        let view_rows = Memo::new(move |_| {
            let now = time::now_ms();
            let refinement = refine.get();
            let sort = sort.get();
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
        let opened = Memo::new(move |_| {
            let id = open_job.get()?;
            // By row identity; a job refined out of view is still found by id.
            view_rows
                .with(|rows| rows.iter().find(|r| r.id == id).map(|r| r.job.clone()))
                .or_else(|| loaded.with(|l| l.rows.iter().find(|j| j.job_id == id).cloned()))
                .or_else(|| all_pages.job(&id))
        });
        let page_size_pending = Memo::new(move |_| {
            let limit = query.with(|q| q.limit());
            loaded.with(|l| l.query.as_ref().is_some_and(|q| q.limit() != limit))
        });
        let now = time::now_ms();
        PanelStore(StoredValue::new_local(State {
            query,
            sort,
            open_job,
            list_view,
            group_all_pages: RwSignal::new(false),
            scope,
            locale,
            reload: RwSignal::new(0),
            refine,
            loaded,
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            groups: RwSignal::new(Ok(Vec::new())),
            pending: RwSignal::new(None),
            toast: RwSignal::new(None),
            need_token: RwSignal::new(false),
            role: RwSignal::new(None),
            auto: AutoRefresh {
                period_s: RwSignal::new(None),
                last_attempt_ms: RwSignal::new(now),
                last_success_ms: RwSignal::new(None),
                failures: RwSignal::new(0),
                now_ms: RwSignal::new(now),
            },
            client: StoredValue::new_local(client),
            counting: use_latest(),
            codes: CodeCatalogs::new(None),
            all_pages,
            view_rows,
            opened,
            page_size_pending,
        }))
    }

    /// The signals (a copy of their handles).
    fn s(&self) -> State {
        self.0.get_value()
    }

    // ------------------------------------------------------------- reads

    /// A catalog text in the panel's language (tracked).
    pub(crate) fn t(&self, key: Key) -> &'static str {
        key.text(self.s().locale.get())
    }

    /// Filters and page of the list.
    pub fn query(&self) -> ReadSignal<FailureJobQuery> {
        self.s().query.read_only()
    }
    /// Sorting of the page on screen (`None`: the server's order).
    pub fn sort(&self) -> ReadSignal<Option<Sort>> {
        self.s().sort.read_only()
    }
    /// Identity of the row open in the drawer.
    pub fn open_row(&self) -> ReadSignal<Option<String>> {
        self.s().open_job.read_only()
    }
    /// The table, or the failures grouped by error code.
    pub fn list_view(&self) -> ReadSignal<ListView> {
        self.s().list_view.read_only()
    }
    /// Whether the grouped view groups all pages (else the page on screen).
    pub(crate) fn group_all_pages(&self) -> ReadSignal<bool> {
        self.s().group_all_pages.read_only()
    }
    /// The panel's language.
    pub fn locale(&self) -> ReadSignal<Locale> {
        self.s().locale.read_only()
    }
    /// Error-code explanations of the panel, per language.
    pub(crate) fn codes(&self) -> CodeCatalogs {
        self.s().codes
    }
    /// Loads the error-code catalogs from this folder URL instead of
    /// `codes/` beside the module (an embedder's `codesBase`).
    pub fn set_codes_base(&self, base: Option<String>) {
        self.s().codes.set_base(base);
    }

    pub fn view_state(&self) -> ViewState {
        let s = self.s();
        ViewState {
            query: s.query.get(),
            sort: s.sort.get(),
            open_job: s.open_job.get(),
            list_view: s.list_view.get(),
            scope: s.scope.get_value(),
        }
    }

    pub(crate) fn refinement(&self) -> ReadSignal<Refinement> {
        self.s().refine.read_only()
    }
    pub(crate) fn loaded(&self) -> ReadSignal<Loaded> {
        self.s().loaded.read_only()
    }
    pub(crate) fn paging(&self) -> Option<Paging> {
        self.s().loaded.with(|l| l.paging)
    }
    pub(crate) fn loading(&self) -> ReadSignal<bool> {
        self.s().loading.read_only()
    }
    pub(crate) fn error(&self) -> ReadSignal<Option<ApiError>> {
        self.s().error.read_only()
    }
    pub(crate) fn groups(&self) -> ReadSignal<Result<Vec<ProtectionGroup>, ()>> {
        self.s().groups.read_only()
    }
    pub(crate) fn pending(&self) -> ReadSignal<Option<Pending>> {
        self.s().pending.read_only()
    }
    pub(crate) fn toast(&self) -> ReadSignal<Option<String>> {
        self.s().toast.read_only()
    }
    pub(crate) fn need_token(&self) -> ReadSignal<bool> {
        self.s().need_token.read_only()
    }
    /// Why deletes and clears are not allowed, when they are not: the
    /// role's reason in the panel's language (tracked).
    pub(crate) fn delete_refusal(&self) -> Option<&'static str> {
        let locale = self.s().locale.get();
        delete_refusal(self.s().role.get()).map(|k| k.text(locale))
    }
    pub(crate) fn auto(&self) -> AutoRefresh {
        self.s().auto
    }
    pub(crate) fn view_rows(&self) -> Memo<Vec<ViewRow>> {
        self.s().view_rows
    }
    pub(crate) fn opened(&self) -> Memo<Option<Arc<FailureJob>>> {
        self.s().opened
    }
    pub(crate) fn page_size_pending(&self) -> bool {
        self.s().page_size_pending.get()
    }
    pub(crate) fn client(&self) -> ApiClient {
        self.s().client.get_value()
    }

    /// The loaded job whose row identity is `row_id`.
    pub(crate) fn row_job(&self, row_id: &str) -> Option<Arc<FailureJob>> {
        self.s()
            .view_rows
            .with_untracked(|r| r.iter().find(|row| row.id == row_id).map(|row| row.job.clone()))
    }

    /// The name of the protection group `id`, when the groups are loaded
    /// and know it (tracked).
    pub(crate) fn group_name(&self, id: &str) -> Option<String> {
        self.s().groups.with(|g| {
            g.as_ref()
                .ok()
                .and_then(|gs| gs.iter().find(|g| g.id == id).map(|g| g.name.clone()))
        })
    }

    // ----------------------------------------------------------- intents

    /// Fetches the current page again.
    pub fn refresh(&self) {
        self.s().reload.update(|n| *n += 1);
    }

    /// Edits the filters; the list goes back to its first page and the
    /// open job closes (it belongs to the old list).
    pub fn apply_filters(&self, edit: impl FnOnce(&mut FailureJobQuery)) {
        self.s().query.update(|q| {
            edit(q);
            q.set_offset(0);
        });
        self.close_job();
    }

    /// Replaces the filters, keeping the page size, on their first page.
    pub fn set_filters(&self, filters: FailureJobQuery) {
        self.apply_filters(|q| *q = filters.normalized().with_limit(q.limit() as u64));
    }

    /// Shows the page at `offset`. Waits (does nothing) while a new page
    /// size loads.
    pub fn go_to_page(&self, offset: u64) {
        if self.s().page_size_pending.get_untracked() {
            return;
        }
        self.close_job();
        self.s().query.update(|q| q.set_offset(offset));
    }

    /// Where `to` leads from the page on screen, if anywhere now (tracked).
    pub(crate) fn page_target(&self, to: PageMove) -> Option<u64> {
        let paging = self.paging().filter(|_| !self.s().page_size_pending.get())?;
        target_offset(&paging, to)
    }

    /// The first, previous, next or last page, when there is one.
    pub fn move_page(&self, to: PageMove) {
        if let Some(offset) = untrack(|| self.page_target(to)) {
            self.go_to_page(offset);
        }
    }

    /// A new page size, keeping the first visible row on screen.
    pub fn set_page_size(&self, size: u64) {
        self.close_job();
        self.s().query.update(|q| {
            q.set_limit(size);
            let offset = offset_for_new_limit(q.offset(), q.limit());
            q.set_offset(offset);
        });
    }

    /// Shows `view` as a page URL would: filters, page, sort and open job
    /// (the scope is the store's own: a store shows one scope).
    pub fn set_view(&self, view: ViewState) {
        self.s().sort.set(view.sort);
        self.s().open_job.set(view.open_job);
        self.s().list_view.set(view.list_view);
        self.s().query.set(view.query);
    }

    /// Shows the table or the failures grouped by error code.
    pub fn set_list_view(&self, view: ListView) {
        self.s().list_view.set(view);
    }

    /// Groups all pages of the filters (fetched with progress) or the page
    /// on screen.
    pub(crate) fn set_group_all_pages(&self, all: bool) {
        self.s().group_all_pages.set(all);
        if all {
            self.load_all_pages();
        }
    }

    /// Sorts by `key`, or turns the direction round when already sorted by it.
    pub fn toggle_sort(&self, key: SortKey) {
        self.s()
            .sort
            .update(|s| *s = Some(s.unwrap_or(Sort::DEFAULT).toggled(key)));
    }

    /// Opens the drawer of a row. The code catalog the drawer explains
    /// codes from starts loading now, beside the drawer's chunk, rather than
    /// after it.
    pub fn open_job(&self, row_id: String) {
        self.codes().ensure(self.s().locale.get_untracked());
        self.s().open_job.set(Some(row_id));
    }

    pub fn close_job(&self) {
        if self.s().open_job.with_untracked(Option::is_some) {
            self.s().open_job.set(None);
        }
    }

    /// Edits the refinements of the page on screen (nothing is fetched).
    pub fn refine(&self, edit: impl FnOnce(&mut Refinement)) {
        self.s().refine.update(edit);
    }

    /// Switches the language without refetching.
    pub fn set_locale(&self, locale: Locale) {
        self.s().locale.set(locale);
    }

    /// Auto-refresh every `period_s` seconds, or off; counting starts now.
    pub fn set_auto_refresh(&self, period_s: Option<u32>) {
        self.s().auto.failures.set(0);
        self.s().auto.last_attempt_ms.set(time::now_ms());
        self.s().auto.period_s.set(period_s);
    }

    /// Uses `token` from now on (kept for this tab when `remember`) and
    /// loads the list again.
    pub fn sign_in(&self, token: String, remember: bool) {
        if remember {
            storage::session_set(TOKEN_STORAGE_KEY, &token);
        } else {
            storage::session_remove(TOKEN_STORAGE_KEY);
        }
        self.s()
            .client
            .with_value(|c| c.set_token(TokenSource::Static(token)));
        self.s().need_token.set(false);
        self.refresh();
    }

    /// The signed-in user's role under team sign-in (`None`: no team
    /// sign-in, everything as before). The server enforces it too.
    pub fn set_role(&self, role: Option<TeamRole>) {
        self.s().role.set(role);
    }

    /// Closes the token dialog without a token.
    pub fn dismiss_sign_in(&self) {
        self.s().need_token.set(false);
    }
}
