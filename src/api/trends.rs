//! The server's trends of the journal (`GET /api/journal/trends`), read
//! leniently like the journal's pages.

use super::client::{ApiClient, Verb};
use super::error::ApiError;
use crate::view_model::trends::{decode_trends, ReadTrends, TrendsParams};
use web_sys::AbortSignal;

impl ApiClient {
    /// The trends of `params`' scope, window and bar width.
    pub async fn journal_trends(
        &self,
        params: &TrendsParams,
        signal: Option<&AbortSignal>,
    ) -> Result<ReadTrends, ApiError> {
        let answer = self
            .send(Verb::Get, &self.server_url(&params.path()), signal)
            .await?;
        answer.decode(decode_trends)
    }
}
