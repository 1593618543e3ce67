//! No browser type: plain Rust, compiled and tested natively (the rule is
//! checked by `rule_tests.rs`; the browser side lives in `api`, `browser`,
//! `embed` and the components).
//!
//! The panel's view model: what the rows on screen are, how they sort,
//! refine, summarise, export and map to the page URL, the auto-refresh
//! timing, error-code explanations, text formatting, the page's
//! `config.json`, the checks of an embedder's options, and the team and
//! IAM sessions as the console reads them.

pub mod alert_channels;
pub mod all_pages;
pub mod ascii_fold;
pub mod audit;
pub mod civil;
pub mod code_catalog;
pub mod code_groups;
pub mod config;
pub mod embed_options;
pub mod export;
pub mod filter_summary;
pub mod format;
pub mod iam_session;
pub mod journal;
pub mod journal_rows;
pub mod journal_tab;
pub mod pages;
pub mod refine;
pub mod refresh;
pub mod row_diff;
pub mod rows;
pub mod scope_health;
pub mod scopes;
pub mod silences;
pub mod sort;
pub mod summary;
pub mod team_session;
pub mod time_marks;
pub mod timeline;
pub mod timeline_axis;
pub mod trend_pick;
pub mod trend_url;
pub mod trends;
pub mod url_state;

#[cfg(test)]
mod rule_tests;
