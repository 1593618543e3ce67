//! The error-code catalog as a user gets it: data files served beside the
//! module (`codes/en.json`, `codes/zh.json`), absent from the start-up
//! wasm, fetched only when the first explanation is needed.

use sdrs_console::view_model::code_catalog::CodeCatalog;
use sdrs_e2e::{assert_axe_clean, check, wait_until, Console, Key, Server};

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

/// axe over the grouped view (a group open, the delete confirmation, all
/// pages) in English and in Chinese: no serious or critical violation. The
/// view is in the page URL (`group=code`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn axe_grouped_view_in_both_languages() {
    use sdrs_console::i18n::{Key as Text, Locale};
    const GROUP: &str = ".sdrs-groups-table tbody[data-code]";
    let c = Console::start(&[]).await;
    c.goto(&c.page_url("limit=50&group=code")).await;
    c.wait_for(GROUP).await;
    assert!(c.url().await.query().unwrap_or_default().contains("group=code"));
    let mut found = Vec::new();
    for locale in Locale::ALL {
        c.select("select[name=locale]", locale.tag()).await;
        wait_until(&format!("the grouped view in {locale:?}"), || async {
            let switch = c.text("button[data-view=code]").await;
            check(switch == Text::ViewByCode.text(locale), switch)
        })
        .await;
        // A group opened in the first language stays open in the next.
        let disclosure = format!("{GROUP} button.sdrs-disclosure");
        if c.attr(&disclosure, "aria-expanded").await.as_deref() == Some("false") {
            c.click(&disclosure).await;
        }
        c.wait_for(&format!("{GROUP} button.sdrs-group-failure")).await;
        found.extend(
            c.axe_serious(&format!("grouped view, a group open, {locale:?}"))
                .await,
        );

        c.click(&format!("{GROUP} button[data-action=delete-group]"))
            .await;
        c.wait_for("[role=alertdialog]").await;
        found.extend(
            c.axe_serious(&format!("group delete confirmation, {locale:?}"))
                .await,
        );
        c.click("[role=alertdialog] button[data-confirm=cancel]").await;
        c.wait_gone("[role=alertdialog]").await;

        c.click("button[data-scope=all]").await;
        c.wait_gone("[data-all-pages=running]").await;
        c.wait_for(GROUP).await;
        found.extend(
            c.axe_serious(&format!("grouped view of all pages, {locale:?}"))
                .await,
        );
        c.click("button[data-scope=page]").await;
    }
    c.assert_no_console_errors(&[]).await;
    c.close().await;
    assert_axe_clean(&found);
}
