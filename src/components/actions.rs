//! Deleting failed tasks: one task, one group's, or all group-level ones.
//! Each asks for confirmation naming what goes and how many, shows
//! progress, reports the result and refreshes; a failure says why and
//! leaves everything else as it was.

use super::panel::PanelContext;
use crate::api::failure_job_id;
use crate::dom;
use crate::format::short_id;
use crate::i18n::{fill, Key};
use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::paging::Paging;
use sdrs_models::{FailureJob, FailureJobQuery};
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    DeleteOne(Arc<FailureJob>),
    ClearGroup { id: String, name: String },
    ClearGroupLevel,
}

/// How many tasks a clear removes, once counted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Count {
    Exact(u64),
    AtLeast(u64),
}

#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Pending {
    pub action: Action,
    pub count: Option<Count>,
    pub running: bool,
    pub error: Option<String>,
}

impl Pending {
    pub fn new(action: Action) -> Self {
        let count = matches!(action, Action::DeleteOne(_)).then_some(Count::Exact(1));
        Pending {
            action,
            count,
            running: false,
            error: None,
        }
    }
}

#[component]
pub(crate) fn ConfirmDialog(ctx: PanelContext) -> impl IntoView {
    let state = ctx.state;
    // Tracked where read in the view: the dialog follows a language switch.
    let t = move |k: Key| k.text(state.locale.get());
    let title_id = super::unique_id("confirm-title");
    let dialog = NodeRef::<html::Div>::new();
    let Some(initial) = ctx.pending.get_untracked() else {
        return ().into_any();
    };

    // Count what a clear would remove: the scope without filters.
    if initial.count.is_none() {
        let scope = match &initial.action {
            Action::ClearGroup { id, .. } => Some(id.clone()),
            _ => None,
        };
        let api = ctx.client.get_value();
        spawn_local(async move {
            let mut query = FailureJobQuery::default().with_limit(1000);
            query.server_group_id = scope;
            if let Ok(page) = api.list_failure_jobs(&query, None).await {
                let n = page.failure_jobs.len();
                let paging = Paging::from_response(0, 1000, n, page.count);
                let count = match paging.total {
                    Some(total) => Count::Exact(total),
                    None => Count::AtLeast(n as u64),
                };
                ctx.pending.update(|p| {
                    if let Some(p) = p.as_mut() {
                        p.count = Some(count);
                    }
                });
            }
        });
    }

    let cancel = move || {
        if !ctx
            .pending
            .with_untracked(|p| p.as_ref().is_some_and(|p| p.running))
        {
            ctx.pending.set(None);
        }
    };
    let confirm = move || {
        let Some(pending) = ctx.pending.get_untracked() else {
            return;
        };
        if pending.running {
            return;
        }
        ctx.pending.update(|p| {
            if let Some(p) = p.as_mut() {
                p.running = true;
                p.error = None;
            }
        });
        let api = ctx.client.get_value();
        spawn_local(async move {
            let (result, done) = match &pending.action {
                Action::DeleteOne(job) => (
                    api.delete_failure_job(failure_job_id(job)).await,
                    t(Key::DeletedOne).to_owned(),
                ),
                Action::ClearGroup { id, name } => (
                    api.clear_group_failure_jobs(id).await,
                    fill(t(Key::ClearedGroup), &[("group", name)]).into_owned(),
                ),
                Action::ClearGroupLevel => (
                    api.clear_group_level_failure_jobs().await,
                    t(Key::ClearedLevel).to_owned(),
                ),
            };
            match result {
                Ok(()) => {
                    ctx.pending.set(None);
                    state.open_job.set(None);
                    ctx.toast.set(Some(done));
                    state.refresh();
                }
                Err(e) => ctx.pending.update(|p| {
                    if let Some(p) = p.as_mut() {
                        p.running = false;
                        p.error = Some(if crate::iam_session::delete_refused_by_policy(e.status()) {
                            format!("{} ({})", t(Key::DeleteForbidden), e.summary())
                        } else {
                            fill(t(Key::ActionFailed), &[("reason", &e.summary())]).into_owned()
                        });
                    }
                }),
            }
        });
    };

    // Focus moves to Cancel, and back to what had it (the delete or clear
    // button) when the dialog goes.
    let opener = StoredValue::new_local(None::<web_sys::Element>);
    Effect::new(move |_| {
        if let Some(el) = dialog.get() {
            if opener.with_value(Option::is_none) {
                opener.set_value(dom::active_element(&el));
            }
            if let Ok(Some(button)) = el.query_selector("button[data-confirm=cancel]") {
                dom::focus(&button);
            }
        }
    });
    on_cleanup(move || {
        if let Some(el) = opener.try_get_value().flatten() {
            if el.is_connected() {
                dom::focus(&el);
            }
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            cancel();
        } else if let Some(el) = dialog.get_untracked() {
            dom::trap_tab(&el, &ev);
        }
        ev.stop_propagation();
    };

    let count_text = move |count: Option<Count>| match count {
        Some(Count::Exact(n)) => n.to_string(),
        Some(Count::AtLeast(n)) => fill(t(Key::CountAtLeast), &[("n", &n.to_string())]).into_owned(),
        None => t(Key::CountCounting).to_owned(),
    };
    let text = move || {
        let p = ctx.pending.get()?;
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
        })
    };
    let running = move || ctx.pending.with(|p| p.as_ref().is_some_and(|p| p.running));
    let nothing_to_do = move || {
        ctx.pending
            .with(|p| p.as_ref().is_some_and(|p| p.count == Some(Count::Exact(0))))
    };

    view! {
        <div class="sdrs-backdrop"></div>
        <div
            class="sdrs-dialog"
            role="alertdialog"
            aria-modal="true"
            aria-labelledby=title_id.clone()
            node_ref=dialog
            on:keydown=on_keydown
        >
            <h2 id=title_id.clone()>{move || text().map(|(title, _)| title)}</h2>
            <p class="sdrs-confirm-body">{move || text().map(|(_, body)| body)}</p>
            {move || ctx.pending.get().and_then(|p| p.error).map(|e| view! { <p class="sdrs-field-error" role="alert">{e}</p> })}
            <p class="sdrs-actions">
                <button
                    type="button"
                    class="sdrs-button sdrs-button-danger"
                    data-confirm="ok"
                    disabled=move || running() || nothing_to_do()
                    aria-busy=move || running().then_some("true")
                    on:click=move |_| confirm()
                >
                    {move || if running() { t(Key::Deleting) } else { t(Key::ConfirmDelete) }}
                </button>
                <button type="button" class="sdrs-button" data-confirm="cancel" disabled=running on:click=move |_| cancel()>
                    {move || t(Key::Cancel)}
                </button>
            </p>
        </div>
    }
    .into_any()
}
