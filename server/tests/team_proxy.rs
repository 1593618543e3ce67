//! Team sign-in by the headers of an authenticating reverse proxy: trusted
//! from `--trusted-proxy` addresses only (the tests connect from
//! 127.0.0.1, so trusting 127.0.0.1 plays the proxy and trusting another
//! address plays a client that forges the headers).

mod common;
mod team_common;

use common::*;
use reqwest::{Method, StatusCode};
use team_common::cookie_of;

fn as_proxy(req: reqwest::RequestBuilder, user: &str, groups: &str) -> reqwest::RequestBuilder {
    req.header("x-forwarded-user", user)
        .header("x-forwarded-groups", groups)
}

#[tokio::test]
async fn headers_from_a_trusted_proxy_sign_in_with_the_groups_role() {
    let base = start(&["--trusted-proxy", "127.0.0.0/8"]).await;
    let config = get(&format!("{base}/config.json")).await.json();
    assert_eq!(
        config["teamSignIn"],
        serde_json::json!({"local": false, "oidc": null, "proxy": true})
    );
    // Without the headers: nobody.
    assert_eq!(
        get(&api(&base, "server-groups")).await.status,
        StatusCode::UNAUTHORIZED
    );
    let r = send(as_proxy(
        client().get(api(&base, "task-center/failure-jobs?limit=3")),
        "dave",
        "devs",
    ))
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let first = rows(&r.json());

    // The console asks for its session: a CSRF token, in a cookie's session.
    let r = send(as_proxy(
        client().get(format!("{base}/auth/session")),
        "dave",
        "devs",
    ))
    .await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    let v = r.json();
    assert_eq!(
        (v["user"].as_str(), v["role"].as_str(), v["method"].as_str()),
        (Some("dave"), Some("viewer"), Some("proxy"))
    );
    let cookie = cookie_of(&r);
    let csrf = v["csrfToken"].as_str().unwrap().to_owned();
    let one = api(
        &base,
        &format!(
            "task-center/failure-jobs/{}",
            first[0]["resource_id"].as_str().unwrap()
        ),
    );
    let delete = |user: &'static str, groups: &'static str, csrf: &str| {
        as_proxy(client().delete(&one), user, groups)
            .header("cookie", &cookie)
            .header("x-csrf-token", csrf.to_owned())
    };
    // A viewer by groups may not delete.
    let r = send(delete("dave", "devs", &csrf)).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0005")
    );
    // The proxy says dave is an operator now: the role follows the header.
    let r = send(delete("dave", "devs, sdrs-operators", "wrong")).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0004")
    );
    let r = send(delete("dave", "devs, sdrs-operators", &csrf)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
    // Another user behind the proxy cannot use dave's session's token.
    let r = send(delete("erin", "sdrs-operators", &csrf)).await;
    assert_eq!(
        (r.status, r.code().as_str()),
        (StatusCode::FORBIDDEN, "SDRS.0004")
    );
    // dave's cookie without the proxy's headers signs nobody in.
    let r = send(
        client()
            .get(api(&base, "server-groups"))
            .header("cookie", &cookie),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn headers_from_any_other_address_are_refused_never_trusted() {
    let team_common_users = team_common::users_file();
    let base = start(&[
        "--trusted-proxy",
        "10.9.8.7",
        "--users",
        team_common_users.to_str().unwrap(),
    ])
    .await;
    for path in ["/v1/p/task-center/failure-jobs", "/healthz", "/auth/session"] {
        let r = send(as_proxy(
            client().get(format!("{base}{path}")),
            "alice",
            "sdrs-operators",
        ))
        .await;
        assert_eq!(r.status, StatusCode::UNAUTHORIZED, "{path}");
        assert_eq!(r.code(), "SDRS.0002");
        assert!(r.text.contains("trusted proxy"), "{}", r.text);
    }
    // Even with a valid session of its own, a forged header is refused.
    let alice = team_common::sign_in(&base, "alice", team_common::ALICE_PASSWORD).await;
    let r = send(
        client()
            .request(Method::GET, api(&base, "server-groups"))
            .header("cookie", &alice.cookie)
            .header("x-forwarded-user", "bob"),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = team_common::with_session(Method::GET, &api(&base, "server-groups"), &alice, false).await;
    assert_eq!(r.status, StatusCode::OK);
}

#[tokio::test]
async fn custom_header_names_and_operator_group() {
    let base = start(&[
        "--trusted-proxy",
        "127.0.0.1",
        "--proxy-user-header",
        "X-Auth-Request-User",
        "--proxy-groups-header",
        "X-Auth-Request-Groups",
        "--operator-group",
        "dr-admins",
    ])
    .await;
    let r = send(
        client()
            .get(format!("{base}/auth/session"))
            .header("x-auth-request-user", "frank")
            .header("x-auth-request-groups", "dr-admins"),
    )
    .await;
    assert_eq!(r.json()["role"], "operator");
    // The default names mean nothing here.
    let r = send(as_proxy(
        client().get(api(&base, "server-groups")),
        "frank",
        "dr-admins",
    ))
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
    let r = send(
        client()
            .get(api(&base, "server-groups"))
            .header("x-auth-request-user", "  "),
    )
    .await;
    assert_eq!(r.status, StatusCode::UNAUTHORIZED);
}
