//! Modules that need the browser but no server: dates through `Date` and
//! `Intl`, relative times and durations in both languages.
#![cfg(target_arch = "wasm32")]

mod common;

use sdrs_console::browser::time::{format_local, now_ms, parse_local_input, parse_ms};
use sdrs_console::i18n::{Key, Locale};
use sdrs_console::view_model::format::{duration, relative_time};
use wasm_bindgen::JsValue;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

const ISO: &str = "2019-01-21T12:56:35.754Z";
const MS: f64 = 1_548_075_395_754.0;

/// The local calendar fields of `ms`, as the browser sees them.
fn local_fields(ms: f64) -> [u32; 6] {
    let d = js_sys::Date::new(&JsValue::from_f64(ms));
    [
        d.get_full_year(),
        d.get_month() + 1,
        d.get_date(),
        d.get_hours(),
        d.get_minutes(),
        d.get_seconds(),
    ]
}

/// Runs of ASCII digits in `text`.
fn numbers(text: &str) -> Vec<u32> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|s| !s.is_empty())
        .map(|s| s.parse().unwrap())
        .collect()
}

#[wasm_bindgen_test]
fn parses_the_api_time_format() {
    assert_eq!(parse_ms(ISO), MS);
    assert!(parse_ms("not a time").is_nan());
    assert!(parse_ms("").is_nan());
    assert!((now_ms() - js_sys::Date::now()).abs() < 60_000.0);
}

#[wasm_bindgen_test]
fn formats_local_time_in_both_languages() {
    let want = local_fields(MS);
    for locale in Locale::ALL {
        let shown = format_local(ISO, locale);
        // Chinese writes year, month, day; English (en-US) month, day, year.
        let mut got = numbers(&shown);
        if locale == Locale::En {
            got[..3].rotate_right(1);
        }
        assert_eq!(got, want, "{locale:?}: {shown:?}");
        // 24-hour clock, two-digit fields.
        assert!(!shown.contains("AM") && !shown.contains("PM"), "{shown:?}");
        for field in ["上午", "下午"] {
            assert!(!shown.contains(field), "{shown:?}");
        }
        assert!(
            shown.contains(&format!("{:02}:{:02}:{:02}", want[3], want[4], want[5])),
            "{locale:?}: {shown:?}"
        );
        // The same instant, the same text.
        assert_eq!(format_local(ISO, locale), shown);
    }
    // A time near midnight and one in summer, so both sides of a zone
    // offset are formatted.
    for iso in ["2024-12-31T23:59:59.999Z", "2024-07-01T00:00:00.000Z"] {
        let want = local_fields(parse_ms(iso));
        assert_eq!(numbers(&format_local(iso, Locale::Zh)), want, "{iso}");
    }
}

#[wasm_bindgen_test]
fn unreadable_times_are_shown_raw() {
    for raw in ["", "yesterday", "<b>x</b>", "2019-13-45T99:99:99Z"] {
        assert_eq!(format_local(raw, Locale::En), raw);
        assert_eq!(format_local(raw, Locale::Zh), raw);
    }
}

#[wasm_bindgen_test]
fn relative_times_in_chinese_and_english() {
    let now = now_ms();
    let ago = |ms: f64| {
        js_sys::Date::new(&JsValue::from_f64(now - ms))
            .to_iso_string()
            .as_string()
            .unwrap()
    };
    let cases = [
        (3.0 * 3_600_000.0 + 5_000.0, "3 小时前", "3 h ago"),
        (5.0 * 60_000.0 + 1_000.0, "5 分钟前", "5 min ago"),
        (45_000.0, "45 秒前", "45 s ago"),
        (2_000.0, "刚刚", "just now"),
        (40.0 * 86_400_000.0, "40 天前", "40 d ago"),
        (-3_600_000.0, "未来时间", "in the future"),
    ];
    for (age, zh, en) in cases {
        let then = parse_ms(&ago(age));
        assert_eq!(relative_time(now, then, Locale::Zh), zh);
        assert_eq!(relative_time(now, then, Locale::En), en);
    }
    assert_eq!(relative_time(now, parse_ms("nonsense"), Locale::Zh), "");
    assert_eq!(duration(134_000.0, Locale::Zh), "2 分 14 秒");
    assert_eq!(Key::RelHours.text(Locale::Zh), "{n} 小时前");
}

#[wasm_bindgen_test]
fn datetime_local_inputs_are_local_time() {
    let ms = parse_local_input("2024-03-05T06:07").unwrap();
    assert_eq!(local_fields(ms as f64), [2024, 3, 5, 6, 7, 0]);
    assert_eq!(parse_local_input(""), None);
    assert_eq!(parse_local_input("garbage"), None);
}
