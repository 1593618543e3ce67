//! `--public-url`: the URL users open. Its scheme decides the cookie's
//! `Secure` attribute and HSTS; OIDC derives its redirect URI from it.

use std::net::IpAddr;

/// An http(s) URL without query or fragment.
pub fn parse(raw: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(raw).map_err(|e| format!("not a URL: {e}"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err("expected an http:// or https:// URL".into());
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err("expected a URL without query or fragment".into());
    }
    Ok(url)
}

/// `http://ADDR:PORT/` (IPv6 in brackets).
pub fn default_for(addr: IpAddr, port: u16) -> reqwest::Url {
    let host = match addr {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => format!("[{v6}]"),
    };
    reqwest::Url::parse(&format!("http://{host}:{port}/")).expect("an address and port make a URL")
}

pub fn is_https(url: &reqwest::Url) -> bool {
    url.scheme() == "https"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_and_defaults() {
        assert!(is_https(&parse("https://console.example.com").unwrap()));
        assert!(!is_https(&parse("http://10.0.0.1:8080/").unwrap()));
        for bad in [
            "ftp://x",
            "console.example.com",
            "https://x/?a=1",
            "https://x/#f",
            "",
        ] {
            assert!(parse(bad).is_err(), "{bad}");
        }
        assert_eq!(
            default_for("127.0.0.1".parse().unwrap(), 8080).as_str(),
            "http://127.0.0.1:8080/"
        );
        assert_eq!(
            default_for("::1".parse().unwrap(), 8081).as_str(),
            "http://[::1]:8081/"
        );
    }
}
