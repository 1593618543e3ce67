//! Prometheus Alertmanager: `POST {base}/api/v2/alerts` with one alert a
//! failure. Alertmanager groups and deduplicates by labels itself, so the
//! sender gives it every failure (an alert that folds some does not list
//! them), re-sends open ones before its resolve timeout (5 minutes by
//! default) and sends `endsAt` once a failure is cleared.
//!
//! Labels (what identifies the alert): `alertname` = `SDRSFailedTask`,
//! `scope`, `region`, `failure_status`, `error_code`, `resource_name`,
//! `job_id`; an empty value is left out, as Alertmanager reads it.
//! `generatorURL` is the failure's page in the console.

use crate::aksk::credentials::Secret;
use crate::alerts::alert::dedup_key;
use crate::alerts::answer::{by_status, Answer, Outcome};
use crate::alerts::markup::plain;
use crate::alerts::{Alert, AlertEvent, ChannelKind, ChannelRequest, FailureItem};
use crate::util::iso_time::parse_iso_ms;
use crate::util::timefmt::format_ms;
use serde_json::{Map, Value};
use url::Url;

pub const ALERTNAME: &str = "SDRSFailedTask";

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertmanagerSettings {
    /// Alertmanager's address, e.g. `http://alertmanager:9093/`.
    pub url: Url,
}

/// `{base}/api/v2/alerts`, whatever path prefix the base has.
pub fn alerts_url(base: &Url) -> Url {
    let mut url = base.clone();
    url.set_query(None);
    url.set_fragment(None);
    if let Ok(mut segments) = url.path_segments_mut() {
        segments.pop_if_empty().extend(["api", "v2", "alerts"]);
    }
    url
}

/// An ISO time as Alertmanager's RFC 3339, when it reads as one.
fn rfc3339(text: &str) -> Option<String> {
    parse_iso_ms(text).map(format_ms)
}

fn put(map: &mut Map<String, Value>, name: &str, value: &str) {
    let value = plain(value);
    if !value.is_empty() {
        map.insert(name.to_owned(), Value::String(value));
    }
}

fn one(alert: &Alert, failure: &FailureItem, now_ms: i64) -> Value {
    let mut labels = Map::new();
    put(&mut labels, "alertname", ALERTNAME);
    put(&mut labels, "scope", &alert.scope);
    put(&mut labels, "region", &alert.region);
    put(&mut labels, "failure_status", &failure.failure_status);
    put(
        &mut labels,
        "error_code",
        failure.error_code.as_deref().unwrap_or(""),
    );
    put(&mut labels, "resource_name", &failure.resource.name);
    put(&mut labels, "job_id", &failure.job_id);
    let mut notes = Map::new();
    let summary = format!(
        "{} of {} in {}",
        failure.failure_status, failure.resource.name, alert.scope
    );
    put(&mut notes, "summary", &summary);
    let description: Vec<&str> = [failure.error_meaning.as_deref(), failure.fail_reason.as_deref()]
        .into_iter()
        .flatten()
        .collect();
    put(&mut notes, "description", &description.join(" — "));
    put(&mut notes, "resource_type", &failure.resource.kind);
    put(&mut notes, "resource_id", &failure.resource.id);
    put(
        &mut notes,
        "server_group_id",
        failure.server_group_id.as_deref().unwrap_or(""),
    );
    put(&mut notes, "begin_time", &failure.begin_time);
    put(&mut notes, "dedup_key", &dedup_key(&alert.scope, failure));
    let mut out = Map::new();
    out.insert("labels".into(), Value::Object(labels));
    out.insert("annotations".into(), Value::Object(notes));
    if let Some(starts) = rfc3339(&failure.begin_time) {
        out.insert("startsAt".into(), Value::String(starts));
    }
    let ends = match (alert.event, failure.cleared_at.as_deref()) {
        (_, Some(cleared)) => rfc3339(cleared).or_else(|| Some(format_ms(now_ms))),
        (AlertEvent::Cleared, None) => Some(format_ms(now_ms)),
        (AlertEvent::New | AlertEvent::Reminder, None) => None,
    };
    if let Some(ends) = ends {
        out.insert("endsAt".into(), Value::String(ends));
    }
    out.insert("generatorURL".into(), Value::String(alert.failure_link(failure)));
    Value::Object(out)
}

pub fn body(alert: &Alert, now_ms: i64) -> Value {
    Value::Array(alert.failures.iter().map(|f| one(alert, f, now_ms)).collect())
}

/// `bearer`: a token for an Alertmanager behind an authenticating proxy.
pub fn request(
    settings: &AlertmanagerSettings,
    bearer: Option<&Secret>,
    alert: &Alert,
    now_ms: i64,
) -> ChannelRequest {
    let mut req = ChannelRequest::post_json(
        ChannelKind::Alertmanager,
        alerts_url(&settings.url),
        &body(alert, now_ms),
    );
    if let Some(token) = bearer {
        req.headers
            .push(("authorization".to_owned(), format!("Bearer {}", token.expose())));
    }
    req
}

/// 200 is accepted; 400 (an alert it cannot read) is not retried; 5xx is.
pub fn classify(answer: &Answer<'_>) -> Outcome {
    by_status(answer).unwrap_or(Outcome::Delivered)
}
