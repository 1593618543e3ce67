//! End-to-end tests of the code-split console: the Audit view and the job
//! drawer come from their own wasm chunks, fetched on first use (or when
//! the page is idle), and a chunk that cannot be fetched says so where it
//! was needed, with a retry that works, while the rest keeps working. So
//! do the work that is not drawn: the walk over all pages (the timeline's)
//! and the group picker's options.
//!
//! Each test serves a copy of the built console (`$SDRS_DIST`, a trunk
//! build with the `split` feature) so that it can switch idle prefetching
//! off (`<html data-sdrs-prefetch="off">`) or take a chunk away.
//!
//! Run after a trunk build:
//! `SDRS_DIST="$PWD/dist" cargo test -p sdrs-e2e --test lazy_chunks`.

mod team_support;

use sdrs_e2e::chunks::{fetched_wasm, prefetch_off, split_dist_copy, wait_chunk_fetched};
use sdrs_e2e::{scratch_dir, Browser, Console, Server, ROWS, TIMELINE_SETTLED};
use std::path::{Path, PathBuf};
use team_support::*;

const DRAWER_CHUNK: &str = "split_drawer.wasm";
const AUDIT_CHUNK: &str = "split_audit.wasm";
const CHUNK_ERROR: &str = ".sdrs-chunk-error[role=alert]";
const AUDIT_VIEW: &str = "section.sdrs-audit [data-action=export-audit]";

/// A copy of the built console with both chunks, prefetching switched
/// off unless `prefetch`.
fn dist_copy(name: &str, prefetch: bool) -> PathBuf {
    let to = split_dist_copy(name, &["drawer", "audit"]);
    if !prefetch {
        prefetch_off(&to.join("index.html"));
    }
    to
}

/// Moves `chunk` and its precompressed siblings from `dist` to `aside`
/// (or back when `back`).
fn move_chunk(dist: &Path, aside: &Path, chunk: &str, back: bool) {
    std::fs::create_dir_all(aside).expect("create the aside dir");
    for suffix in ["", ".br", ".gz"] {
        let name = format!("{chunk}{suffix}");
        let (from, to) = if back {
            (aside.join(&name), dist.join(&name))
        } else {
            (dist.join(&name), aside.join(&name))
        };
        if from.exists() {
            std::fs::rename(&from, &to).expect("move the chunk");
        }
    }
}

#[tokio::test]
async fn drawer_and_audit_view_load_their_chunks_on_first_use() {
    let dir = scratch_dir("chunks-first-use");
    let dist = dist_copy("chunks-first-use", false);
    let users = users_file(&dir);
    let database = format!("sqlite://{}", dir.join("audit.db").display());
    let server = Server::start_serving(
        &dist,
        &["--users", &users.display().to_string(), "--database", &database],
    )
    .await;
    let b = Browser::start().await;
    b.goto(&server.url("/")).await;
    sign_in_form(&b, "alice", ALICE_PASSWORD).await;
    let ids = wait_rows(&b).await;
    // The timeline and its walk have fetched their chunks.
    b.wait_for(TIMELINE_SETTLED).await;

    // The first screen (sign-in, then the table and its timeline) fetched
    // neither the drawer's chunk nor the Audit view's.
    let at_start = fetched_wasm(&b).await;
    assert!(
        at_start.iter().any(|n| n == "sdrs-console_bg.wasm"),
        "{at_start:?}"
    );
    assert!(
        !at_start.iter().any(|n| n == DRAWER_CHUNK || n == AUDIT_CHUNK),
        "{at_start:?}"
    );

    // The drawer: its chunk on the first open, not the Audit view's.
    b.click(&format!("{ROWS}[data-job-id=\"{}\"] td.sdrs-cell-time", ids[0]))
        .await;
    let drawer_id = "[role=dialog].sdrs-drawer [data-field=job_id]";
    b.wait_text(drawer_id, "the drawer of the first job", |t| t == ids[0])
        .await;
    let after_drawer = fetched_wasm(&b).await;
    assert!(after_drawer.iter().any(|n| n == DRAWER_CHUNK), "{after_drawer:?}");
    assert!(!after_drawer.iter().any(|n| n == AUDIT_CHUNK), "{after_drawer:?}");
    // Its module, the bundle of the small chunks it shares and the large
    // ones: the drawer's first open once fetched 16 files here, one per
    // chunk wasm-split cut, six at a time.
    let for_drawer = &after_drawer[at_start.len()..];
    assert!(
        for_drawer.len() <= 6
            && for_drawer
                .iter()
                .all(|n| n == DRAWER_CHUNK || n.starts_with("shared_") || n.starts_with("chunk_")),
        "the drawer's first open fetched {for_drawer:?}"
    );
    // Closed and opened again: the loaded chunk serves, nothing refetched.
    b.click(".sdrs-drawer-close").await;
    b.wait_gone("[role=dialog].sdrs-drawer").await;
    b.click(&format!("{ROWS}[data-job-id=\"{}\"] td.sdrs-cell-time", ids[1]))
        .await;
    b.wait_text(drawer_id, "the drawer of the second job", |t| t == ids[1])
        .await;
    let drawer_fetches = fetched_wasm(&b)
        .await
        .iter()
        .filter(|n| *n == DRAWER_CHUNK)
        .count();
    assert_eq!(drawer_fetches, 1, "the drawer chunk is fetched once");
    b.click(".sdrs-drawer-close").await;
    b.wait_gone("[role=dialog].sdrs-drawer").await;

    // The Audit view: its chunk when the view is first shown.
    b.click("[data-view=audit]").await;
    b.wait_for(AUDIT_VIEW).await;
    wait_chunk_fetched(&b, "audit").await;
    assert!(!b.exists(CHUNK_ERROR).await, "no chunk failed");
    // The one error: the session check before signing in answers 401.
    b.assert_no_console_errors(&["/auth/session"]).await;
    b.close().await;
}

#[tokio::test]
async fn idle_page_prefetches_the_drawer_chunk() {
    let dist = dist_copy("chunks-prefetch", true);
    let c = Console {
        server: Server::start_serving(&dist, &[]).await,
        browser: Browser::start().await,
    };
    c.open("").await;
    // Fetched without a click once the page is idle.
    wait_chunk_fetched(&c, "drawer").await;
    assert!(
        !c.exists("[role=dialog].sdrs-drawer").await,
        "no drawer was opened"
    );
    let id = c.row_ids().await[0].clone();
    c.open_row(&id).await;
    let drawer_fetches = fetched_wasm(&c)
        .await
        .iter()
        .filter(|n| *n == DRAWER_CHUNK)
        .count();
    assert_eq!(drawer_fetches, 1, "the first open used the prefetched chunk");
    c.close().await;
}

#[tokio::test]
async fn missing_drawer_chunk_shows_an_error_and_retry_loads_it() {
    let dist = dist_copy("chunks-404", false);
    let aside = scratch_dir("chunks-404").join("aside");
    move_chunk(&dist, &aside, DRAWER_CHUNK, false);
    let c = Console {
        server: Server::start_serving(&dist, &[]).await,
        browser: Browser::start().await,
    };
    let rows = c.open("").await;
    let ids = c.row_ids().await;

    // The chunk answers 404: an alert where the drawer was to be.
    c.click(&format!("{ROWS}[data-job-id=\"{}\"] td.sdrs-cell-time", ids[0]))
        .await;
    c.wait_for(CHUNK_ERROR).await;
    let alert = c.text(CHUNK_ERROR).await;
    assert!(alert.contains("could not be loaded"), "{alert}");
    assert!(
        !c.exists("[role=dialog].sdrs-drawer").await,
        "no drawer without its chunk"
    );
    let status = reqwest::get(c.server.url(&format!("/{DRAWER_CHUNK}")))
        .await
        .expect("ask for the chunk")
        .status();
    assert_eq!(status, 404, "the chunk is really missing");

    // The rest keeps working: the table reloads on a filter change.
    assert_eq!(c.row_count().await, rows);
    c.reload_after(async { c.click("[data-action=refresh]").await })
        .await;
    assert_eq!(c.row_count().await, rows, "the table still answers");

    // Retry, once the chunk is back: the drawer of the opened job.
    move_chunk(&dist, &aside, DRAWER_CHUNK, true);
    c.click(&format!("{CHUNK_ERROR} [data-action=retry-chunk]")).await;
    c.wait_drawer(&ids[0]).await;
    assert!(!c.exists(CHUNK_ERROR).await, "the alert is gone");
    // Only the failed fetch's own error reaches the browser console.
    c.assert_no_console_errors(&[DRAWER_CHUNK, "404", "WebAssembly", "wasm"])
        .await;
    c.close().await;
}

#[tokio::test]
async fn missing_walk_and_group_chunks_leave_the_first_screen_working() {
    const WALK_CHUNK: &str = "split_all_pages.wasm";
    const GROUPS_CHUNK: &str = "split_group_options.wasm";
    let dist = split_dist_copy("chunks-walk-404", &["all_pages", "group_options"]);
    prefetch_off(&dist.join("index.html"));
    let aside = scratch_dir("chunks-walk-404").join("aside");
    move_chunk(&dist, &aside, WALK_CHUNK, false);
    move_chunk(&dist, &aside, GROUPS_CHUNK, false);
    let c = Console {
        server: Server::start_serving(&dist, &[]).await,
        browser: Browser::start().await,
    };
    let rows = c.open("").await;
    assert!(rows > 0, "the first page is shown without either chunk");

    // The timeline says why it shows this page only, with its reload.
    let reload = "[data-action=timeline-reload]";
    c.wait_for(reload).await;
    let note = c.text(".sdrs-tl-progress").await;
    assert!(note.contains("its code could not be loaded"), "{note}");
    assert!(
        c.exists(".sdrs-tl-source[data-rows=page]").await,
        "the bars are this page's"
    );
    // The group picker falls back to a typed group ID, and says so.
    c.wait_for("input[name=server_group_id]").await;
    assert!(!c.exists("select[name=server_group_id]").await);
    let field = c.text("form .sdrs-field-note").await;
    assert!(field.contains("Protection groups could not be loaded"), "{field}");

    // Back, the timeline's reload walks every page with the chunk's code.
    move_chunk(&dist, &aside, WALK_CHUNK, true);
    c.click(reload).await;
    c.wait_for(".sdrs-tl-source[data-rows=all]").await;
    assert!(!c.exists(reload).await, "the walk is done");
    let fetched = fetched_wasm(&c).await;
    assert!(fetched.iter().any(|n| n == WALK_CHUNK), "{fetched:?}");
    c.assert_no_console_errors(&[WALK_CHUNK, GROUPS_CHUNK, "404", "WebAssembly", "wasm"])
        .await;
    c.close().await;
}
