//! Two replicas of the server behind nginx (the committed example
//! `deploy/nginx/sdrs-console.conf`, round-robin) on one PostgreSQL, used
//! in Chromium through the proxy: sign-in on one replica and use on the
//! other, the CSRF and Origin checks behind the proxy (`--public-url`, no
//! `--trusted-proxy`: nginx's `Host` has no port, so only the public URL
//! makes the browser's `Origin` the server's own), a delete audited once in
//! the shared database, and a rolling restart of one replica that the user
//! does not notice.
//!
//! Each replica emulates SDRS with the same `--seed`, so their lists match;
//! a delete changes only the emulated store of the replica that served it,
//! so the test reads the shared audit trail, not the list, after it.

mod team_support;

use sdrs_console_server::team::identity::Role;
use sdrs_console_server::team::users_file::user_line;
use sdrs_e2e::{
    check, free_port, scratch_dir, tools, wait_until, Browser, Nginx, ProxiedRequest, Server, ROWS,
};
use serde_json::{json, Value};
use team_support::{
    assert_foreign_origin_refused, clear_group_level_path, send_as, sign_in_form, sign_in_http, wait_rows,
    HttpSession, ALICE_PASSWORD,
};

const SEED: &str = "11";

/// A replica on `port`, on the shared database, with the proxy's URL as
/// its public URL.
async fn start_replica(port: u16, users: &str, database: &str, public_url: &str) -> Server {
    let mut cli = Server::cli(&[
        "--users",
        users,
        "--database",
        database,
        "--public-url",
        public_url,
        "--seed",
        SEED,
    ]);
    // The port the proxy's configuration names.
    cli.listen.port = port;
    Server::start_cli(cli).await
}

/// A request that needs a session: an API call or the session itself.
fn is_authenticated_call(r: &ProxiedRequest) -> bool {
    r.request.starts_with("GET /v1/") || r.request.starts_with("GET /auth/session ")
}

/// Whether `addr` alone served `r` (no replica was skipped).
fn served_by(r: &ProxiedRequest, addr: &str) -> bool {
    r.upstreams.len() == 1 && r.upstreams[0] == addr
}

fn is_list_call(r: &ProxiedRequest) -> bool {
    r.request.starts_with("GET /v1/") && r.request.contains("/failure-jobs")
}

/// Clicks Refresh and waits until the list request it sent went through
/// the proxy and the list shows rows again; returns that request.
async fn refresh(b: &Browser, nginx: &Nginx) -> ProxiedRequest {
    let before = nginx.access_log().into_iter().filter(is_list_call).count();
    b.click("button[data-action=refresh]").await;
    let request = wait_until("the refreshed list to go through the proxy", || async {
        let lists: Vec<ProxiedRequest> = nginx.access_log().into_iter().filter(is_list_call).collect();
        match lists.get(before) {
            Some(r) => Ok(r.clone()),
            None => Err(format!("{} list requests", lists.len())),
        }
    })
    .await;
    wait_rows(b).await;
    request
}

/// The page's own `GET /auth/session` (with its cookie): the status.
async fn browser_session_call(b: &Browser) -> Value {
    b.js_async(
        "const done = arguments[arguments.length - 1];\
         fetch('/auth/session', {credentials: 'same-origin'})\
           .then(r => done(r.status), e => done('failed: ' + e));",
        vec![],
    )
    .await
}

/// The audit records of the shared database, read through the proxy.
async fn audit_records(nginx: &Nginx, alice: &HttpSession) -> Vec<Value> {
    let (status, body) = send_as(
        reqwest::Method::GET,
        &nginx.url("/audit/records?limit=100"),
        Some(alice),
        false,
        None,
    )
    .await;
    assert_eq!(status, 200, "GET /audit/records: {body}");
    let v: Value = serde_json::from_str(&body).expect("audit JSON");
    v["records"].as_array().cloned().unwrap_or_default()
}

#[tokio::test]
async fn two_replicas_behind_nginx_share_sign_in_and_audit_and_survive_a_rolling_restart() {
    let database = tools::fresh_postgres_database("replicas").await;
    let dir = scratch_dir("replicas");
    let users = dir.join("users");
    let line = user_line("alice", Role::Operator, ALICE_PASSWORD).expect("a users-file line");
    std::fs::write(&users, format!("{line}\n")).expect("write the users file");
    let users = users.display().to_string();

    let proxy_port = free_port();
    let public_url = format!("http://127.0.0.1:{proxy_port}");
    let ports = [free_port(), free_port()];
    let addrs = ports.map(|p| format!("127.0.0.1:{p}"));
    // One at a time: the first runs the migrations.
    let first = start_replica(ports[0], &users, &database, &public_url).await;
    let second = start_replica(ports[1], &users, &database, &public_url).await;
    let nginx = Nginx::start(proxy_port, [&addrs[0], &addrs[1]]).await;
    assert_eq!(nginx.url(""), public_url);

    // (1) Sign in through the proxy; the session works on both replicas.
    let b = Browser::start().await;
    b.goto(&nginx.url("/?limit=20")).await;
    sign_in_form(&b, "alice", ALICE_PASSWORD).await;
    b.wait_for(".sdrs-team[data-team-user=\"alice\"][data-team-role=operator]")
        .await;
    let ids = wait_rows(&b).await;
    let signed_in_on = nginx
        .access_log()
        .into_iter()
        .find(|r| r.request.starts_with("POST /auth/local/sign-in "))
        .expect("the sign-in went through the proxy");
    assert_eq!(signed_in_on.status, 200, "{signed_in_on:?}");
    assert!(
        served_by(&signed_in_on, &addrs[0]) || served_by(&signed_in_on, &addrs[1]),
        "{signed_in_on:?}"
    );
    let other = addrs
        .iter()
        .find(|a| !served_by(&signed_in_on, a))
        .expect("the other replica")
        .clone();
    // Refreshes and the page's own session calls (one request each, so the
    // round-robin cannot keep the list calls on one replica) until the
    // replica that did not sign alice in has answered her calls.
    let mut served_other = false;
    for _ in 0..10 {
        let list = refresh(&b, &nginx).await;
        assert_eq!(list.status, 200, "{list:?}");
        assert_eq!(browser_session_call(&b).await, json!(200));
        served_other = nginx
            .access_log()
            .iter()
            .any(|r| is_authenticated_call(r) && r.status == 200 && served_by(r, &other));
        if served_other {
            break;
        }
    }
    assert!(
        served_other,
        "alice signed in on {} and was never served by {other}: {:?}",
        signed_in_on.upstreams[0],
        nginx.access_log()
    );

    // (2) CSRF and the Origin check through the proxy: nginx's Host has
    // no port, the browser's Origin has; --public-url makes it the
    // server's own, and a foreign one is refused on either replica.
    let alice = sign_in_http(&nginx.url(""), "alice", ALICE_PASSWORD).await;
    let clear = nginx.url(&clear_group_level_path());
    for _ in &addrs {
        assert_foreign_origin_refused(&clear, &alice).await;
    }
    let (status, body) = send_as(reqwest::Method::DELETE, &clear, Some(&alice), false, None).await;
    assert_eq!(status, 403, "no CSRF token: {body}");

    // (3) A delete in the console is audited once in the shared database,
    // whichever replica served it and whichever reads the trail.
    // The row names its task's job; the DELETE names the failed task.
    let job = ids[0].clone();
    b.click(&format!("{ROWS}[data-job-id=\"{job}\"] .sdrs-row-delete"))
        .await;
    b.click("[role=alertdialog] [data-confirm=ok]").await;
    b.wait_gone("[role=alertdialog]").await;
    let deletes = wait_until("the delete to go through the proxy", || async {
        let log = nginx.access_log();
        let deletes: Vec<ProxiedRequest> = log
            .iter()
            .filter(|r| r.request.starts_with("DELETE /v1/") && !r.request.contains("/batch "))
            .cloned()
            .collect();
        check(!deletes.is_empty(), &log).map(|_| deletes)
    })
    .await;
    assert_eq!(
        deletes.len(),
        1,
        "one DELETE for one confirmed delete: {deletes:?}"
    );
    assert_eq!(deletes[0].status, 204, "{deletes:?}");
    let deleted = deletes[0]
        .request
        .split(' ')
        .nth(1)
        .and_then(|path| path.rsplit('/').next())
        .expect("DELETE /v1/.../failure-jobs/ID")
        .to_owned();
    wait_until("the delete's audit record to complete", || async {
        let records = audit_records(&nginx, &alice).await;
        let done = records
            .iter()
            .any(|r| r["failureJobId"] == json!(deleted) && r["outcome"] != json!("pending"));
        check(done, records)
    })
    .await;
    for _ in &addrs {
        let records = audit_records(&nginx, &alice).await;
        let of_deleted: Vec<&Value> = records
            .iter()
            .filter(|r| r["failureJobId"] == json!(deleted))
            .collect();
        assert_eq!(of_deleted.len(), 1, "audited once: {records:?}");
        assert_eq!(of_deleted[0]["outcome"], json!("succeeded"), "{records:?}");
        assert_eq!(of_deleted[0]["user"], json!("alice"), "{records:?}");
        // The refused clears above deleted nothing and wrote nothing.
        assert_eq!(records.len(), 1, "{records:?}");
    }

    // (4) A rolling restart: the second replica stops; the user's calls
    // keep working, nginx passing them to the first.
    second.stop().await;
    let stopped_at = nginx.access_log().len();
    for _ in 0..4 {
        let list = refresh(&b, &nginx).await;
        assert_eq!(list.status, 200, "{list:?}");
        assert_eq!(browser_session_call(&b).await, json!(200));
    }
    let since_stop = nginx.access_log().split_off(stopped_at);
    assert!(
        since_stop
            .iter()
            .any(|r| r.status == 200 && r.upstreams == addrs.iter().rev().cloned().collect::<Vec<_>>()),
        "a request that reached the stopped replica went on to the other: {since_stop:?}"
    );
    assert!(
        since_stop.iter().all(|r| r.upstreams.last() == Some(&addrs[0])),
        "every request was answered by the running replica: {since_stop:?}"
    );
    // It starts again on the same port and database, and serves again.
    let second = start_replica(ports[1], &users, &database, &public_url).await;
    let restarted_at = nginx.access_log().len();
    wait_until("the restarted replica to serve alice", || async {
        let status = browser_session_call(&b).await;
        assert_eq!(status, json!(200), "the page's session call");
        let log = nginx.access_log();
        let served = log[restarted_at..]
            .iter()
            .any(|r| is_authenticated_call(r) && r.status == 200 && served_by(r, &addrs[1]));
        check(served, log.len() - restarted_at)
    })
    .await;
    let list = refresh(&b, &nginx).await;
    assert_eq!(list.status, 200, "{list:?}");

    // No request the browser or the test sent failed at the proxy.
    let log = nginx.access_log();
    let failed: Vec<&ProxiedRequest> = log.iter().filter(|r| r.status >= 500).collect();
    assert!(failed.is_empty(), "failed through the proxy: {failed:?}");
    assert!(
        !b.exists("[role=alert]").await,
        "the console shows no error: {}",
        b.try_text("[role=alert]").await.unwrap_or_default()
    );

    b.close().await;
    second.stop().await;
    first.stop().await;
}
