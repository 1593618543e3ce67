//! The console server's alerting routes: the silences (`/api/silences`)
//! and the alert channels with their delivery log and test message
//! (`/api/alerts/…`). Reading needs a signed-in user; adding or expiring a
//! silence and sending a test need a role that may, and carry the
//! session's CSRF token.

use super::client::{ApiClient, Verb};
use super::error::ApiError;
use crate::view_model::alert_channels::{
    decode_channels, decode_deliveries, decode_test_answer, deliveries_path, test_path, Read, CHANNELS_PATH,
};
use crate::view_model::silences::{
    decode_silences, new_silence_body, silence_path, ReadSilences, SILENCES_PATH,
};
use sdrs_models::{AlertChannel, AlertDelivery, NewSilence, Silence};
use web_sys::AbortSignal;

impl ApiClient {
    /// Every silence, expired ones too.
    pub async fn silences(&self, signal: Option<&AbortSignal>) -> Result<ReadSilences, ApiError> {
        let answer = self
            .send(Verb::Get, &self.server_url(SILENCES_PATH), signal)
            .await?;
        answer.decode(decode_silences)
    }

    /// Adds `silence` as the signed-in user.
    pub async fn add_silence(&self, silence: &NewSilence) -> Result<Silence, ApiError> {
        let answer = self
            .send_json(
                Verb::Post,
                &self.server_url(SILENCES_PATH),
                new_silence_body(silence),
            )
            .await?;
        answer.decode(|body| serde_json::from_slice(body))
    }

    /// Ends the silence `id` now.
    pub async fn expire_silence(&self, id: i64) -> Result<(), ApiError> {
        self.send(Verb::Delete, &self.server_url(&silence_path(id)), None)
            .await
            .map(drop)
    }

    /// Each alert channel's state and counts.
    pub async fn alert_channels(&self, signal: Option<&AbortSignal>) -> Result<Read<AlertChannel>, ApiError> {
        let answer = self
            .send(Verb::Get, &self.server_url(CHANNELS_PATH), signal)
            .await?;
        answer.decode(decode_channels)
    }

    /// The delivery log, newest first, of one channel or all.
    pub async fn alert_deliveries(
        &self,
        channel: Option<&str>,
        signal: Option<&AbortSignal>,
    ) -> Result<Read<AlertDelivery>, ApiError> {
        let answer = self
            .send(Verb::Get, &self.server_url(&deliveries_path(channel)), signal)
            .await?;
        answer.decode(decode_deliveries)
    }

    /// Sends a test message to the channel `name`: the attempt it made.
    pub async fn test_alert_channel(&self, name: &str) -> Result<AlertDelivery, ApiError> {
        let answer = self
            .send_json(Verb::Post, &self.server_url(&test_path(name)), "{}".to_owned())
            .await?;
        answer.decode(decode_test_answer)
    }
}
