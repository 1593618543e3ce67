//! The "All scopes" view's store: its state, the values derived from it
//! and the intents that change it. Components read its signals and call
//! its intents; only this module and [`super::edges`] write. The effects
//! that talk to the server are in `edges.rs`.

use crate::api::{ApiClient, ApiError};
use crate::browser::time;
use crate::hooks::{use_latest, Latest};
use crate::i18n::{fill, Key, Locale, ScopeKey, TeamKey};
use crate::panel::codes::catalogs::CodeCatalogs;
use crate::view_model::iam_session::delete_refused_by_policy;
use crate::view_model::journal::{EntryKey, JournalView, ReadPage};
use crate::view_model::journal_rows::{delete_blocked, journal_rows, JournalRow};
use crate::view_model::journal_tab::JournalTab;
use crate::view_model::pages::{target_offset, PageMove};
use crate::view_model::scope_health::stale_scopes;
use crate::view_model::scopes::ScopeConfig;
use crate::view_model::team_session::{delete_refusal, TeamRole, ROLE_REFUSED_CODE};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::journal::ScopeList;
use sdrs_models::paging::{offset_for_new_limit, Paging};
use std::collections::HashSet;

/// The delete waiting for confirmation, or running.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct PendingDelete {
    pub row: JournalRow,
    pub running: bool,
    /// Why the last attempt failed, in words.
    pub error: Option<String>,
}

/// The scope-health strip: the last good answer, whether the last request
/// failed (and why), and the scope whose retry is being asked for.
#[derive(Clone, Copy)]
pub(crate) struct Health {
    pub list: RwSignal<Option<ScopeList>>,
    pub error: RwSignal<Option<String>>,
    pub retrying: RwSignal<Option<String>>,
    pub latest: Latest,
}

#[derive(Clone, Copy)]
pub(crate) struct JournalStore(pub(super) StoredValue<State, LocalStorage>);

#[derive(Clone, Copy)]
pub(super) struct State {
    pub view: RwSignal<JournalView>,
    /// The page of the view shown (the failures, trends, silences, channels).
    pub tab: RwSignal<JournalTab>,
    /// The rows ticked for a bulk acknowledgement.
    pub selected: RwSignal<HashSet<EntryKey>>,
    /// The filters and page of the request (the view without its open
    /// entry: opening one fetches nothing).
    pub request: Memo<JournalView>,
    pub locale: RwSignal<Locale>,
    pub role: Option<TeamRole>,
    pub reload: RwSignal<u64>,
    /// The last page that loaded, and the request it answered.
    pub page: RwSignal<Option<(JournalView, ReadPage)>>,
    pub loading: RwSignal<bool>,
    pub error: RwSignal<Option<ApiError>>,
    pub health: Health,
    pub pending: RwSignal<Option<PendingDelete>>,
    pub toast: RwSignal<Option<String>>,
    pub now_ms: RwSignal<f64>,
    pub client: StoredValue<ApiClient, LocalStorage>,
    pub scopes: StoredValue<Vec<ScopeConfig>>,
    pub rows: Memo<Vec<JournalRow>>,
    pub opened: Memo<Option<JournalRow>>,
    pub stale: Memo<Vec<String>>,
    /// The error codes' meanings, for the Trends page however often it
    /// is shown again.
    pub codes: CodeCatalogs,
}

impl JournalStore {
    /// `client` calls the server's own routes (its project is not used).
    pub fn new(
        client: ApiClient,
        initial: JournalView,
        tab: JournalTab,
        scopes: Vec<ScopeConfig>,
        role: Option<TeamRole>,
        locale: RwSignal<Locale>,
    ) -> Self {
        let view = RwSignal::new(initial);
        let request = Memo::new(move |_| {
            view.with(|v| JournalView {
                open: None,
                ..v.clone()
            })
        });
        let page = RwSignal::new(None::<(JournalView, ReadPage)>);
        let rows = Memo::new(move |_| {
            page.with(|p| {
                p.as_ref()
                    .map(|(_, r)| journal_rows(&r.page.entries))
                    .unwrap_or_default()
            })
        });
        let opened = Memo::new(move |_| {
            let key = view.with(|v| v.open.clone())?;
            rows.with(|rows| rows.iter().find(|r| r.key == key).cloned())
        });
        let health = Health {
            list: RwSignal::new(None),
            error: RwSignal::new(None),
            retrying: RwSignal::new(None),
            latest: use_latest(),
        };
        let now_ms = RwSignal::new(time::now_ms());
        let stale = Memo::new(move |_| {
            let fresh = health.error.with(Option::is_none);
            health.list.with(|l| {
                l.as_ref()
                    .map(|l| stale_scopes(&l.scopes, now_ms.get(), fresh))
                    .unwrap_or_default()
            })
        });
        JournalStore(StoredValue::new_local(State {
            view,
            tab: RwSignal::new(tab),
            selected: RwSignal::new(HashSet::new()),
            request,
            locale,
            role,
            reload: RwSignal::new(0),
            page,
            loading: RwSignal::new(false),
            error: RwSignal::new(None),
            health,
            pending: RwSignal::new(None),
            toast: RwSignal::new(None),
            now_ms,
            client: StoredValue::new_local(client),
            scopes: StoredValue::new(scopes),
            rows,
            opened,
            stale,
            codes: CodeCatalogs::new(None),
        }))
    }

    pub(super) fn s(&self) -> State {
        self.0.get_value()
    }

    // ------------------------------------------------------------- reads

    pub fn t(&self, key: Key) -> &'static str {
        key.text(self.s().locale.get())
    }
    pub fn ts(&self, key: ScopeKey) -> &'static str {
        key.text(self.s().locale.get())
    }
    pub fn locale(&self) -> ReadSignal<Locale> {
        self.s().locale.read_only()
    }
    pub fn view(&self) -> ReadSignal<JournalView> {
        self.s().view.read_only()
    }
    pub fn scopes(&self) -> Vec<ScopeConfig> {
        self.s().scopes.get_value()
    }
    pub fn rows(&self) -> Memo<Vec<JournalRow>> {
        self.s().rows
    }
    pub fn opened(&self) -> Memo<Option<JournalRow>> {
        self.s().opened
    }
    pub fn stale(&self) -> Memo<Vec<String>> {
        self.s().stale
    }
    pub fn loading(&self) -> ReadSignal<bool> {
        self.s().loading.read_only()
    }
    pub fn error(&self) -> ReadSignal<Option<ApiError>> {
        self.s().error.read_only()
    }
    pub fn health(&self) -> Health {
        self.s().health
    }
    pub fn pending(&self) -> ReadSignal<Option<PendingDelete>> {
        self.s().pending.read_only()
    }
    pub fn toast(&self) -> ReadSignal<Option<String>> {
        self.s().toast.read_only()
    }
    pub fn now_ms(&self) -> ReadSignal<f64> {
        self.s().now_ms.read_only()
    }
    /// Entries of the last answer the console could not read.
    pub fn malformed(&self) -> usize {
        self.s().page.with(|p| p.as_ref().map_or(0, |(_, r)| r.malformed))
    }
    /// Whether a page has loaded (the list is not blank any more).
    pub fn has_page(&self) -> bool {
        self.s().page.with(Option::is_some)
    }
    pub fn csv_url(&self) -> String {
        let s = self.s();
        s.view.with(|v| s.client.with_value(|c| c.journal_csv_url(v)))
    }

    /// How the page on screen pages: rows, offset and the exact total.
    pub fn paging(&self) -> Option<Paging> {
        self.s().page.with(|p| {
            p.as_ref().map(|(v, r)| {
                let limit = v.filters.limit();
                let offset = v.filters.offset();
                let mut paging =
                    Paging::from_response(offset, limit, r.page.entries.len(), Some(r.page.total));
                paging.total = Some(r.page.total);
                paging
            })
        })
    }

    /// Where `to` leads, if anywhere (tracked).
    pub fn page_target(&self, to: PageMove) -> Option<u64> {
        target_offset(&self.paging()?, to)
    }

    /// Why this user may not delete, when they may not (tracked).
    pub fn delete_refusal(&self) -> Option<&'static str> {
        let locale = self.s().locale.get();
        delete_refusal(self.s().role).map(|k| k.text(locale))
    }

    /// Why this user may not retry a scope, when they may not (tracked).
    pub fn retry_refusal(&self) -> Option<&'static str> {
        self.s()
            .role
            .filter(|r| !r.may_delete())
            .map(|_| self.ts(ScopeKey::ViewerMayNotRetry))
    }

    // ----------------------------------------------------------- intents

    /// Edits the filters; back to the first page, nothing open.
    pub fn set_filters(&self, edit: impl FnOnce(&mut JournalView)) {
        self.s().view.update(|v| *v = v.with_filters(edit));
    }

    /// The default filters, keeping the page size.
    pub fn reset_filters(&self) {
        self.set_filters(|v| {
            let limit = v.filters.limit();
            *v = JournalView::default();
            v.filters.set_limit(limit as u64);
        });
    }

    pub fn move_page(&self, to: PageMove) {
        if let Some(offset) = untrack(|| self.page_target(to)) {
            self.s().view.update(|v| {
                v.filters.set_offset(offset);
                v.open = None;
            });
        }
    }

    /// A new page size, keeping the first visible row on screen.
    pub fn set_page_size(&self, size: u64) {
        self.s().view.update(|v| {
            v.filters.set_limit(size);
            let offset = offset_for_new_limit(v.filters.offset(), v.filters.limit());
            v.filters.set_offset(offset);
            v.open = None;
        });
    }

    pub fn refresh(&self) {
        self.s().reload.update(|n| *n += 1);
    }

    pub fn open(&self, row: &JournalRow) {
        let key = row.key.clone();
        self.s().view.update(|v| v.open = Some(key));
    }

    pub fn close(&self) {
        if self.s().view.with_untracked(|v| v.open.is_some()) {
            self.s().view.update(|v| v.open = None);
        }
    }

    /// Says `text` in the live region (again, if it is the same words).
    fn announce(&self, text: String) {
        self.s().toast.set(None);
        self.s().toast.set(Some(text));
    }

    /// Asks to confirm deleting `row`'s failure in its scope.
    pub fn ask_delete(&self, row: JournalRow) {
        if let Some(reason) = untrack(|| self.delete_refusal()) {
            return self.announce(reason.to_owned());
        }
        if let Some(key) = delete_blocked(&row.entry) {
            let locale = self.s().locale.get_untracked();
            return self.announce(key.text(locale).to_owned());
        }
        self.s().pending.set(Some(PendingDelete {
            row,
            running: false,
            error: None,
        }));
    }

    pub fn cancel_delete(&self) {
        if self
            .s()
            .pending
            .with_untracked(|p| p.as_ref().is_some_and(|p| p.running))
        {
            return;
        }
        self.s().pending.set(None);
    }

    /// `DELETE {live_base}/v1/{project}/task-center/failure-jobs/{id}` of
    /// the row's own scope; on success the list and the strip are fetched
    /// again.
    pub fn confirm_delete(&self) {
        let s = self.s();
        let Some(pending) = s.pending.get_untracked().filter(|p| !p.running) else {
            return;
        };
        s.pending.update(|p| {
            if let Some(p) = p.as_mut() {
                p.running = true;
                p.error = None;
            }
        });
        // Every signal read happens before the `.await` (see the panel's
        // store): the view may be gone when the answer comes.
        let locale = s.locale.get_untracked();
        let team_sign_in = s.role.is_some();
        let api = s.client.get_value();
        let entry = pending.row.entry.clone();
        let live_base = s.scopes.with_value(|scopes| {
            scopes
                .iter()
                .find(|c| c.name == entry.scope)
                .map(|c| c.live_base.clone())
        });
        let Some(live_base) = live_base else {
            let reason = fill(
                ScopeKey::ScopeNotConfigured.text(locale),
                &[("scope", &entry.scope)],
            )
            .into_owned();
            s.pending.update(|p| {
                if let Some(p) = p.as_mut() {
                    p.running = false;
                    p.error = Some(reason);
                }
            });
            return;
        };
        spawn_local(async move {
            match api.delete_journal_entry(&live_base, &entry).await {
                Ok(()) => {
                    s.pending.set(None);
                    s.view.update(|v| v.open = None);
                    s.toast.set(Some(Key::DeletedOne.text(locale).to_owned()));
                    s.reload.update(|n| *n += 1);
                }
                Err(e) => {
                    let reason = if team_sign_in && e.code == ROLE_REFUSED_CODE {
                        TeamKey::ViewerMayNotDelete.text(locale).to_owned()
                    } else if delete_refused_by_policy(e.status()) {
                        format!("{} ({})", Key::DeleteForbidden.text(locale), e.summary())
                    } else {
                        fill(Key::ActionFailed.text(locale), &[("reason", &e.summary())]).into_owned()
                    };
                    s.pending.update(|p| {
                        if let Some(p) = p.as_mut() {
                            p.running = false;
                            p.error = Some(reason);
                        }
                    });
                }
            }
        });
    }

    /// `POST /api/scopes/{name}/retry`, then the strip again.
    pub fn retry_scope(&self, name: String) {
        if let Some(reason) = untrack(|| self.retry_refusal()) {
            return self.announce(reason.to_owned());
        }
        let s = self.s();
        if s.health.retrying.with_untracked(Option::is_some) {
            return;
        }
        s.health.retrying.set(Some(name.clone()));
        let locale = s.locale.get_untracked();
        let api = s.client.get_value();
        let store = *self;
        spawn_local(async move {
            let result = api.retry_scope(&name).await;
            s.health.retrying.set(None);
            let text = match result {
                Ok(()) => fill(ScopeKey::RetryDone.text(locale), &[("scope", &name)]).into_owned(),
                Err(e) => fill(
                    ScopeKey::RetryFailed.text(locale),
                    &[("scope", &name), ("reason", &e.summary())],
                )
                .into_owned(),
            };
            s.toast.set(Some(text));
            store.fetch_health();
        });
    }
}
