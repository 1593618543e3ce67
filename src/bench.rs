//! Exports used only by the benchmark pages of `scripts/bench` (issue 9),
//! built only with the `bench` feature (issue 17).
//! They ship in the benchmark build's wasm, so they stay tiny: no view
//! code of their own.

use sdrs_models::SharedFailureJobList;
use wasm_bindgen::prelude::*;

/// Decodes a failure-jobs response body as the panel does (from its bytes,
/// straight into shared rows) and reads every field of every row; returns
/// the number of rows (0 when the body does not decode).
#[wasm_bindgen(js_name = benchDecode)]
pub fn bench_decode(body: &[u8]) -> u32 {
    let Ok(list) = SharedFailureJobList::from_json(body) else {
        return 0;
    };
    let mut sum = list.count.unwrap_or(0) as usize + list.malformed_rows;
    for j in &list.failure_jobs {
        sum += j.job_id.len()
            + j.job_type.len()
            + j.job_status.as_str().len()
            + j.failure_status.as_str().len()
            + j.resource_id.len()
            + j.resource_name.len()
            + j.resource_type.as_str().len()
            + j.begin_time.len()
            + j.error_code.as_ref().map_or(0, String::len)
            + j.fail_reason.as_ref().map_or(0, String::len);
    }
    std::hint::black_box(sum);
    list.failure_jobs.len() as u32
}

/// Only copies the body into wasm memory, as the start of [`bench_decode`]
/// does: that copy's share of the decoding time.
#[wasm_bindgen(js_name = benchBytesIn)]
pub fn bench_bytes_in(body: &[u8]) -> u32 {
    body.len() as u32
}

/// Bytes of the module's linear memory (it only grows).
#[wasm_bindgen(js_name = benchWasmMemoryBytes)]
pub fn bench_wasm_memory_bytes() -> f64 {
    (core::arch::wasm32::memory_size::<0>() * 65536) as f64
}
