//! Regression tests of the HTTP-level findings of probing the server from
//! outside: DNS rebinding of single-user mode, unbounded metrics labels,
//! `Cache-Control` of signed-in API answers.

mod common;
mod team_common;

use common::*;
use reqwest::{Method, StatusCode};
use serde_json::Value;
use team_common::*;

const SERVER_TOKEN: &str = "server-secret-token";

/// What an emulator used as upstream saw, then forgets it.
async fn seen(upstream: &str) -> Vec<Value> {
    let v = get(&format!("{upstream}/__emulator/requests")).await.json();
    call(Method::DELETE, &format!("{upstream}/__emulator/requests")).await;
    v.as_array().unwrap().clone()
}

/// Finding 2: with a server-side credential, no sign-in and a loopback
/// address, a DELETE with `Host: rebind.attacker.example:PORT` and a
/// matching `Origin` answered 204 with the server's token upstream. Only
/// loopback names and the host of `--public-url` are served now.
#[tokio::test]
async fn dns_rebinding_host_is_refused_in_single_user_mode() {
    let up = start(&[]).await;
    let mut c = cli(&[
        "--upstream",
        &up,
        "--allow-delete",
        "--public-url",
        "http://console.example.test:8080",
    ]);
    c.proxy.upstream_token = Some(SERVER_TOKEN.to_owned());
    let px = start_cli(c).await;
    let port = px.rsplit(':').next().unwrap().to_owned();
    let forged = format!("rebind.attacker.example:{port}");
    seen(&up).await;

    let list = api(&px, "task-center/failure-jobs?limit=1");
    let id = rows(&get(&list).await.json())[0]["resource_id"]
        .as_str()
        .unwrap()
        .to_owned();
    let one = api(&px, &format!("task-center/failure-jobs/{id}"));
    seen(&up).await;
    for (method, url) in [(Method::DELETE, &one), (Method::GET, &list)] {
        let r = send(
            client()
                .request(method.clone(), url)
                .header("host", &forged)
                .header("origin", format!("http://{forged}")),
        )
        .await;
        assert_eq!(r.status, StatusCode::MISDIRECTED_REQUEST, "{method}: {}", r.text);
        assert_eq!(r.code(), "SDRS.0004");
        assert!(!r.text.contains(SERVER_TOKEN));
    }
    assert!(seen(&up).await.is_empty(), "the upstream was not called");

    // Loopback names and the public URL's host are served.
    for host in [
        format!("127.0.0.1:{port}"),
        format!("localhost:{port}"),
        "console.example.test:8080".into(),
    ] {
        let r = send(client().get(&list).header("host", &host)).await;
        assert_eq!(r.status, StatusCode::OK, "{host}: {}", r.text);
    }
    let r = send(client().delete(&one)).await;
    assert_eq!(r.status, StatusCode::NO_CONTENT, "{}", r.text);
}

/// Finding 6: 300 requests with made-up methods created 300 series in
/// `/metrics`. Methods outside the standard set are counted as `other`.
#[tokio::test]
async fn made_up_methods_do_not_add_metrics_series() {
    let base = start(&[]).await;
    // Request counters only: other tests of this process add a few.
    let counters = || async {
        get(&format!("{base}/metrics"))
            .await
            .text
            .lines()
            .filter(|l| l.starts_with("sdrs_http_requests_total{"))
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let before = counters().await.len();
    for i in 0..300 {
        let method = Method::from_bytes(format!("PROBE{i}").as_bytes()).unwrap();
        call(method.clone(), &format!("{base}/nowhere/{i}")).await;
        call(method, &api(&base, "task-center/failure-jobs")).await;
    }
    let after = counters().await;
    assert!(
        after.len() < before + 100,
        "{before} request series grew to {}",
        after.len()
    );
    let text = get(&format!("{base}/metrics")).await.text;
    assert!(!text.contains("PROBE"), "a made-up method became a label");
    let methods: std::collections::BTreeSet<&str> = after
        .iter()
        .filter_map(|l| l.split("method=\"").nth(1)?.split('"').next())
        .collect();
    assert!(methods.contains("other"), "{methods:?}");
    assert!(methods.len() <= 10, "{methods:?}");
}

/// Finding 7: signed-in API answers (`/v1/...` lists, groups, jobs) had
/// no `Cache-Control`, so shared caches could keep failure records.
#[tokio::test]
async fn signed_in_api_answers_are_not_stored() {
    let base = team_server(&[]).await;
    let alice = sign_in(&base, "alice", ALICE_PASSWORD).await;
    let list = with_session(
        Method::GET,
        &api(&base, "task-center/failure-jobs?limit=1"),
        &alice,
        false,
    )
    .await;
    assert_eq!(list.status, StatusCode::OK);
    let job = rows(&list.json())[0]["job_id"].as_str().unwrap().to_owned();
    for reply in [
        list,
        with_session(Method::GET, &api(&base, "server-groups"), &alice, false).await,
        with_session(Method::GET, &api(&base, &format!("jobs/{job}")), &alice, false).await,
        with_session(Method::GET, &api(&base, "nothing/here"), &alice, false).await,
    ] {
        assert_eq!(reply.header("cache-control"), Some("no-store"), "{}", reply.text);
    }
    // Static files keep their own caching.
    assert_ne!(
        get(&format!("{base}/config.json")).await.header("cache-control"),
        Some("no-store")
    );
}
