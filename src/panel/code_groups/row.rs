//! One error code of the grouped view: its row (code, count, meaning,
//! resources, time span, "Delete these N") and, behind a disclosure
//! button, its failures, each opening the drawer.

use crate::browser::time;
use crate::i18n::{fill, Key, Labelled};
use crate::panel::codes::CodeExplanation;
use crate::panel::{unique_id, PanelStore};
use crate::view_model::code_groups::CodeGroup;
use crate::view_model::format::{count, one_line};
use leptos::prelude::*;
use sdrs_models::FailureJob;
use std::sync::Arc;

/// Resources named in a row before "and N more".
const RESOURCES_SHOWN: usize = 3;

#[component]
pub(super) fn CodeGroupBody(
    store: PanelStore,
    group: CodeGroup,
    /// The rows the groups were made from.
    among: Arc<Vec<Arc<FailureJob>>>,
    /// Keys of the groups shown open.
    expanded: RwSignal<Vec<String>>,
) -> impl IntoView {
    // Built again on a language switch (the view rebuilds every group).
    let locale = store.locale().get_untracked();
    let t = move |k: Key| k.text(locale);
    let key = group.key().to_owned();
    let code_label = group.code.clone().unwrap_or_else(|| t(Key::NoCode).to_owned());
    let n = group.count();
    let failures_id = unique_id("group-failures");
    let open = {
        let key = key.clone();
        Signal::derive(move || expanded.with(|e| e.contains(&key)))
    };
    let toggle = {
        let key = key.clone();
        move |_| {
            expanded.update(|e| match e.iter().position(|k| *k == key) {
                Some(i) => {
                    e.remove(i);
                }
                None => e.push(key.clone()),
            })
        }
    };
    let (shown, more) = group.resources_shown(RESOURCES_SHOWN);
    let resources = shown
        .iter()
        .map(|r| view! { <span class="sdrs-name" title=r.id.clone()>{one_line(r.label(), 60)}</span> })
        .collect_view();
    let more = (more > 0).then(|| {
        view! { <span class="sdrs-sub">{fill(t(Key::MoreResources), &[("n", &count(more as u64))]).into_owned()}</span> }
    });
    let span = group.span.as_ref().map(|(first, last)| {
        let first_text = time::format_local(first, locale);
        let last_text = time::format_local(last, locale);
        let text = if first_text == last_text {
            first_text
        } else {
            format!("{first_text} – {last_text}")
        };
        view! { <time datetime=first.clone()>{text}</time> }
    });
    let explanation = group
        .code
        .clone()
        .map(|code| view! { <CodeExplanation store=store code=code http_status=None short=true /> });
    let jobs = group.jobs.clone();
    let code = group.code.clone();
    let ask_delete = move |_| store.ask_delete_group(code.clone(), jobs.clone(), &among);
    let disclosure_label = fill(
        t(Key::ShowFailures),
        &[("n", &n.to_string()), ("code", &code_label)],
    )
    .into_owned();
    let delete_label = fill(
        t(Key::DeleteTheseLabel),
        &[("n", &n.to_string()), ("code", &code_label)],
    )
    .into_owned();
    let failures = group.jobs;

    view! {
        <tbody data-code=key>
            <tr class="sdrs-group-row">
                <th scope="row">
                    <button
                        type="button"
                        class="sdrs-disclosure"
                        aria-expanded=move || if open.get() { "true" } else { "false" }
                        aria-controls=failures_id.clone()
                        aria-label=disclosure_label
                        on:click=toggle
                    >
                        <span class="sdrs-disclosure-mark" aria-hidden="true"></span>
                        <span class="sdrs-mono">{code_label}</span>
                    </button>
                </th>
                <td class="sdrs-group-count">{count(n as u64)}</td>
                <td class="sdrs-group-meaning">{explanation}</td>
                <td class="sdrs-group-resources">{resources}{more}</td>
                <td class="sdrs-cell-time">{span}</td>
                <td class="sdrs-cell-actions">
                    <button
                        type="button"
                        class="sdrs-button sdrs-button-danger"
                        data-action="delete-group"
                        aria-label=delete_label
                        aria-disabled=move || store.delete_refusal().map(|_| "true")
                        title=move || store.delete_refusal()
                        on:click=ask_delete
                    >
                        {fill(t(Key::DeleteThese), &[("n", &count(n as u64))]).into_owned()}
                    </button>
                </td>
            </tr>
            <tr class="sdrs-group-failures" id=failures_id hidden=move || !open.get()>
                <td colspan="6">
                    {move || open.get().then(|| failure_list(store, &failures))}
                </td>
            </tr>
        </tbody>
    }
}

/// The failures of a group, each a button that opens the drawer.
fn failure_list(store: PanelStore, jobs: &[Arc<FailureJob>]) -> impl IntoView {
    let locale = store.locale().get_untracked();
    let items = jobs
        .iter()
        .map(|job| {
            let id = job.job_id.clone();
            let reason = one_line(job.fail_reason.as_deref().unwrap_or_default(), 100);
            view! {
                <li>
                    <button
                        type="button"
                        class="sdrs-group-failure"
                        data-job-id=id.clone()
                        on:click=move |_| store.open_job(id.clone())
                    >
                        <time datetime=job.begin_time.clone()>{time::format_local(&job.begin_time, locale)}</time>
                        <span>{job.failure_status.label(locale)}</span>
                        <span class="sdrs-name">{one_line(&job.resource_name, 60)}</span>
                        <span class="sdrs-sub">{reason}</span>
                    </button>
                </li>
            }
        })
        .collect_view();
    view! { <ul class="sdrs-group-failure-list">{items}</ul> }
}
