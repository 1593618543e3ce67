//! One channel's task: wait for due rows (and their batching window),
//! claim them, send one message per scope and event within the channel's
//! rate, settle each row by what the channel answered.

use super::send::{self, Attempt};
use super::status::ChannelState;
use super::suppress;
use super::{AlertSender, ChannelSlot};
use crate::alerts::{Alert, AlertEvent, Outcome};
use crate::db::alert_log::Delivery;
use crate::db::alert_outbox::{Pending, EVENT_CLEARED, EVENT_REMINDER};
use crate::util::lock::lock;
use crate::util::timefmt::now_ms;
use std::sync::Arc;
use std::time::Duration;

/// Rows claimed at once.
const CLAIM_LIMIT: i64 = 1000;
/// Open failures re-sent to Alertmanager at once.
const RESEND_LIMIT: i64 = 5000;
/// Reminders queued at once; the next look queues the rest.
const REMIND_LIMIT: i64 = 1000;
/// How often failures are looked at for a reminder (or the channel's
/// `remind_after_secs`, when shorter).
const REMIND_LOOK: Duration = Duration::from_secs(30);

fn ms(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX)
}

pub(super) async fn run(sender: Arc<AlertSender>, slot: Arc<ChannelSlot>) {
    let name = slot.channel.name().to_owned();
    let tick = sender.settings.tick;
    let batch_ms = ms(slot.channel.spec.batch);
    let mut next_resend = 0;
    let mut next_remind = 0;
    // Leadership is asked again after `standby`, not every tick: a sender
    // that lost it sends at most that long more, its claims keeping two
    // senders off the same rows.
    let mut leads_until = tokio::time::Instant::now();
    loop {
        if tokio::time::Instant::now() >= leads_until {
            if !sender.gate.hold().await {
                tokio::time::sleep(sender.settings.standby).await;
                continue;
            }
            leads_until = tokio::time::Instant::now() + sender.settings.standby;
        }
        if lock(&slot.status).state == ChannelState::Misconfigured {
            // Kept until a test message goes through.
            let _ = tokio::time::timeout(Duration::from_secs(60), slot.wake.notified()).await;
            continue;
        }
        let now = now_ms();
        if slot.channel.kind() == crate::alerts::ChannelKind::Alertmanager && now >= next_resend {
            next_resend = now + ms(slot.channel.spec.resend);
            resend_open(&sender, &slot).await;
        }
        if let Some(after) = slot.channel.spec.remind_after {
            if now >= next_remind {
                next_remind = now + ms(after.min(REMIND_LOOK));
                queue_reminders(&sender, &slot, ms(after), now).await;
            }
        }
        let wait = match sender.outbox.next_ready(&name, batch_ms, now).await {
            Ok(Some(ready)) if ready <= now => {
                deliver_due(&sender, &slot).await;
                continue;
            }
            Ok(Some(ready)) => Duration::from_millis(u64::try_from(ready - now).unwrap_or(0)).min(tick),
            Ok(None) => tick,
            Err(e) => {
                tracing::warn!(channel = %name, error = %e, "could not read the alert outbox");
                tick.max(Duration::from_secs(5))
            }
        };
        tokio::time::sleep(wait).await;
    }
}

/// Sends what is due: one message per scope and event, as many as the
/// channel's rate allows; the rest wait and are folded into later ones.
async fn deliver_due(sender: &AlertSender, slot: &ChannelSlot) {
    let name = slot.channel.name();
    let now = now_ms();
    let claimed = match sender
        .outbox
        .claim(name, now, now + ms(sender.settings.lease), CLAIM_LIMIT)
        .await
    {
        Ok(rows) => rows,
        Err(e) => {
            tracing::warn!(channel = %name, error = %e, "could not claim alerts");
            tokio::time::sleep(sender.settings.tick).await;
            return;
        }
    };
    let mut groups: Vec<((String, String), Vec<Pending>)> = Vec::new();
    for row in claimed {
        let key = (row.event.clone(), row.scope.clone());
        match groups.iter_mut().find(|(k, _)| *k == key) {
            Some((_, rows)) => rows.push(row),
            None => groups.push((key, vec![row])),
        }
    }
    let mut left = groups.into_iter();
    while let Some(((event, scope), rows)) = left.next() {
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let now = now_ms();
        let job_ids: Vec<String> = rows.iter().map(|r| r.job_id.clone()).collect();
        let found = match sender.outbox.failures(&scope, &job_ids).await {
            Ok(found) => found,
            Err(e) => {
                tracing::warn!(channel = %name, error = %e, "could not read the journal for an alert");
                settle(
                    name,
                    sender.outbox.release(&ids, now + ms(sender.settings.tick)).await,
                );
                continue;
            }
        };
        let event = match event.as_str() {
            EVENT_CLEARED => AlertEvent::Cleared,
            EVENT_REMINDER => AlertEvent::Reminder,
            _ => AlertEvent::New,
        };
        let (found, ids) = match event {
            // A reminder is kept back like the first message: a failure
            // acknowledged or silenced since is not brought up again.
            AlertEvent::New | AlertEvent::Reminder => {
                // A reminder is for a failure still failing.
                let found = found
                    .into_iter()
                    .filter(|f| event == AlertEvent::New || f.gone_since_ms.is_none())
                    .collect();
                let sorted = suppress::sort(sender, &scope, found, now).await;
                keep_back(sender, slot, &rows, sorted.kept_back, now).await;
                let announced: Vec<i64> = rows
                    .iter()
                    .filter(|r| sorted.announce.iter().any(|f| f.job_id == r.job_id))
                    .map(|r| r.id)
                    .collect();
                (sorted.announce, announced)
            }
            AlertEvent::Cleared => (found, ids),
        };
        if found.is_empty() {
            // Pruned from the journal meanwhile, or all kept back: nothing
            // left to say.
            settle(name, sender.outbox.mark_sent(&ids, now).await);
            continue;
        }
        // Only a message counts against the channel's rate: what was kept
        // back is settled above whatever the rate.
        let next_free = {
            let mut window = lock(&slot.window);
            if window.allows(now) {
                window.note(now);
                None
            } else {
                Some(window.next_free(now))
            }
        };
        if let Some(at) = next_free {
            let mut waiting = ids;
            waiting.extend(left.flat_map(|(_, rows)| rows.into_iter().map(|r| r.id)));
            settle(name, sender.outbox.release(&waiting, at).await);
            return;
        }
        let region = found[0].region.clone();
        let alert = Alert::digest(
            event,
            &scope,
            &region,
            sender.items(found),
            slot.channel.listed(),
            sender.console.clone(),
        );
        let attempt_no = rows.iter().map(|r| r.attempts).max().unwrap_or(0) + 1;
        let (_, outcome) = attempt_with_outcome(sender, slot, &alert, "alert", attempt_no).await;
        let settled = match outcome {
            Outcome::Delivered => sender.outbox.mark_sent(&ids, now_ms()).await,
            Outcome::Retry { after, .. } => {
                let wait = sender.settings.backoff.wait(attempt_no, after, fastrand::f64());
                sender.outbox.retry_at(&ids, now_ms() + ms(wait)).await
            }
            Outcome::Misconfigured { .. } => {
                let mut waiting = ids;
                waiting.extend(left.flat_map(|(_, rows)| rows.into_iter().map(|r| r.id)));
                settle(name, sender.outbox.release(&waiting, now_ms()).await);
                return;
            }
        };
        settle(name, settled);
    }
}

/// Settles the rows of failures kept back from a message, and logs each
/// reason once with how many it kept back.
async fn keep_back(
    sender: &AlertSender,
    slot: &ChannelSlot,
    rows: &[Pending],
    kept_back: Vec<(crate::db::alert_outbox::JournalFailure, String)>,
    now: i64,
) {
    if kept_back.is_empty() {
        return;
    }
    let name = slot.channel.name();
    let ids: Vec<i64> = rows
        .iter()
        .filter(|r| kept_back.iter().any(|(f, _)| f.job_id == r.job_id))
        .map(|r| r.id)
        .collect();
    settle(name, sender.outbox.mark_sent(&ids, now).await);
    let mut reasons: Vec<(String, i64)> = Vec::new();
    for (_, why) in kept_back {
        match reasons.iter_mut().find(|(r, _)| *r == why) {
            Some((_, n)) => *n += 1,
            None => reasons.push((why, 1)),
        }
    }
    for (why, failures) in reasons {
        tracing::info!(channel = %name, failures, reason = %why, "alert kept back");
        crate::ops::metrics::alert_delivery(name, "suppressed");
        let delivery = Delivery {
            id: 0,
            channel: name.to_owned(),
            at_ms: now,
            purpose: "alert".into(),
            outcome: "suppressed".into(),
            http_status: None,
            reason: Some(why),
            failures,
            attempt: 0,
            headline: String::new(),
        };
        if let Err(e) = sender.log.record(&delivery).await {
            tracing::warn!(channel = %name, error = %e, "could not record an alert kept back");
        }
    }
}

/// Queues the reminders now due (the rows go out as any other).
async fn queue_reminders(sender: &AlertSender, slot: &ChannelSlot, after_ms: i64, now: i64) {
    let name = slot.channel.name();
    match sender
        .outbox
        .queue_reminders(name, after_ms, now, REMIND_LIMIT)
        .await
    {
        Ok(0) => {}
        Ok(queued) => {
            tracing::info!(channel = %name, queued, "reminders queued");
            slot.wake.notify_one();
        }
        Err(e) => tracing::warn!(channel = %name, error = %e, "could not queue reminders"),
    }
}

fn settle(channel: &str, result: Result<(), crate::db::DbError>) {
    if let Err(e) = result {
        // The claim runs out and the rows are taken again.
        tracing::warn!(channel = %channel, error = %e, "could not update the alert outbox");
    }
}

/// Alertmanager resolves an alert not sent again within its resolve
/// timeout: the open failures announced to it are sent again, one message
/// per scope.
async fn resend_open(sender: &AlertSender, slot: &ChannelSlot) {
    let name = slot.channel.name();
    let open = match sender.outbox.open_announced(name, RESEND_LIMIT).await {
        Ok(open) => open,
        Err(e) => {
            tracing::warn!(channel = %name, error = %e, "could not read the open failures to send again");
            return;
        }
    };
    let mut scopes: Vec<(String, Vec<String>)> = Vec::new();
    for (scope, job_id) in open {
        match scopes.iter_mut().find(|(s, _)| *s == scope) {
            Some((_, ids)) => ids.push(job_id),
            None => scopes.push((scope, vec![job_id])),
        }
    }
    for (scope, job_ids) in scopes {
        let Ok(found) = sender.outbox.failures(&scope, &job_ids).await else {
            continue;
        };
        let Some(region) = found.first().map(|f| f.region.clone()) else {
            continue;
        };
        let alert = Alert::digest(
            AlertEvent::New,
            &scope,
            &region,
            sender.items(found),
            usize::MAX,
            sender.console.clone(),
        );
        lock(&slot.window).note(now_ms());
        attempt(sender, slot, &alert, "resend", 1).await;
    }
}

/// Sends `alert`, records the attempt and the channel's state.
pub(super) async fn attempt(
    sender: &AlertSender,
    slot: &ChannelSlot,
    alert: &Alert,
    purpose: &str,
    attempt_no: i64,
) -> Delivery {
    attempt_with_outcome(sender, slot, alert, purpose, attempt_no)
        .await
        .0
}

async fn attempt_with_outcome(
    sender: &AlertSender,
    slot: &ChannelSlot,
    alert: &Alert,
    purpose: &str,
    attempt_no: i64,
) -> (Delivery, Outcome) {
    let channel = &slot.channel;
    let now = now_ms();
    let req = channel.request(alert, now);
    let Attempt {
        http_status,
        outcome,
        label,
    } = send::send(&sender.client, channel.kind(), &req, channel.spec.timeout).await;
    let reason = outcome.reason().map(str::to_owned);
    let state = match &outcome {
        Outcome::Delivered => ChannelState::Ok,
        Outcome::Retry { .. } => ChannelState::Retrying,
        Outcome::Misconfigured { .. } => ChannelState::Misconfigured,
    };
    lock(&slot.status).set(state, reason.clone(), now_ms());
    let delivery = Delivery {
        id: 0,
        channel: channel.name().to_owned(),
        at_ms: now,
        purpose: purpose.to_owned(),
        outcome: label.to_owned(),
        http_status: http_status.map(i64::from),
        reason: reason.clone(),
        failures: alert.count() as i64,
        attempt: attempt_no,
        headline: alert.headline(),
    };
    match &outcome {
        Outcome::Delivered => {
            tracing::info!(channel = %channel.name(), purpose, failures = alert.count(), "alert delivered")
        }
        _ => tracing::warn!(
            channel = %channel.name(),
            purpose,
            outcome = label,
            reason = reason.as_deref().unwrap_or(""),
            "alert not delivered"
        ),
    }
    crate::ops::metrics::alert_delivery(channel.name(), label);
    if let Err(e) = sender.log.record(&delivery).await {
        tracing::warn!(channel = %channel.name(), error = %e, "could not record an alert delivery");
    }
    (delivery, outcome)
}
