//! Huawei SMN: the publish call reaches the topic's path, signed with the
//! AK/SK credential the channel names; the receiver checks the signature
//! the way the emulated API gateway does (`aksk::verify`, whose signer is
//! conformance-tested against the official SDK's in `signer_conformance`).

mod alerts_common;

use alerts_common::*;
use sdrs_console_server::aksk::credentials::{KeyPair, Secret};
use sdrs_console_server::aksk::verify::verify;
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
