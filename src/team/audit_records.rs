//! The Audit view's table: one row per recorded delete, clear,
//! acknowledgement or withdrawal (with its comment), each with a button
//! that shows the records it removed below it (the failed task's fields as
//! the drawer shows them).

use crate::browser::time;
use crate::i18n::{fill, Key, Labelled, Locale, TeamKey};
use crate::panel::dialogs::drawer::job_fields;
use crate::view_model::audit::{method_key, AuditRecord, Outcome};
use crate::view_model::format::short_id;
use leptos::prelude::*;

const COLUMNS: [TeamKey; 9] = [
    TeamKey::ColTime,
    TeamKey::ColUser,
    TeamKey::ColMethod,
    TeamKey::ColAction,
    TeamKey::ColScope,
    TeamKey::ColOutcome,
    TeamKey::ColUpstream,
    TeamKey::ColRequestId,
    TeamKey::ColRemoved,
];

fn iso(ms: f64) -> String {
    String::from(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)).to_iso_string())
}

#[component]
pub(super) fn AuditRecords(records: Vec<AuditRecord>, locale: RwSignal<Locale>) -> impl IntoView {
    let t = move |k: TeamKey| k.text(locale.get());
    view! {
        <div class="sdrs-table-wrap">
            <table class="sdrs-table sdrs-audit-table">
                <caption class="sdrs-sub">{move || t(TeamKey::AuditCaption)}</caption>
                <thead>
                    <tr>
                        {COLUMNS.map(|k| view! { <th scope="col">{move || t(k)}</th> }).collect_view()}
                        <th scope="col">{move || t(TeamKey::Details)}</th>
                    </tr>
                </thead>
                {records.into_iter().map(|r| view! { <RecordRows record=r locale=locale /> }).collect_view()}
            </table>
        </div>
    }
}

/// One record: its row and, when opened, the removed records' row. A
/// `<tbody>` each, so the pair stays together.
#[component]
fn RecordRows(record: AuditRecord, locale: RwSignal<Locale>) -> impl IntoView {
    let t = move |k: TeamKey| k.text(locale.get());
    let open = RwSignal::new(false);
    let details_id = crate::panel::unique_id("audit-removed");
    let started = iso(record.started_at_ms);
    let when = {
        let started = started.clone();
        move || time::format_local(&started, locale.get())
    };
    let action = record.action;
    let action_raw = record.action_raw.clone();
    let method = record.method.clone();
    let (target_key, target_id) = record.target();
    let target_id = target_id.map(str::to_owned);
    let dr_scope = record.scope.clone();
    let outcome = record.outcome;
    let outcome_class = match outcome {
        Outcome::Pending => "sdrs-chip sdrs-outcome-pending",
        Outcome::Succeeded => "sdrs-chip sdrs-outcome-succeeded",
        Outcome::Failed => "sdrs-chip sdrs-outcome-failed",
    };
    let upstream = record.upstream_status.map(|s| s.to_string());
    let request_id = record.request_id.clone();
    let request_title = request_id.clone();
    let removed = record.removed.len();
    let comment = record.comment.clone();
    let label = {
        let when = when.clone();
        move || fill(t(TeamKey::ShowRemoved), &[("when", &when())]).into_owned()
    };
    let removed_jobs = record.removed.clone();
    view! {
        <tbody data-audit-id=record.id.to_string() data-outcome=match outcome {
            Outcome::Pending => "pending",
            Outcome::Succeeded => "succeeded",
            Outcome::Failed => "failed",
        }>
            <tr>
                <td class="sdrs-cell-time"><time datetime=started>{when}</time></td>
                <td data-field="user">{record.user.clone()}</td>
                <td>{move || method_key(&method).map(|k| t(k).to_owned()).unwrap_or_else(|| method.clone())}</td>
                <td data-field="action">{move || action.map(|a| t(a.key()).to_owned()).unwrap_or_else(|| action_raw.clone())}</td>
                <td>
                    {dr_scope.map(|name| view! { <span class="sdrs-audit-scope" data-field="scope">{name}</span>" · " })}
                    {move || fill(t(target_key), &[("id", &target_id.as_deref().map(short_id).unwrap_or_default())]).into_owned()}
                    {comment.map(|text| view! { <span class="sdrs-audit-comment" data-field="comment">{text}</span> })}
                </td>
                <td><span class=outcome_class data-field="outcome">{move || t(outcome.key())}</span></td>
                <td class="sdrs-mono">{move || upstream.clone().unwrap_or_else(|| Key::NoValue.text(locale.get()).to_owned())}</td>
                <td class="sdrs-mono" title=request_title>{move || request_id.as_deref().map(short_id).unwrap_or_else(|| Key::NoValue.text(locale.get()).to_owned())}</td>
                <td class="sdrs-num" data-field="removed">{removed}</td>
                <td>
                    <button
                        type="button"
                        class="sdrs-button"
                        aria-expanded=move || if open.get() { "true" } else { "false" }
                        aria-controls=details_id.clone()
                        aria-label=label
                        on:click=move |_| open.update(|o| *o = !*o)
                    >
                        {move || t(TeamKey::Details)}
                    </button>
                </td>
            </tr>
            <tr id=details_id hidden=move || !open.get() class="sdrs-audit-removed">
                <td colspan="10">
                    {move || open.get().then(|| removed_view(&removed_jobs, locale.get()))}
                </td>
            </tr>
        </tbody>
    }
}

fn removed_view(jobs: &[sdrs_models::FailureJob], locale: Locale) -> AnyView {
    if jobs.is_empty() {
        return view! { <p class="sdrs-sub">{TeamKey::RemovedNone.text(locale)}</p> }.into_any();
    }
    jobs.iter()
        .map(|job| {
            let heading = format!(
                "{} · {} · {}",
                job.resource_name,
                job.failure_status.label(locale),
                job.error_code
                    .clone()
                    .unwrap_or_else(|| Key::NoValue.text(locale).to_owned())
            );
            view! {
                <div class="sdrs-audit-job" data-removed-job=job.job_id.clone()>
                    <p class="sdrs-name">{heading}</p>
                    <p class="sdrs-reason-full">{job.fail_reason.clone().unwrap_or_default()}</p>
                    {job_fields(job, locale)}
                </div>
            }
        })
        .collect_view()
        .into_any()
}
