//! Our `SDK-HMAC-SHA256` against the official one: every case is signed by
//! the Node SDK's `AKSKSigner` (`tests/sdk/node_sign.js`, with
//! `@huaweicloud/huaweicloud-sdk-core` from the directory in
//! `SDRS_NODE_SDK_CORE`, which `scripts/test` installs and sets) and by
//! `aksk::signer`, and the `Authorization` values must be byte-equal.
//! Without the variable (a bare `cargo test`) the test says that it skipped,
//! unless `SDRS_REQUIRE_ALL_TOOLS=1` makes that a failure; with it, a
//! missing package is a failure.

mod common;

use sdrs_console_server::aksk::signer::{self, RequestParts};
use serde_json::{json, Value};
use std::io::Write;
use std::path::Path;
use std::process::{Command, Stdio};

const ENV: &str = "SDRS_NODE_SDK_CORE";
const AK: &str = "HPUAEXAMPLE0AKID1234";
const SK: &str = "ExampleSecretKey0123456789abcdefghijKLMN";
const DATE: &str = "20261201T101112Z";

struct Case {
    method: &'static str,
    /// Scheme, authority and the path with raw (decoded) characters, as the
    /// SDK builds its endpoint.
    url: String,
    query: Vec<(String, String)>,
    headers: Vec<(&'static str, String)>,
    data: Option<Value>,
}

fn case(method: &'static str, url: &str, query: &[(&str, &str)]) -> Case {
    Case {
        method,
        url: url.to_owned(),
        query: query
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
        headers: vec![("X-Sdk-Date", DATE.to_owned())],
        data: None,
    }
}

impl Case {
    fn header(mut self, name: &'static str, value: &str) -> Self {
        self.headers.push((name, value.to_owned()));
        self
    }

    fn body(mut self, data: Value) -> Self {
        self.data = Some(data);
        self
    }
}

const SDRS: &str = "https://sdrs.ap-southeast-3.myhuaweicloud.com/v1/0123456789abcdef0123456789abcdef";

fn cases() -> Vec<Case> {
    let list = format!("{SDRS}/task-center/failure-jobs");
    let json_ct = "application/json";
    vec![
        case("GET", &list, &[("limit", "10"), ("offset", "0")]),
        case(
            "GET",
            &list,
            &[
                ("resource_type", "protected_instances"),
                ("offset", "20"),
                ("failure_status", "createFail"),
                ("limit", "5"),
            ],
        ),
        case("GET", &list, &[("status", "b"), ("status", "a"), ("status", "c")]),
        case("GET", &list, &[("z", "1"), ("a", "2"), ("z", "0"), ("m", "")]),
        case("GET", &list, &[("resource_name", "名前")]),
        case("GET", &list, &[("resource_name", "rocket 🚀 é")]),
        case("GET", &list, &[("resource_name", "a b&c=d/e?f#g+h%i")]),
        case("GET", &list, &[("na me", "x"), ("Upper", "Y"), ("lower", "y")]),
        case("GET", &list, &[("tilde", "~*!'()")]),
        case("GET", &format!("{SDRS}/jobs/a!b*c(d)"), &[]),
        case("GET", &format!("{SDRS}/server-groups/名前/ü"), &[]),
        case("GET", &format!("{SDRS}/x/@:,;=$+&"), &[]),
        case("GET", &format!("{SDRS}/-_.~/"), &[]),
        case("GET", "https://sdrs.ap-southeast-3.myhuaweicloud.com/", &[]),
        case(
            "DELETE",
            &format!("{SDRS}/task-center/failure-jobs/0f9e8d7c-6b5a-4321-8765-43210fedcba9"),
            &[],
        ),
        case("DELETE", &format!("{SDRS}/task-center/failure-jobs/batch"), &[]),
        case(
            "DELETE",
            &format!("{SDRS}/task-center/5ad8b4d0-1111-2222-3333-444455556666/failure-jobs/batch"),
            &[],
        )
        .header("X-Project-Id", "0123456789abcdef0123456789abcdef"),
        case("POST", &format!("{SDRS}/server-groups"), &[])
            .header("Content-Type", json_ct)
            .body(json!({"server_group": {"name": "pg-1", "description": "x"}})),
        case("POST", &format!("{SDRS}/server-groups"), &[])
            .header("Content-Type", "application/json;charset=UTF-8")
            .body(json!({"name": "名前 🚀", "list": [3, 1, 2], "nested": {"b": true, "a": null}})),
        case("PUT", &format!("{SDRS}/server-groups/g1"), &[("force", "true")])
            .header("Content-Type", json_ct)
            .body(json!({"server_group": {"name": "renamed"}})),
        case("POST", &format!("{SDRS}/upload"), &[])
            .header("Content-Type", "text/plain")
            .header("X-Sdk-Content-Sha256", "UNSIGNED-PAYLOAD")
            .body(json!({"ignored": "payload"})),
        case("GET", &list, &[("limit", "1")])
            .header("X-Project-Id", "0123456789abcdef0123456789abcdef")
            .header("X-Security-Token", "gQpzMXKN-temporary.token/value+=="),
        case(
            "GET",
            "http://127.0.0.1:8080/v1/p/server-groups",
            &[("limit", "3")],
        )
        .header("X-Custom-Header", "Mixed Case Value"),
        case("GET", &list, &[("resource_name", "")]).header("Content-Type", json_ct),
        case("POST", &format!("{SDRS}/bson"), &[])
            .header("Content-Type", "application/bson")
            .body(json!({"a": 1})),
    ]
}

/// What the official signer answers for each case: (authorization, body).
fn sign_with_node(sdk_dir: &str, cases: &[Case]) -> Vec<(String, String)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/sdk/node_sign.js");
    let input = json!({
        "ak": AK,
        "sk": SK,
        "cases": cases.iter().map(|c| json!({
            "method": c.method,
            "url": c.url,
            "query": c.query,
            "headers": c.headers.iter().map(|(k, v)| ((*k).to_owned(), json!(v))).collect::<serde_json::Map<_, _>>(),
            "data": c.data,
        })).collect::<Vec<_>>(),
    });
    let mut child = Command::new("node")
        .arg(&script)
        .env(ENV, sdk_dir)
        .env("TZ", "UTC")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("node runs");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.to_string().as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert!(out.status.success(), "node_sign.js failed");
    let answers: Vec<Value> = serde_json::from_slice(&out.stdout).expect("JSON from node_sign.js");
    answers
        .iter()
        .map(|a| {
            (
                a["authorization"].as_str().unwrap().to_owned(),
                a["body"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

fn sign_with_ours(c: &Case, body: &str) -> String {
    // Ours gets the request as a server sees it: the path percent-encoded
    // on the request line, the Host header.
    let url = reqwest::Url::parse(&c.url).unwrap();
    let mut headers: Vec<(String, String)> = c
        .headers
        .iter()
        .map(|(k, v)| ((*k).to_owned(), v.clone()))
        .collect();
    let host = match url.port() {
        Some(p) => format!("{}:{p}", url.host_str().unwrap()),
        None => url.host_str().unwrap().to_owned(),
    };
    headers.push(("host".to_owned(), host));
    let parts = RequestParts {
        method: c.method,
        path: url.path(),
        query: &c.query,
        headers: &headers,
        body: body.as_bytes(),
    };
    signer::sign(&parts, AK, SK.as_bytes()).expect("has X-Sdk-Date")
}

#[test]
fn our_signatures_equal_the_official_node_signer() {
    let Some(sdk_dir) = common::require_tool("@huaweicloud/huaweicloud-sdk-core", ENV) else {
        return;
    };
    assert!(
        Path::new(&sdk_dir).join("auth/AKSKSigner.js").is_file(),
        "{ENV}={sdk_dir} has no auth/AKSKSigner.js: install @huaweicloud/huaweicloud-sdk-core (scripts/tools.sh ensure_node_sdk_core)"
    );
    let cases = cases();
    assert!(cases.len() >= 20);
    let official = sign_with_node(&sdk_dir, &cases);
    assert_eq!(official.len(), cases.len());
    let mut distinct = std::collections::HashSet::new();
    for (c, (authorization, body)) in cases.iter().zip(&official) {
        assert_eq!(
            &sign_with_ours(c, body),
            authorization,
            "{} {} {:?}",
            c.method,
            c.url,
            c.query
        );
        distinct.insert(authorization.clone());
    }
    // Every case is a different request, so a different signature.
    assert_eq!(distinct.len(), cases.len());
}
