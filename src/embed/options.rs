//! What JavaScript hands to `mount` and `setFilters`, read into the
//! [`JsKind`]s that `view_model::embed_options` checks; a rejected value
//! becomes the `TypeError` the host sees.

use crate::view_model::embed_options::{self as checks, JsKind, OptionError};
use wasm_bindgen::{JsCast, JsValue};

fn kind(value: &JsValue) -> JsKind {
    if value.is_undefined() || value.is_null() {
        JsKind::Missing
    } else if let Some(text) = value.as_string() {
        JsKind::String(text)
    } else if let Some(n) = value.as_f64() {
        JsKind::Number(n)
    } else if value.as_bool().is_some() {
        JsKind::Boolean
    } else if value.is_function() {
        JsKind::Function
    } else if js_sys::Array::is_array(value) {
        JsKind::Array
    } else if value.is_object() {
        JsKind::Object
    } else {
        JsKind::Other
    }
}

/// The value at `path` below `root`; a throwing getter reads as missing.
fn at(root: &JsValue, path: &[&str]) -> JsKind {
    let mut value = root.clone();
    for key in path {
        if !value.is_object() {
            return JsKind::Missing;
        }
        value = js_sys::Reflect::get(&value, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED);
    }
    kind(&value)
}

fn type_error(e: OptionError) -> JsValue {
    js_sys::TypeError::new(&e.to_string()).unchecked_into()
}

/// [`checks::check_mount_element`] of `mount`'s first argument.
pub(super) fn check_mount_element(element: &JsValue) -> Result<(), JsValue> {
    checks::check_mount_element(&kind(element), &at(element, &["nodeType"])).map_err(type_error)
}

/// [`checks::check_mount_options`] of a JS options object.
pub(super) fn check_mount_options(options: &JsValue) -> Result<(), JsValue> {
    checks::check_mount_options(&|path| at(options, path)).map_err(type_error)
}

/// [`checks::check_filters`] of a JS filters object.
pub(super) fn check_filters(filters: &JsValue) -> Result<(), JsValue> {
    checks::check_filters(&|path| at(filters, path)).map_err(type_error)
}
