//! Any body, valid UTF-8 or not, decodes to a value or an error, never a
//! panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use sdrs_models::{FailureJobList, JobStatusRecord, ProtectionGroupList};

fuzz_target!(|data: &[u8]| {
    if let Ok(list) = FailureJobList::from_json(data) {
        let _ = serde_json::to_string(&list);
    }
    let _ = JobStatusRecord::from_json(data);
    let _ = ProtectionGroupList::from_json(data);
});
