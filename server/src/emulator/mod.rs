//! Emulate mode: the Task Center API in memory, the emulated IAM, SMN and API
//! gateway check, seed data, injected faults and `/__emulator/*`.

pub mod admin;
pub mod fault_queue;
pub mod faults;
pub mod gateway;
pub mod guard;
pub mod iam;
pub mod internal;
pub mod job_status;
pub mod params;
pub mod projects;
pub mod removed_tasks;
pub mod router;
pub mod seed;
pub mod smn;
pub mod state;
pub mod store;
pub mod task_center;
