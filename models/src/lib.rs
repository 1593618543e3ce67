//! Wire models of the SDRS Task Center API, shared by the console (wasm) and
//! `sdrs-console-server` (native). Plain Rust: no Leptos, no web APIs, so the
//! server links it without any wasm-only crate and every rule is unit-tested
//! natively.

pub mod alert_channels;
pub mod attention;
pub mod delete_rule;
pub mod enums;
pub mod error;
pub mod group;
pub mod job;
pub mod job_marks;
pub mod journal;
mod lenient;
mod list_page;
pub mod paging;
pub mod query;
pub mod shared_jobs;
pub mod status;
pub mod trends;

pub use alert_channels::{AlertChannel, AlertChannelList, AlertDelivery, AlertDeliveryList, AlertTestAnswer};
pub use attention::{
    Ack, AckRequest, AckWithdrawal, EntryKey, NewSilence, Silence, SilenceList, SilenceMatchers,
};
pub use delete_rule::{failure_job_id, DeleteMatch};
pub use enums::{FailureStatus, JobStatus, ResourceKind, ResourceType, StatusFamily};
pub use error::{parse_error_body, ErrorDetail};
pub use group::{ProtectionGroup, ProtectionGroupList};
pub use job::{FailureJob, FailureJobList};
pub use job_marks::{FailureJobMark, FailureJobMarks};
pub use journal::{
    Clearance, JournalEntry, JournalPage, JournalQuery, JournalState, ScopeHealth, ScopeList, ScopeState,
};
pub use paging::Paging;
pub use query::FailureJobQuery;
pub use shared_jobs::SharedFailureJobList;
pub use status::{JobEntities, JobStatusRecord};
pub use trends::{CodeCount, GroupCount, StatusCount, TimeToClear, TrendBar, TrendBucket, Trends};
