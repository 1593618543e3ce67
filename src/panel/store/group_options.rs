//! The group picker's options: the protection groups of the project. Their
//! fetch and decoding live in the chunk `group_options`, asked for once the
//! first rows are shown, so the first module carries only the list's.

use crate::api::{ApiClient, ApiError};
use crate::chunks::ChunkTask;
use sdrs_models::ProtectionGroup;

/// The picker offers this many groups at most (one page of the API).
const GROUPS_LIMIT: u32 = 1000;

crate::chunks::chunk_fn! {
    chunk group_options, preload preload_group_options;
    pub(super) fn fetch_group_options(api: ApiClient) -> ChunkTask<Result<Vec<ProtectionGroup>, ApiError>> {
        Box::pin(async move {
            api.protection_groups(GROUPS_LIMIT, 0)
                .await
                .map(|list| list.server_groups)
        })
    }
}
