//! The opt-in custom element `<sdrs-failed-tasks api-base project-id
//! locale>`: its own shadow root, the panel's stylesheet adopted inside.

use super::js::{mount_config, PanelHandle};
use super::PanelConfig;
use crate::i18n::Locale;
use std::cell::RefCell;
use std::collections::HashMap;
use wasm_bindgen::prelude::*;
use web_sys::HtmlElement;

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
const PANEL_CSS: &str = include_str!("../../style/console.css");

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
    if !crate::view_model::config::valid_project_id(project.trim()) {
        container.set_text_content(Some(
            "sdrs-failed-tasks: the project-id attribute is missing or invalid.",
        ));
        return None;
    }
    let mut config = PanelConfig::new(&attr("api-base"), project.trim());
    config.locale = host
        .get_attribute("locale")
        .map(|l| Locale::from_tag(&l))
        .unwrap_or_else(crate::app::browser_locale);
    let handle = mount_config(container, config);
    ELEMENTS.with(|e| {
        let mut e = e.borrow_mut();
        e.0 += 1;
        let id = e.0;
        e.1.insert(id, handle);
        Some(id)
    })
}
