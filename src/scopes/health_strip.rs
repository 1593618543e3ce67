//! The scope-health strip: a list, one item per scope, its state in words,
//! its last and next poll, its error, "stale" when its rows may be out of
//! date, and Retry for a refused credential (roles that may delete only).
//! A failed refresh keeps the last answer, marked stale, and says why.

use super::store::JournalStore;
use crate::i18n::{fill, ScopeKey};
use crate::view_model::scope_health::{health_line, HealthLine};
use leptos::prelude::*;

#[component]
pub(super) fn HealthStrip(store: JournalStore) -> impl IntoView {
    let health = store.health();
    let title_id = crate::panel::unique_id("health-title");
    // Items by name: a new answer or the clock's tick updates their text,
    // never recreates them (a focused Retry keeps its focus).
    let names = Memo::new(move |_| {
        health.list.with(|l| {
            l.as_ref()
                .map(|l| l.scopes.iter().map(|h| h.name.clone()).collect::<Vec<_>>())
        })
    });
    let failure = move || {
        health.error.get().map(|reason| {
            let text = fill(store.ts(ScopeKey::HealthLoadFailed), &[("reason", &reason)]).into_owned();
            view! { <p class="sdrs-note" role="alert">{text}</p> }
        })
    };
    view! {
        <section class="sdrs-health" aria-labelledby=title_id.clone()>
            <h3 id=title_id.clone() class="sdrs-health-title">{move || store.ts(ScopeKey::HealthTitle)}</h3>
            {failure}
            {move || match names.get() {
                None => None,
                Some(names) if names.is_empty() => Some(view! { <p class="sdrs-sub">{store.ts(ScopeKey::HealthNone)}</p> }.into_any()),
                Some(_) => Some(view! {
                    <ul class="sdrs-health-list">
                        <For
                            each=move || names.get().unwrap_or_default()
                            key=|name| name.clone()
                            children=move |name| view! { <HealthItem store=store name=name /> }
                        />
                    </ul>
                }.into_any()),
            }}
        </section>
    }
}

#[component]
fn HealthItem(store: JournalStore, name: String) -> impl IntoView {
    let health = store.health();
    let line = {
        let name = name.clone();
        Memo::new(move |_| {
            let now = store.now_ms().get();
            let locale = store.locale().get();
            let fresh = health.error.with(Option::is_none);
            health.list.with(|l| {
                l.as_ref()
                    .and_then(|l| l.scopes.iter().find(|h| h.name == name))
                    .map(|h| health_line(h, now, fresh, locale))
            })
        })
    };
    let field =
        move |f: fn(&HealthLine) -> String| move || line.with(|l| l.as_ref().map(f).unwrap_or_default());
    let retryable = move || line.with(|l| l.as_ref().is_some_and(|l| l.retryable));
    let stale = move || line.with(|l| l.as_ref().is_some_and(|l| l.stale));
    let is_retrying = {
        let name = name.clone();
        move || health.retrying.with(|r| r.as_deref() == Some(name.as_str()))
    };
    let retry = {
        let name = name.clone();
        move || {
            retryable().then(|| {
                let label = fill(store.ts(ScopeKey::RetryLabel), &[("scope", &name)]).into_owned();
                let name = name.clone();
                let busy = is_retrying.clone();
                let busy_text = is_retrying.clone();
                view! {
                    <button
                        type="button"
                        class="sdrs-button"
                        data-action="retry-scope"
                        aria-label=label
                        aria-disabled=move || store.retry_refusal().map(|_| "true")
                        title=move || store.retry_refusal()
                        disabled=busy
                        on:click=move |_| store.retry_scope(name.clone())
                    >
                        {move || if busy_text() { store.ts(ScopeKey::Retrying) } else { store.ts(ScopeKey::Retry) }}
                    </button>
                }
            })
        }
    };
    let error = move || {
        line.with(|l| l.as_ref().and_then(|l| l.error.clone())).map(|e| {
            let text = fill(store.ts(ScopeKey::HealthError), &[("error", &e)]).into_owned();
            view! { <span class="sdrs-health-error">{text}</span> }
        })
    };
    view! {
        <li
            class="sdrs-health-item"
            data-scope=name.clone()
            data-state=move || line.with(|l| l.as_ref().map(|l| l.state))
            data-stale=move || stale().then_some("true")
        >
            <span class="sdrs-health-name">{name.clone()}</span>
            <span class="sdrs-sub sdrs-mono">{field(|l| l.region.clone())}</span>
            <span class="sdrs-health-state">{field(|l| l.state_text.to_owned())}</span>
            {move || stale().then(|| view! { <span class="sdrs-chip sdrs-stale">{store.ts(ScopeKey::StaleMark)}</span> })}
            <span class="sdrs-sub">{field(|l| l.details.join(" · "))}</span>
            {error}
            {retry}
        </li>
    }
}
