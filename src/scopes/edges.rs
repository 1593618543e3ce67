//! The "All scopes" store's edges: the journal fetch (latest-wins), the
//! page URL, the scope-health strip's polling, the clock of its relative
//! times, the list's own refresh, and the toast's timer. Run once per
//! mounted view; all of it stops when the view is unmounted.

use super::store::JournalStore;
use crate::browser::{dom, time};
use crate::hooks::{use_debounce, use_document_visibility, use_interval, use_latest};
use crate::view_model::journal::JournalView;
use crate::view_model::journal_tab::{search_with_tab, JournalTab};
use crate::view_model::scope_health::REFRESH_MS;
use crate::view_model::trend_url::carry;
use leptos::prelude::*;

/// How long a toast stays.
const TOAST_MS: u32 = 6000;
/// The list is fetched again this often while nothing is open: the
/// watcher records new failures in the background.
const LIST_REFRESH_MS: f64 = 30_000.0;

impl JournalStore {
    pub(super) fn run_edges(self) {
        let s = self.s();
        self.fetch_list();
        Effect::new(move |_| {
            let tab = s.tab.get();
            // The trends' choices are the Trends page's: kept as they are.
            s.view.with(|v| {
                let own = search_with_tab(&v.to_query_string(), tab);
                dom::replace_search(&carry(&dom::location_search(), &own));
            });
        });
        self.fetch_health();
        use_interval(REFRESH_MS, move || self.fetch_health());
        use_interval(1000, move || s.now_ms.set(time::now_ms()));
        let visible = use_document_visibility();
        let last_load = StoredValue::new(time::now_ms());
        Effect::new(move |_| {
            let now = s.now_ms.get();
            let busy = s.view.with(|v| v.open.is_some())
                || s.tab.with(|t| *t != JournalTab::Failures)
                || s.pending.with(Option::is_some)
                || !visible.get();
            if !busy && !s.loading.get_untracked() && now - last_load.get_value() >= LIST_REFRESH_MS {
                last_load.set_value(now);
                s.reload.update(|n| *n += 1);
            }
        });
        Effect::new(move |_| {
            s.reload.track();
            s.request.track();
            last_load.set_value(time::now_ms());
        });
        let hide_toast = use_debounce(TOAST_MS, move |()| s.toast.set(None));
        Effect::new(move |_| {
            if s.toast.with(Option::is_some) {
                hide_toast.call(());
            }
        });
    }

    /// One request per (filters and page, reload); a newer one aborts the
    /// older, and only the current one writes. The last good page stays
    /// on screen under an error.
    fn fetch_list(self) {
        let s = self.s();
        let latest = use_latest();
        Effect::new(move |_| {
            let request: JournalView = s.request.get();
            s.reload.track();
            s.loading.set(true);
            let api = s.client.get_value();
            let asked = request.clone();
            latest.spawn(
                move |signal| async move { api.journal_page(&asked, signal.as_ref()).await },
                move |result| match result {
                    Ok(page) => {
                        s.loading.set(false);
                        s.error.set(None);
                        s.page.set(Some((request, page)));
                    }
                    Err(e) if e.is_abort() => s.loading.set(false),
                    Err(e) => {
                        s.loading.set(false);
                        s.error.set(Some(e));
                    }
                },
            );
        });
    }

    /// `GET /api/scopes`; a failure keeps the last good answer (every
    /// scope is then shown stale) and says why.
    pub(super) fn fetch_health(self) {
        let Some(s) = self.0.try_get_value() else { return };
        let Some(api) = s.client.try_get_value() else {
            return;
        };
        let health = s.health;
        health.latest.spawn(
            move |signal| async move { api.scope_health(signal.as_ref()).await },
            move |result| match result {
                Ok(list) => {
                    health.error.set(None);
                    health.list.set(Some(list));
                }
                Err(e) if e.is_abort() => {}
                Err(e) => health.error.set(Some(e.summary())),
            },
        );
    }
}
