//! The console server's journal and scope routes (`/api/journal`,
//! `/api/scopes`), below the API base like the audit routes. Reading needs
//! a signed-in user; retrying a scope and deleting through the journal
//! need a role that may delete, and carry the session's CSRF token, as
//! does acknowledging entries and withdrawing that.

use super::client::{ApiClient, Verb};
use super::error::ApiError;
use crate::view_model::journal::{
    ack_body, ack_withdraw_body, decode_page, delete_path, retry_path, JournalView, ReadPage, ACK_PATH,
    ACK_WITHDRAW_PATH, SCOPES_PATH,
};
use sdrs_models::journal::{JournalEntry, ScopeList};
use web_sys::AbortSignal;

impl ApiClient {
    /// One page of the journal for `view`'s filters.
    pub async fn journal_page(
        &self,
        view: &JournalView,
        signal: Option<&AbortSignal>,
    ) -> Result<ReadPage, ApiError> {
        let answer = self
            .send_list(&self.server_url(&view.page_path()), signal)
            .await?;
        answer.decode(decode_page)
    }

    /// Where "Export CSV" downloads every entry of `view`'s filters from
    /// (the session cookie goes with the link; nothing secret is in it).
    pub fn journal_csv_url(&self, view: &JournalView) -> String {
        self.server_url(&view.csv_path())
    }

    /// Each scope's health.
    pub async fn scope_health(&self, signal: Option<&AbortSignal>) -> Result<ScopeList, ApiError> {
        let answer = self
            .send(Verb::Get, &self.server_url(SCOPES_PATH), signal)
            .await?;
        answer.decode(|body| serde_json::from_slice(body))
    }

    /// Polls a refused scope again.
    pub async fn retry_scope(&self, scope: &str) -> Result<(), ApiError> {
        self.send(Verb::Post, &self.server_url(&retry_path(scope)), None)
            .await
            .map(drop)
    }

    /// Acknowledges `entries` with `comment` as the signed-in user.
    pub async fn acknowledge(&self, entries: &[&JournalEntry], comment: &str) -> Result<(), ApiError> {
        self.send_json(Verb::Post, &self.server_url(ACK_PATH), ack_body(entries, comment))
            .await
            .map(drop)
    }

    /// Withdraws the acknowledgements of `entries`.
    pub async fn withdraw_ack(&self, entries: &[&JournalEntry]) -> Result<(), ApiError> {
        self.send_json(
            Verb::Post,
            &self.server_url(ACK_WITHDRAW_PATH),
            ack_withdraw_body(entries),
        )
        .await
        .map(drop)
    }

    /// Deletes the failure upstream in its own scope (whose live API is
    /// `live_base`), with that scope's credential.
    pub async fn delete_journal_entry(&self, live_base: &str, entry: &JournalEntry) -> Result<(), ApiError> {
        self.send(
            Verb::Delete,
            &self.server_url(&delete_path(live_base, entry)),
            None,
        )
        .await
        .map(drop)
    }
}
