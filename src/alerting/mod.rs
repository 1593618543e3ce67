//! The alerting pages of "All scopes": the silences (list, add, expire)
//! and the alert channels (status, deliveries, a test message), from the
//! server's `/api/silences` and `/api/alerts/…` routes. The rules and the
//! decoding are in `view_model::{silences, alert_channels}`.

mod channels;
mod delivery_log;
mod silence_form;
mod silences;

use crate::api::{ApiClient, ApiError};
use crate::browser::time;
use crate::hooks::use_latest;
use crate::i18n::{fill, AlertKey, Key, Locale};
use crate::view_model::alert_channels::showable_instant;
use crate::view_model::civil::Civil;
use crate::view_model::scopes::ScopeConfig;
use crate::view_model::team_session::TeamRole;
use leptos::prelude::*;
use std::future::Future;
use web_sys::AbortSignal;

crate::chunks::chunk_fn! {
    chunk silences, preload preload_silences;
    /// The Silences page, from its own chunk.
    pub(crate) fn silences_view(client: ApiClient, scopes: Vec<ScopeConfig>, role: Option<TeamRole>, locale: Signal<Locale>) -> AnyView {
        silences::silences_page(client, scopes, role, locale)
    }
}

crate::chunks::chunk_fn! {
    chunk channels, preload preload_channels;
    /// The Alert channels page, from its own chunk.
    pub(crate) fn channels_view(client: ApiClient, role: Option<TeamRole>, locale: Signal<Locale>) -> AnyView {
        channels::channels_page(client, role, locale)
    }
}

/// What came of an action: done, or failed and why (as text).
#[derive(Clone, Debug, PartialEq, Eq)]
struct Notice {
    ok: bool,
    text: String,
}

impl Notice {
    fn done(text: &str) -> Notice {
        Notice {
            ok: true,
            text: text.to_owned(),
        }
    }

    fn failed(text: String) -> Notice {
        Notice { ok: false, text }
    }

    fn view(self) -> AnyView {
        if self.ok {
            view! { <p class="sdrs-notice" role="status" data-ok="true">{self.text}</p> }.into_any()
        } else {
            view! { <p class="sdrs-field-error" role="alert" data-ok="false">{self.text}</p> }.into_any()
        }
    }
}

/// A list the page loads now and again whenever `reload` moves or a signal
/// `request` reads changes, the latest request winning: its last answer
/// (`None` before the first) and whether a load is running.
fn use_list<T, Fut>(
    reload: RwSignal<u32>,
    request: impl Fn(Option<AbortSignal>) -> Fut + 'static,
) -> (RwSignal<Option<Result<T, ApiError>>>, RwSignal<bool>)
where
    T: Send + Sync + 'static,
    Fut: Future<Output = Result<T, ApiError>> + 'static,
{
    let answer = RwSignal::new(None);
    let loading = RwSignal::new(false);
    let latest = use_latest();
    Effect::new(move |_| {
        reload.track();
        loading.set(true);
        latest.spawn(&request, move |result: Result<T, ApiError>| {
            if result.as_ref().is_err_and(ApiError::is_abort) {
                return;
            }
            loading.set(false);
            answer.set(Some(result));
        });
    });
    (answer, loading)
}

/// What a list's last load came to when it is not simply its rows: the
/// alert that it failed (`failed`, with the reason) and Retry, or the note
/// that some entries could not be read (`malformed` of them).
fn load_problem<T>(
    loaded: &Option<Result<T, ApiError>>,
    malformed: impl Fn(&T) -> usize,
    failed: AlertKey,
    retry_action: &'static str,
    retry: Callback<()>,
    locale: Signal<Locale>,
) -> Option<AnyView> {
    match loaded {
        Some(Err(e)) => Some(
            view! {
                <div class="sdrs-error" role="alert">
                    <p>{fill(failed.text(locale.get()), &[("reason", &e.summary())]).into_owned()}</p>
                    <p class="sdrs-actions">
                        <button type="button" class="sdrs-button" data-action=retry_action on:click=move |_| retry.run(())>
                            {move || Key::Retry.text(locale.get())}
                        </button>
                    </p>
                </div>
            }
            .into_any(),
        ),
        Some(Ok(read)) if malformed(read) > 0 => Some(
            view! {
                <div class="sdrs-note" role="status">
                    {fill(AlertKey::Malformed.text(locale.get()), &[("n", &malformed(read).to_string())]).into_owned()}
                </div>
            }
            .into_any(),
        ),
        _ => None,
    }
}

/// A list as a table in a region named `title` that takes focus, so a
/// keyboard can scroll a table wider than the page (a viewer's rows have no
/// enabled control); `columns` head it, `body` is its rows.
fn list_table(
    class: &'static str,
    title: AlertKey,
    columns: &'static [AlertKey],
    locale: Signal<Locale>,
    body: impl IntoView,
) -> impl IntoView {
    let t = move |k: AlertKey| k.text(locale.get());
    view! {
        <div class="sdrs-table-wrap" role="region" tabindex="0" aria-label=move || t(title)>
            <table class=format!("sdrs-table {class}")>
                <caption class="sdrs-visually-hidden">{move || t(title)}</caption>
                <thead>
                    <tr>{columns.iter().map(|&k| view! { <th scope="col">{move || t(k)}</th> }).collect_view()}</tr>
                </thead>
                <tbody>{body}</tbody>
            </table>
        </div>
    }
}

/// Why this user's controls are disabled, under the page's title; `id`
/// is what the disabled controls name in `aria-describedby`.
fn refusal_note(refusal: Option<AlertKey>, id: String, locale: Signal<Locale>) -> Option<impl IntoView> {
    refusal.map(|key| {
        view! { <p class="sdrs-note sdrs-role-note" id=id data-field="refusal">{move || key.text(locale.get())}</p> }
    })
}

/// An instant (epoch ms) in local time; a number no calendar holds as
/// it came.
fn local_ms(ms: i64, locale: Locale) -> String {
    match showable_instant(ms) {
        Some(ms) => Civil::at(ms, time::utc_offset_ms(ms)).numeric(locale),
        None => ms.to_string(),
    }
}
