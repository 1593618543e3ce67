//! The standalone page: reads `config.json`, asks for a project id when it
//! names none, and shows the panel with a header and a language switcher.
//! The view is mirrored into the URL.

use crate::api::{load_config, ApiClient, TokenSource};
use crate::browser::{dom, storage};
use crate::i18n::{fill, Key, Locale};
use crate::iam::{IamAuth, IamStatus};
use crate::panel::{FailedTasksPanel, PanelStore};
use crate::scopes::{ScopeSetup, ScopedTasks};
use crate::team::{TeamAuth, TeamPage, TeamStatus};
use crate::view_model::config::{valid_project_id, ConsoleConfig};
use crate::view_model::scopes::offers_choice;
use crate::view_model::url_state::ViewState;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::rc::Rc;

const PROJECT_STORAGE_KEY: &str = "sdrs-console.project";

/// The browser's preferred language.
pub fn browser_locale() -> Locale {
    web_sys::window()
        .and_then(|w| w.navigator().language())
        .map(|l| Locale::from_tag(&l))
        .unwrap_or_default()
}

#[component]
pub fn App() -> impl IntoView {
    let config = RwSignal::new(None::<Result<ConsoleConfig, String>>);
    let project = RwSignal::new(None::<String>);
    let locale = RwSignal::new(browser_locale());
    let iam = IamAuth::new("");
    provide_context(iam);
    let team = TeamAuth::new();
    spawn_local(async move {
        let loaded = load_config().await;
        if let Ok(c) = &loaded {
            team.configure(c.team_sign_in.clone(), &c.api_base);
            iam.set_api_base(&c.api_base);
            iam.offered.set(c.iam_sign_in);
            if let Some(l) = c.locale() {
                locale.set(l);
            }
            project.set(
                c.project()
                    .map(str::to_owned)
                    .or_else(|| storage::session_get(PROJECT_STORAGE_KEY)),
            );
        }
        config.set(Some(loaded));
    });
    Effect::new(move |_| {
        if let Some(html) = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
        {
            let _ = html.set_attribute("lang", locale.get().tag());
        }
    });

    let region = move || config.with(|c| c.as_ref()?.as_ref().ok()?.region().map(str::to_owned));
    // Several scopes: each names its own project; the header names none.
    let scoped = move || {
        config.with(|c| {
            c.as_ref()
                .and_then(|c| c.as_ref().ok())
                .is_some_and(|c| offers_choice(&c.usable_scopes()))
        })
    };
    let token_source = move |cfg: &ConsoleConfig| {
        if cfg.iam_sign_in {
            TokenSource::Provider(iam.provider())
        } else {
            TokenSource::None
        }
    };

    let main = move || {
        match config.get() {
        None => view! { <p class="sdrs-status">{move || Key::Loading.text(locale.get())}</p> }.into_any(),
        Some(Err(reason)) => view! {
            <p class="sdrs-error" role="alert">
                {move || fill(Key::ConfigFailed.text(locale.get()), &[("reason", &reason)]).into_owned()}
            </p>
        }
        .into_any(),
        Some(Ok(cfg)) if offers_choice(&cfg.usable_scopes()) && cfg.team_sign_in.is_some() => {
            let id = project.get().unwrap_or_default();
            view! { <TeamPage team=team api_base=cfg.api_base.clone() project_id=id locale=locale scopes=cfg.usable_scopes() /> }
                .into_any()
        }
        Some(Ok(cfg)) if offers_choice(&cfg.usable_scopes()) => {
            let setup = ScopeSetup {
                scopes: cfg.usable_scopes(),
                api_base: cfg.api_base.clone(),
                token: token_source(&cfg),
                session: None,
                role: None,
                on_live_store: Some(Rc::new(move |store: PanelStore| {
                    Effect::watch(move || iam.signed_in.get(), move |_, _, _| store.refresh(), false);
                })),
            };
            view! { <ScopedTasks setup=setup locale=locale /> }.into_any()
        }
        Some(Ok(cfg)) => match project.get() {
            None => view! { <ProjectPrompt locale=locale project=project /> }.into_any(),
            Some(id) if cfg.team_sign_in.is_some() => {
                view! { <TeamPage team=team api_base=cfg.api_base.clone() project_id=id locale=locale scopes=Vec::new() /> }
                    .into_any()
            }
            Some(id) => {
                let client = ApiClient::new(&cfg.api_base, &id, token_source(&cfg));
                let initial = ViewState::from_query_string(&dom::location_search());
                let store = PanelStore::sharing_locale(client, initial, locale);
                Effect::watch(move || iam.signed_in.get(), move |_, _, _| store.refresh(), false);
                view! { <FailedTasksPanel store=store sync_url=true /> }.into_any()
            }
        },
    }
    };

    view! {
        <header class="sdrs-header">
            <h1>{move || Key::AppTitle.text(locale.get())} <span class="sdrs-sub">" · SDRS"</span></h1>
            {move || project.get().filter(|_| !scoped()).map(|p| view! {
                <span class="sdrs-project">
                    {move || Key::ProjectLabel.text(locale.get())} " "
                    <span class="sdrs-mono" title=p.clone()>{crate::view_model::format::short_id(&p)}</span>
                    {move || region().map(|r| view! { " · " <span class="sdrs-mono sdrs-region">{r}</span> })}
                </span>
            })}
            {move || iam.offered.get().then(|| view! { <IamStatus auth=iam locale=locale /> })}
            {move || team.offer.with(Option::is_some).then(|| view! { <TeamStatus team=team locale=locale /> })}
            <label class="sdrs-field sdrs-field-inline">
                <span>{move || Key::LanguageLabel.text(locale.get())}</span>
                <select name="locale" on:change=move |ev| locale.set(Locale::from_tag(&event_target_value(&ev)))>
                    {Locale::ALL
                        .into_iter()
                        .map(|l| view! { <option value=l.tag() selected=move || locale.get() == l>{l.native_name()}</option> })
                        .collect_view()}
                </select>
            </label>
        </header>
        {main}
    }
}

#[component]
fn ProjectPrompt(locale: RwSignal<Locale>, project: RwSignal<Option<String>>) -> impl IntoView {
    let invalid = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    let title_id = crate::panel::unique_id("project-title");
    let submit = move |ev: web_sys::SubmitEvent| {
        ev.prevent_default();
        let value = input
            .get_untracked()
            .map(|i| i.value())
            .unwrap_or_default()
            .trim()
            .to_owned();
        if valid_project_id(&value) {
            storage::session_set(PROJECT_STORAGE_KEY, &value);
            project.set(Some(value));
        } else {
            invalid.set(true);
        }
    };
    view! {
        <form class="sdrs-prompt" aria-labelledby=title_id.clone() on:submit=submit>
            <h2 id=title_id.clone()>{move || Key::ProjectTitle.text(locale.get())}</h2>
            <p>{move || Key::ProjectBody.text(locale.get())}</p>
            <label class="sdrs-field">
                <span>{move || Key::ProjectIdLabel.text(locale.get())}</span>
                <input name="project_id" type="text" autocomplete="off" node_ref=input aria-invalid=move || invalid.get().then_some("true") />
            </label>
            {move || invalid.get().then(|| view! { <p class="sdrs-field-error" role="alert">{Key::ProjectInvalid.text(locale.get())}</p> })}
            <button type="submit" class="sdrs-button sdrs-button-primary">{move || Key::ProjectSubmit.text(locale.get())}</button>
        </form>
    }
}
