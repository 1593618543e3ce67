//! Acknowledging a failure from the "All scopes" drawer: who acknowledged
//! it, when and why, and for a role that may, a comment and a button.
//! The intent (`JournalStore::acknowledge`) posts it and reloads the list,
//! whose entry then carries the acknowledgement.

use super::store::JournalStore;
use crate::browser::{focus, time};
use crate::i18n::{fill, Locale, ScopeKey};
use crate::view_model::format::relative_time;
use crate::view_model::journal_rows::JournalRow;
use crate::view_model::team_session::ROLE_REFUSED_CODE;
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::journal::JournalEntry;
use sdrs_models::Ack;
use std::sync::Arc;

/// An acknowledgement being written: its comment, whether it is being
/// sent, why the last attempt failed, and whether the section drawn after
/// it landed takes keyboard focus.
#[derive(Clone, Copy)]
pub(crate) struct AckDraft {
    pub comment: RwSignal<String>,
    pub running: RwSignal<bool>,
    pub error: RwSignal<Option<String>>,
    /// The drawer is drawn anew once the entry changes, and focus would
    /// land on its Close button; the new state line takes it instead.
    landed: StoredValue<bool>,
}

impl AckDraft {
    pub fn new() -> AckDraft {
        AckDraft {
            comment: RwSignal::new(String::new()),
            running: RwSignal::new(false),
            error: RwSignal::new(None),
            landed: StoredValue::new(false),
        }
    }

    /// Marks a request as running, unless one already is.
    fn start(&self) -> bool {
        if self.running.get_untracked() {
            return false;
        }
        self.running.set(true);
        self.error.set(None);
        true
    }

    /// Empties the draft for another failure.
    pub fn clear(&self) {
        self.comment.set(String::new());
        self.running.set(false);
        self.error.set(None);
        self.landed.set_value(false);
    }
}

impl JournalStore {
    /// Why this user may not acknowledge, when they may not (tracked).
    pub fn ack_refusal(&self) -> Option<&'static str> {
        self.s()
            .role
            .filter(|r| !r.may_delete())
            .map(|_| self.ts(ScopeKey::ViewerMayNotAck))
    }

    /// `POST /api/journal/ack` for `row` with the draft's comment; on
    /// success the list is fetched again (the entry then shows it).
    pub fn acknowledge(&self, row: &JournalRow, draft: AckDraft) {
        self.acknowledge_entries(vec![row.entry.clone()], draft, || {});
    }

    /// `POST /api/journal/ack` for `entries` with one comment (the draft's);
    /// on success `done` runs and the list is fetched again.
    pub fn acknowledge_entries(
        &self,
        entries: Vec<Arc<JournalEntry>>,
        draft: AckDraft,
        done: impl FnOnce() + 'static,
    ) {
        let s = self.s();
        let locale = s.locale.get_untracked();
        if let Some(reason) = untrack(|| self.ack_refusal()) {
            return draft.error.set(Some(reason.to_owned()));
        }
        let comment = draft.comment.get_untracked();
        if comment.trim().is_empty() {
            return draft
                .error
                .set(Some(ScopeKey::AckNeedsComment.text(locale).to_owned()));
        }
        if entries.is_empty() || !draft.start() {
            return;
        }
        let team_sign_in = s.role.is_some();
        let api = s.client.get_value();
        spawn_local(async move {
            let result = api
                .acknowledge(&entries.iter().map(Arc::as_ref).collect::<Vec<_>>(), &comment)
                .await;
            draft.running.set(false);
            match result {
                Ok(()) => {
                    draft.landed.set_value(true);
                    draft.comment.set(String::new());
                    let done_text = if entries.len() == 1 {
                        ScopeKey::AckDone.text(locale).to_owned()
                    } else {
                        fill(
                            ScopeKey::AckDoneMany.text(locale),
                            &[("n", &entries.len().to_string())],
                        )
                        .into_owned()
                    };
                    s.toast.set(Some(done_text));
                    done();
                    s.reload.update(|n| *n += 1);
                }
                Err(e) => {
                    let reason = if team_sign_in && e.code == ROLE_REFUSED_CODE {
                        ScopeKey::ViewerMayNotAck.text(locale).to_owned()
                    } else {
                        fill(ScopeKey::AckFailed.text(locale), &[("reason", &e.summary())]).into_owned()
                    };
                    draft.error.set(Some(reason));
                }
            }
        });
    }
}

impl JournalStore {
    /// `POST /api/journal/ack/withdraw` for `row`: it is no longer
    /// acknowledged, so it is reminded of again. The draft shows the work
    /// and a refusal; on success the list is fetched again.
    pub fn withdraw_ack(&self, row: &JournalRow, draft: AckDraft) {
        let s = self.s();
        let locale = s.locale.get_untracked();
        if let Some(reason) = untrack(|| self.ack_refusal()) {
            return draft.error.set(Some(reason.to_owned()));
        }
        if !draft.start() {
            return;
        }
        let api = s.client.get_value();
        let entry = row.entry.clone();
        spawn_local(async move {
            let result = api.withdraw_ack(&[entry.as_ref()]).await;
            draft.running.set(false);
            match result {
                Ok(()) => {
                    draft.landed.set_value(true);
                    s.toast.set(Some(ScopeKey::AckWithdrawn.text(locale).to_owned()));
                    s.reload.update(|n| *n += 1);
                }
                Err(e) => draft.error.set(Some(
                    fill(
                        ScopeKey::AckWithdrawFailed.text(locale),
                        &[("reason", &e.summary())],
                    )
                    .into_owned(),
                )),
            }
        });
    }
}

fn acked_line(ack: &Ack, now_ms: f64, locale: Locale) -> String {
    let when = format!(
        "{} · {}",
        time::format_local(&ack.at, locale),
        relative_time(now_ms, time::parse_ms(&ack.at), locale)
    );
    fill(
        ScopeKey::AckedBy.text(locale),
        &[("user", &ack.user), ("when", &when)],
    )
    .into_owned()
}

/// The drawer's acknowledgement section. `draft` outlives it: the drawer
/// is drawn again when its row changes (a list answer that lands while it
/// is open), and what was typed, or why it was refused, stays.
#[component]
pub(super) fn AckSection(store: JournalStore, row: JournalRow, draft: AckDraft) -> impl IntoView {
    let locale = store.locale().get_untracked();
    let now_ms = store.now_ms().get_untracked();
    let may_ack = untrack(|| store.ack_refusal()).is_none();
    let line = NodeRef::<html::P>::new();
    Effect::new(move |_| {
        if let Some(el) = line.get() {
            if draft.landed.get_value() {
                draft.landed.set_value(false);
                focus::focus(&el);
            }
        }
    });
    let shown = match &row.entry.ack {
        Some(ack) => {
            let withdraw = may_ack.then(|| {
                let row = row.clone();
                let on_click = Callback::new(move |()| store.withdraw_ack(&row, draft));
                view! {
                    <DraftButton draft kind="button" action="withdraw-ack" on_click
                        idle=ScopeKey::AckWithdraw.text(locale) busy=ScopeKey::AckWithdrawing.text(locale) />
                }
            });
            view! {
                <p data-field="ack" tabindex="-1" node_ref=line>{acked_line(ack, now_ms, locale)}</p>
                <p class="sdrs-reason-full" data-field="ack_comment">{ack.comment.clone()}</p>
                {withdraw}
            }
            .into_any()
        }
        None => {
            view! { <p data-field="ack" tabindex="-1" node_ref=line>{ScopeKey::NotAcked.text(locale)}</p> }
                .into_any()
        }
    };
    let field_id = format!("sdrs-ack-{}", row.id);
    let form = move || {
        store.ack_refusal().is_none().then(|| {
            let row = row.clone();
            let field_id = field_id.clone();
            view! {
                <form class="sdrs-ack-form" on:submit=move |ev| {
                    ev.prevent_default();
                    store.acknowledge(&row, draft);
                }>
                    <label for=field_id.clone()>{ScopeKey::AckComment.text(locale)}</label>
                    <textarea
                        id=field_id
                        rows="2"
                        maxlength="1000"
                        prop:value=move || draft.comment.get()
                        on:input=move |ev| draft.comment.set(event_target_value(&ev))
                    ></textarea>
                    {move || draft.error.get().map(|text| view! { <p class="sdrs-field-error" role="alert">{text}</p> })}
                    <DraftButton draft kind="submit" action="acknowledge"
                        idle=ScopeKey::AckButton.text(locale) busy=ScopeKey::Acking.text(locale) />
                </form>
            }
        })
    };
    view! {
        <section class="sdrs-ack">
            <h3>{ScopeKey::SectionAck.text(locale)}</h3>
            {shown}
            {form}
        </section>
    }
}

/// A button of the section: disabled, and saying `busy`, while the
/// draft's request runs.
#[component]
fn DraftButton(
    draft: AckDraft,
    kind: &'static str,
    action: &'static str,
    idle: &'static str,
    busy: &'static str,
    #[prop(optional)] on_click: Option<Callback<()>>,
) -> impl IntoView {
    view! {
        <button
            type=kind
            class="sdrs-button"
            data-action=action
            disabled=move || draft.running.get()
            aria-busy=move || draft.running.get().then_some("true")
            on:click=move |_| {
                if let Some(f) = on_click {
                    f.run(());
                }
            }
        >
            {move || if draft.running.get() { busy } else { idle }}
        </button>
    }
}
