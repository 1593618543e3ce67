//! The `alert_deliveries` table: every attempt to deliver a message to a
//! channel (alerts, re-sends, tests) with what came of it, and the counts
//! a channel's status shows. A reason is the sender's reading of the
//! answer: fixed wording and codes, never the URL or a secret.

use super::{Database, DbError};
use serde::Serialize;
use sqlx::Row;
use std::collections::BTreeMap;
use std::sync::Arc;

/// One attempt: the wire type the console decodes too.
pub use sdrs_models::AlertDelivery as Delivery;

/// A channel's outbox and log in numbers.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ChannelCounts {
    /// Failures queued, not yet sent.
    pub pending: i64,
    /// Failures sent.
    pub sent: i64,
    /// Attempts per outcome.
    pub attempts: BTreeMap<String, i64>,
    pub last: Option<Delivery>,
}

#[derive(Clone)]
pub struct DeliveryLog {
    db: Arc<Database>,
}

const COLUMNS: &str =
    "id, channel, at_ms, purpose, outcome, http_status, reason, failures, attempt, headline";

fn delivery(r: &sqlx::any::AnyRow) -> Result<Delivery, sqlx::Error> {
    Ok(Delivery {
        id: r.try_get("id")?,
        channel: r.try_get("channel")?,
        at_ms: r.try_get("at_ms")?,
        purpose: r.try_get("purpose")?,
        outcome: r.try_get("outcome")?,
        http_status: r.try_get("http_status")?,
        reason: r.try_get("reason")?,
        failures: r.try_get("failures")?,
        attempt: r.try_get("attempt")?,
        headline: r.try_get("headline")?,
    })
}

impl DeliveryLog {
    pub fn new(db: Arc<Database>) -> DeliveryLog {
        DeliveryLog { db }
    }

    /// Records one attempt (`id` is ignored).
    pub async fn record(&self, d: &Delivery) -> Result<(), DbError> {
        self.db
            .execute(
                sqlx::query(
                    "INSERT INTO alert_deliveries (channel, at_ms, purpose, outcome, http_status, reason, \
                     failures, attempt, headline) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
                )
                .bind(d.channel.clone())
                .bind(d.at_ms)
                .bind(d.purpose.clone())
                .bind(d.outcome.clone())
                .bind(d.http_status)
                .bind(d.reason.clone())
                .bind(d.failures)
                .bind(d.attempt)
                .bind(d.headline.clone()),
            )
            .await
            .map(|_| ())
    }

    /// The latest `limit` attempts, newest first, of one channel or all.
    pub async fn list(&self, channel: Option<&str>, limit: i64) -> Result<Vec<Delivery>, DbError> {
        let pool = self.db.pool()?;
        let rows = match channel {
            Some(name) => {
                sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM alert_deliveries WHERE channel = $1 ORDER BY id DESC LIMIT $2"
                ))
                .bind(name.to_owned())
                .bind(limit)
                .fetch_all(pool)
                .await
            }
            None => {
                sqlx::query(&format!(
                    "SELECT {COLUMNS} FROM alert_deliveries ORDER BY id DESC LIMIT $1"
                ))
                .bind(limit)
                .fetch_all(pool)
                .await
            }
        }
        .map_err(|e| self.db.error(e))?;
        rows.iter()
            .map(delivery)
            .collect::<Result<_, _>>()
            .map_err(|e| self.db.error(e))
    }

    /// Counts of one channel.
    pub async fn counts(&self, channel: &str) -> Result<ChannelCounts, DbError> {
        let pool = self.db.pool()?;
        let fail = |e| self.db.error(e);
        let queued = sqlx::query(
            "SELECT CAST(COALESCE(SUM(CASE WHEN sent_ms IS NULL THEN 1 ELSE 0 END), 0) AS BIGINT) AS pending, \
             CAST(COALESCE(SUM(CASE WHEN sent_ms IS NULL THEN 0 ELSE 1 END), 0) AS BIGINT) AS sent \
             FROM alert_outbox WHERE channel = $1",
        )
        .bind(channel.to_owned())
        .fetch_one(pool)
        .await
        .map_err(fail)?;
        let mut out = ChannelCounts {
            pending: queued.try_get("pending").map_err(fail)?,
            sent: queued.try_get("sent").map_err(fail)?,
            ..ChannelCounts::default()
        };
        let outcomes = sqlx::query(
            "SELECT outcome, CAST(COUNT(*) AS BIGINT) AS n FROM alert_deliveries WHERE channel = $1 GROUP BY outcome",
        )
        .bind(channel.to_owned())
        .fetch_all(pool)
        .await
        .map_err(fail)?;
        for r in outcomes {
            out.attempts
                .insert(r.try_get("outcome").map_err(fail)?, r.try_get("n").map_err(fail)?);
        }
        out.last = self.list(Some(channel), 1).await?.into_iter().next();
        Ok(out)
    }
}
