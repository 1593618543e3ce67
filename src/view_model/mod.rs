//! The panel's view model in plain Rust: what the rows on screen are, how
//! they sort, refine, summarise, export and map to the page URL, the
//! auto-refresh timing, error-code explanations, text formatting and the page's
//! `config.json`. No browser types; tested natively.

pub mod all_pages;
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
pub mod pages;
pub mod refine;
pub mod refresh;
pub mod row_diff;
pub mod rows;
pub mod sort;
pub mod summary;
pub mod team_session;
pub mod timeline;
pub mod timeline_axis;
pub mod url_state;
