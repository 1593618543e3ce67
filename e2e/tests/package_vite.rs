//! End-to-end test of the npm package in a bundler (issue 18): the
//! TypeScript host of `examples/vite/` bundled by the pinned npm `vite`,
//! served by the real server (strict CSP header) and driven in headless
//! Chromium: rows, `getToken`, typed events, `unmount`; and the panel's
//! lazily loaded views, each fetching its (renamed) chunk on first use.
//!
//! Run after a trunk build, `scripts/package --reuse-dist` and
//! `. scripts/tools.sh; ensure_vite_example`:
//! `SDRS_DIST="$PWD/dist" cargo test -p sdrs-e2e --test package_vite`.

mod package_support;

use package_support::{declared_fields, keys, node_bin, run, vite_dir, wait_host, wait_rows, PANEL};
use sdrs_e2e::chunks::{chunk_of, prefetch_off};
use sdrs_e2e::lazy_views::{open_each_lazy_view, PanelToken, PANEL_CHUNKS};
use sdrs_e2e::{check, repo_root, scratch_dir, wait_until, Browser, Console, Server};
use serde_json::{json, Value};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The token the Vite host's `getToken` hands out.
const HOST_TOKEN: &str = "vite-host-token";
const ELEMENT: &str = "document.querySelector('sdrs-failed-tasks')?.shadowRoot";

/// Bundles the Vite host into a fresh directory and returns it.
fn vite_build() -> PathBuf {
    let out = scratch_dir("vite-build");
    let (ok, text) = run(Command::new(node_bin("vite"))
        .arg("build")
        .arg("--outDir")
        .arg(&out)
        .arg("--emptyOutDir")
        .current_dir(vite_dir()));
    assert!(ok, "vite build failed:\n{text}");
    out
}

/// Names of the files under `dir`, recursively.
fn file_names(dir: &Path) -> Vec<String> {
    let mut names = Vec::new();
    for entry in std::fs::read_dir(dir).expect("read dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            names.extend(file_names(&path));
        } else {
            names.push(
                path.file_name()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    names
}

/// `viteHost.events` of one source and name: their details.
async fn details(c: &Console, source: &str, name: &str) -> Vec<Value> {
    let v = c
        .js(
            "return viteHost.events.filter(e => e.source === arguments[0] && e.name === arguments[1]).map(e => e.detail)",
            vec![json!(source), json!(name)],
        )
        .await;
    v.as_array().cloned().unwrap_or_default()
}

/// The bundled host, under the server's strict CSP: both panels render
///    the API's rows, `getToken` is called and its token sent, events carry
///    the declared `detail` fields with the declared types, and `unmount`
///    leaves nothing behind.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vite_bundle_renders_sends_the_token_reports_typed_events_and_unmounts() {
    let out = vite_build();
    let html = std::fs::read_to_string(out.join("index.html")).expect("built index.html");
    assert!(
        !html.contains("<style"),
        "inline style in the bundle's page:\n{html}"
    );
    for script in html.split("<script").skip(1) {
        let tag = &script[..script.find('>').unwrap_or(script.len())];
        assert!(
            tag.contains(" src="),
            "inline script in the bundle's page:\n{html}"
        );
    }
    let emitted = file_names(&out);
    assert!(
        emitted
            .iter()
            .any(|n| n.starts_with("sdrs-console_bg") && n.ends_with(".wasm")),
        "the bundle emitted no wasm: {emitted:?}"
    );

    let c = Console {
        server: Server::start_serving(&out, &[]).await,
        browser: Browser::start().await,
    };
    c.goto(&c.server.url("/index.html")).await;
    wait_host(&c).await;
    let shown = wait_rows(&c, PANEL).await;
    wait_rows(&c, ELEMENT).await;
    // The element's shadow root links the console.css the bundle emitted
    // (its `stylesheet` attribute) and is styled by it.
    wait_until("the element to be styled", || async {
        let s = c
            .js(
                &format!(
                    "const root = {ELEMENT}; const b = root?.querySelector('.sdrs-button');\
                     return [root?.querySelectorAll('link[rel=stylesheet]').length,\
                       b ? getComputedStyle(b).borderTopLeftRadius : null,\
                       !!root?.querySelector('.sdrs-stylesheet-missing')]"
                ),
                vec![],
            )
            .await;
        check(s == json!([1, "6px", false]), s)
    })
    .await;

    // The panel shows the API's page for what it asked, with the host's token.
    let lists: Vec<(Option<String>, String)> = c
        .server
        .console_requests()
        .await
        .iter()
        .filter(|r| r["method"] == "GET")
        .filter_map(|r| {
            let (_, q) = r["path"].as_str()?.split_once("/task-center/failure-jobs?")?;
            Some((r["token"].as_str().map(str::to_owned), q.to_owned()))
        })
        .collect();
    let (_, query) = lists
        .iter()
        .rev()
        // The panel's own page, not the timeline's walk over all pages.
        .find(|(t, q)| t.as_deref() == Some(HOST_TOKEN) && !q.split('&').any(|p| p == "limit=1000"))
        .unwrap_or_else(|| panic!("no list request carried {HOST_TOKEN}: {lists:#?}"));
    let api: Vec<String> = c
        .server
        .list_jobs(query)
        .await
        .failure_jobs
        .into_iter()
        .map(|j| j.job_id)
        .collect();
    assert_eq!(shown, api, "rows of the mounted panel");
    assert!(
        lists.iter().any(|(t, _)| t.is_none()),
        "the element sends no token: {lists:#?}"
    );
    let calls = c.js("return viteHost.tokenCalls", vec![]).await;
    assert!(calls.as_u64().unwrap_or(0) >= 1, "getToken calls: {calls}");

    let dts = std::fs::read_to_string(repo_root().join("packaging/index.d.ts")).expect("index.d.ts");
    // sdrs-rows-loaded, from both panels.
    for source in ["panel", "element"] {
        let loaded = details(&c, source, "sdrs-rows-loaded").await;
        let detail = loaded
            .last()
            .unwrap_or_else(|| panic!("no sdrs-rows-loaded from the {source}"));
        assert_eq!(
            keys(detail),
            declared_fields(&dts, "SdrsRowsLoadedDetail"),
            "{detail}"
        );
        assert!(
            detail["count"].is_u64() && (detail["total"].is_u64() || detail["total"].is_null()),
            "{detail}"
        );
    }
    assert_eq!(
        details(&c, "panel", "sdrs-rows-loaded").await.last().unwrap()["count"],
        json!(shown.len())
    );

    // sdrs-job-opened, when a row is opened.
    c.open_row(&shown[0]).await;
    let opened = wait_until("sdrs-job-opened", || async {
        let d = details(&c, "panel", "sdrs-job-opened").await;
        check(!d.is_empty(), &d).map(|_| d)
    })
    .await;
    assert_eq!(keys(&opened[0]), declared_fields(&dts, "SdrsJobOpenedDetail"));
    assert_eq!(opened[0]["jobId"], json!(shown[0]));
    c.key(sdrs_e2e::Key::Escape).await;

    // sdrs-error, when the API fails.
    c.server
        .queue_fault(json!({ "path_prefix": Server::api_path("task-center/failure-jobs"), "status": 503 }))
        .await;
    c.js("viteHost.panel.refresh()", vec![]).await;
    let errors = wait_until("sdrs-error", || async {
        let d = details(&c, "panel", "sdrs-error").await;
        check(!d.is_empty(), &d).map(|_| d)
    })
    .await;
    let error = &errors[0];
    assert_eq!(keys(error), declared_fields(&dts, "SdrsErrorDetail"), "{error}");
    assert_eq!(error["status"], json!(503), "{error}");
    assert!(
        error["code"].is_string() && error["message"].is_string(),
        "{error}"
    );
    assert!(
        error["requestId"].is_string() || error["requestId"].is_null(),
        "{error}"
    );

    // unmount: the element is empty, the handle's methods do nothing,
    // and no request of the panel follows the element's next one.
    c.js("viteHost.panel.unmount()", vec![]).await;
    let left = c
        .js(
            "const p = document.getElementById('panel');\
             return [p.childNodes.length, document.querySelectorAll('.sdrs-panel, [role=dialog]').length]",
            vec![],
        )
        .await;
    assert_eq!(
        left,
        json!([0, 0]),
        "left after unmount (children, panels and dialogs)"
    );
    c.server.clear_requests().await;
    let thrown = c
        .js(
            "try { viteHost.panel.refresh(); viteHost.panel.setFilters({ failure_status: 'deleteFail' });\
               viteHost.panel.unmount(); return null; } catch (e) { return String(e); }",
            vec![],
        )
        .await;
    assert_eq!(thrown, Value::Null, "the unmounted handle threw");
    c.js("viteHost.element.setAttribute('locale', 'zh-CN')", vec![])
        .await;
    wait_until("the element to list again", || async {
        let lists = c.server.console_list_queries().await;
        check(!lists.is_empty(), lists)
    })
    .await;
    let tokens: Vec<Value> = c
        .server
        .console_requests()
        .await
        .iter()
        .map(|r| r["token"].clone())
        .collect();
    assert!(
        tokens.iter().all(Value::is_null),
        "the unmounted panel sent requests: {tokens:?}"
    );

    let csp: Vec<String> = c
        .console_log()
        .await
        .into_iter()
        .map(|e| e.message)
        .filter(|m| m.contains("Content Security Policy"))
        .collect();
    assert!(csp.is_empty(), "CSP violations: {csp:#?}");
    c.assert_no_console_errors(&["503"]).await;
    c.close().await;
}

/// The bundled host with idle prefetching off on its `<html>`: in the
/// mounted panel, then (the page loaded again) in the custom element, each
/// lazily loaded view fetches its chunk, as the bundler renamed it
/// (`split_NAME-HASH.wasm`), when first shown, and works.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vite_bundle_loads_each_panel_chunk_on_first_use() {
    let out = vite_build();
    let emitted = file_names(&out);
    for chunk in PANEL_CHUNKS {
        assert!(
            emitted.iter().any(|n| chunk_of(n) == Some(chunk)),
            "the bundle emitted no {chunk} chunk: {emitted:?}"
        );
    }
    prefetch_off(&out.join("index.html"));
    let c = Console {
        server: Server::start_serving(&out, &[]).await,
        browser: Browser::start().await,
    };
    for (root, token) in [(PANEL, PanelToken::Provider), (ELEMENT, PanelToken::None)] {
        c.goto(&c.server.url("/index.html")).await;
        wait_host(&c).await;
        open_each_lazy_view(&c, root, token).await;
    }
    // The browser logs the refused lists that opened the token prompts.
    c.assert_no_console_errors(&["401"]).await;
    c.close().await;
}
