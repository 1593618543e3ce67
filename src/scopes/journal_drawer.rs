//! The "All scopes" drawer (where the failure was, its history and how it
//! went, then its fields as the live drawer shows them, and its
//! acknowledgement) and the
//! confirmation of its delete, in the panel's modal shell.

use super::ack::{AckDraft, AckSection};
use super::store::JournalStore;
use crate::browser::{dom, focus, time};
use crate::i18n::{fill, JobType, Key, Labelled, Locale, ScopeKey};
use crate::panel::dialogs::drawer::job_fields;
use crate::panel::dialogs::modal::{Modal, ModalTitle};
use crate::view_model::format::{relative_time, short_id};
use crate::view_model::journal_rows::{delete_blocked, fate, history, listed_under, JournalRow};
use leptos::html;
use leptos::prelude::*;

#[component]
pub(super) fn JournalDrawer(store: JournalStore, root: NodeRef<html::Section>) -> impl IntoView {
    // Focus goes back to the entry's row.
    let close = move || {
        let Some(id) = store.opened().get_untracked().map(|r| r.id) else {
            return store.close();
        };
        store.close();
        if let Some(button) = root
            .get_untracked()
            .and_then(|r| dom::find_row(&r, &id))
            .and_then(|row| row.query_selector("button[data-action=open]").ok().flatten())
        {
            focus::focus(&button);
        }
    };
    // One acknowledgement draft for the drawer, emptied when another
    // failure is opened.
    let draft = AckDraft::new();
    let draft_for = StoredValue::new(None::<String>);
    move || {
        store.opened().get().map(|row| {
            if draft_for.with_value(|id| id.as_deref() != Some(row.id.as_str())) {
                draft_for.set_value(Some(row.id.clone()));
                untrack(|| draft.clear());
            }
            let locale = store.locale().get();
            let job = &row.entry.job;
            let heading = format!(
                "{} · {}",
                job.failure_status.label(locale),
                JobType(&job.job_type).label(locale)
            );
            let blocked = delete_blocked(&row.entry).map(|k| k.text(locale));
            let refusal = move || store.delete_refusal().or(blocked);
            let delete_row = row.clone();
            view! {
                <Modal role="dialog" class="sdrs-drawer" on_close=close focus_first=".sdrs-drawer-close" close_on_backdrop=true>
                    <header class="sdrs-drawer-head">
                        <ModalTitle>{heading}</ModalTitle>
                        <button type="button" class="sdrs-drawer-close sdrs-icon-button" aria-label=Key::DrawerClose.text(locale) on:click=move |_| close()>
                            "✕"
                        </button>
                    </header>
                    {body(&row, store.now_ms().get_untracked(), locale, view! { <AckSection store row=row.clone() draft/> })}
                    <footer class="sdrs-drawer-foot">
                        <button
                            type="button"
                            class="sdrs-button sdrs-button-danger"
                            data-action="delete"
                            aria-disabled=move || refusal().map(|_| "true")
                            title=refusal
                            on:click=move |_| store.ask_delete(delete_row.clone())
                        >
                            {Key::DeleteTask.text(locale)}
                        </button>
                        {move || refusal().map(|reason| view! { <p class="sdrs-note sdrs-role-note">{reason}</p> })}
                    </footer>
                </Modal>
            }
        })
    }
}

fn body(row: &JournalRow, now_ms: f64, locale: Locale, ack: impl IntoView) -> impl IntoView {
    let ts = move |k: ScopeKey| k.text(locale);
    let e = &row.entry;
    let at = move |iso: Option<&str>| match iso {
        Some(iso) => format!(
            "{} · {}",
            time::format_local(iso, locale),
            relative_time(now_ms, time::parse_ms(iso), locale)
        ),
        None => ts(ScopeKey::NotYet).to_owned(),
    };
    let history = history(e)
        .into_iter()
        .map(|(key, iso)| {
            let field = match key {
                ScopeKey::FirstSeen => "first_seen",
                ScopeKey::LastSeen => "last_seen",
                _ => "gone_since",
            };
            view! { <dt>{ts(key)}</dt><dd data-field=field>{at(iso)}</dd> }
        })
        .collect_view();
    let raw = serde_json::to_string_pretty(&e.job).unwrap_or_default();
    view! {
        <div class="sdrs-drawer-body">
            <p class="sdrs-drawer-sub"><span class="sdrs-name">{e.job.resource_name.clone()}</span></p>
            <section>
                <h3>{ts(ScopeKey::SectionWhere)}</h3>
                <dl class="sdrs-fields">
                    <dt>{ts(ScopeKey::FieldScope)}</dt><dd data-field="scope">{e.scope.clone()}</dd>
                    <dt>{ts(ScopeKey::FieldRegion)}</dt><dd class="sdrs-mono">{e.region.clone()}</dd>
                    <dt>{ts(ScopeKey::FieldProject)}</dt><dd class="sdrs-mono" title=e.project_id.clone()>{short_id(&e.project_id)}</dd>
                    <dt>{ts(ScopeKey::FieldListedUnder)}</dt><dd class:sdrs-mono=e.server_group_id.is_some()>{listed_under(e, locale)}</dd>
                </dl>
            </section>
            <section>
                <h3>{ts(ScopeKey::SectionHistory)}</h3>
                <dl class="sdrs-fields">
                    {history}
                    <dt>{ts(ScopeKey::HowItWent)}</dt><dd data-field="fate">{fate(e).text(locale)}</dd>
                </dl>
            </section>
            {ack}
            <section>
                <h3>{Key::SectionError.text(locale)}</h3>
                <p class="sdrs-mono" data-field="error_code">{e.job.error_code.clone().unwrap_or_else(|| Key::NoValue.text(locale).to_owned())}</p>
                <p class="sdrs-reason-full" data-field="fail_reason">{e.job.fail_reason.clone().unwrap_or_else(|| Key::NoValue.text(locale).to_owned())}</p>
            </section>
            {job_fields(&e.job, locale)}
            <details class="sdrs-raw">
                <summary>{Key::SectionRaw.text(locale)}</summary>
                <pre>{raw}</pre>
            </details>
        </div>
    }
}

/// The confirmation of a delete from "All scopes": what goes, in which
/// scope, and why an attempt failed.
#[component]
pub(super) fn JournalConfirm(store: JournalStore) -> impl IntoView {
    let pending = store.pending();
    let body = move || {
        pending.with(|p| {
            p.as_ref().map(|p| {
                let e = &p.row.entry;
                fill(
                    store.ts(ScopeKey::ConfirmDeleteBody),
                    &[
                        ("name", &e.job.resource_name),
                        ("id", &short_id(&e.job.job_id)),
                        ("scope", &e.scope),
                    ],
                )
                .into_owned()
            })
        })
    };
    let running = move || pending.with(|p| p.as_ref().is_some_and(|p| p.running));
    let failure = move || {
        pending
            .with(|p| p.as_ref().and_then(|p| p.error.clone()))
            .map(|text| view! { <p class="sdrs-field-error" role="alert">{text}</p> })
    };
    view! {
        <Modal role="alertdialog" on_close=move || store.cancel_delete() focus_first="button[data-confirm=cancel]" restore_focus=true>
            <ModalTitle>{move || store.t(Key::ConfirmDeleteTitle)}</ModalTitle>
            <p class="sdrs-confirm-body">{body}</p>
            {failure}
            <p class="sdrs-actions">
                <button
                    type="button"
                    class="sdrs-button sdrs-button-danger"
                    data-confirm="ok"
                    disabled=running
                    aria-busy=move || running().then_some("true")
                    on:click=move |_| store.confirm_delete()
                >
                    {move || if running() { store.t(Key::Deleting) } else { store.t(Key::ConfirmDelete) }}
                </button>
                <button type="button" class="sdrs-button" data-confirm="cancel" disabled=running on:click=move |_| store.cancel_delete()>
                    {move || store.t(Key::Cancel)}
                </button>
            </p>
        </Modal>
    }
}
