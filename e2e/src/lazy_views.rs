//! Every view of the failed-task panel that comes from its own chunk,
//! opened one after the other in one panel wherever it is embedded: each
//! chunk is fetched when its view is first shown and not before, and the
//! view works. The page must have idle prefetching off
//! ([`crate::chunks::prefetch_off`]), or chunks come without being used.

use crate::chunks::{fetched_chunks, keep_all_resource_timings, wait_chunk_fetched};
use crate::panel_root::{click_in, count_in, rows_in, text_in, wait_gone_in, wait_in, wait_rows};
use crate::support::{check, wait_until};
use crate::{Console, Server, ROWS};
use sdrs_console::view_model::format::short_id;
use serde_json::json;

/// The panel's chunks, in the order [`open_each_lazy_view`] opens them.
pub const PANEL_CHUNKS: [&str; 6] = ["timeline", "drawer", "confirm", "code_groups", "export", "token"];

const TIMELINE_BAR: &str = ".sdrs-timeline .sdrs-tl-svg .sdrs-tl-bar";
const DRAWER: &str = "[role=dialog].sdrs-drawer";
const CONFIRM: &str = "[role=alertdialog]";
const GROUP: &str = ".sdrs-groups-table tbody[data-code]";
const EXPORT_MENU: &str = "details.sdrs-menu";
const TOKEN_INPUT: &str = "[role=dialog] input[name=token]";
const CHUNK_ERROR: &str = ".sdrs-chunk-error";

/// How the panel gets its token, which decides how many 401s it takes to
/// open the token prompt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PanelToken {
    /// None given: the first 401 asks.
    None,
    /// A `getToken` provider: a 401 asks it again (`refresh: true`) and
    /// retries once; a second 401 asks the user.
    Provider,
}

/// In the panel under `root` (see [`crate::panel_root`]), whose rows are
/// shown or coming: the timeline (on the first screen), a row's drawer, the
/// delete confirmation (cancelled), the grouped-by-error-code view, the
/// export menu's items and the token prompt (after a 401; dismissed). Before each view its chunk was
/// not fetched, after it was, once; no chunk failed. The page is left with
/// the list's 401 error shown.
pub async fn open_each_lazy_view(c: &Console, root: &str, token: PanelToken) {
    keep_all_resource_timings(c).await;
    let ids = wait_rows(c, root).await;
    let id = &ids[0];

    // The timeline is on the first screen: its chunk comes with it.
    wait_in(c, root, TIMELINE_BAR).await;
    wait_chunk_fetched(c, "timeline").await;
    assert_unfetched(c, &PANEL_CHUNKS[1..]).await;

    // A row's drawer shows the job.
    click_in(
        c,
        root,
        &format!("{ROWS}[data-job-id=\"{id}\"] td.sdrs-cell-time"),
    )
    .await;
    let field = format!("{DRAWER} [data-field=job_id]");
    wait_until(&format!("the drawer of job {id} in {root}"), || async {
        let seen = text_in(c, root, &field).await;
        check(seen.as_deref() == Some(id.as_str()), seen)
    })
    .await;
    wait_chunk_fetched(c, "drawer").await;
    assert_unfetched(c, &PANEL_CHUNKS[2..]).await;
    click_in(c, root, ".sdrs-drawer-close").await;
    wait_gone_in(c, root, DRAWER).await;

    // The row's delete asks first, naming the job; Cancel deletes nothing.
    click_in(c, root, &format!("{ROWS}[data-job-id=\"{id}\"] .sdrs-row-delete")).await;
    let body = format!("{CONFIRM} .sdrs-confirm-body");
    let short = short_id(id);
    wait_until(&format!("the delete confirmation in {root}"), || async {
        let seen = text_in(c, root, &body).await;
        check(seen.as_deref().is_some_and(|t| t.contains(short.as_str())), seen)
    })
    .await;
    wait_chunk_fetched(c, "confirm").await;
    assert_unfetched(c, &PANEL_CHUNKS[3..]).await;
    click_in(c, root, &format!("{CONFIRM} button[data-confirm=cancel]")).await;
    wait_gone_in(c, root, CONFIRM).await;
    let deletes: Vec<_> = c
        .server
        .console_requests()
        .await
        .into_iter()
        .filter(|r| r["method"] == "DELETE")
        .collect();
    assert!(deletes.is_empty(), "a cancelled delete was sent: {deletes:#?}");
    assert!(rows_in(c, root).await.1.contains(id), "the row left on Cancel");

    // Grouped by error code: the groups, then back to the table.
    click_in(c, root, "button[data-view=code]").await;
    wait_in(c, root, GROUP).await;
    wait_chunk_fetched(c, "code_groups").await;
    assert_unfetched(c, &PANEL_CHUNKS[4..]).await;
    click_in(c, root, "button[data-view=table]").await;
    wait_gone_in(c, root, GROUP).await;
    wait_rows(c, root).await;

    // The export menu's items, once it is opened; closed again.
    click_in(c, root, &format!("{EXPORT_MENU} > summary")).await;
    wait_in(c, root, &format!("{EXPORT_MENU}[open] button[data-export=csv]")).await;
    wait_chunk_fetched(c, "export").await;
    assert_unfetched(c, &PANEL_CHUNKS[5..]).await;
    click_in(c, root, &format!("{EXPORT_MENU} > summary")).await;
    wait_gone_in(c, root, &format!("{EXPORT_MENU}[open]")).await;

    // A 401 on the next list asks for a token; Cancel closes the prompt.
    let times = match token {
        PanelToken::None => 1,
        PanelToken::Provider => 2,
    };
    c.server
        .queue_fault(json!({
            "path_prefix": Server::api_path("task-center/failure-jobs"),
            "status": 401,
            "times": times,
        }))
        .await;
    click_in(c, root, "[data-action=refresh]").await;
    wait_in(c, root, TOKEN_INPUT).await;
    wait_chunk_fetched(c, "token").await;
    // The prompt's first plain button is Cancel (IAM sign-in, when
    // offered, has its own `data-action`).
    click_in(
        c,
        root,
        "[role=dialog] form .sdrs-actions button[type=button]:not([data-action])",
    )
    .await;
    wait_gone_in(c, root, TOKEN_INPUT).await;

    assert_eq!(
        count_in(c, root, CHUNK_ERROR).await,
        0,
        "a chunk failed in {root}"
    );
    let fetched = fetched_chunks(c).await;
    for chunk in PANEL_CHUNKS {
        let n = fetched.iter().filter(|f| *f == chunk).count();
        assert_eq!(n, 1, "the {chunk} chunk fetched {n} times: {fetched:?}");
    }
}

/// Fails if the page has fetched any of `chunks`.
async fn assert_unfetched(c: &Console, chunks: &[&str]) {
    let fetched = fetched_chunks(c).await;
    let early: Vec<_> = chunks
        .iter()
        .filter(|ch| fetched.iter().any(|f| f == *ch))
        .collect();
    assert!(
        early.is_empty(),
        "fetched before their views were opened: {early:?} (all fetched: {fetched:?})"
    );
}
