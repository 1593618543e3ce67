//! The Audit view (operators): filters by user, action and time, the
//! records table, a pager, and "Export CSV" (the server's CSV of the same
//! filters). Its filters and page live in the page URL (`?view=audit&…`).

use super::audit_records::AuditRecords;
use crate::api::{ApiClient, ApiError};
use crate::browser::{dom, time};
use crate::hooks::use_latest;
use crate::i18n::{fill, Key, Locale, TeamKey};
use crate::view_model::audit::{AuditAction, AuditPage, AuditQuery};
use leptos::prelude::*;

#[component]
pub(crate) fn AuditView(client: ApiClient, locale: RwSignal<Locale>) -> impl IntoView {
    let t = move |k: TeamKey| k.text(locale.get());
    let query = RwSignal::new(AuditQuery::from_page_query(&dom::location_search()));
    let page = RwSignal::new(None::<Result<AuditPage, ApiError>>);
    let loading = RwSignal::new(false);
    let latest = use_latest();
    // Arena-held: closures given to the view must be `Send`.
    let client = StoredValue::new_local(client);
    Effect::new(move |_| {
        let q = query.get();
        dom::replace_search(&q.to_page_query());
        loading.set(true);
        let api = client.get_value();
        latest.spawn(
            move |signal| async move { api.audit_records(&q, signal.as_ref()).await },
            move |result| {
                if result.as_ref().is_err_and(ApiError::is_abort) {
                    return;
                }
                loading.set(false);
                page.set(Some(result));
            },
        );
    });
    let csv_url = move || query.with(|q| client.with_value(|c| c.audit_csv_url(q)));
    let title_id = crate::panel::unique_id("audit-title");

    let status = move || {
        if loading.get() {
            return Key::Loading.text(locale.get()).to_owned();
        }
        page.with(|p| match p {
            Some(Ok(p)) if p.records.is_empty() => t(TeamKey::Empty).to_owned(),
            Some(Ok(p)) => {
                let offset = query.with(|q| q.offset);
                fill(
                    Key::RowsOfTotal.text(locale.get()),
                    &[
                        ("from", &(offset + 1).to_string()),
                        ("to", &(offset + p.records.len() as u64).to_string()),
                        ("total", &p.total.to_string()),
                    ],
                )
                .into_owned()
            }
            _ => String::new(),
        })
    };
    let failure = move || {
        page.with(|p| match p {
            Some(Err(e)) => Some(view! {
                <p class="sdrs-error" role="alert">{fill(t(TeamKey::LoadFailed), &[("reason", &e.summary())]).into_owned()}</p>
            }),
            _ => None,
        })
    };
    let records = move || {
        page.with(|p| match p {
            Some(Ok(p)) if !p.records.is_empty() => Some(p.records.clone()),
            _ => None,
        })
    };
    let neighbours = move || {
        let offset = query.with(|q| q.offset);
        page.with(|p| match p {
            Some(Ok(p)) => p.neighbours(offset),
            _ => (None, None),
        })
    };
    let go = move |offset: Option<u64>| {
        if let Some(offset) = offset {
            query.update(|q| q.offset = offset);
        }
    };

    view! {
        <section class="sdrs-panel sdrs-audit" aria-labelledby=title_id.clone() lang=move || locale.get().tag()>
            <h2 id=title_id.clone()>{move || t(TeamKey::AuditTitle)}</h2>
            <AuditFilters query=query locale=locale />
            <p class="sdrs-actions">
                <a class="sdrs-button" href=csv_url download="sdrs-audit.csv" data-action="export-audit">{move || t(TeamKey::ExportCsv)}</a>
            </p>
            <div class="sdrs-status" role="status" aria-live="polite">{status}</div>
            {failure}
            {move || records().map(|rows| view! { <AuditRecords records=rows locale=locale /> })}
            <nav class="sdrs-pager" aria-label=move || Key::PaginationLabel.text(locale.get())>
                <button type="button" class="sdrs-button" data-page="previous" disabled=move || neighbours().0.is_none() on:click=move |_| go(neighbours().0)>
                    {move || Key::PagePrev.text(locale.get())}
                </button>
                <button type="button" class="sdrs-button" data-page="next" disabled=move || neighbours().1.is_none() on:click=move |_| go(neighbours().1)>
                    {move || Key::PageNext.text(locale.get())}
                </button>
            </nav>
        </section>
    }
}

#[component]
fn AuditFilters(query: RwSignal<AuditQuery>, locale: RwSignal<Locale>) -> impl IntoView {
    let t = move |k: TeamKey| k.text(locale.get());
    let initial = query.get_untracked();
    let bad_time = RwSignal::new(false);
    let edit = move |f: &dyn Fn(&mut AuditQuery)| query.update(|q| *q = q.with_filters(f));
    let on_user = move |ev: web_sys::Event| {
        let value = event_target_value(&ev).trim().to_owned();
        edit(&|q| q.user = Some(value.clone()).filter(|v| !v.is_empty()));
    };
    let on_action = move |ev: web_sys::Event| {
        let value = event_target_value(&ev);
        edit(&|q| q.action = AuditAction::from_wire(&value));
    };
    let on_time = move |from: bool, ev: web_sys::Event| {
        let value = event_target_value(&ev);
        let ms = time::parse_local_input(&value);
        bad_time.set(!value.is_empty() && ms.is_none());
        edit(&|q| if from { q.from_ms = ms } else { q.to_ms = ms });
    };
    let input_time = |ms: Option<i64>| ms.map(local_input_value).unwrap_or_default();
    view! {
        <form class="sdrs-filters" aria-label=move || t(TeamKey::ViewAudit) on:submit=|ev| ev.prevent_default()>
            <label class="sdrs-field">
                <span>{move || t(TeamKey::FilterUser)}</span>
                <input type="text" name="audit_user" autocomplete="off" value=initial.user.clone().unwrap_or_default() on:change=on_user />
            </label>
            <label class="sdrs-field">
                <span>{move || t(TeamKey::FilterAction)}</span>
                <select name="audit_action" on:change=on_action>
                    <option value="" selected=initial.action.is_none()>{move || t(TeamKey::ActionAny)}</option>
                    {AuditAction::ALL.into_iter().map(|a| view! {
                        <option value=a.wire() selected=initial.action == Some(a)>{move || t(a.key())}</option>
                    }).collect_view()}
                </select>
            </label>
            <label class="sdrs-field">
                <span>{move || t(TeamKey::FilterFrom)}</span>
                <input type="datetime-local" name="audit_from" value=input_time(initial.from_ms) on:change=move |ev| on_time(true, ev) />
            </label>
            <label class="sdrs-field">
                <span>{move || t(TeamKey::FilterTo)}</span>
                <input type="datetime-local" name="audit_to" value=input_time(initial.to_ms) on:change=move |ev| on_time(false, ev) />
            </label>
            <button type="reset" class="sdrs-button" on:click=move |_| {
                bad_time.set(false);
                query.set(AuditQuery::default());
            }>{move || t(TeamKey::FilterReset)}</button>
            {move || bad_time.get().then(|| view! { <p class="sdrs-field-error" role="alert">{t(TeamKey::BadTime)}</p> })}
        </form>
    }
}

/// `YYYY-MM-DDTHH:MM` in local time, as a `datetime-local` input shows it.
fn local_input_value(ms: i64) -> String {
    let d = js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms as f64));
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}",
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes()
    )
}

crate::chunks::chunk_fn! {
    chunk audit, preload preload_audit_view;
    /// The Audit view, from its own chunk.
    pub(crate) fn audit_view_chunk(client: ApiClient, locale: RwSignal<Locale>) -> AnyView {
        view! { <AuditView client=client locale=locale /> }.into_any()
    }
}
