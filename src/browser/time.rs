//! Dates through the browser: parsing with `Date.parse`, the zone's offset
//! from `Date`, and local times written from their calendar parts
//! ([`Civil`]).

use crate::i18n::Locale;
use crate::view_model::civil::Civil;
use wasm_bindgen::JsValue;

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// Epoch ms of an ISO time, NaN when unreadable.
pub fn parse_ms(iso: &str) -> f64 {
    js_sys::Date::parse(iso)
}

/// Local date and time in the locale's numeric form (`11/28/2026, 19:49:44`
/// in English, `2026/11/28 19:49:44` in Chinese), or the raw text when
/// unreadable. The zone is the browser's, at that instant.
pub fn format_local(iso: &str, locale: Locale) -> String {
    let ms = parse_ms(iso);
    if !ms.is_finite() {
        return iso.to_owned();
    }
    let t = ms as i64;
    Civil::at(t, utc_offset_ms(t)).numeric(locale)
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
