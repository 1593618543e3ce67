//! What is kept back from a message of new failures: a failure an active
//! silence matches, or one a user acknowledged before its alert went out.
//! Kept-back rows are settled (never announced later) and logged with why.
//! When silences or acknowledgements cannot be read, everything is
//! announced: a needless alert is better than a missed one.

use super::AlertSender;
use crate::db::alert_outbox::JournalFailure;
use crate::silences::rules::matches;

/// New failures to announce, and those kept back with the reason.
pub(super) struct Sorted {
    pub announce: Vec<JournalFailure>,
    pub kept_back: Vec<(JournalFailure, String)>,
}

pub(super) async fn sort(
    sender: &AlertSender,
    scope: &str,
    found: Vec<JournalFailure>,
    now_ms: i64,
) -> Sorted {
    let silences = match sender.silences.active(now_ms).await {
        Ok(s) => s,
        Err(e) => {
            tracing::warn!(error = %e, "could not read the silences; announcing every failure");
            Vec::new()
        }
    };
    let job_ids: Vec<String> = found.iter().map(|f| f.job_id.clone()).collect();
    let acked = match sender.acks.acked(scope, &job_ids).await {
        Ok(a) => a,
        Err(e) => {
            tracing::warn!(error = %e, "could not read the acknowledgements; announcing every failure");
            Vec::new()
        }
    };
    let mut sorted = Sorted {
        announce: Vec::new(),
        kept_back: Vec::new(),
    };
    for failure in found {
        let silence = silences
            .iter()
            .find(|s| matches(&s.matchers, scope, &failure.job));
        let ack = acked.iter().find(|(id, _)| *id == failure.job_id);
        match (silence, ack) {
            (Some(s), _) => {
                let why = format!("silenced by silence {} ({})", s.id, s.comment);
                sorted.kept_back.push((failure, why));
            }
            (None, Some((_, user))) => {
                let why = format!("acknowledged by {user}");
                sorted.kept_back.push((failure, why));
            }
            (None, None) => sorted.announce.push(failure),
        }
    }
    sorted
}
