//! How a server starts watching: a bad `--config` file stops `Server::new`
//! with the file, line and key named and no secret shown; without a config
//! file, emulate mode's `--emulated-scopes` are the scopes, named to the
//! console in `config.json` and polled.

mod common;
mod watching_common;

use common::{cli, client, get, send};
use reqwest::StatusCode;
use sdrs_console_server::Server;
use sdrs_models::ScopeState;
use std::path::Path;
use watching_common::*;

const PASTED_SECRET: &str = "PastedSecretValue0123456789abcdefghijklm";
const PROFILE_SECRET: &str = "ProfileSecretValue0123456789abcdefghijkl";

/// The start-up error of a server given the config file `text`.
fn start_up_error(dir: &Path, text: &str) -> (String, String) {
    std::fs::write(
        dir.join("credentials"),
        format!("[prod]\nak = AKSTARTUP0123456789\nsk = {PROFILE_SECRET}\n"),
    )
    .unwrap();
    let path = dir.join("scopes.toml");
    std::fs::write(&path, text).unwrap();
    let c = cli(&["--config", path.to_str().unwrap(), "--database", &sqlite_in(dir)]);
    let e = Server::new(c)
        .map(|_| ())
        .expect_err("a bad config file stops start-up");
    (e.to_string(), path.display().to_string())
}

fn config(credential_extra: &str, scopes: &str, dir: &Path) -> String {
    format!(
        "[watcher]\nperiod_secs = 1\n\n[credentials.prod]\nkind = \"aksk\"\nprofile = \"prod\"\ncredentials_file = \"{}\"\n{credential_extra}\n{scopes}",
        dir.join("credentials").display()
    )
}

fn scope_entry(name: &str) -> String {
    format!(
        "[[scope]]\nname = \"{name}\"\nendpoint = \"http://127.0.0.1:9\"\nproject_id = \"p1\"\ncredential = \"prod\"\n\n"
    )
}

/// The 1-based line of the `nth` (0-based) line of `text` containing `needle`.
fn line_with(text: &str, needle: &str, nth: usize) -> usize {
    text.lines()
        .enumerate()
        .filter(|(_, l)| l.contains(needle))
        .nth(nth)
        .map(|(i, _)| i + 1)
        .unwrap_or_else(|| panic!("{needle} not in {text}"))
}

#[tokio::test]
async fn a_bad_config_file_stops_start_up_naming_its_line_not_a_secret() {
    let dir = temp_dir();
    let duplicate = config("", &(scope_entry("prod-a") + &scope_entry("prod-a")), &dir);
    let (e, path) = start_up_error(&dir, &duplicate);
    let (second, first) = (
        line_with(&duplicate, "name = \"prod-a\"", 1),
        line_with(&duplicate, "[[scope]]", 0),
    );
    assert!(
        e.contains(&format!(
            "{path}:{second}: scope[2].name: the scope name prod-a is already used on line {first}"
        )),
        "{e}"
    );
    assert!(!e.contains(PROFILE_SECRET), "{e}");

    // A secret pasted where it does not belong: its key is named, not it.
    let unknown = config(&format!("sk = \"{PASTED_SECRET}\""), &scope_entry("prod-a"), &dir);
    let (e, path) = start_up_error(&dir, &unknown);
    let line = line_with(&unknown, "sk = ", 0);
    assert!(
        e.starts_with(&format!("{path}:{line}: credentials.prod.sk: ")),
        "{e}"
    );
    assert!(e.contains("unknown field `sk`"), "{e}");
    assert!(!e.contains(PASTED_SECRET) && !e.contains(PROFILE_SECRET), "{e}");

    // A profile the credentials file does not have.
    let missing =
        config("", &scope_entry("prod-a"), &dir).replace("profile = \"prod\"", "profile = \"nope\"");
    let (e, path) = start_up_error(&dir, &missing);
    let line = line_with(&missing, "profile = ", 0);
    assert!(
        e.starts_with(&format!("{path}:{line}: credentials.prod.profile: ")),
        "{e}"
    );
    assert!(!e.contains(PROFILE_SECRET), "{e}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn emulated_scopes_are_named_in_config_json_and_polled() {
    let dir = temp_dir();
    let c = cli(&["--emulated-scopes", "2", "--database", &sqlite_in(&dir)]);
    let base = common::start_cli(c).await;

    let config = get(&format!("{base}/config.json")).await;
    assert_eq!(config.status, StatusCode::OK, "{}", config.text);
    let listed = config.json()["scopes"].as_array().cloned().expect("scopes");
    assert_eq!(listed.len(), 3, "{}", config.text);
    assert_eq!(listed[0]["name"], "demo-ap-southeast-3-0");
    assert_eq!(listed[0]["live_base"], "");
    assert_eq!(listed[0]["project_id"], common::PROJECT);
    for s in &listed[1..] {
        let name = s["name"].as_str().unwrap();
        assert_eq!(s["live_base"], format!("/scopes/{name}").as_str());
        assert_ne!(s["project_id"], common::PROJECT);
        // The live base answers for that scope's project.
        let url = format!(
            "{base}/scopes/{name}/v1/{}/server-groups?limit=1",
            s["project_id"].as_str().unwrap()
        );
        let r = get(&url).await;
        assert_eq!(r.status, StatusCode::OK, "{url}: {}", r.text);
    }

    let scopes = wait_for("every emulated scope polled", || async {
        let r = send(client().get(format!("{base}/api/scopes"))).await;
        let list: sdrs_models::ScopeList = serde_json::from_str(&r.text).unwrap();
        list.scopes
            .iter()
            .all(|h| h.state == ScopeState::Ok)
            .then_some(list.scopes)
    })
    .await;
    let names: Vec<&str> = scopes.iter().map(|h| h.name.as_str()).collect();
    let expected: Vec<&str> = listed.iter().map(|s| s["name"].as_str().unwrap()).collect();
    assert_eq!(names, expected);
    for (h, s) in scopes.iter().zip(&listed) {
        assert_eq!(h.project_id, s["project_id"].as_str().unwrap());
        assert_eq!(h.region, s["region"].as_str().unwrap());
        assert!(h.open_failures > 0, "{h:?}");
        assert_eq!(h.error, None);
    }
    // Each scope's failures are in the journal under its name.
    for h in &scopes {
        let r = get(&format!("{base}/api/journal?scope={}&limit=1", h.name)).await;
        let page: sdrs_models::JournalPage = serde_json::from_str(&r.text).unwrap();
        assert_eq!(page.total, h.open_failures, "{}: {}", h.name, r.text);
    }
}

/// Upstream mode's one project is watched only with `--watch`: without it
/// the server sends nothing upstream of its own (the tests that count the
/// console's calls upstream saw a watcher's list among them).
#[tokio::test]
async fn upstream_mode_watches_its_own_project_only_with_watch() {
    let emulator = common::start(&[]).await;
    let project = "0123456789abcdef0123456789abcdef";
    let mut plain = cli(&["--upstream", &emulator, "--project-id", project]);
    plain.proxy.upstream_token = Some("server-token-0123456789".to_owned());
    let quiet = common::start_cli(plain).await;
    let r = get(&format!("{quiet}/api/scopes")).await;
    assert_eq!(r.status, StatusCode::NOT_FOUND, "no watcher without --watch");

    let dir = temp_dir();
    let mut watching = cli(&[
        "--upstream",
        &emulator,
        "--project-id",
        project,
        "--watch",
        "--database",
        &sqlite_in(&dir),
    ]);
    watching.proxy.upstream_token = Some("server-token-0123456789".to_owned());
    let base = common::start_cli(watching).await;
    let health = wait_for("the one scope polled", || async {
        let r = get(&format!("{base}/api/scopes")).await;
        let scope = r.json()["scopes"][0].clone();
        (scope["state"] == serde_json::json!(ScopeState::Ok)).then_some(scope)
    })
    .await;
    assert_eq!(health["name"], "default");
    let journal = get(&format!("{base}/api/journal?state=open&limit=1"))
        .await
        .json();
    assert!(health["open_failures"].as_u64() > Some(0), "{health}");
    assert_eq!(health["open_failures"], journal["total"], "{journal}");
}
