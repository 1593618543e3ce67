//! Loads the code catalog of a language (`codes/en.json`, `codes/zh.json`)
//! the first time a drawer or an error banner needs an explanation, and
//! keeps it for the panel. A failed load is not kept: the next drawer or
//! error asks again.
//!
//! The files sit beside the console's JavaScript module, so the default
//! base is resolved from the module's own URL (`import.meta.url`) and works
//! for the standalone page and for host pages in other folders alike.

use crate::i18n::Locale;
use crate::view_model::code_catalog::CodeCatalog;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// Where the catalog of one language stands.
#[derive(Clone)]
pub enum CatalogState {
    Loading,
    Ready(Arc<CodeCatalog>),
    Failed,
}

/// The catalogs of one panel, per language.
#[derive(Clone, Copy)]
pub struct CodeCatalogs {
    base: StoredValue<String>,
    /// Indexed by [`slot`]; `None` until first asked for, or after a failure.
    states: RwSignal<[Option<CatalogState>; 2]>,
}

fn slot(locale: Locale) -> usize {
    match locale {
        Locale::En => 0,
        Locale::Zh => 1,
    }
}

fn file_name(locale: Locale) -> &'static str {
    match locale {
        Locale::En => "en.json",
        Locale::Zh => "zh.json",
    }
}

#[wasm_bindgen]
extern "C" {
    type ImportMeta;
    #[wasm_bindgen(thread_local_v2, js_namespace = import, js_name = meta)]
    static IMPORT_META: ImportMeta;
    #[wasm_bindgen(method, getter)]
    fn url(this: &ImportMeta) -> String;
}

/// The URL of `path` beside the console's JavaScript module.
pub(crate) fn beside_module(path: &str) -> String {
    let module = IMPORT_META.with(ImportMeta::url);
    web_sys::Url::new_with_base(path, &module)
        .map(|u| u.href())
        .unwrap_or_else(|_| path.to_owned())
}

/// `codes/` beside the console's JavaScript module.
fn default_base() -> String {
    beside_module("codes/")
}

/// The folder URL, ending in `/`; beside the module when not given.
fn folder(base: Option<String>) -> String {
    base.filter(|b| !b.trim().is_empty())
        .map(|b| if b.ends_with('/') { b } else { format!("{b}/") })
        .unwrap_or_else(default_base)
}

impl CodeCatalogs {
    /// `base` is the folder URL of the catalog files (ending in `/`); `None`
    /// for the folder beside the console's module.
    pub fn new(base: Option<String>) -> Self {
        CodeCatalogs {
            base: StoredValue::new(folder(base)),
            states: RwSignal::new([None, None]),
        }
    }

    /// Moves the catalogs to another folder (an embedder's `codesBase`);
    /// what was loaded from the old one is dropped.
    pub fn set_base(&self, base: Option<String>) {
        self.base.set_value(folder(base));
        self.states.set([None, None]);
    }

    /// Starts loading the catalog of `locale` unless it is loaded or on its
    /// way. Call it when something needs an explanation, not at start-up.
    pub fn ensure(&self, locale: Locale) {
        let i = slot(locale);
        let needed = self
            .states
            .with_untracked(|s| matches!(s[i], None | Some(CatalogState::Failed)));
        if !needed {
            return;
        }
        self.states.update(|s| s[i] = Some(CatalogState::Loading));
        let url = format!("{}{}", self.base.get_value(), file_name(locale));
        let states = self.states;
        spawn_local(async move {
            let loaded = load(&url).await;
            // A panel unmounted meanwhile has disposed its signal.
            let _ = states.try_update(|s| {
                s[i] = Some(match loaded {
                    Some(catalog) => CatalogState::Ready(Arc::new(catalog)),
                    None => CatalogState::Failed,
                })
            });
        });
    }

    /// The catalog of `locale` as it stands now (reactive).
    pub fn state(&self, locale: Locale) -> CatalogState {
        self.states
            .with(|s| s[slot(locale)].clone())
            .unwrap_or(CatalogState::Loading)
    }
}

async fn load(url: &str) -> Option<CodeCatalog> {
    let response = gloo_net::http::Request::get(url).send().await.ok()?;
    if !response.ok() {
        return None;
    }
    let text = response.text().await.ok()?;
    CodeCatalog::from_json(&text)
}
