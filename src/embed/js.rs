//! `mount(element, options)` for JavaScript hosts, and the handle it
//! returns (`unmount`, `refresh`, `setFilters`, `setLocale`).

use super::options;
use super::{PanelConfig, SdrsPanel};
use crate::api::{TokenProvider, TokenSource};
use crate::i18n::Locale;
use crate::panel::PanelStore;
use crate::view_model::url_state::ViewState;
use leptos::mount::mount_to;
use leptos::prelude::*;
use sdrs_models::query::encode_component;
use sdrs_models::FailureJobQuery;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

/// A mounted panel, returned to JavaScript by `mount`.
#[wasm_bindgen]
pub struct PanelHandle {
    store: PanelStore,
    mounted: Option<leptos::mount::UnmountHandle<leptos::tachys::view::any_view::AnyViewState>>,
}

#[wasm_bindgen]
impl PanelHandle {
    /// Removes the panel's DOM and stops its timers and requests.
    pub fn unmount(&mut self) {
        self.mounted.take();
    }

    /// Fetches the current page again.
    pub fn refresh(&self) {
        if self.mounted.is_some() {
            self.store.refresh();
        }
    }

    /// Applies filters (`failure_status`, `resource_type`,
    /// `server_group_id`, `resource_name`; camelCase works too) on their
    /// first page. Unknown keys and values are ignored; a value of the
    /// wrong type throws a `TypeError` naming it.
    #[wasm_bindgen(js_name = setFilters)]
    pub fn set_filters(&self, filters: JsValue) -> Result<(), JsValue> {
        options::check_filters(&filters)?;
        if self.mounted.is_some() {
            self.store.set_filters(query_from_js(&filters));
        }
        Ok(())
    }

    /// Switches the language without refetching.
    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(&self, locale: &str) {
        if self.mounted.is_some() {
            self.store.set_locale(Locale::from_tag(locale));
        }
    }
}

/// Mounts a panel into `element`. Options: `apiBase`, `projectId`,
/// `token` or `getToken` (an async function, called before each request
/// with `{refresh}` and again with `refresh: true` after a 401),
/// `initialFilters`, `syncUrl` (default false), `locale`, `codesBase` (the
/// folder of `en.json`/`zh.json`; default `codes/` beside the module).
#[wasm_bindgen]
pub fn mount(element: HtmlElement, options: JsValue) -> Result<PanelHandle, JsValue> {
    options::check_mount_element(&element)?;
    let config = config_from_js(&options)?;
    Ok(mount_config(element, config))
}

pub(super) fn mount_config(element: HtmlElement, config: PanelConfig) -> PanelHandle {
    let store = config.store();
    let mounted = mount_to(element, move || {
        view! { <SdrsPanel config=config store=store /> }.into_any()
    });
    PanelHandle {
        store,
        mounted: Some(mounted),
    }
}

fn get(options: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(options, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

fn get_string(options: &JsValue, key: &str) -> Option<String> {
    get(options, key).as_string()
}

fn config_from_js(options: &JsValue) -> Result<PanelConfig, JsValue> {
    options::check_mount_options(options)?;
    if !options.is_object() {
        return Err(JsValue::from_str(
            "mount(element, options): options must be an object",
        ));
    }
    let project_id = get_string(options, "projectId").unwrap_or_default();
    if !crate::view_model::config::valid_project_id(project_id.trim()) {
        return Err(JsValue::from_str(
            "mount(element, options): options.projectId is missing or invalid",
        ));
    }
    let mut config = PanelConfig::new(
        &get_string(options, "apiBase").unwrap_or_default(),
        project_id.trim(),
    );
    let get_token = get(options, "getToken");
    if let Some(f) = get_token.dyn_ref::<js_sys::Function>() {
        config.token = TokenSource::Provider(token_provider(f.clone()));
    } else if let Some(token) = get_string(options, "token").filter(|t| !t.is_empty()) {
        config.token = TokenSource::Static(token);
    }
    let filters = get(options, "initialFilters");
    if filters.is_object() {
        config.initial.query = query_from_js(&filters);
    }
    config.sync_url = get(options, "syncUrl").as_bool().unwrap_or(false);
    if config.sync_url {
        config.initial = ViewState::from_query_string(&crate::browser::dom::location_search());
    }
    config.locale = get_string(options, "locale")
        .map(|l| Locale::from_tag(&l))
        .unwrap_or_else(crate::app::browser_locale);
    config.codes_base = get_string(options, "codesBase");
    Ok(config)
}

/// Filters from a JS object, through the same parser as page URLs.
fn query_from_js(filters: &JsValue) -> FailureJobQuery {
    const KEYS: [(&str, &str); 6] = [
        ("failure_status", "failureStatus"),
        ("resource_type", "resourceType"),
        ("server_group_id", "serverGroupId"),
        ("resource_name", "resourceName"),
        ("limit", "limit"),
        ("offset", "offset"),
    ];
    let mut pairs = Vec::new();
    for (snake, camel) in KEYS {
        let value = get(filters, snake);
        let value = if value.is_undefined() {
            get(filters, camel)
        } else {
            value
        };
        let text = value
            .as_string()
            .or_else(|| value.as_f64().map(|n| n.to_string()));
        if let Some(text) = text {
            pairs.push(format!("{snake}={}", encode_component(&text)));
        }
    }
    FailureJobQuery::from_query_string(&pairs.join("&"))
}

/// Wraps a host's `getToken` (sync or async) as a token provider.
fn token_provider(f: js_sys::Function) -> TokenProvider {
    Rc::new(move |refresh: bool| {
        let f = f.clone();
        Box::pin(async move {
            let arg = crate::browser::events::object(&[("refresh", JsValue::from_bool(refresh))]);
            let value = f.call1(&JsValue::UNDEFINED, &arg).ok()?;
            let value = match value.dyn_into::<js_sys::Promise>() {
                Ok(promise) => JsFuture::from(promise).await.ok()?,
                Err(value) => value,
            };
            value.as_string()
        })
    })
}
