//! Huawei SMN: the publish call reaches the topic's path, signed with the
//! AK/SK credential the channel names; the receiver checks the signature
//! the way the emulated API gateway does (`aksk::verify`, whose signer is
//! conformance-tested against the official SDK's in `signer_conformance`);
//! and the emulated SMN of emulate mode publishes it, checking the
//! signature for real.

mod alerts_common;
mod common;

use alerts_common::*;
use sdrs_console_server::aksk::credentials::{KeyPair, SdkCredentials, Secret, Source};
use sdrs_console_server::aksk::verify::verify;
use sdrs_console_server::cli::AkSkSource;
use sdrs_console_server::util::timefmt::now_ms;

const AK: &str = "SMNTESTAK0123456789";
const SK: &str = "smn-test-sk-0123456789abcdefghij";
const PROJECT: &str = "0123456789abcdef0123456789abcdef";
const TOPIC: &str = "urn:smn:ap-southeast-3:0123456789abcdef0123456789abcdef:sdrs";

#[tokio::test]
async fn smn_publishes_to_the_topic_signed_with_the_named_credential() {
    let receiver = Receiver::start(ok(r#"{"message_id":"m-1","request_id":"r-1"}"#)).await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let config = format!(
        "[credentials.notify]\nkind = \"aksk\"\nak_env = \"SMN_AK\"\nsk_env = \"SMN_SK\"\n\n\
         [[scope]]\nname = \"{SCOPE}\"\nregion = \"ap-southeast-3\"\nproject_id = \"{PROJECT}\"\ncredential = \"notify\"\n\n\
         [[alerts.channels]]\nname = \"topic\"\nkind = \"smn\"\nendpoint = \"{}\"\nproject_id = \"{PROJECT}\"\n\
         topic_urn = \"{TOPIC}\"\ncredential = \"notify\"\nbatch_secs = 0\n",
        receiver.base
    );
    let setup = channels(&config, &[("SMN_AK", AK), ("SMN_SK", SK)], db.clone());
    round(&db, &setup, &failures(1..=2), now_ms()).await;
    let tasks = start(&setup);
    let got = receiver.wait_for(1).await;
    let req = &got[0];
    let path = format!("/v2/{PROJECT}/notifications/topics/{TOPIC}/publish");
    assert_eq!(req.path_and_query, path);
    let keys = KeyPair {
        ak: AK.into(),
        sk: Secret::new(SK),
        security_token: None,
    };
    verify(&keys, "POST", &path, None, &req.headers, &req.body, now_ms()).expect("a valid AK/SK signature");
    let wrong = KeyPair {
        sk: Secret::new("another-sk-0123456789"),
        ..keys
    };
    assert!(
        verify(&wrong, "POST", &path, None, &req.headers, &req.body, now_ms()).is_err(),
        "the check refuses another SK"
    );
    let body = req.json();
    assert_eq!(
        body["subject"],
        "[SDRS] 2 new failures in prod-ap-southeast-3 (ap-southeast-3)"
    );
    assert!(body["message"].as_str().unwrap().contains("web-01"), "{body}");
    settled(&setup, "topic").await;
    for t in tasks {
        t.abort();
    }
}

/// An emulator that checks AK/SK signatures as the API gateway does, with
/// the key pair `AK`/`SK`.
async fn emulator() -> String {
    let mut c = common::cli(&["--verify-aksk"]);
    c.aksk_source = AkSkSource::Given(Some(SdkCredentials {
        keys: KeyPair {
            ak: AK.into(),
            sk: Secret::new(SK),
            security_token: None,
        },
        project_id: None,
        iam_endpoint: None,
        source: Source::Environment,
    }));
    common::start_cli(c).await
}

fn smn_config(endpoint: &str) -> String {
    format!(
        "[credentials.notify]\nkind = \"aksk\"\nak_env = \"SMN_AK\"\nsk_env = \"SMN_SK\"\n\n\
         [[scope]]\nname = \"{SCOPE}\"\nregion = \"ap-southeast-3\"\nproject_id = \"{PROJECT}\"\ncredential = \"notify\"\n\n\
         [[alerts.channels]]\nname = \"topic\"\nkind = \"smn\"\nendpoint = \"{endpoint}\"\nproject_id = \"{PROJECT}\"\n\
         topic_urn = \"{TOPIC}\"\ncredential = \"notify\"\nbatch_secs = 0\n"
    )
}

async fn published(emulator: &str) -> Vec<serde_json::Value> {
    let v: serde_json::Value = reqwest::get(format!("{emulator}/__emulator/smn"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    v.as_array().cloned().unwrap_or_default()
}

/// The emulated SMN publishes what carries the right signature, and
/// refuses a wrong secret: the channel is then shown misconfigured.
#[tokio::test]
async fn the_emulated_smn_publishes_a_signed_alert_and_refuses_a_wrong_secret() {
    let smn = emulator().await;
    let (_dir, url) = sqlite();
    let db = open(&url).await;
    let setup = channels(&smn_config(&smn), &[("SMN_AK", AK), ("SMN_SK", SK)], db.clone());
    round(&db, &setup, &failures(1..=2), now_ms()).await;
    let tasks = start(&setup);
    settled(&setup, "topic").await;
    let got = published(&smn).await;
    assert_eq!(got.len(), 1, "{got:?}");
    assert_eq!(got[0]["topic_urn"], TOPIC);
    assert_eq!(got[0]["project_id"], PROJECT);
    assert_eq!(
        got[0]["subject"],
        "[SDRS] 2 new failures in prod-ap-southeast-3 (ap-southeast-3)"
    );
    for t in tasks {
        t.abort();
    }

    // Another server's channel with a wrong secret: refused, nothing more
    // published, the channel misconfigured.
    let (_dir2, url2) = sqlite();
    let db2 = open(&url2).await;
    let wrong = channels(
        &smn_config(&smn),
        &[("SMN_AK", AK), ("SMN_SK", "a-wrong-secret-0123456789abcdef")],
        db2.clone(),
    );
    round(&db2, &wrong, &failures(1..=1), now_ms()).await;
    let tasks = start(&wrong);
    let mut refused = None;
    for _ in 0..500 {
        let log = wrong.sender.log().list(Some("topic"), 10).await.unwrap();
        refused = log.into_iter().find(|d| d.outcome == "misconfigured");
        if refused.is_some() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    let refused = refused.expect("the channel's attempt logged as misconfigured");
    assert_eq!(refused.http_status, Some(401), "{refused:?}");
    assert_eq!(published(&smn).await.len(), 1);
    for t in tasks {
        t.abort();
    }
}
