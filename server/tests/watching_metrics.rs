//! `/metrics` of a server watching two scopes: open failures by scope and
//! failure status equal the journal's, polls by scope and outcome, and the
//! time of each scope's last successful poll. A test binary of its own: the
//! metrics recorder is one per process.

mod common;
mod watching_common;

use common::{client, send};
use reqwest::StatusCode;
use std::collections::BTreeMap;
use watching_common::*;

/// Labels of a sample, `{a="x",b="y"}`, as a map (the test's values hold
/// no comma or quote).
type Labels = BTreeMap<String, String>;

fn labels_of(text: &str) -> Labels {
    text.trim_start_matches('{')
        .trim_end_matches('}')
        .split(',')
        .filter_map(|pair| {
            let (k, v) = pair.split_once('=')?;
            Some((k.to_owned(), v.trim_matches('"').to_owned()))
        })
        .collect()
}

/// The samples of `name` in the Prometheus text: labels → value.
fn samples(text: &str, name: &str) -> Vec<(Labels, f64)> {
    text.lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| {
            let rest = l.strip_prefix(name)?;
            let (labels, value) = rest.rsplit_once(' ')?;
            if !(labels.is_empty() || labels.starts_with('{')) {
                return None;
            }
            Some((labels_of(labels), value.parse().ok()?))
        })
        .collect()
}

/// The one sample of `name` whose labels include `want`.
fn sample(text: &str, name: &str, want: &[(&str, &str)]) -> Option<f64> {
    samples(text, name)
        .into_iter()
        .find(|(labels, _)| {
            want.iter()
                .all(|(k, v)| labels.get(*k).map(String::as_str) == Some(*v))
        })
        .map(|(_, v)| v)
}

async fn metrics(console: &Console) -> String {
    let r = send(client().get(format!("{}/metrics", console.base))).await;
    assert_eq!(r.status, StatusCode::OK, "{}", r.text);
    r.text
}

/// Open failures by failure status as the journal lists them for `scope`.
async fn journal_open(console: &Console, scope: &str) -> BTreeMap<String, f64> {
    let page = console
        .journal(&format!("scope={scope}&state=open&limit=1000"))
        .await;
    assert_eq!(page.entries.len() as u64, page.total);
    let mut by_status = BTreeMap::new();
    for e in page.entries {
        *by_status
            .entry(e.job.failure_status.as_str().to_owned())
            .or_insert(0.0) += 1.0;
    }
    by_status
}

fn open_gauges(text: &str, scope: &str) -> BTreeMap<String, f64> {
    samples(text, "sdrs_journal_open_failures")
        .into_iter()
        .filter(|(labels, _)| labels.get("scope").map(String::as_str) == Some(scope))
        .filter_map(|(labels, v)| Some((labels.get("failure_status")?.clone(), v)))
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_failures_polls_and_last_success_by_scope() {
    let (a, b) = (Emulator::start(31).await, Emulator::start(32).await);
    let dir = temp_dir();
    let config = write_config(&dir, &[scope("alpha", "lab-a", &a), scope("beta", "lab-b", &b)]);
    let sum = (a.listed_ids().await.len() + b.listed_ids().await.len()) as u64;
    let console = Console::start(&config, &sqlite_in(&dir)).await;
    console.wait_for_rounds(sum).await;

    let text = metrics(&console).await;
    for name in ["alpha", "beta"] {
        let expected = journal_open(&console, name).await;
        assert!(!expected.is_empty());
        assert_eq!(open_gauges(&text, name), expected, "{name}: {text}");
        let recorded = sample(
            &text,
            "sdrs_watcher_polls_total",
            &[("scope", name), ("outcome", "recorded")],
        );
        assert!(recorded >= Some(1.0), "{name}: {text}");
        let at = sample(
            &text,
            "sdrs_watcher_last_success_timestamp_seconds",
            &[("scope", name)],
        );
        assert!(at > Some(1.7e9), "{name}: {text}");
    }

    // Every failure of one status in alpha cleared upstream: after a
    // round, that status reads 0 rather than its last count.
    let listed = a.listed().await;
    let status = listed[0].job.failure_status.as_str().to_owned();
    for l in listed.iter().filter(|l| l.job.failure_status.as_str() == status) {
        a.delete_directly(&l.job.job_id).await;
    }
    let last = console.last_success("alpha").await;
    console.wait_for_round_after("alpha", &last).await;
    let text = metrics(&console).await;
    let gauges = open_gauges(&text, "alpha");
    assert_eq!(gauges.get(&status), Some(&0.0), "{status}: {text}");
    let mut expected = journal_open(&console, "alpha").await;
    expected.insert(status, 0.0);
    assert_eq!(gauges, expected);
    console.stop().await;
}
