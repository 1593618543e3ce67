//! The Silences page: the list (matchers, times in local time, state,
//! creator, comment), active-and-pending or all, an Expire per silence not
//! yet over (confirmed in its row), and the "New silence" form. A viewer
//! sees the controls disabled and why.

use super::silence_form::SilenceForm;
use super::{list_table, load_problem, refusal_note, use_list, Notice};
use crate::api::{ApiClient, ApiError};
use crate::i18n::{fill, AlertKey, Key, Locale};
use crate::view_model::scopes::ScopeConfig;
use crate::view_model::silences::{matcher_parts, SilenceFilter, SilenceState};
use crate::view_model::team_session::{TeamRole, ROLE_REFUSED_CODE};
use leptos::prelude::*;
use leptos::task::spawn_local;
use sdrs_models::Silence;

const COLUMNS: [AlertKey; 7] = [
    AlertKey::ColMatchers,
    AlertKey::ColStarts,
    AlertKey::ColEnds,
    AlertKey::ColState,
    AlertKey::ColCreatedBy,
    AlertKey::ColComment,
    AlertKey::ColActions,
];

/// What the page shares with its rows and form.
#[derive(Clone, Copy)]
pub(super) struct SilencesPage {
    pub client: StoredValue<ApiClient, LocalStorage>,
    pub locale: Signal<Locale>,
    /// Why this user may not add or expire silences.
    pub refusal: Option<AlertKey>,
    /// The note's id, for the disabled controls' descriptions.
    pub refusal_id: StoredValue<String>,
    pub notice: RwSignal<Option<Notice>>,
    pub reload: RwSignal<u32>,
}

impl SilencesPage {
    pub fn t(&self, key: AlertKey) -> &'static str {
        key.text(self.locale.get())
    }

    /// The reason shown for a refused action: the role's when the server
    /// refused it for the role.
    pub fn reason(&self, e: &ApiError, failed: AlertKey) -> String {
        let locale = self.locale.get_untracked();
        if e.code == ROLE_REFUSED_CODE {
            AlertKey::ViewerMayNotSilence.text(locale).to_owned()
        } else {
            fill(failed.text(locale), &[("reason", &e.summary())]).into_owned()
        }
    }
}

pub(super) fn silences_page(
    client: ApiClient,
    scopes: Vec<ScopeConfig>,
    role: Option<TeamRole>,
    locale: Signal<Locale>,
) -> AnyView {
    let page = SilencesPage {
        client: StoredValue::new_local(client),
        locale,
        refusal: role
            .filter(|r| !r.may_delete())
            .map(|_| AlertKey::ViewerMayNotSilence),
        refusal_id: StoredValue::new(crate::panel::unique_id("silences-refusal")),
        notice: RwSignal::new(None),
        reload: RwSignal::new(0),
    };
    let filter = RwSignal::new(SilenceFilter::default());
    let (list, loading) = use_list(page.reload, move |signal| {
        let api = page.client.get_value();
        async move { api.silences(signal.as_ref()).await }
    });
    let retry = move |_| page.reload.update(|n| *n += 1);
    let shown = move || {
        let f = filter.get();
        list.with(|l| match l {
            Some(Ok(read)) => read.silences.iter().filter(|s| f.shows(s)).cloned().collect(),
            _ => Vec::new(),
        })
    };
    let status = move || {
        let locale = locale.get();
        if loading.get() {
            return Key::Loading.text(locale).to_owned();
        }
        if !list.with(|l| matches!(l, Some(Ok(_)))) {
            return String::new();
        }
        match (shown().len(), filter.get()) {
            (0, SilenceFilter::Current) => AlertKey::SilencesEmptyCurrent.text(locale).to_owned(),
            (0, SilenceFilter::All) => AlertKey::SilencesEmpty.text(locale).to_owned(),
            (n, _) => fill(AlertKey::SilencesCount.text(locale), &[("n", &n.to_string())]).into_owned(),
        }
    };
    let failure = move || {
        let retry = Callback::new(move |()| page.reload.update(|n| *n += 1));
        list.with(|l| {
            load_problem(
                l,
                |r| r.malformed,
                AlertKey::SilencesLoadFailed,
                "retry-silences",
                retry,
                locale,
            )
        })
    };
    let table = move || {
        let rows = shown();
        (!rows.is_empty()).then(|| view! { <SilenceTable page=page rows=rows /> })
    };
    let title_id = crate::panel::unique_id("silences-title");
    let heading_id = title_id.clone();
    let filter_button = move |f: SilenceFilter, key: AlertKey| {
        view! {
            <button type="button" class="sdrs-button sdrs-segment" data-filter=match f {
                SilenceFilter::Current => "current",
                SilenceFilter::All => "all",
            }
                aria-pressed=move || if filter.get() == f { "true" } else { "false" }
                on:click=move |_| filter.set(f)>
                {move || page.t(key)}
            </button>
        }
    };
    view! {
        <section class="sdrs-panel sdrs-silences" aria-labelledby=title_id.clone() lang=move || locale.get().tag()>
            <h2 id=heading_id>{move || page.t(AlertKey::SilencesTitle)}</h2>
            <p class="sdrs-sub">{move || page.t(AlertKey::SilencesCaption)}</p>
            {refusal_note(page.refusal, page.refusal_id.get_value(), locale)}
            <div class="sdrs-toolbar">
                <div class="sdrs-segments" role="group" aria-label=move || page.t(AlertKey::FilterShow)>
                    <span class="sdrs-summary-label" aria-hidden="true">{move || page.t(AlertKey::FilterShow)}</span>
                    {filter_button(SilenceFilter::Current, AlertKey::FilterCurrent)}
                    {filter_button(SilenceFilter::All, AlertKey::FilterAll)}
                </div>
                <button type="button" class="sdrs-button" data-action="refresh-silences" on:click=retry>
                    {move || Key::Refresh.text(locale.get())}
                </button>
            </div>
            <div class="sdrs-status" role="status" aria-live="polite">{status}</div>
            {move || page.notice.get().map(|n| n.view())}
            {failure}
            {table}
            <SilenceForm page=page scopes=scopes />
        </section>
    }
    .into_any()
}

#[component]
fn SilenceTable(page: SilencesPage, rows: Vec<Silence>) -> impl IntoView {
    let body = rows
        .into_iter()
        .map(|s| view! { <SilenceRow page=page silence=s /> })
        .collect_view();
    list_table(
        "sdrs-silence-table",
        AlertKey::SilencesTitle,
        &COLUMNS,
        page.locale,
        body,
    )
}

#[component]
fn SilenceRow(page: SilencesPage, silence: Silence) -> impl IntoView {
    let locale = page.locale;
    let state = SilenceState::of(&silence.state);
    let parts = matcher_parts(&silence.matchers);
    let matchers = move || {
        parts
            .iter()
            .map(|(k, v)| view! { <li><span class="sdrs-sub">{k.text(locale.get())}</span>" "<code>{v.clone()}</code></li> })
            .collect_view()
    };
    let (starts, ends, created) = (
        silence.starts_at.clone(),
        silence.ends_at.clone(),
        silence.created_at.clone(),
    );
    let local = move |iso: &str| crate::browser::time::format_local(iso, locale.get());
    let creator = {
        let user = silence.created_by.clone();
        move || {
            fill(
                AlertKey::CreatedAt.text(locale.get()),
                &[("user", &user), ("when", &local(&created))],
            )
            .into_owned()
        }
    };
    let id = silence.id;
    view! {
        <tr data-silence-id=id.to_string() data-state=state.as_str()>
            <td><ul class="sdrs-matchers">{matchers}</ul></td>
            <td>{move || local(&starts)}</td>
            <td>{move || local(&ends)}</td>
            <td>{move || page.t(state.key())}</td>
            <td>{creator}</td>
            <td class="sdrs-cell-reason">{silence.comment.clone()}</td>
            <td>{state.may_expire().then(|| view! { <ExpireControl page=page id=id /> })}</td>
        </tr>
    }
}

/// Expire, then "Expire now? … [Expire now] [Cancel]" in the row.
#[component]
fn ExpireControl(page: SilencesPage, id: i64) -> impl IntoView {
    let asking = RwSignal::new(false);
    let running = RwSignal::new(false);
    let refused = page.refusal.is_some();
    let described = page.refusal.map(|_| page.refusal_id.get_value());
    let expire = move |_| {
        if running.get_untracked() || refused {
            return;
        }
        running.set(true);
        let api = page.client.get_value();
        spawn_local(async move {
            let result = api.expire_silence(id).await;
            running.try_set(false);
            asking.try_set(false);
            let locale = page.locale.get_untracked();
            page.notice.set(Some(match result {
                Ok(()) => Notice::done(AlertKey::ExpireDone.text(locale)),
                Err(e) => Notice::failed(page.reason(&e, AlertKey::ExpireFailed)),
            }));
            page.reload.update(|n| *n += 1);
        });
    };
    let label = move || fill(page.t(AlertKey::ExpireLabel), &[("id", &id.to_string())]).into_owned();
    move || {
        if asking.get() {
            view! {
                <div class="sdrs-expire-confirm" role="group" aria-label=label>
                    <p>{move || page.t(AlertKey::ExpireConfirm)}</p>
                    <p class="sdrs-actions">
                        <button type="button" class="sdrs-button sdrs-button-danger" data-action="expire-confirm"
                            disabled=move || running.get() aria-busy=move || running.get().then_some("true") on:click=expire>
                            {move || if running.get() { page.t(AlertKey::Expiring) } else { page.t(AlertKey::ExpireYes) }}
                        </button>
                        <button type="button" class="sdrs-button" data-action="expire-cancel" on:click=move |_| asking.set(false)>
                            {move || page.t(AlertKey::Cancel)}
                        </button>
                    </p>
                </div>
            }
            .into_any()
        } else {
            view! {
                <button type="button" class="sdrs-button" data-action="expire" aria-label=label
                    disabled=refused aria-describedby=described.clone() on:click=move |_| asking.set(true)>
                    {move || page.t(AlertKey::Expire)}
                </button>
            }
            .into_any()
        }
    }
}
