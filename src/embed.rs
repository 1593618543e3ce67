//! Embedding the panel in other pages.
//!
//! - JavaScript: `mount(element, options)` returns a handle with
//!   `unmount()`, `refresh()` and `setFilters(filters)`.
//! - Leptos hosts: [`SdrsPanel`] with a [`PanelConfig`] prop.
//! - An opt-in custom element, `<sdrs-failed-tasks api-base project-id
//!   locale>`, registered by `defineElement()`, rendering into its own
//!   shadow root with the panel's styles inside.
//!
//! The panel reports to the host through DOM events on its element:
//! `sdrs-rows-loaded`, `sdrs-error`, `sdrs-job-opened` (they bubble and
//! cross shadow roots). It installs no router and no window listener.

use crate::api::{ApiClient, TokenProvider, TokenSource};
use crate::components::{FailedTasksPanel, PanelState};
use crate::i18n::Locale;
use crate::url_state::ViewState;
use leptos::mount::mount_to;
use leptos::prelude::*;
use sdrs_models::query::encode_component;
use sdrs_models::FailureJobQuery;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;
use web_sys::HtmlElement;

/// Everything a host chooses.
#[derive(Clone)]
pub struct PanelConfig {
    pub api_base: String,
    pub project_id: String,
    pub token: TokenSource,
    pub initial: ViewState,
    pub locale: Locale,
    /// Mirror the view into the page URL; off for embedded panels.
    pub sync_url: bool,
}

impl PanelConfig {
    pub fn new(api_base: &str, project_id: &str) -> Self {
        PanelConfig {
            api_base: api_base.to_owned(),
            project_id: project_id.to_owned(),
            token: TokenSource::None,
            initial: ViewState::default(),
            locale: Locale::En,
            sync_url: false,
        }
    }
}

/// The panel for Leptos hosts. `state` lets the host drive it (refresh,
/// filters, language); one is made from the config when omitted.
#[component]
pub fn SdrsPanel(config: PanelConfig, #[prop(optional)] state: Option<PanelState>) -> impl IntoView {
    let state = state.unwrap_or_else(|| PanelState::new(config.initial.clone(), config.locale));
    let client = ApiClient::new(&config.api_base, &config.project_id, config.token.clone());
    view! { <FailedTasksPanel client=client state=state sync_url=config.sync_url /> }
}

/// A mounted panel, returned to JavaScript by `mount`.
#[wasm_bindgen]
pub struct PanelHandle {
    state: PanelState,
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
            self.state.refresh();
        }
    }

    /// Applies filters (`failure_status`, `resource_type`,
    /// `server_group_id`, `resource_name`; camelCase works too) on their
    /// first page. Unknown keys and values are ignored; a value of the
    /// wrong type throws a `TypeError` naming it.
    #[wasm_bindgen(js_name = setFilters)]
    pub fn set_filters(&self, filters: JsValue) -> Result<(), JsValue> {
        crate::embed_options::check_filters_js(&filters)?;
        if self.mounted.is_some() {
            self.state.set_filters(query_from_js(&filters));
        }
        Ok(())
    }

    /// Switches the language without refetching.
    #[wasm_bindgen(js_name = setLocale)]
    pub fn set_locale(&self, locale: &str) {
        if self.mounted.is_some() {
            self.state.locale.set(Locale::from_tag(locale));
        }
    }
}

/// Mounts a panel into `element`. Options: `apiBase`, `projectId`,
/// `token` or `getToken` (an async function, called before each request
/// with `{refresh}` and again with `refresh: true` after a 401),
/// `initialFilters`, `syncUrl` (default false), `locale`.
#[wasm_bindgen]
pub fn mount(element: HtmlElement, options: JsValue) -> Result<PanelHandle, JsValue> {
    crate::embed_options::check_mount_element_js(&element)?;
    let config = config_from_js(&options)?;
    Ok(mount_config(element, config))
}

fn mount_config(element: HtmlElement, config: PanelConfig) -> PanelHandle {
    let state = PanelState::new(config.initial.clone(), config.locale);
    let mounted = mount_to(element, move || {
        view! { <SdrsPanel config=config state=state /> }.into_any()
    });
    PanelHandle {
        state,
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
    crate::embed_options::check_mount_options_js(options)?;
    if !options.is_object() {
        return Err(JsValue::from_str(
            "mount(element, options): options must be an object",
        ));
    }
    let project_id = get_string(options, "projectId").unwrap_or_default();
    if !crate::config::valid_project_id(project_id.trim()) {
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
        config.initial = ViewState::from_query_string(&crate::dom::location_search());
    }
    config.locale = get_string(options, "locale")
        .map(|l| Locale::from_tag(&l))
        .unwrap_or_else(crate::components::app::browser_locale);
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
            let arg = crate::dom::object(&[("refresh", JsValue::from_bool(refresh))]);
            let value = f.call1(&JsValue::UNDEFINED, &arg).ok()?;
            let value = match value.dyn_into::<js_sys::Promise>() {
                Ok(promise) => JsFuture::from(promise).await.ok()?,
                Err(value) => value,
            };
            value.as_string()
        })
    })
}

#[wasm_bindgen(inline_js = r#"
export function define_element(name, connect, disconnect) {
  if (customElements.get(name)) return false;
  customElements.define(name, class extends HTMLElement {
    static get observedAttributes() { return ['api-base', 'project-id', 'locale']; }
    connectedCallback() { this.__sdrs = connect(this); }
    disconnectedCallback() { if (this.__sdrs) { disconnect(this.__sdrs); this.__sdrs = 0; } }
    attributeChangedCallback() {
      if (this.__sdrs) { disconnect(this.__sdrs); this.__sdrs = connect(this); }
    }
  });
  return true;
}
"#)]
extern "C" {
    fn define_element(
        name: &str,
        connect: &Closure<dyn Fn(HtmlElement) -> u32>,
        disconnect: &Closure<dyn Fn(u32)>,
    ) -> bool;
}

/// The stylesheet adopted by each custom element's shadow root.
const PANEL_CSS: &str = include_str!("../style/console.css");

thread_local! {
    static ELEMENTS: RefCell<(u32, HashMap<u32, PanelHandle>)> = RefCell::new((0, HashMap::new()));
}

/// Registers `<sdrs-failed-tasks>` (once). Attributes: `api-base`,
/// `project-id`, `locale`.
#[wasm_bindgen(js_name = defineElement)]
pub fn define_custom_element() -> bool {
    let connect =
        Closure::<dyn Fn(HtmlElement) -> u32>::new(|host: HtmlElement| connect_element(&host).unwrap_or(0));
    let disconnect = Closure::<dyn Fn(u32)>::new(|id: u32| {
        let handle = ELEMENTS.with(|e| e.borrow_mut().1.remove(&id));
        if let Some(mut handle) = handle {
            handle.unmount();
        }
    });
    let defined = define_element("sdrs-failed-tasks", &connect, &disconnect);
    // The element class lives as long as the page.
    connect.forget();
    disconnect.forget();
    defined
}

fn connect_element(host: &HtmlElement) -> Option<u32> {
    let shadow = match host.shadow_root() {
        Some(root) => root,
        None => host
            .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))
            .ok()?,
    };
    shadow.set_inner_html("");
    let sheet = web_sys::CssStyleSheet::new().ok()?;
    sheet.replace_sync(PANEL_CSS).ok()?;
    shadow.set_adopted_style_sheets(&js_sys::Array::of1(&sheet));
    let document = host.owner_document()?;
    let container: HtmlElement = document.create_element("div").ok()?.dyn_into().ok()?;
    shadow.append_child(&container).ok()?;

    let attr = |name: &str| host.get_attribute(name).unwrap_or_default();
    let project = attr("project-id");
    if !crate::config::valid_project_id(project.trim()) {
        container.set_text_content(Some(
            "sdrs-failed-tasks: the project-id attribute is missing or invalid.",
        ));
        return None;
    }
    let mut config = PanelConfig::new(&attr("api-base"), project.trim());
    config.locale = host
        .get_attribute("locale")
        .map(|l| Locale::from_tag(&l))
        .unwrap_or_else(crate::components::app::browser_locale);
    let handle = mount_config(container, config);
    ELEMENTS.with(|e| {
        let mut e = e.borrow_mut();
        e.0 += 1;
        let id = e.0;
        e.1.insert(id, handle);
        Some(id)
    })
}
