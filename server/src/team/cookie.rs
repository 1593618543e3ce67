//! The session cookie of the contract: `sdrs_session`, HttpOnly,
//! SameSite=Strict, Path=/, Secure when the console is served over https.

use axum::http::{header, HeaderMap, HeaderValue};

pub const COOKIE_NAME: &str = "sdrs_session";

/// The value of `sdrs_session` from the request's `Cookie` headers, if any.
/// A header that is not text is skipped, never an error.
pub fn read(headers: &HeaderMap) -> Option<&str> {
    read_named(headers, COOKIE_NAME)
}

/// The value of the cookie `name` from the request's `Cookie` headers.
pub fn read_named<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|line| line.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(n, _)| *n == name)
        .map(|(_, value)| value.trim_matches('"'))
}

fn attributes(secure: bool) -> &'static str {
    if secure {
        "; HttpOnly; SameSite=Strict; Path=/; Secure"
    } else {
        "; HttpOnly; SameSite=Strict; Path=/"
    }
}

/// `Set-Cookie` of a new session. No `Max-Age`: the server ends sessions
/// (idle and absolute timeouts); the browser drops it when it closes.
pub fn set(value: &str, secure: bool) -> HeaderValue {
    let text = format!("{COOKIE_NAME}={value}{}", attributes(secure));
    // A token is base64url; should it ever not be, send no cookie rather
    // than fail the request.
    HeaderValue::from_str(&text).unwrap_or_else(|_| clear(secure))
}

/// `Set-Cookie` that removes the cookie (sign-out, an ended session).
pub fn clear(secure: bool) -> HeaderValue {
    let text = format!("{COOKIE_NAME}={}; Max-Age=0", attributes(secure));
    HeaderValue::from_str(&text).unwrap_or(HeaderValue::from_static("sdrs_session=; Max-Age=0; Path=/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(cookies: &[&'static str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for c in cookies {
            h.append(header::COOKIE, HeaderValue::from_static(c));
        }
        h
    }

    #[test]
    fn reads_the_session_cookie_among_others() {
        assert_eq!(read(&headers(&["a=1; sdrs_session=xyz; b=2"])), Some("xyz"));
        assert_eq!(read(&headers(&["a=1", "sdrs_session=q"])), Some("q"));
        assert_eq!(read(&headers(&["sdrs_session_other=1"])), None);
        assert_eq!(read(&headers(&["garbage"])), None);
        assert_eq!(read(&HeaderMap::new()), None);
    }

    #[test]
    fn attributes_of_the_contract() {
        let plain = set("abc", false);
        assert_eq!(plain, "sdrs_session=abc; HttpOnly; SameSite=Strict; Path=/");
        let secure = set("abc", true);
        assert!(secure.to_str().unwrap().ends_with("; Secure"));
        assert!(clear(false).to_str().unwrap().contains("Max-Age=0"));
        // A value that cannot be a header clears instead of panicking.
        assert!(set("bad\nvalue", false).to_str().unwrap().contains("Max-Age=0"));
    }
}
