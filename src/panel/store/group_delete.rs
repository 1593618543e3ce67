//! Deleting the failures of one error code: confirmed like every delete
//! (the store's pending action, so every rule of who may delete applies),
//! then one request per failed task with progress. A failure stops nothing
//! but a refusal by policy (403); what could not be deleted stays in the
//! confirmation, ready to try again, and the list and all pages are
//! fetched again either way.

use super::{Action, Count, PanelStore, Pending};
use crate::i18n::{fill, Key};
use crate::view_model::code_groups::{delete_plan, taken_along};
use crate::view_model::iam_session::delete_refused_by_policy;
use crate::view_model::team_session::ROLE_REFUSED_CODE;
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::FailureJob;
use std::sync::Arc;

impl PanelStore {
    /// Asks to confirm deleting `jobs`, the failures of `code` among
    /// `among` (the rows they were grouped from: failures with other codes
    /// there that would go with them are counted).
    pub(crate) fn ask_delete_group(
        &self,
        code: Option<String>,
        jobs: Vec<Arc<FailureJob>>,
        among: &[Arc<FailureJob>],
    ) {
        if self.refused_for_role() {
            return;
        }
        let taken_along = taken_along(&jobs, among);
        self.s().pending.set(Some(Pending::new(Action::DeleteGroup {
            code,
            jobs,
            taken_along,
        })));
    }

    /// Runs a confirmed group delete (called by `confirm`).
    pub(super) fn delete_group(&self, code: Option<String>, jobs: Vec<Arc<FailureJob>>) {
        let s = self.s();
        let api = self.client();
        let locale = s.locale.get_untracked();
        let team_sign_in = s.role.get_untracked().is_some();
        let n = jobs.len();
        let plan = delete_plan(&jobs);
        s.pending.update(|p| {
            if let Some(p) = p.as_mut() {
                p.progress = Some((0, n));
            }
        });
        spawn_local(async move {
            let mut done = 0;
            let mut left: Vec<String> = Vec::new();
            let mut reason: Option<String> = None;
            let mut forbidden = false;
            let mut role_refused = false;
            for (id, covers) in plan {
                if forbidden || role_refused {
                    left.push(id);
                    continue;
                }
                match api.delete_failure_job(&id).await {
                    Ok(()) => done += covers,
                    // Gone already (deleted elsewhere meanwhile): what was asked.
                    Err(e) if e.status() == Some(404) => done += covers,
                    Err(e) => {
                        role_refused = team_sign_in && e.code == ROLE_REFUSED_CODE;
                        forbidden = !role_refused && delete_refused_by_policy(e.status());
                        reason.get_or_insert_with(|| e.summary());
                        left.push(id);
                    }
                }
                s.pending.update(|p| {
                    if let Some(p) = p.as_mut() {
                        p.progress = Some((done, n));
                    }
                });
            }
            s.reload.update(|r| *r += 1);
            s.all_pages.reload();
            let Some(reason) = reason else {
                let code = code.unwrap_or_else(|| Key::NoCode.text(locale).to_owned());
                s.pending.set(None);
                s.open_job.set(None);
                s.toast.set(Some(
                    fill(
                        Key::DeletedGroup.text(locale),
                        &[("n", &done.to_string()), ("code", &code)],
                    )
                    .into_owned(),
                ));
                return;
            };
            let remaining: Vec<Arc<FailureJob>> = jobs
                .into_iter()
                .filter(|j| left.iter().any(|id| id == crate::api::failure_job_id(j)))
                .collect();
            s.pending.update(|p| {
                if let Some(p) = p.as_mut() {
                    p.count = Some(Count::Exact(remaining.len() as u64));
                    p.action = Action::DeleteGroup {
                        code,
                        jobs: remaining,
                        taken_along: 0,
                    };
                    p.running = false;
                    p.forbidden = forbidden;
                    p.role_refused = role_refused;
                    p.error = Some(reason);
                    // Kept: the confirmation tells how far it got.
                    p.progress = Some((done, n));
                }
            });
        });
    }
}
