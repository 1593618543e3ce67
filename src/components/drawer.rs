//! The job detail drawer: every field, copy buttons for ids, the error code
//! explained, raw JSON. A modal dialog: focus stays inside, Esc or the close
//! button closes it and focus returns to the job's row.

use super::actions::{Action, Pending};
use super::code_explanation::CodeExplanation;
use super::job_details::JobDetails;
use super::panel::PanelContext;
use crate::dom;
use crate::i18n::{fill, job_type_label, label, Key, Locale};
use crate::time;
use leptos::html;
use leptos::prelude::*;
use sdrs_models::FailureJob;
use std::sync::Arc;

#[component]
pub(crate) fn Drawer(ctx: PanelContext, root: NodeRef<html::Div>) -> impl IntoView {
    let state = ctx.state;
    let job = Memo::new(move |_| {
        let id = state.open_job.get()?;
        // By row identity; a job refined out of view is still found by id.
        ctx.view_rows
            .with(|rows| rows.iter().find(|r| r.id == id).map(|r| r.job.clone()))
            .or_else(|| {
                ctx.loaded
                    .with(|l| l.rows.iter().find(|j| j.job_id == id).cloned())
            })
    });
    let dialog = NodeRef::<html::Div>::new();
    let title_id = super::unique_id("drawer-title");

    let close = move || {
        let Some(id) = state.open_job.get_untracked() else {
            return;
        };
        state.open_job.set(None);
        if let Some(row) = root.get_untracked().and_then(|r| dom::find_row(&r, &id)) {
            dom::focus(&row);
        }
    };
    // Focus moves into the drawer when a job opens.
    Effect::new(move |_| {
        if job.with(Option::is_some) {
            if let Some(el) = dialog.get() {
                if let Ok(Some(button)) = el.query_selector(".sdrs-drawer-close") {
                    dom::focus(&button);
                }
            }
        }
    });
    let on_keydown = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
            ev.stop_propagation();
            close();
        } else if let Some(el) = dialog.get_untracked() {
            dom::trap_tab(&el, &ev);
        }
        // Panel shortcuts stay off while the drawer is open.
        ev.stop_propagation();
    };

    move || {
        let title_id = title_id.clone();
        job.get().map(|job| {
            let locale = state.locale.get();
            view! {
                <div class="sdrs-backdrop" on:click=move |_| close()></div>
                <div
                    class="sdrs-drawer"
                    role="dialog"
                    aria-modal="true"
                    aria-labelledby=title_id.clone()
                    node_ref=dialog
                    on:keydown=on_keydown
                >
                    <header class="sdrs-drawer-head">
                        <h2 id=title_id.clone()>{title(&job, locale)}</h2>
                        <button
                            type="button"
                            class="sdrs-drawer-close sdrs-icon-button"
                            aria-label=Key::DrawerClose.text(locale)
                            on:click=move |_| close()
                        >
                            "✕"
                        </button>
                    </header>
                    {body(ctx, job.clone(), locale)}
                    <JobDetails ctx=ctx job_id=job.job_id.clone() />
                    <footer class="sdrs-drawer-foot">
                        <button
                            type="button"
                            class="sdrs-button sdrs-button-danger"
                            data-action="delete"
                            on:click=move |_| ctx.pending.set(Some(Pending::new(Action::DeleteOne(job.clone()))))
                        >
                            {Key::DeleteTask.text(locale)}
                        </button>
                    </footer>
                </div>
            }
        })
    }
}

fn title(job: &FailureJob, locale: Locale) -> String {
    let status = label(job.failure_status.label_key(), locale).unwrap_or(job.failure_status.as_str());
    format!(
        "{status} · {}",
        job_type_label(&job.job_type, locale).unwrap_or(&job.job_type)
    )
}

fn body(ctx: PanelContext, job: Arc<FailureJob>, locale: Locale) -> impl IntoView {
    let t = move |k: Key| k.text(locale);
    let code = job.error_code.clone().unwrap_or_default();
    let other_service = crate::format::code_service(&code)
        .filter(|s| !s.eq_ignore_ascii_case("SDRS"))
        .map(str::to_owned);
    let raw = serde_json::to_string_pretty(&*job).unwrap_or_default();
    let resource_type = job
        .resource_type
        .kind()
        .and_then(|k| label(Some(k.label_key()), locale))
        .unwrap_or(job.resource_type.as_str())
        .to_owned();
    let began = format!(
        "{} · {}",
        time::format_local(&job.begin_time, locale),
        crate::format::relative_time(time::now_ms(), time::parse_ms(&job.begin_time), locale)
    );
    let status = label(job.failure_status.label_key(), locale)
        .unwrap_or(job.failure_status.as_str())
        .to_owned();
    let job_status = label(job.job_status.label_key(), locale)
        .unwrap_or(job.job_status.as_str())
        .to_owned();

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
                {(!code.is_empty()).then(|| view! { <CodeExplanation ctx=ctx code=code.clone() http_status=None /> })}
            </section>
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
            <details class="sdrs-raw">
                <summary>{t(Key::SectionRaw)}</summary>
                <pre>{raw}</pre>
            </details>
        </div>
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
