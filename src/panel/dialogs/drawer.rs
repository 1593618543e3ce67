//! The job detail drawer: every field, copy buttons for ids, the error code
//! explained, raw JSON. A modal dialog: focus stays inside, Esc or the close
//! button closes it and focus returns to the job's row.

use super::job_details::JobDetails;
use super::modal::{Modal, ModalTitle};
use crate::browser::time;
use crate::browser::{dom, focus};
use crate::i18n::{fill, JobType, Key, Labelled, Locale};
use crate::panel::codes::CodeExplanation;
use crate::panel::PanelStore;
use leptos::html;
use leptos::prelude::*;
use sdrs_models::FailureJob;
use std::sync::Arc;

#[component]
pub(crate) fn Drawer(store: PanelStore, root: NodeRef<html::Div>) -> impl IntoView {
    // Focus goes back to the job's row.
    let close = move || {
        let Some(id) = store.open_row().get_untracked() else {
            return;
        };
        store.close_job();
        if let Some(row) = root.get_untracked().and_then(|r| dom::find_row(&r, &id)) {
            focus::focus(&row);
        }
    };

    move || {
        store.opened().get().map(|job| {
            let locale = store.locale().get();
            let delete = job.clone();
            let heading = title(&job, locale);
            view! {
                <Modal
                    role="dialog"
                    class="sdrs-drawer"
                    on_close=close
                    focus_first=".sdrs-drawer-close"
                    close_on_backdrop=true
                >
                    <header class="sdrs-drawer-head">
                        <ModalTitle>{heading}</ModalTitle>
                        <button
                            type="button"
                            class="sdrs-drawer-close sdrs-icon-button"
                            aria-label=Key::DrawerClose.text(locale)
                            on:click=move |_| close()
                        >
                            "✕"
                        </button>
                    </header>
                    {body(store, job.clone(), locale)}
                    <JobDetails store=store job_id=job.job_id.clone() />
                    <footer class="sdrs-drawer-foot">
                        <button
                            type="button"
                            class="sdrs-button sdrs-button-danger"
                            data-action="delete"
                            aria-disabled=move || store.delete_refusal().map(|_| "true")
                            title=move || store.delete_refusal()
                            on:click=move |_| store.ask_delete(delete.clone())
                        >
                            {Key::DeleteTask.text(locale)}
                        </button>
                        {move || store.delete_refusal().map(|reason| view! { <p class="sdrs-note sdrs-role-note">{reason}</p> })}
                    </footer>
                </Modal>
            }
        })
    }
}

fn title(job: &FailureJob, locale: Locale) -> String {
    format!(
        "{} · {}",
        job.failure_status.label(locale),
        JobType(&job.job_type).label(locale)
    )
}

fn body(store: PanelStore, job: Arc<FailureJob>, locale: Locale) -> impl IntoView {
    let t = move |k: Key| k.text(locale);
    let code = job.error_code.clone().unwrap_or_default();
    let other_service = crate::view_model::format::code_service(&code)
        .filter(|s| !s.eq_ignore_ascii_case("SDRS"))
        .map(str::to_owned);
    let raw = serde_json::to_string_pretty(&*job).unwrap_or_default();
    let resource_type = job.resource_type.label(locale).into_owned();
    let began = format!(
        "{} · {}",
        time::format_local(&job.begin_time, locale),
        crate::view_model::format::relative_time(time::now_ms(), time::parse_ms(&job.begin_time), locale)
    );

    view! {
        <div class="sdrs-drawer-body">
            <p class="sdrs-drawer-sub">
                <span class="sdrs-name">{job.resource_name.clone()}</span>
                " (" {resource_type.clone()} ")"
            </p>
            <p class="sdrs-drawer-sub">{began}</p>
            <section>
                <h3>{t(Key::SectionError)}</h3>
                <p>
                    <span class="sdrs-mono" data-field="error_code">
                        {if code.is_empty() { t(Key::NoValue).to_owned() } else { code.clone() }}
                    </span>
                    {other_service.map(|s| {
                        view! { " " <span class="sdrs-sub">"(" {fill(t(Key::FromService), &[("service", &s)]).into_owned()} ")"</span> }
                    })}
                </p>
                <p class="sdrs-reason-full" data-field="fail_reason">
                    {job.fail_reason.clone().unwrap_or_else(|| t(Key::NoValue).to_owned())}
                </p>
                {(!code.is_empty()).then(|| view! { <CodeExplanation store=store code=code.clone() http_status=None /> })}
            </section>
            {job_fields(&job, locale)}
            <details class="sdrs-raw">
                <summary>{t(Key::SectionRaw)}</summary>
                <pre>{raw}</pre>
            </details>
        </div>
    }
}

/// A failed task's identifiers and fields, as the drawer shows them (the
/// Audit view shows its removed records the same way).
pub(crate) fn job_fields(job: &FailureJob, locale: Locale) -> impl IntoView {
    let t = move |k: Key| k.text(locale);
    let resource_type = job.resource_type.label(locale).into_owned();
    let status = job.failure_status.label(locale).into_owned();
    let job_status = job.job_status.label(locale).into_owned();
    view! {
        <section>
            <h3>{t(Key::SectionIds)}</h3>
            <dl class="sdrs-fields">
                {id_field(t(Key::FieldJobId), "job_id", job.job_id.clone(), locale)}
                {id_field(t(Key::FieldResourceId), "resource_id", job.resource_id.clone(), locale)}
            </dl>
        </section>
        <section>
            <h3>{t(Key::SectionDetails)}</h3>
            <dl class="sdrs-fields">
                {field(t(Key::FieldFailureStatus), "failure_status", status)}
                {field(t(Key::FieldJobStatus), "job_status", job_status)}
                {field(t(Key::FieldJobType), "job_type", job.job_type.clone())}
                {field(t(Key::FieldResourceName), "resource_name", job.resource_name.clone())}
                {field(t(Key::FieldResourceType), "resource_type", resource_type)}
                {field(t(Key::FieldBeginTime), "begin_time", job.begin_time.clone())}
            </dl>
        </section>
    }
}

fn field(name: &'static str, key: &'static str, value: String) -> impl IntoView {
    view! {
        <dt>{name}</dt>
        <dd data-field=key>{value}</dd>
    }
}

fn id_field(name: &'static str, key: &'static str, value: String, locale: Locale) -> impl IntoView {
    let copied = RwSignal::new(false);
    let copy_label = fill(Key::CopyLabel.text(locale), &[("what", name)]).into_owned();
    let text = value.clone();
    view! {
        <dt>{name}</dt>
        <dd>
            <span class="sdrs-mono" data-field=key>{value}</span>
            <button
                type="button"
                class="sdrs-icon-button sdrs-copy"
                aria-label=copy_label
                on:click=move |_| {
                    dom::copy_text(&text);
                    copied.set(true);
                }
            >
                {move || if copied.get() { Key::Copied.text(locale) } else { Key::Copy.text(locale) }}
            </button>
        </dd>
    }
}
