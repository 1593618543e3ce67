//! IAM: emulated token issuance (`--iam-users`), the token rules of API
//! calls and the console's sign-in route (`--iam`), against in-process
//! emulators.

mod common;
mod iam_common;

use common::*;
use iam_common::*;
use reqwest::{Method, StatusCode};
use serde_json::json;

#[tokio::test]
async fn emulated_iam_issues_tokens_as_iam_does() {
    let emu = emulator("3600").await;
    let r = iam_token(&emu, "alice", "alice-pw-1").await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    let token = r.header("x-subject-token").expect("X-Subject-Token").to_owned();
    assert!(token.starts_with("MII"));
    let body = r.json();
    assert_eq!(body["token"]["user"]["name"], "alice");
    assert_eq!(body["token"]["user"]["domain"]["name"], "acme");
    assert_eq!(body["token"]["project"]["id"], PROJECT);
    assert_eq!(body["token"]["methods"], json!(["password"]));
    let expires = body["token"]["expires_at"].as_str().unwrap();
    let expires_ms = sdrs_console_server::util::iso_time::parse_iso_ms(expires).expect("ISO 8601");
    let lifetime = expires_ms - sdrs_console_server::util::timefmt::now_ms();
    assert!((3_590_000..=3_600_000).contains(&lifetime), "{expires}");
    assert!(!r.text.contains(&token), "the token is in the header only");

    // Scoped by project name too.
    let by_name = send(
        client()
            .post(format!("{emu}/v3/auth/tokens"))
            .json(&password_auth(
                "reader",
                "reader-pw-1",
                json!({"name":"ap-southeast-3"}),
            )),
    )
    .await;
    assert_eq!(by_name.status, StatusCode::CREATED, "{}", by_name.text);
    assert_eq!(by_name.json()["token"]["project"]["name"], "ap-southeast-3");

    // The token opens the API; nothing else does.
    let list = api(&emu, "task-center/failure-jobs?limit=2");
    assert_eq!(get_with(&list, &token).await.status, StatusCode::OK);
    let none = get(&list).await;
    assert_eq!(
        (none.status, apigw_code(&none)),
        (StatusCode::UNAUTHORIZED, "APIGW.0301".into())
    );
    assert!(none.json()["error_msg"].as_str().unwrap().contains("no token"));
    assert_eq!(none.json()["request_id"].as_str(), Some(none.request_id()));
    let forged = get_with(&list, "MIIforged").await;
    assert_eq!(
        (forged.status, apigw_code(&forged)),
        (StatusCode::UNAUTHORIZED, "APIGW.0301".into())
    );
    assert!(forged.json()["error_msg"].as_str().unwrap().contains("not valid"));
}

#[tokio::test]
async fn wrong_password_and_bad_requests_get_iams_envelope() {
    let emu = emulator("3600").await;
    for (user, password) in [
        ("alice", "bad-pw-9"),
        ("nobody", "alice-pw-1"),
        ("ALICE", "ALICE-PW-1"),
    ] {
        let r = iam_token(&emu, user, password).await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{user}");
        assert!(r.header("x-subject-token").is_none());
        let e = &r.json()["error"];
        assert_eq!(
            (e["code"].as_u64(), e["title"].as_str()),
            (Some(401), Some("Unauthorized"))
        );
        assert_eq!(e["message"], "The username or password is wrong.");
        assert!(!r.text.contains(password));
    }
    let r = send(client().post(format!("{emu}/v3/auth/tokens")).body("{not json")).await;
    assert_eq!(
        (r.status, r.json()["error"]["code"].as_u64()),
        (StatusCode::BAD_REQUEST, Some(400))
    );
    let r = send(
        client()
            .post(format!("{emu}/v3/auth/tokens"))
            .json(&password_auth(
                "alice",
                "alice-pw-1",
                json!({"id":"ffffffffffffffffffffffffffffffff"}),
            )),
    )
    .await;
    assert_eq!(r.status, StatusCode::BAD_REQUEST);
    let r = call(Method::GET, &format!("{emu}/v3/auth/tokens")).await;
    assert_eq!(r.status, StatusCode::METHOD_NOT_ALLOWED);
}

#[tokio::test]
async fn an_emulated_token_expires() {
    let emu = emulator("1").await;
    let token = iam_token(&emu, "alice", "alice-pw-1").await;
    let token = token.header("x-subject-token").unwrap().to_owned();
    let list = api(&emu, "task-center/failure-jobs?limit=1");
    assert_eq!(get_with(&list, &token).await.status, StatusCode::OK);
    wait_for(5, "the token to expire", || async {
        get_with(&list, &token).await.status == StatusCode::UNAUTHORIZED
    })
    .await;
    let r = get_with(&list, &token).await;
    assert_eq!(apigw_code(&r), "APIGW.0301");
    assert!(
        r.json()["error_msg"].as_str().unwrap().contains("expired"),
        "{}",
        r.text
    );
}

#[tokio::test]
async fn a_read_only_user_reads_but_may_not_delete() {
    let emu = emulator("3600").await;
    let reader = iam_token(&emu, "reader", "reader-pw-1").await;
    let reader = reader.header("x-subject-token").unwrap().to_owned();
    let alice = iam_token(&emu, "alice", "alice-pw-1").await;
    let alice = alice.header("x-subject-token").unwrap().to_owned();

    let list = get_with(&api(&emu, "task-center/failure-jobs?limit=1"), &reader).await;
    assert_eq!(list.status, StatusCode::OK);
    let id = rows(&list.json())[0]["resource_id"].as_str().unwrap().to_owned();
    let one = api(&emu, &format!("task-center/failure-jobs/{id}"));
    for url in [one.clone(), api(&emu, "task-center/failure-jobs/batch")] {
        let r = delete_with(&url, &reader).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::FORBIDDEN, "SDRS.0005".into()),
            "{url}"
        );
        assert!(r.text.contains("Policy doesn't allow"), "{}", r.text);
    }
    // Nothing was deleted; reading goes on; a user with the right deletes.
    let again = get_with(&api(&emu, "task-center/failure-jobs?limit=1"), &reader).await;
    assert_eq!(rows(&again.json())[0]["resource_id"], id.as_str());
    assert_eq!(delete_with(&one, &alice).await.status, StatusCode::NO_CONTENT);
}

#[tokio::test]
async fn sign_in_route_forwards_one_call_to_iam() {
    let emu = emulator("3600").await;
    let px = console(&emu, &emu, &[]).await;
    assert_eq!(get(&format!("{px}/config.json")).await.json()["iamSignIn"], true);
    assert_eq!(get(&format!("{emu}/config.json")).await.json()["iamSignIn"], true);

    let r = sign_in(&px, &sign_in_form("reader", "reader-pw-1")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    assert_eq!(r.header("cache-control"), Some("no-store"));
    let body = r.json();
    assert_eq!(
        (body["user"].as_str(), body["domain"].as_str()),
        (Some("reader"), Some("acme"))
    );
    assert!(
        sdrs_console_server::util::iso_time::parse_iso_ms(body["expires_at"].as_str().unwrap()).is_some()
    );
    assert!(!r.text.contains("reader-pw-1"));
    let token = body["token"].as_str().unwrap().to_owned();
    let calls = iam_calls(&emu).await;
    assert_eq!(calls.len(), 1);
    assert_eq!(
        (calls[0]["method"].as_str(), calls[0]["path"].as_str()),
        (Some("POST"), Some("/v3/auth/tokens"))
    );

    // The browser's token works through the proxy, with the user's rights.
    let list = get_with(&api(&px, "task-center/failure-jobs?limit=1"), &token).await;
    assert_eq!(list.status, StatusCode::OK);
    let id = rows(&list.json())[0]["resource_id"].as_str().unwrap().to_owned();
    let r = delete_with(&api(&px, &format!("task-center/failure-jobs/{id}")), &token).await;
    assert_eq!((r.status, r.code()), (StatusCode::FORBIDDEN, "SDRS.0005".into()));

    // Wrong password: 401 with a message saying what to check.
    let r = sign_in(&px, &sign_in_form("reader", "nope")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::UNAUTHORIZED, "SDRS.0002".into())
    );
    assert!(r.text.contains("check the account name"), "{}", r.text);
    // Bad forms, other origins, wrong method.
    for form in [
        json!({"domain":"acme","user":"reader"}),
        json!({"domain":"","user":"r","password":"p"}),
    ] {
        let r = sign_in(&px, &form).await;
        assert_eq!(
            (r.status, r.code()),
            (StatusCode::BAD_REQUEST, "SDRS.0201".into())
        );
    }
    let r = send(
        client()
            .post(format!("{px}/auth/iam/sign-in"))
            .header("origin", "http://evil.example")
            .json(&sign_in_form("reader", "reader-pw-1")),
    )
    .await;
    assert_eq!(r.status, StatusCode::FORBIDDEN);
    assert_eq!(
        call(Method::GET, &format!("{px}/auth/iam/sign-in")).await.status,
        StatusCode::METHOD_NOT_ALLOWED
    );
    assert_eq!(
        iam_calls(&emu).await.len(),
        2,
        "only the good form and the wrong password reached IAM"
    );
}

#[tokio::test]
async fn emulate_mode_signs_in_with_its_own_iam() {
    let emu = emulator("3600").await;
    let r = sign_in(&emu, &sign_in_form("alice", "alice-pw-1")).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let token = r.json()["token"].as_str().unwrap().to_owned();
    assert_eq!(
        get_with(&api(&emu, "server-groups"), &token).await.status,
        StatusCode::OK
    );
    // Without IAM users or --iam there is no sign-in.
    let plain = start(&[]).await;
    assert_eq!(
        sign_in(&plain, &sign_in_form("a", "b")).await.status,
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        get(&format!("{plain}/config.json")).await.json()["iamSignIn"],
        false
    );
}

#[tokio::test]
async fn iam_unreachable_or_slow_is_a_clear_gateway_error() {
    let emu = emulator("3600").await;
    // Nothing listens on port 9 (discard) here.
    let px = console(&emu, "http://127.0.0.1:9", &[]).await;
    let r = sign_in(&px, &sign_in_form("reader", "reader-pw-1")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::BAD_GATEWAY, "SDRS.0013".into())
    );
    assert!(
        r.text.contains("could not be reached") && r.text.contains("127.0.0.1:9"),
        "{}",
        r.text
    );
    assert!(!r.text.contains("reader-pw-1"));

    let slow = console(&emu, &emu, &["--upstream-timeout-ms", "300"]).await;
    send(
        client()
            .post(format!("{emu}/__emulator/faults"))
            .json(&json!({"path_prefix":"/v3/","delay_ms":3000})),
    )
    .await;
    let r = sign_in(&slow, &sign_in_form("reader", "reader-pw-1")).await;
    assert_eq!(
        (r.status, r.code()),
        (StatusCode::GATEWAY_TIMEOUT, "SDRS.0013".into())
    );
    assert!(r.text.contains("did not answer within 300 ms"), "{}", r.text);
}

#[tokio::test]
async fn an_account_scoped_token_does_not_open_the_api() {
    let emu = emulator("3600").await;
    let body = json!({"auth":{"identity":{"methods":["password"],
        "password":{"user":{"name":"alice","password":"alice-pw-1","domain":{"name":"acme"}}}},
        "scope":{"domain":{"name":"acme"}}}});
    let r = send(client().post(format!("{emu}/v3/auth/tokens")).json(&body)).await;
    assert_eq!(r.status, StatusCode::CREATED, "{}", r.text);
    assert!(r.json()["token"]["project"].is_null());
    let token = r.header("x-subject-token").unwrap().to_owned();
    let r = get_with(&api(&emu, "server-groups"), &token).await;
    assert_eq!(
        (r.status, apigw_code(&r)),
        (StatusCode::UNAUTHORIZED, "APIGW.0301".into())
    );
    assert!(r.text.contains("not scoped to a project"), "{}", r.text);
}
