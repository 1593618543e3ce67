//! The watcher: polls every scope (a project of a region with its
//! credential) for its failed tasks and hands each complete round to the
//! journal.
//!
//! - One task per scope, so one request in flight per scope and one slow,
//!   throttled or refused scope never delays another (`poller`).
//! - A round lists group-level failures, the protection groups, then each
//!   group's failures ([`round`]); a round that fails anywhere records
//!   nothing, so failures are never marked gone on partial data.
//! - Requests are paced per credential; throttled and failed rounds back off
//!   with jitter ([`pace`]); a refused credential stops its scope until
//!   [`Watcher::retry`] ([`health`]).
//! - Only the leader polls: with several server instances on one
//!   PostgreSQL, the holder of an advisory lock ([`leader`]).
//! - `GET /api/scopes`, `POST /api/scopes/{name}/retry` ([`routes`]).

pub mod pace;
