//! Dates through the browser: parsing with `Date.parse` and local
//! formatting with one cached `Intl.DateTimeFormat` per locale, so a
//! 1000-row page creates no formatter per row.

use crate::i18n::Locale;
use std::cell::RefCell;
use wasm_bindgen::JsValue;

thread_local! {
    static FORMATTERS: RefCell<Vec<(Locale, js_sys::Function)>> = const { RefCell::new(Vec::new()) };
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Epoch ms of an ISO time, NaN when unreadable.
pub fn parse_ms(iso: &str) -> f64 {
    js_sys::Date::parse(iso)
}

/// Local date and time in the locale's numeric form (`11/28/2026, 19:49:44`
/// in English, `2026/11/28 19:49:44` in Chinese), or the raw text when
/// unreadable.
pub fn format_local(iso: &str, locale: Locale) -> String {
    let ms = parse_ms(iso);
    if ms.is_nan() {
        return iso.to_owned();
    }
    FORMATTERS.with(|cache| {
        let mut cache = cache.borrow_mut();
        let format = match cache.iter().find(|(l, _)| *l == locale) {
            Some((_, f)) => f.clone(),
            None => {
                let f = new_formatter(locale);
                cache.push((locale, f.clone()));
                f
            }
        };
        format
            .call1(&JsValue::UNDEFINED, &js_sys::Date::new(&JsValue::from_f64(ms)))
            .ok()
            .and_then(|v| v.as_string())
            .unwrap_or_else(|| iso.to_owned())
    })
}

fn new_formatter(locale: Locale) -> js_sys::Function {
    let options = js_sys::Object::new();
    for (k, v) in [
        ("year", "numeric"),
        ("month", "2-digit"),
        ("day", "2-digit"),
        ("hour", "2-digit"),
        ("minute", "2-digit"),
        ("second", "2-digit"),
    ] {
        let _ = js_sys::Reflect::set(&options, &k.into(), &v.into());
    }
    let _ = js_sys::Reflect::set(&options, &"hour12".into(), &JsValue::FALSE);
    let locales = js_sys::Array::of1(&locale.tag().into());
    js_sys::Intl::DateTimeFormat::new(&locales, &options).format()
}

/// Epoch ms of an `<input type="datetime-local">` value (local time).
pub fn parse_local_input(value: &str) -> Option<i64> {
    let ms = parse_ms(value);
    (!value.is_empty() && ms.is_finite()).then_some(ms as i64)
}

/// The browser's offset from UTC at `t` (epoch ms), east positive, as the
/// local-time view models take it.
pub fn utc_offset_ms(t: i64) -> i64 {
    let minutes = js_sys::Date::new(&JsValue::from_f64(t as f64)).get_timezone_offset();
    -(minutes as i64) * 60_000
}
