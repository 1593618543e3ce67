//! "All scopes" in the harness: a server emulating three projects in two
//! regions (`--emulated-scopes 2`) whose watcher polls them into the
//! journal, one of them with its credential refused, and the waits for
//! the watcher's rounds.

use crate::support::{check, wait_up_to};
use crate::Console;
use sdrs_console_server::emulator::projects;
use serde_json::json;
use std::future::Future;
use std::time::Duration;

/// A scope's line of the health strip.
pub const HEALTH_ITEM: &str = ".sdrs-health-item";
/// A row of the "All scopes" list.
pub const JOURNAL_ROW: &str = ".sdrs-journal tbody tr[data-row-id]";

/// The watcher's first rounds take a few seconds (jitter, then paging
/// through every protection group), longer than the harness's 10 s wait on
/// a busy machine.
pub const WATCH_WAIT: Duration = Duration::from_secs(60);

/// A scope as `config.json` names it.
pub type ListedScope = (String, String, String);

/// [`wait_up_to`] the watcher's time.
pub async fn wait_watched<T, F, Fut>(what: &str, probe: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, String>>,
{
    wait_up_to(WATCH_WAIT, what, probe).await
}

/// The scopes config.json names: `(name, project id, live base)`.
pub async fn listed_scopes(c: &Console) -> Vec<ListedScope> {
    let config = c.server.get_json("/config.json").await;
    config["scopes"]
        .as_array()
        .expect("config.json names the scopes")
        .iter()
        .map(|s| {
            let field = |k: &str| s[k].as_str().unwrap_or_default().to_owned();
            (field("name"), field("project_id"), field("live_base"))
        })
        .collect()
}

/// A console whose third scope's credential is refused from the first
/// round on: its upstream answers 401 to every call, a fault in place
/// before the server starts (`--emulator-faults`), so that no round of the
/// watcher can journal that scope's failures first.
pub async fn start_with_one_scope_failing() -> (Console, Vec<ListedScope>) {
    let refused_project = projects::project_id(2);
    let fault = json!([{
        "path_prefix": format!("/v1/{refused_project}/"),
        "status": 401,
        "body": r#"{"error":{"code":"APIGW.0301","message":"Incorrect IAM authentication information"}}"#,
        "content_type": "application/json",
        "times": 1_000_000,
    }]);
    let faults = tempfile::NamedTempFile::new().expect("a temporary file for the faults");
    std::fs::write(faults.path(), fault.to_string()).expect("the faults written");
    let faults_path = faults.path().to_str().expect("a UTF-8 temporary path");
    let c = Console::start(&[
        "--emulated-scopes",
        "2",
        "--jobs",
        "40",
        "--emulator-faults",
        faults_path,
    ])
    .await;
    let scopes = listed_scopes(&c).await;
    assert_eq!(scopes.len(), 3, "{scopes:?}");
    assert_eq!(
        scopes[2].1, refused_project,
        "the third scope is the refused project: {scopes:?}"
    );
    (c, scopes)
}

/// Waits until every scope has its health line and the first two were
/// polled, the third refused.
pub async fn wait_health(c: &Console, scopes: &[ListedScope]) {
    wait_watched("the health strip: two scopes polled, the third refused", || async {
        let states = c
            .js(
                "return [...document.querySelectorAll(arguments[0])].map(li => [li.dataset.scope, li.dataset.state])",
                vec![json!(HEALTH_ITEM)],
            )
            .await;
        let expected = json!([
            [scopes[0].0, "ok"],
            [scopes[1].0, "ok"],
            [scopes[2].0, "refused"]
        ]);
        check(states == expected, states)
    })
    .await;
}
