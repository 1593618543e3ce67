use super::slack::{self, SlackSettings};
use super::webhook::{self, WebhookSettings};
use crate::aksk::credentials::Secret;
use crate::alerts::testing::*;
use crate::alerts::{ChannelKind, Outcome, Signing};
use url::Url;

const NOW_MS: i64 = 1_700_000_000_123;

fn webhook_settings() -> WebhookSettings {
    WebhookSettings {
        url: Url::parse("https://hooks.example.com/sdrs?team=dr").unwrap(),
    }
}

#[test]
fn webhook_signature_verifies_with_the_receivers_own_code() {
    let secret = Secret::new("whsec-0123456789");
    let req = webhook::request(&webhook_settings(), Some(&secret), &one("job-1"), NOW_MS);
    assert_eq!((req.method, req.signing), ("POST", Signing::Ready));
    assert_eq!(req.url.as_str(), "https://hooks.example.com/sdrs?team=dr");
    assert!(req
        .header("content-type")
        .unwrap()
        .starts_with("application/json"));
    let timestamp = req.header("x-sdrs-timestamp").unwrap();
    assert_eq!(timestamp, "1700000000", "seconds");
    // The receiver: HMAC over `timestamp.body`, hex, `sha256=` prefix.
    let mut signed = format!("{timestamp}.").into_bytes();
    signed.extend_from_slice(&req.body);
    let expected = format!("sha256={}", hex::encode(hmac256(b"whsec-0123456789", &signed)));
    assert_eq!(req.header("x-sdrs-signature"), Some(expected.as_str()));
    // A tampered body does not verify.
    let mut tampered = format!("{timestamp}.").into_bytes();
    tampered.extend_from_slice(&req.body[1..]);
    assert_ne!(
        format!("sha256={}", hex::encode(hmac256(b"whsec-0123456789", &tampered))),
        expected
    );
}

#[test]
fn webhook_signature_matches_a_vector_computed_with_python() {
    // python3 -c "import hmac,hashlib; print('sha256='+hmac.new(b'whsec-0123456789',
    //   b'1700000000.'+b'{\"a\":1}', hashlib.sha256).hexdigest())"
    assert_eq!(
        webhook::signature(&Secret::new("whsec-0123456789"), 1_700_000_000, br#"{"a":1}"#),
        "sha256=cf8dea5761501b727b10c5111533dd1ce995f14520a8069e2db69ff01090687c"
    );
}

#[test]
fn webhook_without_a_secret_is_unsigned() {
    let req = webhook::request(&webhook_settings(), None, &one("job-1"), NOW_MS);
    assert_eq!(req.header("x-sdrs-signature"), None);
    assert_eq!(req.header("x-sdrs-event"), Some("new"));
}

#[test]
fn webhook_body_carries_every_fact_and_a_dedup_key() {
    let body = webhook::request(&webhook_settings(), None, &burst(), NOW_MS)
        .json()
        .unwrap();
    assert_eq!(body["version"], 1);
    assert_eq!(body["event"], "new");
    assert_eq!(
        body["title"],
        "12 new failures in prod-ap-southeast-3 (ap-southeast-3)"
    );
    assert_eq!(
        (body["count"].as_u64(), body["folded"].as_u64()),
        (Some(12), Some(9))
    );
    assert_eq!(body["scope"], "prod-ap-southeast-3");
    assert_eq!(body["region"], "ap-southeast-3");
    let first = &body["failures"][0];
    assert_eq!(body["failures"].as_array().unwrap().len(), 3);
    assert_eq!(first["dedup_key"], "prod-ap-southeast-3/job-01");
    assert_eq!(first["resource"]["name"], "web-01");
    assert_eq!(first["resource"]["type"], "protected_instances");
    assert_eq!(first["resource"]["id"], "res-job-01");
    assert_eq!(first["failure_status"], "failoverFail");
    assert_eq!(first["error_code"], "SDRS.1207");
    assert_eq!(
        first["error_meaning"],
        "The replication pair could not be switched over."
    );
    assert_eq!(first["begin_time"], "2026-12-06T10:15:30.250Z");
    assert_eq!(
        first["console_url"],
        "https://sdrs.example.com/console/?in_scope=prod-ap-southeast-3&state=all&job=job-01&job_scope=prod-ap-southeast-3"
    );
    assert_eq!(
        body["console_url"],
        "https://sdrs.example.com/console/?in_scope=prod-ap-southeast-3&state=open"
    );
    assert!(body["text"].as_str().unwrap().contains("…and 9 more"));
}

#[test]
fn webhook_answers_by_status() {
    assert_eq!(webhook::classify(&answer(204, "")), Outcome::Delivered);
    assert!(matches!(
        webhook::classify(&answer(503, "down")),
        Outcome::Retry { .. }
    ));
    assert!(matches!(
        webhook::classify(&answer(404, "")),
        Outcome::Misconfigured { .. }
    ));
}

fn slack_settings() -> SlackSettings {
    SlackSettings {
        url: Url::parse("https://hooks.slack.com/services/T0000/B0000/XXXXXXXXXXXXXXXXXXXXXXXX").unwrap(),
    }
}

#[test]
fn slack_sets_the_text_fallback_and_mrkdwn_sections() {
    let req = slack::request(&slack_settings(), &burst());
    assert_eq!(req.channel, ChannelKind::Slack);
    assert_eq!(req.url, slack_settings().url);
    let body = req.json().unwrap();
    assert_eq!(
        body["text"],
        "12 new failures in prod-ap-southeast-3 (ap-southeast-3)"
    );
    let blocks = body["blocks"].as_array().unwrap();
    // Headline, 3 listed failures, the folded line.
    assert_eq!(blocks.len(), 5);
    for block in blocks {
        assert_eq!(block["type"], "section");
        assert_eq!(block["text"]["type"], "mrkdwn");
    }
    let head = blocks[0]["text"]["text"].as_str().unwrap();
    assert!(
        head.starts_with(
            "*<https://sdrs.example.com/console/?in_scope=prod-ap-southeast-3&state=open|12 new"
        ),
        "{head}"
    );
    let first = blocks[1]["text"]["text"].as_str().unwrap();
    assert!(
        first.contains("*Error:* SDRS.1207 — The replication pair"),
        "{first}"
    );
    assert!(first.contains("*Began:* 2026-12-06T10:15:30.250Z"));
    assert!(blocks[4]["text"]["text"]
        .as_str()
        .unwrap()
        .starts_with("…and 9 more"));
}

#[test]
fn slack_lists_at_most_45_failures_within_its_50_blocks() {
    let failures = (0..60).map(|i| failure(&format!("j{i}"), "vm")).collect();
    let alert =
        crate::alerts::Alert::digest(crate::alerts::AlertEvent::New, "s", "r", failures, 60, console());
    let body = slack::body(&alert);
    let blocks = body["blocks"].as_array().unwrap();
    assert_eq!(blocks.len(), 47);
    assert!(blocks[46]["text"]["text"]
        .as_str()
        .unwrap()
        .starts_with("…and 15 more"));
}

#[test]
fn slack_escapes_hostile_fields() {
    let body = slack::body(&hostile());
    let text = all_text(&body);
    // Slack links only `<url|text>` (markdown links are text there) and
    // autolinks bare URLs.
    for bad in [
        "<!channel>",
        "@all",
        "<@U123>",
        "<https://evil",
        "https://evil",
        "\n# Heading",
    ] {
        assert!(!text.contains(bad), "{bad:?} survived in {text}");
    }
    assert!(text.contains("&lt;!channel&gt;"), "{text}");
    assert!(text.contains("&amp; more"));
    assert!(text.contains("＠all"));
}

#[test]
fn slack_answers() {
    assert_eq!(slack::classify(&answer(200, "ok")), Outcome::Delivered);
    let mut limited = answer(429, "rate_limited");
    limited.retry_after = Some("30");
    assert_eq!(
        slack::classify(&limited),
        Outcome::Retry {
            after: Some(std::time::Duration::from_secs(30)),
            reason: "HTTP 429: the channel's rate limit was reached".into()
        }
    );
    match slack::classify(&answer(404, "no_service")) {
        Outcome::Misconfigured { reason } => assert_eq!(reason, "HTTP 404 from the channel: no_service"),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        slack::classify(&answer(410, "channel_is_archived")),
        Outcome::Misconfigured { .. }
    ));
    assert!(matches!(
        slack::classify(&answer(500, "")),
        Outcome::Retry { after: None, .. }
    ));
}
