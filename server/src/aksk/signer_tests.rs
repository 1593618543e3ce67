use super::*;

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter()
        .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
        .collect()
}

const AK: &str = "AKTEST1234567890ABCD";
const SK: &[u8] = b"sk-test-0123456789abcdefghijklmnopqrstuvwx";

#[test]
fn canonical_uri_decodes_then_encodes_each_segment() {
    assert_eq!(
        canonical_uri("/v1/p/task-center/failure-jobs"),
        "/v1/p/task-center/failure-jobs/"
    );
    assert_eq!(canonical_uri("/v1/p/"), "/v1/p/");
    assert_eq!(canonical_uri("/"), "/");
    assert_eq!(canonical_uri(""), "/");
    // Encoded and raw forms give the same canonical URI.
    assert_eq!(canonical_uri("/a%20b/c"), "/a%20b/c/");
    assert_eq!(canonical_uri("/a b/c"), "/a%20b/c/");
    assert_eq!(
        canonical_uri("/x!*'()@:,;=+$/"),
        "/x%21%2A%27%28%29%40%3A%2C%3B%3D%2B%24/"
    );
    assert_eq!(canonical_uri("/-_.~"), "/-_.~/");
    assert_eq!(canonical_uri("/%E5%90%8D/ü"), "/%E5%90%8D/%C3%BC/");
}

#[test]
fn canonical_query_sorts_names_then_repeated_values() {
    let q = pairs(&[("limit", "10"), ("b", "2"), ("a", "x"), ("b", "1"), ("B", "0")]);
    assert_eq!(canonical_query(&q), "B=0&a=x&b=1&b=2&limit=10");
    assert_eq!(canonical_query(&[]), "");
    assert_eq!(canonical_query(&pairs(&[("flag", "")])), "flag=");
    assert_eq!(
        canonical_query(&pairs(&[("name", "ü é/&=")])),
        "name=%C3%BC%20%C3%A9%2F%26%3D"
    );
}

#[test]
fn parse_query_decodes_plus_and_percent() {
    assert_eq!(
        parse_query("a=1&b=x+y&c=%E5%90%8D&flag&&d="),
        pairs(&[("a", "1"), ("b", "x y"), ("c", "名"), ("flag", ""), ("d", "")])
    );
    assert_eq!(parse_query(""), Vec::<(String, String)>::new());
    assert_eq!(canonical_query(&parse_query("b=2&a=1&b=1")), "a=1&b=1&b=2");
}

#[test]
fn signed_headers_skip_underscores_and_lowercase() {
    let h = pairs(&[
        ("X-Sdk-Date", "d"),
        ("Host", "h"),
        ("x_custom", "no"),
        ("Content-Type", "c"),
        ("host", "h"),
    ]);
    assert_eq!(signed_header_names(&h), ["content-type", "host", "x-sdk-date"]);
    assert_eq!(
        canonical_headers(&h, &signed_header_names(&h)).unwrap(),
        "content-type:c\nhost:h\nx-sdk-date:d\n"
    );
    assert_eq!(canonical_headers(&h, &["x-missing".to_owned()]), None);
}

#[test]
fn payload_hash_of_no_body_a_body_and_unsigned_payload() {
    assert_eq!(payload_hash(&[], b""), EMPTY_BODY_SHA256);
    assert_eq!(payload_hash(&[], b"abc"), sha256_hex(b"abc"));
    let unsigned = pairs(&[("X-Sdk-Content-Sha256", UNSIGNED_PAYLOAD)]);
    assert_eq!(payload_hash(&unsigned, b"anything"), UNSIGNED_PAYLOAD);
    assert!(is_unsigned_content_type("text/plain"));
    assert!(is_unsigned_content_type("multipart/form-data; boundary=x"));
    assert!(!is_unsigned_content_type("application/json;charset=UTF-8"));
    assert!(!is_unsigned_content_type("application/bson"));
}

#[test]
fn sha256_known_answer() {
    assert_eq!(sha256_hex(b""), EMPTY_BODY_SHA256);
    assert_eq!(
        sha256_hex(b"abc"),
        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    );
}

/// Values produced once by the official Node signer
/// (`@huaweicloud/huaweicloud-sdk-core` 3.1.211, `AKSKSigner.sign`).
#[test]
fn matches_the_official_signer_on_known_requests() {
    let headers = pairs(&[
        ("X-Sdk-Date", "20240102T030405Z"),
        ("host", "sdrs.ap-southeast-3.myhuaweicloud.com"),
        ("X-Project-Id", "p1"),
    ]);
    let query = pairs(&[("limit", "10"), ("failure_status", "createFail")]);
    let parts = RequestParts {
        method: "GET",
        path: "/v1/p1/task-center/failure-jobs",
        query: &query,
        headers: &headers,
        body: b"",
    };
    assert_eq!(
        sign(&parts, AK, SK).unwrap(),
        "SDK-HMAC-SHA256 Access=AKTEST1234567890ABCD, SignedHeaders=host;x-project-id;x-sdk-date, \
         Signature=5fcc5a6c6a99f169cec8ce3d2d998e376112c107d5020c383c2984cc1beea8f2"
    );

    let headers = pairs(&[
        ("X-Sdk-Date", "20240102T030405Z"),
        ("host", "h.example"),
        ("content-type", "application/json"),
    ]);
    let query = pairs(&[("b", "2"), ("b", "1"), ("a", "ü é")]);
    let parts = RequestParts {
        method: "post",
        path: "/v1/p1/%E5%90%8D%E5%89%8D/x",
        query: &query,
        headers: &headers,
        body: br#"{"k":"v"}"#,
    };
    assert_eq!(
        sign(&parts, AK, SK).unwrap(),
        "SDK-HMAC-SHA256 Access=AKTEST1234567890ABCD, SignedHeaders=content-type;host;x-sdk-date, \
         Signature=fa83c86e12e35e8e6200e761508a45ab6ed9c080ebcf6b907bd98f1587adc5e4"
    );
}

#[test]
fn signature_changes_with_every_signed_part() {
    let headers = pairs(&[("X-Sdk-Date", "20240102T030405Z"), ("Host", "h")]);
    let query = pairs(&[("a", "1")]);
    let base = RequestParts {
        method: "GET",
        path: "/v1/p",
        query: &query,
        headers: &headers,
        body: b"",
    };
    let reference = sign(&base, AK, SK).unwrap();
    let other_query = pairs(&[("a", "2")]);
    let other_headers = pairs(&[("X-Sdk-Date", "20240102T030406Z"), ("Host", "h")]);
    for changed in [
        RequestParts {
            method: "DELETE",
            ..base
        },
        RequestParts {
            path: "/v1/q",
            ..base
        },
        RequestParts {
            query: &other_query,
            ..base
        },
        RequestParts {
            headers: &other_headers,
            ..base
        },
        RequestParts { body: b"x", ..base },
    ] {
        assert_ne!(sign(&changed, AK, SK).unwrap(), reference, "{changed:?}");
    }
    assert_ne!(sign(&base, AK, b"other").unwrap(), reference);
    // Without X-Sdk-Date there is nothing to sign.
    let no_date = pairs(&[("Host", "h")]);
    assert_eq!(
        sign(
            &RequestParts {
                headers: &no_date,
                ..base
            },
            AK,
            SK
        ),
        None
    );
}

#[test]
fn signature_check_is_exact() {
    let sts = string_to_sign(
        "20240102T030405Z",
        "GET\n/\n\nhost:h\n\nhost\n".to_owned().as_str(),
    );
    let good = signature(SK, &sts);
    assert!(signature_matches(SK, &sts, &good));
    assert!(!signature_matches(SK, &sts, &good[..62]));
    assert!(!signature_matches(SK, &sts, "zz"));
    assert!(!signature_matches(b"other", &sts, &good));
}
