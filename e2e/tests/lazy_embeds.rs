//! End-to-end tests of the panel's lazily loaded views in each embedding
//! served from the console's own build: the standalone page, a panel of
//! `mount()` and the `<sdrs-failed-tasks>` element (shadow root) on the
//! example portal (`examples/portal/`, at `/portal/index.html`). In each,
//! the timeline, the drawer, the delete confirmation, the grouped view, the
//! export menu's items and the token prompt fetch their own `split_*.wasm`
//! when first shown, not before, and work ([`open_each_lazy_view`]). The Vite package example
//! has the same test in package_vite.rs.
//!
//! Each test serves a copy of the built console (`$SDRS_DIST`, a trunk
//! build with the `split` feature) whose page has idle prefetching off
//! (`<html data-sdrs-prefetch="off">`): with it on, chunks load when the
//! page is idle, used or not. The panel reads the switch on the page's
//! `<html>`, the host's in an embedding.
//!
//! Run after a trunk build:
//! `SDRS_DIST="$PWD/dist" cargo test -p sdrs-e2e --test lazy_embeds`.

use sdrs_e2e::chunks::{prefetch_off, split_dist_copy};
use sdrs_e2e::lazy_views::{open_each_lazy_view, PanelToken, PANEL_CHUNKS};
use sdrs_e2e::{Browser, Console, Server};

const PORTAL: &str = "/portal/index.html";
/// Panel A of the portal: mounted by `mount()` with a `getToken`.
const MOUNTED: &str = "document.getElementById('panel-a')";
const ELEMENT: &str = "document.querySelector('sdrs-failed-tasks')?.shadowRoot";

/// A server of a copy of the build whose page `page` (under the build) has
/// prefetching off, and a browser.
async fn start(name: &str, page: &str) -> Console {
    let dist = split_dist_copy(name, &PANEL_CHUNKS);
    prefetch_off(&dist.join(page));
    Console {
        server: Server::start_serving(&dist, &[]).await,
        browser: Browser::start().await,
    }
}

/// The standalone page (`/`), no token.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn standalone_page_loads_each_panel_chunk_on_first_use() {
    let c = start("lazy-standalone", "index.html").await;
    c.goto(&c.server.url("/")).await;
    open_each_lazy_view(&c, "document", PanelToken::None).await;
    // The browser logs the refused list that opened the token prompt.
    c.assert_no_console_errors(&["401"]).await;
    c.close().await;
}

/// The portal's panel A, mounted by `mount()` with a `getToken` provider;
/// the portal's other panels are on the page too, unused.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mounted_panel_loads_each_panel_chunk_on_first_use() {
    let c = start("lazy-mounted", "portal/index.html").await;
    c.open_portal_page(PORTAL).await;
    open_each_lazy_view(&c, MOUNTED, PanelToken::Provider).await;
    c.assert_no_console_errors(&["401"]).await;
    c.close().await;
}

/// The portal's `<sdrs-failed-tasks>`: everything queried inside its
/// shadow root.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn custom_element_loads_each_panel_chunk_on_first_use() {
    let c = start("lazy-element", "portal/index.html").await;
    c.open_portal_page(PORTAL).await;
    open_each_lazy_view(&c, ELEMENT, PanelToken::None).await;
    c.assert_no_console_errors(&["401"]).await;
    c.close().await;
}
