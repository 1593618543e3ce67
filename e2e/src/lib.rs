//! End-to-end harness of the SDRS console: the built `dist/` served by the
//! real `sdrs-console-server` (in-process, emulate mode, on 127.0.0.1:0),
//! driven in headless Chromium through chromedriver with fantoccini.
//!
//! ```no_run
//! # async fn demo() {
//! use sdrs_e2e::Console;
//! let console = Console::start(&["--seed", "7"]).await;
//! console.open("").await; // index.html, waits for rows
//! assert!(console.row_count().await > 0);
//! console.close().await;
//! # }
//! ```
//!
//! Environment:
//! - `SDRS_DIST` (required): the built console, a directory with
//!   `index.html` (`trunk build --release` writes `dist/`);
//! - `CHROMEDRIVER` (default `/usr/bin/chromedriver`);
//! - `SDRS_CHROMIUM` (default `/usr/bin/chromium`);
//! - `AXE_CORE_JS`: axe-core's `axe.min.js` (npm `axe-core`), for the
//!   accessibility tests only ([`Browser::axe`]);
//! - `SDRS_OIDC_PROVIDER`, `SDRS_SERVER_BIN`: for the team sign-in tests;
//! - `SDRS_NGINX` (default `/usr/sbin/nginx`): for the replica tests.
//!
//! [`tools`] looks every one up; a missing tool fails the test.
//!
//! Every wait polls every 50 ms for up to 10 s and then fails naming what
//! it waited for and what it saw last. Nothing asserts on durations.

pub mod all_scopes;
mod axe;
mod browser;
pub mod cdp;
pub mod chunks;
mod console;
mod driver;
mod emulator;
mod input;
pub mod lazy_views;
mod nginx;
pub mod panel_root;
mod receiver;
mod server;
mod support;
pub mod tools;

pub use axe::{assert_axe_clean, axe_source, AxeNode, AxeViolation, AXE_TAGS};
pub use browser::Browser;
pub use console::{Console, ROWS, TIMELINE_SETTLED};
pub use driver::{chromium_capabilities, chromium_capabilities_with, BrowserOptions, ChromeDriver, LogEntry};
pub use emulator::is_timeline_walk;
pub use fantoccini;
pub use fantoccini::key::Key;
pub use nginx::{Nginx, ProxiedRequest};
pub use receiver::{Received, Receiver};
pub use server::Server;
pub use support::{
    check, free_port, repo_root, scratch_dir, wait_download, wait_until, wait_up_to, POLL, WAIT,
};
pub use tools::dist_dir;

/// The project id the emulator accepts (written to `config.json`).
pub const PROJECT_ID: &str = "0123456789abcdef0123456789abcdef";
/// `X-Auth-Token` of the harness's own API calls, so that the emulator's
/// request log tells them from the browser's (which send no token).
pub const HARNESS_TOKEN: &str = "sdrs-e2e-harness";
/// Browser window of every session (and of the README screenshots).
pub const WINDOW: (u32, u32) = (1400, 900);
