use super::super::credentials::Secret;
use super::super::request::{canonical_url, sign_headers};
use super::*;
use axum::http::HeaderName;

const NOW: i64 = 1_704_164_645_000; // 2024-01-02T03:04:05Z

fn keys(token: Option<&str>) -> KeyPair {
    KeyPair {
        ak: "AKTEST1234567890ABCD".into(),
        sk: Secret::new("sk0123456789abcdefghijklmnopqrstuvwxyzAB"),
        security_token: token.map(Secret::new),
    }
}

/// Headers as a server receives a request signed with `signer_keys` at `at`.
fn received(signer_keys: &KeyPair, url: &str, at: i64) -> (reqwest::Url, HeaderMap) {
    let url = canonical_url(&reqwest::Url::parse(url).unwrap());
    let sent = vec![("x-project-id".to_owned(), "p1".to_owned())];
    let mut map = HeaderMap::new();
    for (n, v) in sent
        .iter()
        .chain(&sign_headers(signer_keys, "GET", &url, &sent, b"", at))
    {
        map.insert(
            HeaderName::from_bytes(n.as_bytes()).unwrap(),
            HeaderValue::from_str(v).unwrap(),
        );
    }
    map.insert(
        header::HOST,
        HeaderValue::from_str(&super::super::request::host_header(&url)).unwrap(),
    );
    (url, map)
}

fn check(k: &KeyPair, url: &reqwest::Url, h: &HeaderMap, now: i64) -> Result<(), Rejection> {
    verify(k, "GET", url.path(), url.query(), h, b"", now)
}

const URL: &str = "http://127.0.0.1:8080/v1/p1/task-center/failure-jobs?limit=5&resource_name=a+b&failure_status=createFail";

#[test]
fn accepts_its_own_signatures() {
    let k = keys(None);
    let (url, h) = received(&k, URL, NOW);
    assert_eq!(
        url.query(),
        Some("failure_status=createFail&limit=5&resource_name=a%20b")
    );
    assert_eq!(check(&k, &url, &h, NOW), Ok(()));
    // 15 minutes either way is still in range; a second more is not.
    assert_eq!(check(&k, &url, &h, NOW + MAX_SKEW_MS), Ok(()));
    assert_eq!(check(&k, &url, &h, NOW - MAX_SKEW_MS), Ok(()));
    assert_eq!(
        check(&k, &url, &h, NOW + MAX_SKEW_MS + 1000),
        Err(Rejection::DateOutOfRange)
    );
    assert_eq!(
        check(&k, &url, &h, NOW - MAX_SKEW_MS - 1000),
        Err(Rejection::DateOutOfRange)
    );
}

#[test]
fn rejects_tampering_wrong_keys_and_missing_parts() {
    let k = keys(None);
    let (url, h) = received(&k, URL, NOW);
    let tampered = reqwest::Url::parse(&url.as_str().replace("limit=5", "limit=6")).unwrap();
    assert_eq!(check(&k, &tampered, &h, NOW), Err(Rejection::BadSignature));
    assert_eq!(
        verify(&k, "DELETE", url.path(), url.query(), &h, b"", NOW),
        Err(Rejection::BadSignature)
    );
    assert_eq!(
        verify(&k, "GET", url.path(), url.query(), &h, b"body", NOW),
        Err(Rejection::BadSignature)
    );
    let mut changed = h.clone();
    changed.insert("x-project-id", HeaderValue::from_static("p2"));
    assert_eq!(check(&k, &url, &changed, NOW), Err(Rejection::BadSignature));

    let wrong_sk = KeyPair {
        sk: Secret::new("other"),
        ..k.clone()
    };
    let (url2, h2) = received(&wrong_sk, URL, NOW);
    assert_eq!(check(&k, &url2, &h2, NOW), Err(Rejection::BadSignature));
    let other_ak = KeyPair {
        ak: "AKOTHER".into(),
        ..k.clone()
    };
    let (url3, h3) = received(&other_ak, URL, NOW);
    assert_eq!(
        check(&k, &url3, &h3, NOW),
        Err(Rejection::UnknownAk("AKOTHER".into()))
    );

    let mut no_date = h.clone();
    no_date.remove(X_SDK_DATE);
    assert_eq!(check(&k, &url, &no_date, NOW), Err(Rejection::BadDate));
    assert_eq!(
        check(&k, &url, &HeaderMap::new(), NOW),
        Err(Rejection::NoCredentials)
    );
    let mut garbage = h.clone();
    garbage.insert(
        header::AUTHORIZATION,
        HeaderValue::from_static("SDK-HMAC-SHA256 nonsense"),
    );
    assert_eq!(check(&k, &url, &garbage, NOW), Err(Rejection::Malformed));
}

#[test]
fn temporary_keys_need_their_security_token() {
    let k = keys(Some("temporary-token"));
    let (url, h) = received(&k, URL, NOW);
    assert_eq!(h.get(X_SECURITY_TOKEN).unwrap(), "temporary-token");
    assert_eq!(check(&k, &url, &h, NOW), Ok(()));
    // Signed without the token, or with another one.
    let (url2, h2) = received(&keys(None), URL, NOW);
    assert_eq!(check(&k, &url2, &h2, NOW), Err(Rejection::SecurityToken));
    let (url3, h3) = received(&keys(Some("another-token")), URL, NOW);
    assert_eq!(check(&k, &url3, &h3, NOW), Err(Rejection::SecurityToken));
}

#[test]
fn authorization_parsing() {
    let a = parse_authorization("SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host;x-sdk-date, Signature=ab12")
        .unwrap();
    assert_eq!(a.access, "AK1");
    assert_eq!(a.signed_headers, ["host", "x-sdk-date"]);
    assert_eq!(a.signature, "ab12");
    for bad in [
        "",
        "SDK-HMAC-SHA256",
        "Bearer x",
        "SDK-HMAC-SHA256 Access=AK1, SignedHeaders=host",
        "SDK-HMAC-SHA256 Access=, SignedHeaders=host, Signature=ab",
        "SDK-HMAC-SHA256 Access=A, Access=B, SignedHeaders=host, Signature=ab",
        "SDK-HMAC-SHA256 Access=A, SignedHeaders=Host, Signature=ab",
        "SDK-HMAC-SHA256 Access=A, SignedHeaders=host;;x, Signature=ab",
    ] {
        assert_eq!(parse_authorization(bad), None, "{bad}");
    }
}

#[test]
fn gateway_envelope() {
    let body = |r: Rejection| {
        let res = r.into_response();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
        res.headers()
            .get(X_REQUEST_ID)
            .unwrap()
            .to_str()
            .unwrap()
            .to_owned()
    };
    assert_eq!(body(Rejection::BadSignature).len(), 32);
    assert_eq!(
        Rejection::BadSignature.message(),
        "Incorrect IAM authentication information: verify aksk signature fail"
    );
    assert_eq!(
        Rejection::UnknownAk("AKX".into()).message(),
        "Incorrect IAM authentication information: ak AKX not exist"
    );
    assert!(!Rejection::UnknownAk("<b>".into()).message().contains("<b>"));
}
