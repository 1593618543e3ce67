//! IAM's `expires_at` timestamps (`2026-12-01T21:51:17.123000Z`: ISO 8601
//! UTC with any number of fraction digits), read and written on top of
//! [`crate::util::timefmt`].

use crate::util::timefmt;

/// Formats Unix milliseconds the way IAM writes `expires_at` (microseconds).
pub fn format_iam(ms: i64) -> String {
    let text = timefmt::format_ms(ms);
    format!("{}000Z", text.trim_end_matches('Z'))
}

/// Parses `YYYY-MM-DDTHH:MM:SS[.fraction]Z`; the fraction is cut or padded
/// to milliseconds. Anything else is `None`.
pub fn parse_iso_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let body = text.strip_suffix('Z').or_else(|| text.strip_suffix("+00:00"))?;
    let (seconds, fraction) = match body.split_once('.') {
        Some((s, f)) => (s, f),
        None => (body, ""),
    };
    if seconds.len() != 19 || !fraction.bytes().all(|b| b.is_ascii_digit()) || fraction.len() > 9 {
        return None;
    }
    let millis: String = fraction.chars().chain("000".chars()).take(3).collect();
    timefmt::parse_ms(&format!("{seconds}.{millis}Z"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iam_shapes() {
        let ms = 1_548_075_395_754;
        assert_eq!(format_iam(ms), "2019-01-21T12:56:35.754000Z");
        assert_eq!(parse_iso_ms("2019-01-21T12:56:35.754000Z"), Some(ms));
        assert_eq!(parse_iso_ms("2019-01-21T12:56:35.754Z"), Some(ms));
        assert_eq!(parse_iso_ms("2019-01-21T12:56:35.7Z"), Some(ms - 54));
        assert_eq!(parse_iso_ms("2019-01-21T12:56:35Z"), Some(ms - 754));
        assert_eq!(parse_iso_ms("2019-01-21T12:56:35+00:00"), Some(ms - 754));
        for bad in [
            "",
            "2019-01-21",
            "2019-01-21T12:56:35.75a4Z",
            "2019-01-21T12:56:35.754",
            "x",
        ] {
            assert_eq!(parse_iso_ms(bad), None, "{bad}");
        }
    }
}
