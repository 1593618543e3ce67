//! Acknowledging several failures at once: rows ticked in the "All scopes"
//! table (or the whole page at once), one comment for all of them. The
//! selection belongs to the page on screen: a new request clears it.

use super::ack::AckDraft;
use super::store::JournalStore;
use crate::i18n::{fill, ScopeKey};
use crate::view_model::journal::EntryKey;
use crate::view_model::journal_rows::JournalRow;
use leptos::prelude::*;

impl JournalStore {
    /// Whether this user may tick rows (a role that may acknowledge).
    pub fn may_select(&self) -> bool {
        untrack(|| self.ack_refusal()).is_none()
    }

    pub fn is_selected(&self, key: &EntryKey) -> bool {
        self.s().selected.with(|s| s.contains(key))
    }

    pub fn toggle_selected(&self, key: EntryKey, on: bool) {
        self.s().selected.update(|s| {
            if on {
                s.insert(key);
            } else {
                s.remove(&key);
            }
        });
    }

    /// Ticks every row on screen, or none.
    pub fn select_page(&self, on: bool) {
        let keys: Vec<EntryKey> = self
            .rows()
            .with_untracked(|rows| rows.iter().map(|r| r.key.clone()).collect());
        self.s().selected.update(|s| {
            s.clear();
            if on {
                s.extend(keys);
            }
        });
    }

    /// The ticked rows that are on screen (tracked).
    pub fn selected_rows(&self) -> Vec<JournalRow> {
        let selected = self.s().selected;
        self.rows()
            .with(|rows| selected.with(|s| rows.iter().filter(|r| s.contains(&r.key)).cloned().collect()))
    }

    pub fn clear_selection(&self) {
        self.s().selected.update(|s| s.clear());
    }
}

/// The header cell's checkbox: ticks or clears the whole page.
#[component]
pub(super) fn SelectPageBox(store: JournalStore) -> impl IntoView {
    let all = move || {
        let n = store.rows().with(Vec::len);
        n > 0 && store.selected_rows().len() == n
    };
    view! {
        <input type="checkbox" class="sdrs-select" data-action="select-page"
            aria-label=move || store.ts(ScopeKey::SelectPage)
            prop:checked=all
            on:change=move |ev| store.select_page(event_target_checked(&ev)) />
    }
}

/// A row's checkbox.
#[component]
pub(super) fn SelectRowBox(store: JournalStore, row: JournalRow) -> impl IntoView {
    let label = fill(
        store.ts(ScopeKey::SelectRow),
        &[("name", &row.entry.job.resource_name)],
    )
    .into_owned();
    let key = row.key.clone();
    let checked = move || store.is_selected(&key);
    let key = row.key;
    view! {
        <input type="checkbox" class="sdrs-select" data-action="select-row" aria-label=label
            prop:checked=checked
            on:change=move |ev| store.toggle_selected(key.clone(), event_target_checked(&ev)) />
    }
}

/// Above the table while rows are ticked: how many, one comment, and
/// "Acknowledge selected".
#[component]
pub(super) fn BulkAckBar(store: JournalStore) -> impl IntoView {
    let draft = AckDraft::new();
    let request = store.s().request;
    Effect::new(move |seen: Option<()>| {
        request.track();
        if seen.is_some() {
            store.clear_selection();
        }
    });
    let field_id = crate::panel::unique_id("bulk-ack");
    // Memos: a list refresh with the same rows ticked changes neither, so
    // the form is left as it is rather than rebuilt.
    let ticked = Memo::new(move |_| store.selected_rows().len());
    let shown = Memo::new(move |_| ticked.get() > 0);
    let bar = move || {
        shown.get().then(|| {
            let field_id = field_id.clone();
            let on_submit = move |ev: web_sys::SubmitEvent| {
                ev.prevent_default();
                let entries = store.selected_rows().into_iter().map(|r| r.entry).collect();
                store.acknowledge_entries(entries, draft, move || store.clear_selection());
            };
            view! {
                <form class="sdrs-bulk-ack" aria-label=move || store.ts(ScopeKey::BulkAckLabel) on:submit=on_submit>
                    <p class="sdrs-bulk-count" role="status">{move || fill(store.ts(ScopeKey::SelectedCount), &[("n", &ticked.get().to_string())]).into_owned()}</p>
                    <label for=field_id.clone()>{move || store.ts(ScopeKey::AckComment)}</label>
                    <textarea id=field_id rows="2" maxlength="1000"
                        prop:value=move || draft.comment.get()
                        on:input=move |ev| draft.comment.set(event_target_value(&ev))></textarea>
                    {move || draft.error.get().map(|text| view! { <p class="sdrs-field-error" role="alert">{text}</p> })}
                    <p class="sdrs-actions">
                        <button type="submit" class="sdrs-button sdrs-button-primary" data-action="acknowledge-selected"
                            disabled=move || draft.running.get()
                            aria-busy=move || draft.running.get().then_some("true")>
                            {move || if draft.running.get() { store.ts(ScopeKey::Acking) } else { store.ts(ScopeKey::AckSelected) }}
                        </button>
                        <button type="button" class="sdrs-button" on:click=move |_| store.clear_selection()>
                            {move || store.ts(ScopeKey::ClearSelection)}
                        </button>
                    </p>
                </form>
            }
        })
    };
    view! { {bar} }
}
