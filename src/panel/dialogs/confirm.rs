//! The confirmation of a delete or clear: what goes and how many, progress
//! while it runs, and why it failed. The action itself is the store's.

use super::modal::{Modal, ModalTitle};
use crate::i18n::{fill, Key, TeamKey};
use crate::panel::store::{Action, Count};
use crate::panel::PanelStore;
use crate::view_model::format::short_id;
use leptos::prelude::*;

#[component]
pub(crate) fn ConfirmDialog(store: PanelStore) -> impl IntoView {
    // Tracked where read in the view: the dialog follows a language switch.
    let t = move |k: Key| store.t(k);
    let pending = store.pending();

    let count_text = move |count: Option<Count>| match count {
        Some(Count::Exact(n)) => n.to_string(),
        Some(Count::AtLeast(n)) => fill(t(Key::CountAtLeast), &[("n", &n.to_string())]).into_owned(),
        None => t(Key::CountCounting).to_owned(),
    };
    let text = move || {
        let p = pending.get()?;
        let n = count_text(p.count);
        Some(match &p.action {
            Action::DeleteOne(job) => (
                t(Key::ConfirmDeleteTitle).to_owned(),
                fill(
                    t(Key::ConfirmDeleteBody),
                    &[("name", &job.resource_name), ("id", &short_id(&job.job_id))],
                )
                .into_owned(),
            ),
            Action::ClearGroup { name, .. } => (
                fill(t(Key::ConfirmClearGroupTitle), &[("group", name)]).into_owned(),
                fill(t(Key::ConfirmClearGroupBody), &[("group", name), ("n", &n)]).into_owned(),
            ),
            Action::ClearGroupLevel => (
                t(Key::ConfirmClearLevelTitle).to_owned(),
                fill(t(Key::ConfirmClearLevelBody), &[("n", &n)]).into_owned(),
            ),
            Action::DeleteGroup { code, .. } => {
                let code = code.as_deref().unwrap_or(t(Key::NoCode));
                (
                    fill(t(Key::ConfirmDeleteGroupTitle), &[("code", code)]).into_owned(),
                    fill(t(Key::ConfirmDeleteGroupBody), &[("code", code), ("n", &n)]).into_owned(),
                )
            }
        })
    };
    // A group's delete: what goes with it, and how far it got.
    let taken_along = move || {
        pending.with(|p| match p.as_ref().map(|p| &p.action) {
            Some(Action::DeleteGroup { taken_along, .. }) if *taken_along > 0 => {
                let text = fill(t(Key::ConfirmTakenAlong), &[("n", &taken_along.to_string())]).into_owned();
                Some(view! { <p class="sdrs-note">{text}</p> })
            }
            _ => None,
        })
    };
    let progress = move || {
        pending.with(|p| {
            let p = p.as_ref().filter(|p| p.running)?;
            let (done, n) = p.progress?;
            Some(
                fill(
                    t(Key::DeleteProgress),
                    &[("done", &done.to_string()), ("n", &n.to_string())],
                )
                .into_owned(),
            )
        })
    };
    let running = move || pending.with(|p| p.as_ref().is_some_and(|p| p.running));
    let nothing_to_do =
        move || pending.with(|p| p.as_ref().is_some_and(|p| p.count == Some(Count::Exact(0))));
    let failure = move || {
        pending.get().and_then(|p| {
            let reason = p.error?;
            // A group's delete that got part of the way says how far.
            let reason = match p.progress {
                Some((done, n)) if done > 0 => fill(
                    t(Key::DeleteGroupPartial),
                    &[
                        ("done", &done.to_string()),
                        ("n", &n.to_string()),
                        ("left", &(n - done).to_string()),
                        ("reason", &reason),
                    ],
                )
                .into_owned(),
                _ => reason,
            };
            let text = if p.role_refused {
                TeamKey::ViewerMayNotDelete.text(store.locale().get()).to_owned()
            } else if p.forbidden {
                format!("{} ({reason})", t(Key::DeleteForbidden))
            } else if p.progress.is_some_and(|(done, _)| done > 0) {
                reason
            } else {
                fill(t(Key::ActionFailed), &[("reason", &reason)]).into_owned()
            };
            Some(view! { <p class="sdrs-field-error" role="alert">{text}</p> })
        })
    };

    view! {
        <Modal
            role="alertdialog"
            on_close=move || store.cancel_confirmation()
            focus_first="button[data-confirm=cancel]"
            restore_focus=true
        >
            <ModalTitle>{move || text().map(|(title, _)| title)}</ModalTitle>
            <p class="sdrs-confirm-body">{move || text().map(|(_, body)| body)}</p>
            {taken_along}
            <p class="sdrs-delete-progress" role="status">{progress}</p>
            {failure}
            <p class="sdrs-actions">
                <button
                    type="button"
                    class="sdrs-button sdrs-button-danger"
                    data-confirm="ok"
                    disabled=move || running() || nothing_to_do()
                    aria-busy=move || running().then_some("true")
                    on:click=move |_| store.confirm()
                >
                    {move || if running() { t(Key::Deleting) } else { t(Key::ConfirmDelete) }}
                </button>
                <button
                    type="button"
                    class="sdrs-button"
                    data-confirm="cancel"
                    disabled=running
                    on:click=move |_| store.cancel_confirmation()
                >
                    {move || t(Key::Cancel)}
                </button>
            </p>
        </Modal>
    }
}
