//! Deleting failed tasks: one task, one group's, all group-level ones, or
//! the failures of one error code (`group_delete.rs`).
//! Each waits for confirmation naming what goes and how many; the result
//! is reported and the list refreshed; a failure says why and leaves
//! everything else as it was.

use super::PanelStore;
use crate::api::{failure_job_id, ApiError};
use crate::i18n::{fill, Key};
use crate::view_model::iam_session::delete_refused_by_policy;
use crate::view_model::team_session::ROLE_REFUSED_CODE;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::paging::Paging;
use sdrs_models::{FailureJob, FailureJobQuery};
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Action {
    DeleteOne(Arc<FailureJob>),
    ClearGroup {
        id: String,
        name: String,
    },
    ClearGroupLevel,
    /// The failures of one error code, deleted one by one.
    DeleteGroup {
        /// `None`: the failures without a code.
        code: Option<String>,
        jobs: Vec<Arc<FailureJob>>,
        /// Failures with other codes that share a delete id with these.
        taken_along: usize,
    },
}

/// How many tasks a clear removes, once counted.
#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Count {
    Exact(u64),
    AtLeast(u64),
}

/// The delete or clear waiting for confirmation.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct Pending {
    pub action: Action,
    pub count: Option<Count>,
    pub running: bool,
    /// Why the last attempt failed (the error's summary).
    pub error: Option<String>,
    /// The last attempt was refused by the caller's IAM policy (403).
    pub forbidden: bool,
    /// Failures deleted so far and how many go, while a group's delete runs.
    pub progress: Option<(usize, usize)>,
    /// The last attempt was refused for the team role (403 `SDRS.0005`).
    pub role_refused: bool,
}

impl Pending {
    pub(super) fn new(action: Action) -> Self {
        let count = match &action {
            Action::DeleteOne(_) => Some(Count::Exact(1)),
            Action::DeleteGroup { jobs, .. } => Some(Count::Exact(jobs.len() as u64)),
            _ => None,
        };
        Pending {
            action,
            count,
            running: false,
            error: None,
            forbidden: false,
            progress: None,
            role_refused: false,
        }
    }
}

/// Rows one count request asks for: a clear's count is exact up to here.
const COUNT_LIMIT: u32 = 1000;

impl PanelStore {
    /// When the role may not delete: says why (in the live region) and
    /// returns true, so the delete or clear asked for does nothing else.
    pub(super) fn refused_for_role(&self) -> bool {
        let Some(reason) = untrack(|| self.delete_refusal()) else {
            return false;
        };
        // The same words again are not announced again: clear first.
        self.s().toast.set(None);
        self.s().toast.set(Some(reason.to_owned()));
        true
    }

    /// Asks to confirm deleting `job`.
    pub(crate) fn ask_delete(&self, job: Arc<FailureJob>) {
        if self.refused_for_role() {
            return;
        }
        self.s().pending.set(Some(Pending::new(Action::DeleteOne(job))));
    }

    /// Asks to confirm clearing the scope on screen (the chosen group, or
    /// the group level), and counts what would go: the scope without
    /// filters. The count is latest-wins: a count of a confirmation that
    /// has gone never lands in the next one.
    pub(crate) fn ask_clear(&self) {
        if self.refused_for_role() {
            return;
        }
        let scope = self.s().query.get_untracked().server_group_id;
        let action = match scope.clone() {
            Some(id) => {
                let name = untrack(|| self.group_name(&id)).unwrap_or_else(|| id.clone());
                Action::ClearGroup { id, name }
            }
            None => Action::ClearGroupLevel,
        };
        self.s().pending.set(Some(Pending::new(action)));
        let api = self.client();
        let pending = self.s().pending;
        self.s().counting.spawn(
            move |signal| async move {
                let mut query = FailureJobQuery::default().with_limit(COUNT_LIMIT as u64);
                query.server_group_id = scope;
                api.list_failure_jobs(&query, signal.as_ref()).await
            },
            move |answer| {
                let Ok(page) = answer else { return };
                let n = page.failure_jobs.len();
                let count = match Paging::from_response(0, COUNT_LIMIT, n, page.count).total {
                    Some(total) => Count::Exact(total),
                    None => Count::AtLeast(n as u64),
                };
                pending.update(|p| {
                    if let Some(p) = p.as_mut() {
                        p.count = Some(count);
                    }
                });
            },
        );
    }

    /// Closes the confirmation, unless its action is running.
    pub(crate) fn cancel_confirmation(&self) {
        if self
            .s()
            .pending
            .with_untracked(|p| p.as_ref().is_some_and(|p| p.running))
        {
            return;
        }
        self.s().counting.cancel();
        self.s().pending.set(None);
    }

    /// Runs the confirmed action.
    pub(crate) fn confirm(&self) {
        let Some(pending) = self.s().pending.get_untracked() else {
            return;
        };
        if pending.running {
            return;
        }
        self.s().pending.update(|p| {
            if let Some(p) = p.as_mut() {
                p.running = true;
                p.error = None;
            }
        });
        let api = self.client();
        // Every signal read happens before the `.await`: a host may drop
        // the panel (disposing its signals) while the call is in flight,
        // and reading a disposed signal panics. Writing one does nothing.
        let locale = self.s().locale.get_untracked();
        // SDRS.0005 is a team role's refusal only under team sign-in;
        // otherwise it is the caller's IAM policy.
        let team_sign_in = self.s().role.get_untracked().is_some();
        type Request = std::pin::Pin<Box<dyn std::future::Future<Output = Result<(), ApiError>>>>;
        let (done, request): (String, Request) = match pending.action {
            Action::DeleteOne(job) => (
                Key::DeletedOne.text(locale).to_owned(),
                Box::pin(async move { api.delete_failure_job(failure_job_id(&job)).await }),
            ),
            Action::ClearGroup { id, name } => (
                fill(Key::ClearedGroup.text(locale), &[("group", &name)]).into_owned(),
                Box::pin(async move { api.clear_group_failure_jobs(&id).await }),
            ),
            Action::ClearGroupLevel => (
                Key::ClearedLevel.text(locale).to_owned(),
                Box::pin(async move { api.clear_group_level_failure_jobs().await }),
            ),
            Action::DeleteGroup { code, jobs, .. } => return self.delete_group(code, jobs),
        };
        let s = self.s();
        spawn_local(async move {
            let result = request.await;
            match result {
                Ok(()) => {
                    s.pending.set(None);
                    s.open_job.set(None);
                    s.toast.set(Some(done));
                    s.reload.update(|n| *n += 1);
                    s.all_pages.reload();
                }
                Err(e) => s.pending.update(|p| {
                    if let Some(p) = p.as_mut() {
                        p.running = false;
                        p.role_refused = team_sign_in && e.code == ROLE_REFUSED_CODE;
                        p.forbidden = !p.role_refused && delete_refused_by_policy(e.status());
                        p.error = Some(e.summary());
                    }
                }),
            }
        });
    }
}
