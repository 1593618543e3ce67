//! The error-code catalog as a user gets it: data files served beside the
//! module (`codes/en.json`, `codes/zh.json`), absent from the start-up
//! wasm, fetched only when the first explanation is needed.

use sdrs_console::view_model::code_catalog::CodeCatalog;
use sdrs_e2e::{check, wait_until, Console, Key, Server};

/// Sentences of the catalog (SDRS.0406) that must not be compiled in.
const SAMPLES: [(&str, &str); 2] = [
    ("en", "One of the sub-jobs of this task failed"),
    ("zh", "该任务的某个子任务失败"),
];

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Regression: the advice texts were compiled into the wasm, which grew
/// with every code explained.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_catalog_is_served_beside_the_module_and_not_compiled_in() {
    let server = Server::start(&[]).await;
    let http = reqwest::Client::new();
    let get = |path: &str| http.get(server.url(path)).send();
    let wasm = get("/sdrs-console_bg.wasm").await.unwrap().bytes().await.unwrap();
    assert!(
        wasm.len() > 100_000,
        "no console wasm served ({} bytes)",
        wasm.len()
    );
    for (lang, sample) in SAMPLES {
        let res = get(&format!("/codes/{lang}.json")).await.unwrap();
        assert_eq!(res.status().as_u16(), 200, "codes/{lang}.json");
        let kind = res.headers()["content-type"].to_str().unwrap().to_owned();
        assert!(kind.starts_with("application/json"), "{kind}");
        let catalog = CodeCatalog::from_json(&res.text().await.unwrap()).expect("a catalog");
        let entry = catalog.sdrs_entry("SDRS.0406").expect("SDRS.0406");
        assert!(entry.meaning.contains(sample), "{lang}: {entry:?}");
        assert!(
            !contains(&wasm, sample.as_bytes()),
            "the {lang} catalog text is compiled into the wasm"
        );
    }
}

/// How many times the page fetched a catalog file.
async fn catalog_fetches(c: &Console) -> usize {
    let n = c
        .js(
            "return performance.getEntriesByType('resource').filter(e => /\\/codes\\/(en|zh)\\.json$/.test(e.name)).length",
            vec![],
        )
        .await;
    n.as_u64().unwrap_or(0) as usize
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_first_drawer_with_a_code_loads_the_catalog_once() {
    let c = Console::start(&[]).await;
    c.open("limit=50").await;
    assert_eq!(
        catalog_fetches(&c).await,
        0,
        "the catalog was fetched at start-up"
    );
    let api = c.api_rows_of_last_list().await;
    let with_code: Vec<_> = api
        .iter()
        .filter(|j| {
            j.error_code
                .as_deref()
                .is_some_and(|code| code.starts_with("SDRS."))
        })
        .take(2)
        .collect();
    assert_eq!(with_code.len(), 2, "the first page has two SDRS codes");
    for job in with_code {
        c.open_row(&job.job_id).await;
        wait_until("the explanation of the code", || async {
            let kind = c.attr("[role=dialog] .sdrs-advice", "data-explanation").await;
            check(kind.as_deref() == Some("sdrs"), kind)
        })
        .await;
        assert!(!c.text("[role=dialog] [data-field=code_action]").await.is_empty());
        c.press(&Key::Escape.to_string()).await;
        c.wait_gone("[role=dialog].sdrs-drawer").await;
    }
    assert_eq!(catalog_fetches(&c).await, 1, "the catalog is kept for the panel");
    c.assert_no_console_errors(&[]).await;
    c.close().await;
}
