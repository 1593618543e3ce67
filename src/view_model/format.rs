//! Text formatting that needs no browser: relative times, shortened ids,
//! truncated reasons, durations. Absolute dates are written by
//! [`super::civil`] at the browser's zone offset (see `browser/time.rs`).

use crate::i18n::{fill, Key, Locale};

const SECOND: f64 = 1000.0;
const MINUTE: f64 = 60.0 * SECOND;
const HOUR: f64 = 60.0 * MINUTE;
const DAY: f64 = 24.0 * HOUR;

/// "3 h ago" for a time `then_ms` seen at `now_ms` (both epoch ms).
pub fn relative_time(now_ms: f64, then_ms: f64, locale: Locale) -> String {
    let age = now_ms - then_ms;
    if !age.is_finite() {
        return String::new();
    }
    if age < -MINUTE {
        return Key::RelFuture.text(locale).to_owned();
    }
    let (key, n) = if age < 10.0 * SECOND {
        return Key::RelNow.text(locale).to_owned();
    } else if age < MINUTE {
        (Key::RelSeconds, age / SECOND)
    } else if age < HOUR {
        (Key::RelMinutes, age / MINUTE)
    } else if age < DAY {
        (Key::RelHours, age / HOUR)
    } else {
        (Key::RelDays, age / DAY)
    };
    fill(key.text(locale), &[("n", &(n.floor() as u64).to_string())]).into_owned()
}

/// A count with thousands grouped, as both English and Chinese write
/// them: `1,143`.
pub fn count(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `2 m 14 s`, `1 h 3 m`, `850 ms` (`2 分 14 秒` in Chinese).
pub fn duration(ms: f64, locale: Locale) -> String {
    if !ms.is_finite() || ms < 0.0 {
        return String::new();
    }
    let [u_ms, u_s, u_m, u_h, u_d] = match locale {
        Locale::En => ["ms", "s", "m", "h", "d"],
        Locale::Zh => ["毫秒", "秒", "分", "小时", "天"],
    };
    if ms < SECOND {
        return format!("{} {u_ms}", ms.round() as u64);
    }
    let s = (ms / SECOND).floor() as u64;
    let (d, h, m, sec) = (s / 86_400, s / 3600 % 24, s / 60 % 60, s % 60);
    match (d, h, m) {
        (0, 0, 0) => format!("{sec} {u_s}"),
        (0, 0, _) => format!("{m} {u_m} {sec} {u_s}"),
        (0, _, _) => format!("{h} {u_h} {m} {u_m}"),
        _ => format!("{d} {u_d} {h} {u_h}"),
    }
}

/// Middle-truncated id: `ff8080…014e`. Ids of 12 characters or fewer stay.
pub fn short_id(id: &str) -> String {
    let chars: Vec<char> = id.chars().collect();
    if chars.len() <= 12 {
        return id.to_owned();
    }
    let head: String = chars[..6].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}…{tail}")
}

/// At most `max` characters, with an ellipsis when cut; control characters
/// and runs of whitespace become single spaces so one row stays one line.
pub fn one_line(text: &str, max: usize) -> String {
    let mut out = String::with_capacity(text.len().min(max * 4));
    let mut count = 0;
    let mut last_space = false;
    for c in text.chars() {
        let c = if c.is_whitespace() || c.is_control() {
            ' '
        } else {
            c
        };
        if c == ' ' && last_space {
            continue;
        }
        last_space = c == ' ';
        if count == max {
            out.push('…');
            return out;
        }
        out.push(c);
        count += 1;
    }
    out
}

/// Where an error code comes from: `EVS` for `EVS.2024`, `None` for plain
/// numbers.
pub fn code_service(code: &str) -> Option<&str> {
    let (prefix, _) = code.split_once('.')?;
    (!prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_alphanumeric())).then_some(prefix)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_times() {
        let now = 1_700_000_000_000.0;
        assert_eq!(relative_time(now, now - 3.0 * HOUR - 5.0, Locale::En), "3 h ago");
        assert_eq!(relative_time(now, now - 3.0 * HOUR, Locale::Zh), "3 小时前");
        assert_eq!(relative_time(now, now - 2000.0, Locale::En), "just now");
        assert_eq!(relative_time(now, now - 45.0 * SECOND, Locale::En), "45 s ago");
        assert_eq!(relative_time(now, now - 5.0 * MINUTE, Locale::En), "5 min ago");
        assert_eq!(relative_time(now, now - 40.0 * DAY, Locale::En), "40 d ago");
        assert_eq!(relative_time(now, now + HOUR, Locale::En), "in the future");
        assert_eq!(relative_time(now, f64::NAN, Locale::En), "");
    }

    #[test]
    fn durations() {
        assert_eq!(duration(850.0, Locale::En), "850 ms");
        assert_eq!(duration(134_000.0, Locale::En), "2 m 14 s");
        assert_eq!(duration(134_000.0, Locale::Zh), "2 分 14 秒");
        assert_eq!(duration(3_780_000.0, Locale::En), "1 h 3 m");
        assert_eq!(duration(90_000_000.0, Locale::En), "1 d 1 h");
        assert_eq!(duration(-1.0, Locale::En), "");
    }

    #[test]
    fn ids_and_text() {
        assert_eq!(short_id("ff808082686f229a0168707beaab014e"), "ff8080…014e");
        assert_eq!(short_id("abc"), "abc");
        assert_eq!(short_id("数据数据数据数据数据数据数据"), "数据数据数据…数据数据");
        assert_eq!(one_line("a\n\n b\tc", 10), "a b c");
        assert_eq!(one_line("abcdef", 3), "abc…");
        assert_eq!(one_line("abc", 3), "abc");
    }

    #[test]
    fn counts() {
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1143), "1,143");
        assert_eq!(count(1_000_000), "1,000,000");
    }

    #[test]
    fn code_services() {
        assert_eq!(code_service("EVS.2024"), Some("EVS"));
        assert_eq!(code_service("SDRS.1820"), Some("SDRS"));
        assert_eq!(code_service("503"), None);
        assert_eq!(code_service("<b>.1"), None);
    }
}
