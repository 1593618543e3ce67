//! One polling round against the emulator: the watcher's paths, paging
//! and decoding agree with what the emulated Task Center answers.

mod common;

use common::{api, client, group_ids, rows, start, PROJECT};
use sdrs_console_server::watcher::pace::CredentialLimiter;
use sdrs_console_server::watcher::round::{run_round, RoundError};
use sdrs_console_server::watcher::{Answer, BoxFuture, ScopeApi, Unreachable};
use std::collections::BTreeSet;

/// The emulator at `base`, called the way a scope's upstream is.
struct Emulated {
    base: String,
    http: reqwest::Client,
}

impl ScopeApi for Emulated {
    fn get(&self, path_and_query: String) -> BoxFuture<'static, Result<Answer, Unreachable>> {
        let request = self.http.get(format!("{}{path_and_query}", self.base));
        Box::pin(async move {
            let res = request.send().await.map_err(|e| Unreachable(e.to_string()))?;
            let status = res.status().as_u16();
            let body = res.bytes().await.map_err(|e| Unreachable(e.to_string()))?;
            Ok(Answer {
                status,
                retry_after: None,
                body,
            })
        })
    }
}

/// Job ids of one list, every page of it, asked of the API directly.
async fn list_all(base: &str, filter: &str) -> BTreeSet<String> {
    let mut ids = BTreeSet::new();
    for page in 0.. {
        let url = api(
            base,
            &format!(
                "task-center/failure-jobs?limit=1000&offset={}{filter}",
                page * 1000
            ),
        );
        let rows = rows(&common::get(&url).await.json());
        ids.extend(rows.iter().map(|r| r["job_id"].as_str().unwrap().to_owned()));
        if rows.len() < 1000 {
            break;
        }
    }
    ids
}

/// Group level, then every group's.
async fn listed_directly(base: &str) -> (BTreeSet<String>, BTreeSet<String>) {
    let top = list_all(base, "").await;
    let mut in_groups = BTreeSet::new();
    for group in group_ids(base).await {
        in_groups.extend(list_all(base, &format!("&server_group_id={group}")).await);
    }
    (top, in_groups)
}

#[tokio::test]
async fn a_round_lists_what_the_emulator_holds() {
    let base = start(&[]).await;
    let (top, in_groups) = listed_directly(&base).await;
    assert!(
        !in_groups.is_empty(),
        "the emulator's data has failures in groups"
    );
    let scope = Emulated {
        base: base.clone(),
        http: client(),
    };
    let report = run_round(&scope, PROJECT, &CredentialLimiter::new(1000))
        .await
        .expect("a complete round");
    assert_eq!(report.groups, group_ids(&base).await.len());
    assert_eq!(report.unreadable_rows, 0);
    let seen_top: BTreeSet<String> = report
        .seen
        .iter()
        .filter(|s| s.server_group_id.is_none())
        .map(|s| s.job.job_id.clone())
        .collect();
    let seen_in_groups: BTreeSet<String> = report
        .seen
        .iter()
        .filter(|s| s.server_group_id.is_some())
        .map(|s| s.job.job_id.clone())
        .collect();
    // Compared whole, reported by size: the sets are thousands of ids.
    assert!(
        seen_top == top,
        "group level: {} seen, {} listed",
        seen_top.len(),
        top.len()
    );
    assert!(
        seen_in_groups == in_groups,
        "in groups: {} seen, {} listed",
        seen_in_groups.len(),
        in_groups.len()
    );
}

#[tokio::test]
async fn a_project_the_credential_does_not_own_is_refused() {
    let base = start(&[]).await;
    let scope = Emulated { base, http: client() };
    let outcome = run_round(&scope, "not-this-project", &CredentialLimiter::new(1000)).await;
    match outcome {
        Err(RoundError::Refused(message)) => {
            assert!(message.starts_with("HTTP 403 SDRS.0001: "), "{message}")
        }
        other => panic!("expected a refusal, got {other:?}"),
    }
}
