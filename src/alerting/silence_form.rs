//! The "New silence" form: matchers (scope, failure status, error code,
//! part of the resource name), start (empty: now), end (quick picks or a
//! local date and time) and a comment, checked by the server's rules
//! before it is sent; the server's own refusal is shown as it says it.

use super::silences::SilencesPage;
use super::Notice;
use crate::browser::time;
use crate::i18n::{AlertKey, Labelled};
use crate::view_model::civil::Civil;
use crate::view_model::scopes::ScopeConfig;
use crate::view_model::silences::{SilenceDraft, MAX_COMMENT, QUICK_SPANS};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::FailureStatus;

/// The form's fields as typed.
#[derive(Clone, Copy)]
struct Fields {
    scope: RwSignal<String>,
    failure_status: RwSignal<String>,
    error_code: RwSignal<String>,
    resource_name: RwSignal<String>,
    /// `datetime-local` values.
    starts: RwSignal<String>,
    ends: RwSignal<String>,
    comment: RwSignal<String>,
}

impl Fields {
    fn new() -> Fields {
        Fields {
            scope: RwSignal::new(String::new()),
            failure_status: RwSignal::new(String::new()),
            error_code: RwSignal::new(String::new()),
            resource_name: RwSignal::new(String::new()),
            starts: RwSignal::new(String::new()),
            ends: RwSignal::new(String::new()),
            comment: RwSignal::new(String::new()),
        }
    }

    fn draft(&self) -> SilenceDraft {
        SilenceDraft {
            scope: self.scope.get_untracked(),
            failure_status: self.failure_status.get_untracked(),
            error_code: self.error_code.get_untracked(),
            resource_name: self.resource_name.get_untracked(),
            starts_ms: time::parse_local_input(&self.starts.get_untracked()),
            ends_ms: time::parse_local_input(&self.ends.get_untracked()),
            comment: self.comment.get_untracked(),
        }
    }

    fn clear(&self) {
        for field in [
            self.scope,
            self.failure_status,
            self.error_code,
            self.resource_name,
            self.starts,
            self.ends,
            self.comment,
        ] {
            field.set(String::new());
        }
    }
}

/// `value` of a local-time input `span_ms` after the start (or now).
fn end_after(starts: &str, span_ms: i64) -> String {
    let base = time::parse_local_input(starts).unwrap_or(time::now_ms() as i64);
    let end = base + span_ms;
    Civil::at(end, time::utc_offset_ms(end)).input_value()
}

#[component]
pub(super) fn SilenceForm(page: SilencesPage, scopes: Vec<ScopeConfig>) -> impl IntoView {
    let locale = page.locale;
    let fields = Fields::new();
    let error = RwSignal::new(None::<String>);
    let running = RwSignal::new(false);
    let refused = page.refusal.is_some();
    let described = page.refusal.map(|_| page.refusal_id.get_value());
    let form_id = crate::panel::unique_id("silence-form");
    let id = move |name: &str| format!("{form_id}-{name}");
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        if refused || running.get_untracked() {
            return;
        }
        let new = match fields.draft().to_new_silence(time::now_ms() as i64) {
            Ok(new) => new,
            Err(key) => return error.set(Some(key.text(locale.get_untracked()).to_owned())),
        };
        error.set(None);
        running.set(true);
        let api = page.client.get_value();
        spawn_local(async move {
            let result = api.add_silence(&new).await;
            running.try_set(false);
            match result {
                Ok(_) => {
                    fields.clear();
                    let done = AlertKey::CreateDone.text(locale.get_untracked());
                    page.notice.set(Some(Notice::done(done)));
                    page.reload.update(|n| *n += 1);
                }
                Err(e) => {
                    error.try_set(Some(page.reason(&e, AlertKey::CreateFailed)));
                }
            }
        });
    };
    let text_input = move |name: &'static str, key: AlertKey, value: RwSignal<String>, max: &'static str| {
        view! {
            <label class="sdrs-field">
                <span>{move || page.t(key)}</span>
                <input type="text" name=name autocomplete="off" maxlength=max
                    prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
            </label>
        }
    };
    let quick = QUICK_SPANS.map(|(key, span)| {
        view! {
            <button type="button" class="sdrs-button" data-span-ms=span.to_string()
                on:click=move |_| fields.ends.set(end_after(&fields.starts.get_untracked(), span))>
                {move || page.t(key)}
            </button>
        }
    });
    view! {
        <form class="sdrs-silence-form" novalidate on:submit=submit>
            <fieldset disabled=refused aria-describedby=described>
                <legend>{move || page.t(AlertKey::NewTitle)}</legend>
                <p class="sdrs-sub">{move || page.t(AlertKey::NewHint)}</p>
                <div class="sdrs-silence-fields">
                    <label class="sdrs-field">
                        <span>{move || page.t(AlertKey::FieldScope)}</span>
                        <select name="silence_scope" prop:value=move || fields.scope.get()
                            on:change=move |ev| fields.scope.set(event_target_value(&ev))>
                            <option value="">{move || page.t(AlertKey::AnyScope)}</option>
                            {scopes.iter().map(|s| view! { <option value=s.name.clone()>{s.label()}</option> }).collect_view()}
                        </select>
                    </label>
                    <label class="sdrs-field">
                        <span>{move || page.t(AlertKey::FieldStatus)}</span>
                        <select name="silence_failure_status" prop:value=move || fields.failure_status.get()
                            on:change=move |ev| fields.failure_status.set(event_target_value(&ev))>
                            <option value="">{move || page.t(AlertKey::AnyStatus)}</option>
                            {FailureStatus::ALL.iter().map(|s| {
                                let label = s.clone();
                                view! { <option value=s.as_str()>{move || label.label(locale.get()).into_owned()}</option> }
                            }).collect_view()}
                        </select>
                    </label>
                    {text_input("silence_error_code", AlertKey::FieldCode, fields.error_code, "64")}
                    {text_input("silence_resource_name", AlertKey::FieldResource, fields.resource_name, "255")}
                    <label class="sdrs-field" for=id("starts")>
                        <span>{move || page.t(AlertKey::FieldStarts)}</span>
                        <input type="datetime-local" id=id("starts") name="silence_starts"
                            prop:value=move || fields.starts.get() on:change=move |ev| fields.starts.set(event_target_value(&ev)) />
                    </label>
                    <label class="sdrs-field" for=id("ends")>
                        <span>{move || page.t(AlertKey::FieldEnds)}</span>
                        <input type="datetime-local" id=id("ends") name="silence_ends"
                            prop:value=move || fields.ends.get() on:change=move |ev| fields.ends.set(event_target_value(&ev)) />
                    </label>
                    <div class="sdrs-field" role="group" aria-label=move || page.t(AlertKey::QuickEnds)>
                        <span aria-hidden="true">{move || page.t(AlertKey::QuickEnds)}</span>
                        <span class="sdrs-actions">{quick}</span>
                    </div>
                </div>
                <label class="sdrs-field">
                    <span>{move || page.t(AlertKey::FieldComment)}</span>
                    <textarea name="silence_comment" rows="2" maxlength=MAX_COMMENT.to_string()
                        prop:value=move || fields.comment.get() on:input=move |ev| fields.comment.set(event_target_value(&ev))></textarea>
                </label>
                {move || error.get().map(|text| view! { <p class="sdrs-field-error" role="alert">{text}</p> })}
                <p class="sdrs-actions">
                    <button type="submit" class="sdrs-button sdrs-button-primary" data-action="create-silence"
                        disabled=move || running.get() aria-busy=move || running.get().then_some("true")>
                        {move || if running.get() { page.t(AlertKey::Creating) } else { page.t(AlertKey::Create) }}
                    </button>
                </p>
            </fieldset>
        </form>
    }
}
