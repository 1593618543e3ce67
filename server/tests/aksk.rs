//! AK/SK end to end, in-process: a signing proxy (`--upstream`, keys from
//! `HUAWEICLOUD_SDK_*`) in front of a verifying emulator (`--verify-aksk`);
//! signatures accepted, tampered/expired/unknown ones refused with the
//! gateway's envelope, temporary keys with their security token, the
//! project looked up from the emulated IAM, and the start-up errors.

mod common;

use common::*;
use reqwest::{Method, StatusCode};
use sdrs_console_server::aksk::credentials::{KeyPair, SdkCredentials, Secret, Source};
use sdrs_console_server::aksk::request::{canonical_url, sign_headers};
use sdrs_console_server::cli::AkSkSource;
use serde_json::Value;

const AK: &str = "AKEMULATOR0123456789";
const SK: &str = "EmulatorSecret0123456789abcdefghijklmnop";

fn keys(ak: &str, sk: &str, token: Option<&str>) -> KeyPair {
    KeyPair {
        ak: ak.into(),
        sk: Secret::new(sk),
        security_token: token.map(Secret::new),
    }
}

fn creds(keys: KeyPair, project: Option<&str>, iam: Option<&str>) -> SdkCredentials {
    SdkCredentials {
        keys,
        project_id: project.map(str::to_owned),
        iam_endpoint: iam.map(str::to_owned),
        source: Source::Environment,
    }
}

/// An emulator accepting only `keys`.
async fn verifying_emulator(keys: KeyPair) -> String {
    let mut c = cli(&["--verify-aksk"]);
    c.aksk_source = AkSkSource::Given(Some(creds(keys, None, None)));
    start_cli(c).await
}

/// A proxy to `upstream` signing with `creds`, plus `extra` flags.
async fn signing_proxy(upstream: &str, creds: SdkCredentials, extra: &[&str]) -> String {
    let mut args = vec!["--upstream", upstream];
    args.extend_from_slice(extra);
    let mut c = cli(&args);
    c.aksk_source = AkSkSource::Given(Some(creds));
    start_cli(c).await
}

fn gateway_error(r: &Reply) -> (String, String) {
    let v = r.json();
    assert!(
        v["request_id"].as_str().is_some_and(|id| id.len() == 32),
        "{}",
        r.text
    );
    (
        v["error_code"].as_str().unwrap().to_owned(),
        v["error_msg"].as_str().unwrap().to_owned(),
    )
}

async fn seen(base: &str) -> Vec<Value> {
    let v = get(&format!("{base}/__emulator/requests")).await.json();
    call(Method::DELETE, &format!("{base}/__emulator/requests")).await;
    v.as_array().unwrap().clone()
}

#[tokio::test]
async fn the_verifying_emulator_accepts_the_proxys_signatures() {
    let emu = verifying_emulator(keys(AK, SK, None)).await;
    let px = signing_proxy(&emu, creds(keys(AK, SK, None), Some(PROJECT), None), &[]).await;
    seen(&emu).await;
    for rest in [
        "task-center/failure-jobs?limit=5&failure_status=createFail",
        "task-center/failure-jobs?resource_name=a+b&limit=3&offset=0",
        "server-groups?limit=3",
    ] {
        let r = get(&api(&px, rest)).await;
        assert_eq!(r.status, StatusCode::OK, "{rest}: {}", r.text);
    }
    let r = get(&api(&px, "task-center/failure-jobs?limit=2")).await;
    let job = rows(&r.json())[0]["job_id"].as_str().unwrap().to_owned();
    assert_eq!(
        get(&api(&px, &format!("jobs/{job}"))).await.status,
        StatusCode::OK
    );
    let seen = seen(&emu).await;
    assert_eq!(seen.len(), 5);
    assert!(
        seen.iter()
            .all(|s| s["has_signature"] == true && s["has_token"] == false),
        "{seen:?}"
    );
    // The forwarded query is in canonical form, as the SDKs send it.
    assert_eq!(
        seen[1]["path"],
        format!("/v1/{PROJECT}/task-center/failure-jobs?limit=3&offset=0&resource_name=a%20b")
    );

    // Without a signature the emulator answers as the gateway does.
    let r = get(&api(&emu, "server-groups")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        gateway_error(&r),
        (
            "APIGW.0301".into(),
            "Incorrect IAM authentication information: x-auth-token not found".into()
        )
    );
}

#[tokio::test]
async fn deletes_are_signed_only_with_allow_delete() {
    let emu = verifying_emulator(keys(AK, SK, None)).await;
    let c = || creds(keys(AK, SK, None), Some(PROJECT), None);
    let job_rows = rows(
        &get(&api(
            &signing_proxy(&emu, c(), &[]).await,
            "task-center/failure-jobs?limit=1",
        ))
        .await
        .json(),
    );
    let id = job_rows[0]["resource_id"].as_str().unwrap().to_owned();
    let url = |px: &str| api(px, &format!("task-center/failure-jobs/{id}"));
    let px = signing_proxy(&emu, c(), &[]).await;
    let r = call(Method::DELETE, &url(&px)).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::FORBIDDEN, "SDRS.0004".to_owned())
    );
    let px = signing_proxy(&emu, c(), &["--allow-delete"]).await;
    assert_eq!(
        call(Method::DELETE, &url(&px)).await.status,
        StatusCode::NO_CONTENT
    );
}

#[tokio::test]
async fn wrong_keys_come_back_as_the_gateways_401() {
    let emu = verifying_emulator(keys(AK, SK, None)).await;
    let list = "task-center/failure-jobs?limit=1";

    let px = signing_proxy(
        &emu,
        creds(keys(AK, "WrongSecret0000", None), Some(PROJECT), None),
        &[],
    )
    .await;
    let r = get(&api(&px, list)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        gateway_error(&r),
        (
            "APIGW.0301".into(),
            "Incorrect IAM authentication information: verify aksk signature fail".into()
        )
    );
    assert!(!r.text.contains("WrongSecret"));

    let px = signing_proxy(&emu, creds(keys("AKUNKNOWN", SK, None), Some(PROJECT), None), &[]).await;
    let r = get(&api(&px, list)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        gateway_error(&r).1,
        "Incorrect IAM authentication information: ak AKUNKNOWN not exist"
    );
}

/// Sends `GET url` signed at `at_ms`, after `tamper` changed the URL.
async fn signed_get(k: &KeyPair, url: &str, at_ms: i64, tamper: impl Fn(&str) -> String) -> Reply {
    let url = canonical_url(&reqwest::Url::parse(url).unwrap());
    let mut req = client().get(tamper(url.as_str()));
    for (n, v) in sign_headers(k, "GET", &url, &[], b"", at_ms) {
        req = req.header(n, v);
    }
    send(req).await
}

fn now_ms() -> i64 {
    sdrs_console_server::util::timefmt::now_ms()
}

#[tokio::test]
async fn tampered_and_expired_signatures_are_refused() {
    let k = keys(AK, SK, None);
    let emu = verifying_emulator(k.clone()).await;
    let url = api(&emu, "task-center/failure-jobs?limit=5");
    assert_eq!(
        signed_get(&k, &url, now_ms(), str::to_owned).await.status,
        StatusCode::OK
    );

    let r = signed_get(&k, &url, now_ms(), |u| u.replace("limit=5", "limit=500")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        gateway_error(&r).1,
        "Incorrect IAM authentication information: verify aksk signature fail"
    );

    // 14 minutes off is fine, 16 is not, either way.
    let minute = 60_000;
    assert_eq!(
        signed_get(&k, &url, now_ms() - 14 * minute, str::to_owned)
            .await
            .status,
        StatusCode::OK
    );
    assert_eq!(
        signed_get(&k, &url, now_ms() + 14 * minute, str::to_owned)
            .await
            .status,
        StatusCode::OK
    );
    for off in [-16 * minute, 16 * minute] {
        let r = signed_get(&k, &url, now_ms() + off, str::to_owned).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED);
        let (code, message) = gateway_error(&r);
        assert_eq!(code, "APIGW.0301");
        assert!(
            message.contains("x-sdk-date is more than 15 minutes off"),
            "{message}"
        );
    }
}

#[tokio::test]
async fn temporary_keys_travel_with_their_security_token() {
    let temp = keys(AK, SK, Some("temporary-security-token.v1"));
    let emu = verifying_emulator(temp.clone()).await;
    let list = "task-center/failure-jobs?limit=1";
    let px = signing_proxy(&emu, creds(temp, Some(PROJECT), None), &[]).await;
    assert_eq!(get(&api(&px, list)).await.status, StatusCode::OK);

    // The same pair without the token is refused.
    let px = signing_proxy(&emu, creds(keys(AK, SK, None), Some(PROJECT), None), &[]).await;
    let r = get(&api(&px, list)).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    assert!(gateway_error(&r).1.contains("security token"), "{}", r.text);
}

#[tokio::test]
async fn the_browsers_own_token_and_cross_origin_calls_are_never_signed() {
    let emu = verifying_emulator(keys(AK, SK, None)).await;
    let px = signing_proxy(&emu, creds(keys(AK, SK, None), Some(PROJECT), None), &[]).await;
    seen(&emu).await;
    let url = api(&px, "server-groups?limit=1");
    let r = send(client().get(&url).header("x-auth-token", "browser-token")).await;
    assert_eq!(r.status, StatusCode::OK);
    let r = send(client().get(&url).header("origin", "http://evil.example")).await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let seen = seen(&emu).await;
    assert_eq!(seen[0]["token"], "browser-token");
    assert_eq!(
        (&seen[0]["has_signature"], &seen[1]["has_signature"]),
        (&Value::Bool(false), &Value::Bool(false))
    );
}

#[tokio::test]
async fn the_project_is_looked_up_once_from_iam() {
    let k = keys(AK, SK, None);
    let emu = verifying_emulator(k.clone()).await;
    // The emulated IAM itself.
    let r = signed_get(
        &k,
        &format!("{emu}/v3/projects?name=ap-southeast-3"),
        now_ms(),
        str::to_owned,
    )
    .await;
    assert_eq!(r.status, StatusCode::OK);
    assert_eq!(r.json()["projects"][0]["id"], PROJECT);
    let r = signed_get(
        &k,
        &format!("{emu}/v3/projects?name=nowhere-1"),
        now_ms(),
        str::to_owned,
    )
    .await;
    assert_eq!(r.json()["projects"], Value::Array(vec![]));
    assert_eq!(
        get(&format!("{emu}/v3/projects?name=ap-southeast-3"))
            .await
            .status,
        StatusCode::UNAUTHORIZED
    );

    let px = signing_proxy(
        &emu,
        creds(k.clone(), None, Some(&emu)),
        &["--region", "ap-southeast-3"],
    )
    .await;
    let config = get(&format!("{px}/config.json")).await;
    assert_eq!(config.status, StatusCode::OK, "{}", config.text);
    assert_eq!(config.json()["projectId"], PROJECT);
    assert_eq!(config.json()["region"], "ap-southeast-3");
    seen(&emu).await;
    assert_eq!(
        get(&api(&px, "server-groups?limit=1")).await.status,
        StatusCode::OK
    );
    get(&format!("{px}/config.json")).await;
    // Looked up once: only the API call reached the emulator since.
    let paths: Vec<String> = seen(&emu)
        .await
        .iter()
        .map(|s| s["path"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(paths, [format!("/v1/{PROJECT}/server-groups?limit=1")]);

    // Keys IAM refuses: config.json says what failed and what to check.
    let px = signing_proxy(
        &emu,
        creds(keys(AK, "Wrong0", None), None, Some(&emu)),
        &["--region", "cn-north-4"],
    )
    .await;
    let r = get(&format!("{px}/config.json")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_GATEWAY, "SDRS.0013".to_owned())
    );
    let message = r.json()["error"]["message"].as_str().unwrap().to_owned();
    assert!(
        message.contains("Cannot look up the project of region cn-north-4")
            && message.contains("401 APIGW.0301")
            && message.contains("check HUAWEICLOUD_SDK_AK"),
        "{message}"
    );
    assert!(!message.contains("Wrong0"));
    // IAM unreachable.
    let px = signing_proxy(
        &emu,
        creds(k, None, Some("http://127.0.0.1:9")),
        &["--region", "cn-north-4"],
    )
    .await;
    let r = get(&format!("{px}/config.json")).await;
    assert_eq!(r.status, StatusCode::BAD_GATEWAY);
    assert!(r.text.contains("IAM could not be reached"), "{}", r.text);
}

fn startup_error(c: sdrs_console_server::Cli) -> String {
    match sdrs_console_server::Server::new(c) {
        Ok(_) => panic!("must not start"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn start_up_errors_are_clear() {
    let e = startup_error(cli(&["--region", "mars-north-1"]));
    assert!(
        e.contains("--region mars-north-1: no such Huawei Cloud region"),
        "{e}"
    );

    let mut c = cli(&["--upstream", "http://127.0.0.1:9"]);
    c.proxy.upstream_token = Some("token".into());
    c.aksk_source = AkSkSource::Given(Some(creds(keys(AK, SK, None), Some(PROJECT), None)));
    let e = startup_error(c);
    assert!(e.contains("both SDRS_AUTH_TOKEN and an AK/SK key pair"), "{e}");

    let mut c = cli(&["--upstream", "http://127.0.0.1:9"]);
    c.aksk_source = AkSkSource::Given(Some(creds(keys(AK, SK, None), None, None)));
    let e = startup_error(c);
    assert!(e.contains("AK/SK signing needs the project id"), "{e}");

    let e = startup_error(cli(&["--verify-aksk"]));
    assert!(e.contains("--verify-aksk needs the key pair"), "{e}");
}
