//! The opt-in custom element `<sdrs-failed-tasks api-base project-id
//! locale stylesheet>`: its own shadow root, which links the panel's
//! stylesheet (`console.css`) the page already loads, so the browser reuses
//! the cached sheet and the wasm carries no copy of it.

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
    static get observedAttributes() { return ['api-base', 'project-id', 'locale', 'stylesheet']; }
    connectedCallback() { this.__sdrs = connect(this); }
    disconnectedCallback() { if (this.__sdrs) { disconnect(this.__sdrs); this.__sdrs = 0; } }
    attributeChangedCallback() {
      if (this.__sdrs) { disconnect(this.__sdrs); this.__sdrs = connect(this); }
    }
  });
  return true;
}

// The stylesheet of the shadow root: the `stylesheet` attribute, else the
// page's own link to a console.css, else `fallback` (beside the module).
export function stylesheet_url(host, fallback) {
  const given = (host.getAttribute('stylesheet') || '').trim();
  if (given) return given;
  for (const link of document.querySelectorAll('link[rel~="stylesheet"][href]')) {
    if (URL.canParse(link.href) && new URL(link.href).pathname.endsWith('/console.css')) return link.href;
  }
  return fallback;
}

// Links the stylesheet at `given` first in `root`; if its URL does not parse
// or it cannot be loaded, says so in there.
export function link_stylesheet(root, given) {
  const parses = URL.canParse(given, document.baseURI);
  const href = parses ? new URL(given, document.baseURI).href : given;
  const missing = () => {
    const message = document.createElement('p');
    message.setAttribute('role', 'alert');
    message.className = 'sdrs-stylesheet-missing';
    message.textContent = `sdrs-failed-tasks: its stylesheet ${href} could not be loaded. ` +
      'Link console.css in the page or set the stylesheet attribute to its URL.';
    root.prepend(message);
  };
  if (!parses) return missing();
  const link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = href;
  link.addEventListener('error', missing);
  root.prepend(link);
}
"#)]
extern "C" {
    fn define_element(
        name: &str,
        connect: &Closure<dyn Fn(HtmlElement) -> u32>,
        disconnect: &Closure<dyn Fn(u32)>,
    ) -> bool;
    fn stylesheet_url(host: &HtmlElement, fallback: &str) -> String;
    fn link_stylesheet(root: &web_sys::ShadowRoot, href: &str);
}

thread_local! {
    static ELEMENTS: RefCell<(u32, HashMap<u32, PanelHandle>)> = RefCell::new((0, HashMap::new()));
}

/// Registers `<sdrs-failed-tasks>` (once). Attributes: `api-base`,
/// `project-id`, `locale`, `stylesheet` (the URL of `console.css`).
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
    let beside_module = crate::panel::codes::beside_module("console.css");
    link_stylesheet(&shadow, &stylesheet_url(host, &beside_module));
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
