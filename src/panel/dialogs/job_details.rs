//! Job drill-down in the drawer, loaded on open from the job-status call:
//! status, begin and end, duration, entities, and the sub-jobs with their
//! errors.

use crate::api::ApiError;
use crate::browser::time;
use crate::hooks::use_latest;
use crate::i18n::{fill, JobType, Key, Labelled, Locale};
use crate::panel::PanelStore;
use crate::view_model::format::duration;
use leptos::prelude::*;
use sdrs_models::{JobEntities, JobStatusRecord};

#[component]
pub(crate) fn JobDetails(store: PanelStore, job_id: String) -> impl IntoView {
    let locale = store.locale().get_untracked();
    let t = move |k: Key| k.text(locale);
    let record = RwSignal::new(None::<Result<JobStatusRecord, ApiError>>);
    let api = store.client();
    use_latest().spawn(
        move |signal| async move { api.job_status(&job_id, signal.as_ref()).await },
        move |result| {
            if !result.as_ref().is_err_and(ApiError::is_abort) {
                record.set(Some(result));
            }
        },
    );

    view! {
        <section class="sdrs-job-details" aria-busy=move || record.with(Option::is_none).then_some("true")>
            <h3>{t(Key::SectionJob)}</h3>
            {move || match record.get() {
                None => view! { <p class="sdrs-sub">{t(Key::JobLoading)}</p> }.into_any(),
                Some(Err(e)) => view! {
                    <p class="sdrs-field-error">{fill(t(Key::JobLoadFailed), &[("reason", &e.summary())]).into_owned()}</p>
                }
                .into_any(),
                Some(Ok(rec)) => details(rec, locale).into_any(),
            }}
        </section>
    }
}

fn details(rec: JobStatusRecord, locale: Locale) -> impl IntoView {
    let t = move |k: Key| k.text(locale);
    let took = duration(
        time::parse_ms(&rec.end_time) - time::parse_ms(&rec.begin_time),
        locale,
    );
    let subs = rec.entities.sub_jobs.clone();
    let sub_summary = fill(
        t(Key::SubJobs),
        &[
            ("n", &subs.len().to_string()),
            ("failed", &rec.failed_sub_jobs().to_string()),
        ],
    )
    .into_owned();
    view! {
        <dl class="sdrs-fields">
            <dt>{t(Key::FieldJobStatus)}</dt>
            <dd data-field="status">{rec.status.label(locale)}</dd>
            <dt>{t(Key::FieldBeginTime)}</dt>
            <dd data-field="job_begin_time">{time::format_local(&rec.begin_time, locale)}</dd>
            <dt>{t(Key::FieldEndTime)}</dt>
            <dd data-field="job_end_time">{time::format_local(&rec.end_time, locale)}</dd>
            <dt>{t(Key::FieldDuration)}</dt>
            <dd data-field="duration">{took}</dd>
        </dl>
        {entities(&rec.entities, locale)}
        {(!subs.is_empty()).then(|| view! {
            <p class="sdrs-sub-summary">{sub_summary}</p>
            <div class="sdrs-table-wrap">
                <table class="sdrs-table sdrs-subjobs">
                    <thead>
                        <tr>
                            <th scope="col">{t(Key::ColStatus)}</th>
                            <th scope="col">{t(Key::ColJobType)}</th>
                            <th scope="col">{t(Key::ColErrorCode)}</th>
                            <th scope="col">{t(Key::ColReason)}</th>
                            <th scope="col">{t(Key::ColJobId)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {subs.into_iter().map(|sub| view! {
                            <tr data-sub-job-id=sub.job_id.clone()>
                                <td>{sub.status.label(locale)}</td>
                                <td>{JobType(&sub.job_type).label(locale)}</td>
                                <td class="sdrs-mono">{sub.error_code.clone().unwrap_or_else(|| t(Key::NoValue).to_owned())}</td>
                                <td class="sdrs-reason-full">{sub.fail_reason.clone().unwrap_or_default()}</td>
                                <td class="sdrs-mono">{sub.job_id.clone()}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </div>
        })}
    }
}

fn entities(e: &JobEntities, locale: Locale) -> impl IntoView {
    let pairs: Vec<(&'static str, String)> = [
        ("server_group_id", &e.server_group_id),
        ("protected_instance_id", &e.protected_instance_id),
        ("replication_pair_id", &e.replication_pair_id),
        ("native_server_id", &e.native_server_id),
        ("volume_ids", &e.volume_ids),
        ("nic_id", &e.nic_id),
    ]
    .into_iter()
    .filter_map(|(k, v)| v.clone().map(|v| (k, v)))
    .collect();
    (!pairs.is_empty()).then(|| {
        view! {
            <h4>{Key::Entities.text(locale)}</h4>
            <dl class="sdrs-fields">
                {pairs.into_iter().map(|(k, v)| view! { <dt class="sdrs-mono">{k}</dt><dd class="sdrs-mono" data-field=k>{v}</dd> }).collect_view()}
            </dl>
        }
    })
}
